import * as v from 'valibot';
import { EFS_FILE_SYSTEM, TASK_ROLE_POLICY } from './scenario-schema-efs.js';
import { CONTAINER_INSTANCE } from './scenario-schema-instance.js';
import { MANAGED_FIELDS } from './scenario-schema-managed.js';
import { WORKLOAD_FIELDS } from './scenario-schema-workload.js';

// The schema of a scenario file (`scenarios/*.yaml`); `scenario.ts` loads and translates it.

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

/** A scenario file, as valibot checks it (unknown keys are errors, defaults filled in). */
export const Schema = v.object({
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
    /** Its IPv6 CIDR (an Amazon-provided /56), when it has one. */
    ipv6Cidr: v.optional(v.string()),
    /** Its owner's opt-in to auto-fix is `ecs-pullfix:allow-auto-fix: 'true'`. */
    tags: v.optional(Tags, {}),
  }),
  subnets: v.array(
    v.object({
      id: v.string(),
      /** Its IPv4 CIDR; none in an IPv6-only subnet. */
      cidr: v.optional(v.string(), ''),
      az: v.string(),
      public: v.optional(v.boolean(), false),
      /** Its IPv6 /64 (dual-stack, or IPv6-only with `ipv6Only`). */
      ipv6Cidr: v.optional(v.string()),
      ipv6Only: v.optional(v.boolean(), false),
      /** `EnableDns64`: the VPC resolver synthesises `64:ff9b::/96` addresses for IPv4-only names. */
      dns64: v.optional(v.boolean(), false),
    }),
  ),
  internetGateway: v.optional(v.string()),
  natGateways: v.optional(
    v.array(
      v.object({
        id: v.string(),
        subnet: v.string(),
        state: v.optional(v.string(), 'available'),
        /** `private` NAT gateways have no way to the internet of their own. */
        connectivity: v.optional(v.picklist(['public', 'private']), 'public'),
      }),
    ),
    [],
  ),
  /**
   * Customer-managed prefix lists (`pl-…`) the security groups' rules and routes may name. The
   * region's S3 prefix list is the account's own: its CIDRs are the simulated region's.
   */
  prefixLists: v.optional(
    v.array(v.object({ id: v.string(), name: v.optional(v.string()), cidrs: v.array(v.string()) })),
    [],
  ),
  /** The VPC's DHCP option set (absent: `default`, the Amazon-provided DNS). */
  dhcpOptions: v.optional(v.object({ id: v.string(), domainNameServers: v.array(v.string()) })),
  /** Route 53 Resolver rules associated with the VPC. */
  resolverRules: v.optional(
    v.array(
      v.object({
        id: v.string(),
        name: v.optional(v.string()),
        domainName: v.string(),
        type: v.optional(v.picklist(['FORWARD', 'SYSTEM', 'RECURSIVE']), 'FORWARD'),
        targetIps: v.optional(v.array(v.string()), []),
      }),
    ),
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
        /** The private addresses of an interface endpoint's network interfaces, one per subnet, in order. */
        addresses: v.optional(v.array(v.string()), []),
        /** An interface endpoint's IP address type and DNS record IP type (absent: not said, as EC2 once answered). */
        ipAddressType: v.optional(v.picklist(['ipv4', 'dualstack', 'ipv6'])),
        dnsRecordIpType: v.optional(v.string()),
      }),
    ),
    [],
  ),
  /** The account's EFS file systems: mount targets, access points, file system policies. */
  efs: v.optional(v.array(EFS_FILE_SYSTEM), []),
  /** What iam:SimulatePrincipalPolicy answers for the task role (absent: everything allowed). */
  taskRolePolicy: TASK_ROLE_POLICY,
  taskDefinition: v.object({
    family: v.string(),
    revision: v.optional(v.number(), 1),
    executionRole: v.optional(v.nullable(v.string()), 'ecsTaskExecutionRole'),
    /** The task role's name (absent: none). */
    taskRole: v.optional(v.string()),
    networkMode: v.optional(v.string(), 'awsvpc'),
    cpuArchitecture: v.optional(v.string()),
    /** `ephemeralStorage.sizeInGiB` (absent: Fargate's default, 20 GiB). */
    ephemeralStorageGiB: v.optional(v.number()),
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
    efsVolumes: v.optional(
      v.array(
        v.object({
          name: v.string(),
          fileSystemId: v.string(),
          /** `authorizationConfig.iam: ENABLED`. */
          iam: v.optional(v.boolean(), false),
          accessPointId: v.optional(v.string()),
          /** Every container mounts it read-only. */
          readOnly: v.optional(v.boolean(), false),
        }),
      ),
      [],
    ),
  }),
  ...WORKLOAD_FIELDS,
  ...MANAGED_FIELDS,
  service: v.optional(
    v.object({
      name: v.string(),
      /** Its awsvpc configuration (none in `bridge`, `host` or `none` mode). */
      subnets: v.optional(v.array(v.string()), []),
      securityGroups: v.optional(v.array(v.string()), []),
      assignPublicIp: v.optional(v.picklist(['ENABLED', 'DISABLED']), 'DISABLED'),
      /** The capacity providers its strategy names, first the one most tasks go to. */
      capacityProviders: v.optional(v.array(v.string())),
    }),
  ),
  containerInstance: CONTAINER_INSTANCE,
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
    /** The task ENI's IPv6 address (dual-stack or IPv6-only subnets); absent: the subnet's `::a57`. */
    ipv6Address: v.optional(v.string()),
    launchType: v.optional(v.picklist(['FARGATE', 'EC2', 'MANAGED_INSTANCES']), 'FARGATE'),
    group: v.optional(v.string()),
    startedBy: v.optional(v.string()),
    stopCode: v.optional(v.string()),
    stoppedReason: v.string(),
    containerReasons: v.optional(v.record(v.string(), v.string()), {}),
    /** The digest ECS pinned each container's image to at deployment (the event's `imageDigest`). */
    imageDigests: v.optional(v.record(v.string(), v.string()), {}),
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

/** One security group rule as a scenario writes it. */
export type SgRuleFile = v.InferOutput<typeof SgRule>;
