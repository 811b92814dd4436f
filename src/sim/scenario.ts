import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as v from 'valibot';
import { parse as parseYaml } from 'yaml';
import type {
  ContainerFacts,
  NaclEntry,
  NatGateway,
  NetworkAcl,
  Route,
  RouteTable,
  RouteTarget,
  SecurityGroup,
  SecurityGroupRule,
  Subnet,
  TaskDefinitionFacts,
  VpcEndpoint,
} from '../core/network.js';
import type { ServiceNetwork } from '../core/ports.js';
import { ecrImageOf, taskPlatformOf } from '../core/workload.js';
import { InvalidInputError } from '../errors.js';

/**
 * A scenario: an account's network, a cluster, a task definition, a service and the
 * stopped task, written as data (`scenarios/*.yaml`), with what the scenario expects.
 * The simulated account serves it through the same ports as AWS; the moto tests build the
 * same topology in moto with the SDK.
 */
export const SCENARIOS_DIR = fileURLToPath(new URL('../../scenarios/', import.meta.url));

const Port = v.union([v.number(), v.pipe(v.string(), v.regex(/^\d{1,5}(?:-\d{1,5})?$/))]);

const SgRule = v.object({
  protocol: v.optional(v.string(), 'tcp'),
  ports: v.optional(Port),
  cidr: v.optional(v.string()),
  cidrs: v.optional(v.array(v.string()), []),
  groups: v.optional(v.array(v.string()), []),
  prefixLists: v.optional(v.array(v.string()), []),
});

const Tags = v.record(v.string(), v.string());

const Schema = v.object({
  description: v.string(),
  region: v.optional(v.string(), 'us-east-1'),
  account: v.optional(v.string(), '111122223333'),
  cluster: v.optional(
    v.object({ name: v.string(), tags: v.optional(v.record(v.string(), v.string()), {}) }),
    {
      name: 'prod-apps',
      tags: {},
    },
  ),
  vpc: v.object({
    id: v.string(),
    cidr: v.string(),
    dnsSupport: v.optional(v.boolean(), true),
    dnsHostnames: v.optional(v.boolean(), true),
    /** Its owner's opt-in to auto-fix is `ecs-pullfix:allow-auto-fix: 'true'`. */
    tags: v.optional(Tags, {}),
  }),
  subnets: v.array(
    v.object({ id: v.string(), cidr: v.string(), az: v.string(), public: v.optional(v.boolean(), false) }),
  ),
  internetGateway: v.optional(v.string()),
  natGateways: v.optional(
    v.array(v.object({ id: v.string(), subnet: v.string(), state: v.optional(v.string(), 'available') })),
    [],
  ),
  routeTables: v.array(
    v.object({
      id: v.string(),
      main: v.optional(v.boolean(), false),
      subnets: v.optional(v.array(v.string()), []),
      routes: v.optional(
        v.array(
          v.object({
            destination: v.string(),
            target: v.string(),
            state: v.optional(v.picklist(['active', 'blackhole']), 'active'),
          }),
        ),
        [],
      ),
    }),
  ),
  networkAcls: v.optional(
    v.array(
      v.object({
        id: v.string(),
        subnets: v.array(v.string()),
        entries: v.array(
          v.object({
            rule: v.number(),
            egress: v.boolean(),
            action: v.picklist(['allow', 'deny']),
            protocol: v.optional(v.string(), '-1'),
            cidr: v.string(),
            ports: v.optional(Port),
          }),
        ),
      }),
    ),
  ),
  securityGroups: v.array(
    v.object({
      id: v.string(),
      name: v.optional(v.string()),
      ingress: v.optional(v.array(SgRule), []),
      egress: v.optional(v.array(SgRule), []),
      /** `ecs-pullfix:allow-https-rules: 'true'` lets auto-fix add rules to it. */
      tags: v.optional(Tags, {}),
    }),
  ),
  endpoints: v.optional(
    v.array(
      v.object({
        id: v.string(),
        service: v.string(),
        type: v.optional(v.picklist(['Interface', 'Gateway']), 'Interface'),
        state: v.optional(v.string(), 'available'),
        privateDns: v.optional(v.boolean()),
        subnets: v.optional(v.array(v.string()), []),
        securityGroups: v.optional(v.array(v.string()), []),
        routeTables: v.optional(v.array(v.string()), []),
        policy: v.optional(v.unknown()),
        /** `ecs-pullfix:allow-route-tables: 'true'` lets auto-fix add route tables to an S3 gateway. */
        tags: v.optional(Tags, {}),
        /** When it was created (ISO 8601), as DescribeVpcEndpoints says. */
        created: v.optional(v.pipe(v.string(), v.isoTimestamp())),
      }),
    ),
    [],
  ),
  taskDefinition: v.object({
    family: v.string(),
    revision: v.optional(v.number(), 1),
    executionRole: v.optional(v.nullable(v.string()), 'ecsTaskExecutionRole'),
    networkMode: v.optional(v.string(), 'awsvpc'),
    cpuArchitecture: v.optional(v.string()),
    containers: v.array(
      v.object({
        name: v.string(),
        image: v.string(),
        essential: v.optional(v.boolean(), true),
        awslogs: v.optional(
          v.union([v.boolean(), v.object({ group: v.string(), region: v.optional(v.string()) })]),
          false,
        ),
        logDriver: v.optional(v.string()),
        secrets: v.optional(v.array(v.object({ name: v.string(), valueFrom: v.string() })), []),
        repositoryCredentials: v.optional(v.string()),
        environmentFiles: v.optional(v.array(v.string()), []),
      }),
    ),
    efsVolumes: v.optional(v.array(v.object({ name: v.string(), fileSystemId: v.string() })), []),
  }),
  /** What iam:SimulatePrincipalPolicy answers for the execution role (absent: everything allowed). */
  executionRolePolicy: v.optional(
    v.object({
      /** `denied`: the caller may not simulate (AccessDenied). */
      simulation: v.optional(v.picklist(['allowed', 'denied']), 'allowed'),
      exists: v.optional(v.boolean(), true),
      /** Actions (`ecr:GetAuthorizationToken`) or `action resource-prefix*` the role lacks. */
      deny: v.optional(v.array(v.string()), []),
      /** The same, denied by an explicit Deny statement. */
      explicitDeny: v.optional(v.array(v.string()), []),
    }),
  ),
  /** The account's private ECR repositories (absent: every ECR image the task names exists, for its platform). */
  registry: v.optional(
    v.array(
      v.object({
        repository: v.string(),
        images: v.optional(
          v.array(
            v.object({
              tags: v.array(v.string()),
              platforms: v.optional(v.array(v.string()), ['linux/amd64']),
              /**
               * `index`: a manifest list naming each platform (what buildx pushes); `single`: one
               * image manifest, whose platform only its config blob names (never downloaded).
               */
              manifest: v.optional(v.picklist(['index', 'single']), 'index'),
            }),
          ),
          [],
        ),
      }),
    ),
  ),
  /** The account's Secrets Manager secrets (absent: every secret the task names exists). */
  secretsManager: v.optional(
    v.array(
      v.object({
        arn: v.string(),
        kmsKey: v.optional(v.string()),
        versions: v.optional(v.record(v.string(), v.array(v.string())), { v1: ['AWSCURRENT'] }),
        deletedDate: v.optional(v.string()),
      }),
    ),
  ),
  /** The account's SSM parameters (absent: every parameter the task names exists). */
  parameters: v.optional(
    v.array(
      v.object({
        name: v.string(),
        type: v.optional(v.string(), 'SecureString'),
        version: v.optional(v.number(), 1),
        kmsKey: v.optional(v.string()),
      }),
    ),
  ),
  service: v.optional(
    v.object({
      name: v.string(),
      subnets: v.array(v.string()),
      securityGroups: v.array(v.string()),
      assignPublicIp: v.optional(v.picklist(['ENABLED', 'DISABLED']), 'DISABLED'),
    }),
  ),
  /** The task's ENI: gone (the usual case at STOPPED), or still there with these groups. */
  eni: v.optional(
    v.union([
      v.literal('deleted'),
      v.object({ securityGroups: v.array(v.string()), publicIp: v.optional(v.string()) }),
    ]),
    'deleted',
  ),
  task: v.object({
    subnet: v.string(),
    launchType: v.optional(v.picklist(['FARGATE', 'EC2']), 'FARGATE'),
    group: v.optional(v.string()),
    startedBy: v.optional(v.string()),
    stopCode: v.optional(v.string()),
    stoppedReason: v.string(),
    containerReasons: v.optional(v.record(v.string(), v.string()), {}),
  }),
  expect: v.object({
    cause: v.string(),
    findings: v.array(v.string()),
    /**
     * The checks the report says it could not make (the `check` of each `not-checked` note, in
     * order): absent means none, so a scenario that silently stops checking something fails.
     */
    'not-checked': v.optional(v.array(v.string()), []),
    /** What `path-ok` says was checked, line by line (absent: no `path-ok`). */
    'path-ok-checked': v.optional(v.array(v.string()), []),
    /**
     * The writes of its plan, by who may make them: `auto-fix` (allowed: opted in) or
     * `recommended` (nobody opted in: the command is shown), as `kind` or `kind on resource`.
     */
    writes: v.optional(
      v.object({
        'auto-fix': v.optional(v.array(v.string()), []),
        recommended: v.optional(v.array(v.string()), []),
      }),
    ),
  }),
});

export type ScenarioFile = v.InferOutput<typeof Schema>;

/** A loaded scenario: the file's data, and the account state it describes, in our types. */
export type Scenario = Readonly<{
  name: string;
  file: ScenarioFile;
  region: string;
  account: string;
  vpcId: string;
  vpcCidr: string;
  dnsSupport: boolean;
  dnsHostnames: boolean;
  vpcTags: Readonly<Record<string, string>>;
  subnets: readonly Subnet[];
  routeTables: readonly RouteTable[];
  networkAcls: readonly NetworkAcl[];
  natGateways: readonly NatGateway[];
  securityGroups: readonly SecurityGroup[];
  endpoints: readonly VpcEndpoint[];
  taskDefinition: TaskDefinitionFacts;
  service?: Readonly<{ name: string } & ServiceNetwork>;
  eni?: Readonly<{ securityGroupIds: readonly string[]; publicIp?: string }>;
  clusterTags: Readonly<Record<string, string>>;
}>;

/** Loads every scenario in `scenarios/`, by name (the file name without `.yaml`), sorted. */
export function loadScenarios(dir = SCENARIOS_DIR): Scenario[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => parseScenario(f.replace(/\.yaml$/, ''), readFileSync(`${dir}${f}`, 'utf8')));
}

/** Loads one scenario by name. */
export function loadScenario(name: string, dir = SCENARIOS_DIR): Scenario {
  let text: string;
  try {
    text = readFileSync(`${dir}${name}.yaml`, 'utf8');
  } catch {
    const known = readdirSync(dir)
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => f.replace(/\.yaml$/, ''));
    throw new InvalidInputError(`no scenario named ${name}; there are: ${known.join(', ')}`);
  }
  return parseScenario(name, text);
}

/** Parses a scenario's YAML text. Throws `InvalidInputError` naming the problems. */
export function parseScenario(name: string, text: string): Scenario {
  const parsed = v.safeParse(Schema, parseYaml(text));
  if (!parsed.success) throw new InvalidInputError(`scenario ${name}: ${v.summarize(parsed.issues)}`);
  const f = parsed.output;
  const subnets: Subnet[] = f.subnets.map((s) => ({
    id: s.id,
    vpcId: f.vpc.id,
    cidr: s.cidr,
    availabilityZone: s.az,
  }));
  const allSubnetIds = subnets.map((s) => s.id);
  const networkAcls: NetworkAcl[] = f.networkAcls?.map((a) => ({
    id: a.id,
    subnetIds: a.subnets,
    entries: a.entries.map(naclEntry),
  })) ?? [{ id: 'acl-default', subnetIds: allSubnetIds, entries: defaultNaclEntries() }];
  const endpoints: VpcEndpoint[] = f.endpoints.map((e) => {
    const gateway = e.type === 'Gateway';
    const policy =
      e.policy === undefined ? undefined : typeof e.policy === 'string' ? e.policy : JSON.stringify(e.policy);
    return {
      id: e.id,
      serviceName: `com.amazonaws.${f.region}.${e.service}`,
      type: e.type,
      state: e.state,
      privateDns: gateway ? false : (e.privateDns ?? true),
      subnetIds: e.subnets,
      securityGroupIds: e.securityGroups,
      routeTableIds: e.routeTables,
      ...(policy === undefined ? {} : { policy }),
      tags: e.tags,
      ...(e.created ? { createdAt: new Date(e.created).toISOString() } : {}),
    };
  });
  const s3PrefixList = s3PrefixListId(f.region);
  const routeTables: RouteTable[] = f.routeTables.map((t) => {
    const gatewayRoutes = endpoints
      .filter((e) => e.type === 'Gateway' && e.routeTableIds.includes(t.id))
      .map(
        (e): Route => ({
          destinationPrefixListId: s3PrefixList,
          target: { kind: 'vpc-endpoint', id: e.id },
          state: 'active',
        }),
      );
    return {
      id: t.id,
      main: t.main,
      subnetIds: t.subnets,
      routes: [
        { destinationCidr: f.vpc.cidr, target: { kind: 'local' }, state: 'active' },
        ...t.routes.map(
          (r): Route => ({ destinationCidr: r.destination, target: routeTarget(r.target), state: r.state }),
        ),
        ...gatewayRoutes,
      ],
    };
  });
  const td = f.taskDefinition;
  const containers: ContainerFacts[] = td.containers.map((c) => {
    const awslogs =
      c.awslogs === false ? undefined : c.awslogs === true ? { group: `/ecs/${td.family}` } : c.awslogs;
    return {
      name: c.name,
      image: c.image,
      essential: c.essential,
      ...(awslogs ? { logDriver: 'awslogs' } : c.logDriver ? { logDriver: c.logDriver } : {}),
      logOptions: (awslogs
        ? {
            'awslogs-group': awslogs.group,
            'awslogs-region': awslogs.region ?? f.region,
            'awslogs-stream-prefix': 'ecs',
          }
        : {}) as Record<string, string>,
      secrets: c.secrets,
      ...(c.repositoryCredentials ? { repositoryCredentials: c.repositoryCredentials } : {}),
      environmentFiles: c.environmentFiles,
    };
  });
  const executionRoleArn =
    td.executionRole === null ? undefined : `arn:aws:iam::${f.account}:role/${td.executionRole}`;
  return {
    name,
    file: f,
    region: f.region,
    account: f.account,
    vpcId: f.vpc.id,
    vpcCidr: f.vpc.cidr,
    dnsSupport: f.vpc.dnsSupport,
    dnsHostnames: f.vpc.dnsHostnames,
    vpcTags: f.vpc.tags,
    subnets,
    routeTables,
    networkAcls,
    natGateways: f.natGateways.map((n) => ({ id: n.id, state: n.state, subnetId: n.subnet })),
    securityGroups: f.securityGroups.map((g) => ({
      id: g.id,
      ...(g.name ? { name: g.name } : {}),
      vpcId: f.vpc.id,
      ingress: g.ingress.map(sgRule),
      egress: g.egress.map(sgRule),
      tags: g.tags,
    })),
    endpoints,
    taskDefinition: {
      arn: `arn:aws:ecs:${f.region}:${f.account}:task-definition/${td.family}:${td.revision}`,
      family: td.family,
      ...(executionRoleArn ? { executionRoleArn } : {}),
      networkMode: td.networkMode,
      ...(td.cpuArchitecture ? { cpuArchitecture: td.cpuArchitecture } : {}),
      containers,
      volumes: td.efsVolumes.map((e) => ({ name: e.name, efsFileSystemId: e.fileSystemId })),
    },
    ...(f.service
      ? {
          service: {
            name: f.service.name,
            subnetIds: f.service.subnets,
            securityGroupIds: f.service.securityGroups,
            assignPublicIp: f.service.assignPublicIp,
          },
        }
      : {}),
    ...(f.eni === 'deleted'
      ? {}
      : {
          eni: {
            securityGroupIds: f.eni.securityGroups,
            ...(f.eni.publicIp ? { publicIp: f.eni.publicIp } : {}),
          },
        }),
    clusterTags: f.cluster.tags,
  };
}

/** The account's ECR repositories: the scenario's, or else every image its task definition names, built for its platform. */
export function repositoriesOf(s: Scenario): NonNullable<ScenarioFile['registry']> {
  if (s.file.registry) return s.file.registry;
  const platform = taskPlatformOf(s.taskDefinition, 'FARGATE') ?? 'linux/amd64';
  return s.taskDefinition.containers.flatMap((c) => {
    const ref = ecrImageOf(c.image, c.name);
    return ref
      ? [
          {
            repository: ref.repository,
            images: [{ tags: [ref.tag ?? 'latest'], platforms: [platform], manifest: 'index' as const }],
          },
        ]
      : [];
  });
}

/** The AWS-managed prefix list of S3 in a region, as the simulated account names it. */
export const s3PrefixListId = (region: string): string => `pl-s3-${region}`;

function routeTarget(id: string): RouteTarget {
  if (id === 'local') return { kind: 'local' };
  const kinds: readonly [string, RouteTarget['kind']][] = [
    ['igw-', 'internet-gateway'],
    ['nat-', 'nat-gateway'],
    ['tgw-', 'transit-gateway'],
    ['pcx-', 'peering'],
    ['vgw-', 'virtual-private-gateway'],
    ['vpce-', 'vpc-endpoint'],
    ['i-', 'instance'],
    ['eni-', 'network-interface'],
    ['eigw-', 'egress-only-internet-gateway'],
  ];
  const kind = kinds.find(([prefix]) => id.startsWith(prefix))?.[1] ?? 'other';
  return { kind, id } as RouteTarget;
}

function ports(p: number | string | undefined): { from: number; to: number } | undefined {
  if (p === undefined) return undefined;
  if (typeof p === 'number') return { from: p, to: p };
  const [from, to = from] = p.split('-').map(Number);
  return { from: from ?? 0, to: to ?? 0 };
}

function sgRule(r: v.InferOutput<typeof SgRule>): SecurityGroupRule {
  const range = r.protocol === '-1' ? undefined : (ports(r.ports) ?? { from: 0, to: 65535 });
  return {
    protocol: r.protocol,
    ...(range ? { fromPort: range.from, toPort: range.to } : {}),
    cidrs: [...(r.cidr ? [r.cidr] : []), ...r.cidrs],
    prefixListIds: r.prefixLists,
    groupIds: r.groups,
  };
}

function naclEntry(e: {
  rule: number;
  egress: boolean;
  action: 'allow' | 'deny';
  protocol: string;
  cidr: string;
  ports?: number | string | undefined;
}): NaclEntry {
  const range = ports(e.ports);
  return {
    ruleNumber: e.rule,
    egress: e.egress,
    action: e.action,
    protocol: e.protocol === 'tcp' ? '6' : e.protocol,
    cidr: e.cidr,
    ...(range ? { ports: range } : {}),
  };
}

/** A VPC's default network ACL: everything allowed both ways, then the implicit deny. */
export function defaultNaclEntries(): NaclEntry[] {
  return [
    { ruleNumber: 100, egress: false, protocol: '-1', action: 'allow', cidr: '0.0.0.0/0' },
    { ruleNumber: 32767, egress: false, protocol: '-1', action: 'deny', cidr: '0.0.0.0/0' },
    { ruleNumber: 100, egress: true, protocol: '-1', action: 'allow', cidr: '0.0.0.0/0' },
    { ruleNumber: 32767, egress: true, protocol: '-1', action: 'deny', cidr: '0.0.0.0/0' },
  ];
}
