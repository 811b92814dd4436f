import type { RouteTable, SecurityGroup, SecurityGroupRule, VpcEndpoint } from '../core/network.js';
import type {
  Ec2Reader,
  Ec2Writer,
  EcrReader,
  EcsReader,
  IamReader,
  NetworkInterface,
  ReadPorts,
  RulePeerId,
  SecretsReader,
  ServiceNetwork,
  VpcDnsAttribute,
} from '../core/ports.js';
import type { EcrImageRef, SecretState } from '../core/workload.js';
import { AwsCallError, type AwsFailureKind } from '../errors.js';
import { eventOf } from './event.js';
import { repositoriesOf, type Scenario, s3PrefixListId } from './scenario.js';

/**
 * A failure to inject: on one operation (or all), always or with a probability, for some calls.
 * `not-implemented` is an endpoint without the operation; `malformed` an answer the SDK could
 * not parse (what the adapters make of an HTML error page, as moto gives for IAM's simulator).
 */
export type Fault = Readonly<{
  operation: string | '*';
  kind: Extract<AwsFailureKind, 'denied' | 'throttled' | 'transient'> | 'not-implemented' | 'malformed';
  /** Fail this share of the matching calls (default 1: all). */
  probability?: number;
  /** Fail at most this many matching calls (default: no limit). */
  times?: number;
}>;

export type SimOptions = Readonly<{
  /** Latency added to every call. */
  latencyMs?: number;
  /** Up to this much more, at random (seeded): calls of concurrent runs interleave. */
  jitterMs?: number;
  faults?: readonly Fault[];
  /** Seed of the fault dice, so that a run can be repeated. */
  seed?: number;
  /**
   * Attempts per call, as the SDK's retry strategy makes them (the client factory's
   * `maxAttempts`): a throttled or transient failure is tried again, without the waits;
   * a refusal is not. Default 1: every injected failure reaches the caller.
   */
  sdkAttempts?: number;
}>;

/** One call the account served: what, with what input, and in which sequential round. */
export type CallRecord = Readonly<{
  operation: string;
  input: string;
  round: number;
  failed?: AwsFailureKind;
  /** Attempts the call took, when it was retried. */
  attempts?: number;
}>;

const WRITE_OPERATIONS: ReadonlySet<string> = new Set([
  'ec2:CreateSecurityGroup',
  'ec2:AuthorizeSecurityGroupIngress',
  'ec2:AuthorizeSecurityGroupEgress',
  'ec2:CreateVpcEndpoint',
  'ec2:ModifyVpcEndpoint',
]);

/** Each injected fault as the adapters raise it: code, kind and message. */
const FAULTS: Record<Fault['kind'], Readonly<{ code: string; kind: AwsFailureKind; message: string }>> = {
  denied: { code: 'UnauthorizedOperation', kind: 'denied', message: 'injected by the simulated account' },
  throttled: { code: 'ThrottlingException', kind: 'throttled', message: 'injected by the simulated account' },
  transient: { code: 'InternalError', kind: 'transient', message: 'injected by the simulated account' },
  'not-implemented': {
    code: 'InvalidAction',
    kind: 'other',
    message: 'the endpoint does not implement this operation (injected by the simulated account)',
  },
  malformed: {
    code: 'MalformedAnswer',
    kind: 'transient',
    message: 'HTTP 500, @aws-sdk XML parse error: mismatched tags <html> and </title>',
  },
};

/** The faults the SDK's retry strategy tries again (a refusal or an unreadable answer is final here). */
const RETRIED: ReadonlySet<Fault['kind']> = new Set(['throttled', 'transient']);

/**
 * The simulated account: serves a scenario through the same ports as AWS, counts the
 * calls and the sequential rounds they took, and can add latency and inject failures.
 * A call's round is one more than the highest round of the calls that had completed when
 * it started: calls issued together share a round, calls that waited for them do not.
 */
/** The parts of the account that writes change. */
type MutableState = {
  securityGroups: Mutable<SecurityGroup>[];
  endpoints: Mutable<VpcEndpoint>[];
  routeTables: Mutable<RouteTable>[];
};
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export class SimulatedAccount implements ReadPorts {
  readonly scenario: Scenario;
  readonly ecs: EcsReader;
  readonly ec2: Ec2Reader;
  readonly ec2Writer: Ec2Writer;
  readonly iam: IamReader;
  readonly ecr: EcrReader;
  readonly secrets: SecretsReader;
  readonly #state: MutableState;
  #created = 0;
  readonly #calls: CallRecord[] = [];
  readonly #options: SimOptions;
  readonly #faultCounts = new Map<Fault, number>();
  #completedRound = 0;
  #random: () => number;
  readonly #event: Record<string, unknown>;
  readonly #eniId: string | undefined;

  constructor(scenario: Scenario, options: SimOptions = {}) {
    this.scenario = scenario;
    this.#options = options;
    this.#random = mulberry32(options.seed ?? 1);
    this.#event = eventOf(scenario);
    const detail = this.#event.detail as { attachments?: { details?: { name: string; value?: string }[] }[] };
    this.#eniId = detail.attachments?.[0]?.details?.find((d) => d.name === 'networkInterfaceId')?.value;
    this.#state = structuredClone({
      securityGroups: [...scenario.securityGroups],
      endpoints: [...scenario.endpoints],
      routeTables: [...scenario.routeTables],
    }) as MutableState;
    this.ecs = this.#ecsReader();
    this.ec2 = this.#ec2Reader();
    this.ec2Writer = this.#ec2Writer();
    this.iam = this.#iamReader();
    this.ecr = this.#ecrReader();
    this.secrets = this.#secretsReader();
  }

  /** The write calls served so far. */
  get writes(): readonly CallRecord[] {
    return this.#calls.filter((c) => WRITE_OPERATIONS.has(c.operation));
  }

  /** The endpoints the account holds now (after any writes). */
  get endpoints(): readonly VpcEndpoint[] {
    return this.#state.endpoints.map(copy);
  }

  /** The security groups the account holds now (after any writes). */
  get securityGroups(): readonly SecurityGroup[] {
    return this.#state.securityGroups.map(copy);
  }

  /** Every call served so far. */
  get calls(): readonly CallRecord[] {
    return this.#calls;
  }

  /** The number of sequential rounds the calls so far took. */
  get rounds(): number {
    return this.#calls.reduce((max, c) => Math.max(max, c.round), 0);
  }

  /** Calls with the same operation and input as an earlier one. */
  get repeats(): number {
    const seen = new Set<string>();
    let repeats = 0;
    for (const c of this.#calls) {
      const key = `${c.operation} ${c.input}`;
      if (seen.has(key)) repeats++;
      seen.add(key);
    }
    return repeats;
  }

  /** Forgets the calls made so far (to count a second run on its own). */
  resetCounts(): void {
    this.#calls.length = 0;
    this.#completedRound = 0;
  }

  /** The scenario's stopped-task event. */
  event(): Record<string, unknown> {
    return structuredClone(this.#event);
  }

  async #call<T>(operation: string, input: unknown, answer: () => T): Promise<T> {
    const round = this.#completedRound + 1;
    const record: {
      operation: string;
      input: string;
      round: number;
      failed?: AwsFailureKind;
      attempts?: number;
    } = {
      operation,
      input: JSON.stringify(input),
      round,
    };
    this.#calls.push(record);
    try {
      // Complete on a later turn of the event loop, as a network call would: calls issued
      // together all start before any completes, and whatever a completion sets off (however
      // many awaits deep) starts before the next wave of completions.
      await new Promise((resolve) => setImmediate(resolve));
      const latency =
        (this.#options.latencyMs ?? 0) +
        (this.#options.jitterMs ? Math.floor(this.#random() * this.#options.jitterMs) : 0);
      if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
      const attempts = this.#options.sdkAttempts ?? 1;
      let fault = this.#fault(operation);
      for (let attempt = 2; fault && RETRIED.has(fault.kind) && attempt <= attempts; attempt++) {
        record.attempts = attempt;
        fault = this.#fault(operation);
      }
      if (fault) {
        const { code, kind, message } = FAULTS[fault.kind];
        record.failed = kind;
        throw new AwsCallError(operation, code, kind, message);
      }
      return answer();
    } finally {
      this.#completedRound = Math.max(this.#completedRound, round);
    }
  }

  #fault(operation: string): Fault | undefined {
    for (const fault of this.#options.faults ?? []) {
      if (fault.operation !== '*' && fault.operation !== operation) continue;
      const used = this.#faultCounts.get(fault) ?? 0;
      if (fault.times !== undefined && used >= fault.times) continue;
      if (this.#random() >= (fault.probability ?? 1)) continue;
      this.#faultCounts.set(fault, used + 1);
      return fault;
    }
    return undefined;
  }

  #ecsReader(): EcsReader {
    const s = this.scenario;
    return {
      describeTaskDefinition: (arn) =>
        this.#call('ecs:DescribeTaskDefinition', arn, () => {
          if (arn !== s.taskDefinition.arn && arn !== `${s.taskDefinition.family}`) {
            throw new AwsCallError(
              'ecs:DescribeTaskDefinition',
              'ClientException',
              'not-found',
              `Unable to describe task definition ${arn}`,
            );
          }
          return s.taskDefinition;
        }),
      describeServiceNetwork: (cluster, service) =>
        this.#call('ecs:DescribeServices', { cluster, service }, () =>
          s.service?.name === service ? networkOf(s.service) : undefined,
        ),
      describeService: (cluster, service) =>
        this.#call('ecs:DescribeServices', { cluster, service }, () =>
          s.service && s.service.name === service
            ? {
                name: s.service.name,
                taskDefinitionArn: s.taskDefinition.arn,
                ...(s.file.task.launchType ? { launchType: s.file.task.launchType } : {}),
                network: networkOf(s.service),
              }
            : undefined,
        ),
      describeClusterTags: (cluster) => this.#call('ecs:DescribeClusters', cluster, () => s.clusterTags),
      listServices: (cluster) =>
        this.#call('ecs:ListServices', cluster, () =>
          s.service &&
          (cluster === s.file.cluster.name || cluster.endsWith(`:cluster/${s.file.cluster.name}`))
            ? [`arn:aws:ecs:${s.region}:${s.account}:service/${s.file.cluster.name}/${s.service.name}`]
            : [],
        ),
      listClusters: () =>
        this.#call('ecs:ListClusters', {}, () => [
          `arn:aws:ecs:${s.region}:${s.account}:cluster/${s.file.cluster.name}`,
        ]),
      describeTask: (cluster, task) =>
        this.#call('ecs:DescribeTasks', { cluster, task }, () => {
          const detail = this.event().detail as Record<string, unknown>;
          return detail.taskArn === task || String(detail.taskArn).endsWith(`/${task}`) ? detail : undefined;
        }),
    };
  }

  #ec2Reader(): Ec2Reader {
    const s = this.scenario;
    const st = this.#state;
    const inVpc = (vpcId: string) => vpcId === s.vpcId;
    return {
      describeSubnets: (ids) =>
        this.#call('ec2:DescribeSubnets', ids, () => {
          const missing = ids.filter((id) => !s.subnets.some((x) => x.id === id));
          if (missing.length > 0) {
            throw new AwsCallError(
              'ec2:DescribeSubnets',
              'InvalidSubnetID.NotFound',
              'not-found',
              `The subnet ID '${missing.join(', ')}' does not exist`,
            );
          }
          return s.subnets.filter((x) => ids.includes(x.id));
        }),
      describeRouteTables: (vpcId) =>
        this.#call('ec2:DescribeRouteTables', vpcId, () => (inVpc(vpcId) ? st.routeTables.map(copy) : [])),
      describeNetworkAcls: (vpcId) =>
        this.#call('ec2:DescribeNetworkAcls', vpcId, () => (inVpc(vpcId) ? [...s.networkAcls] : [])),
      describeVpcEndpoints: (vpcId) =>
        this.#call('ec2:DescribeVpcEndpoints', vpcId, () => (inVpc(vpcId) ? st.endpoints.map(copy) : [])),
      describeVpcAttribute: (vpcId, attribute: VpcDnsAttribute) =>
        this.#call('ec2:DescribeVpcAttribute', { vpcId, attribute }, () =>
          attribute === 'enableDnsSupport' ? s.dnsSupport : s.dnsHostnames,
        ),
      describeSecurityGroups: (ids) =>
        this.#call('ec2:DescribeSecurityGroups', ids, () =>
          st.securityGroups.filter((g) => ids.includes(g.id)).map(copy),
        ),
      describeNatGateways: (ids) =>
        this.#call('ec2:DescribeNatGateways', ids, () => s.natGateways.filter((n) => ids.includes(n.id))),
      describeNetworkInterfaces: (ids) =>
        this.#call('ec2:DescribeNetworkInterfaces', ids, (): NetworkInterface[] => {
          const eniId = this.#eniId;
          if (!s.eni || eniId === undefined || !ids.includes(eniId)) return [];
          return [
            {
              id: eniId,
              subnetId: s.file.task.subnet,
              vpcId: s.vpcId,
              securityGroupIds: s.eni.securityGroupIds,
              ...(s.eni.publicIp ? { publicIp: s.eni.publicIp } : {}),
            },
          ];
        }),
      findSecurityGroup: (vpcId, groupName) =>
        this.#call('ec2:DescribeSecurityGroups', { vpcId, groupName }, () => {
          const found = inVpc(vpcId) ? st.securityGroups.find((g) => g.name === groupName) : undefined;
          return found ? copy(found) : undefined;
        }),
      describeManagedPrefixListId: (name) =>
        this.#call('ec2:DescribeManagedPrefixLists', name, () =>
          name === `com.amazonaws.${s.region}.s3` ? s3PrefixListId(s.region) : undefined,
        ),
      describeVpcTags: (vpcId) =>
        this.#call('ec2:DescribeVpcs', vpcId, () => {
          if (!inVpc(vpcId))
            throw new AwsCallError(
              'ec2:DescribeVpcs',
              'InvalidVpcID.NotFound',
              'not-found',
              `no VPC ${vpcId}`,
            );
          return { ...s.vpcTags };
        }),
    };
  }

  #iamReader(): IamReader {
    const policy = this.scenario.file.executionRolePolicy;
    const roleArn = this.scenario.taskDefinition.executionRoleArn;
    const matches = (rules: readonly string[], action: string, resource: string) =>
      rules.some((rule) => {
        const [a, r] = rule.split(' ');
        return a === action && (r === undefined || globMatches(r, resource));
      });
    return {
      simulatePrincipalPolicy: (role, requests) =>
        this.#call('iam:SimulatePrincipalPolicy', { role, requests }, () => {
          if (policy?.simulation === 'denied')
            throw new AwsCallError(
              'iam:SimulatePrincipalPolicy',
              'AccessDenied',
              'denied',
              'not authorized to perform: iam:SimulatePrincipalPolicy',
            );
          if (role !== roleArn || policy?.exists === false)
            throw new AwsCallError(
              'iam:SimulatePrincipalPolicy',
              'NoSuchEntity',
              'not-found',
              `The role with name ${role.split('/').pop()} cannot be found.`,
            );
          return requests.map(({ action, resource }) => ({
            action,
            resource,
            decision: matches(policy?.explicitDeny ?? [], action, resource)
              ? ('explicitDeny' as const)
              : matches(policy?.deny ?? [], action, resource)
                ? ('implicitDeny' as const)
                : ('allowed' as const),
          }));
        }),
    };
  }

  #ecrReader(): EcrReader {
    const s = this.scenario;
    const repositories = repositoriesOf(s);
    const imageOf = (ref: EcrImageRef) => {
      const repo = repositories.find((r) => r.repository === ref.repository);
      const n = (repo?.images ?? []).findIndex((i, k) =>
        ref.digest ? ref.digest === digestOf(ref.repository, k) : i.tags.includes(ref.tag ?? 'latest'),
      );
      return { repo, image: repo?.images[n], digest: digestOf(ref.repository, n) };
    };
    return {
      describeImage: (ref) =>
        this.#call(
          'ecr:DescribeImages',
          { repository: ref.repository, tag: ref.tag, digest: ref.digest },
          () => {
            const { repo, image, digest } = imageOf(ref);
            if (!repo) return { kind: 'repository-missing' as const };
            if (!image) return { kind: 'image-missing' as const };
            return { kind: 'found' as const, digest, tags: image.tags };
          },
        ),
      listTags: (ref) =>
        this.#call('ecr:ListImages', ref.repository, () =>
          (repositories.find((r) => r.repository === ref.repository)?.images ?? []).flatMap((i) => i.tags),
        ),
      imagePlatforms: (ref) =>
        this.#call(
          'ecr:BatchGetImage',
          { repository: ref.repository, tag: ref.tag, digest: ref.digest },
          () => {
            const { image } = imageOf(ref);
            if (!image)
              throw new AwsCallError(
                'ecr:BatchGetImage',
                'ImageNotFoundException',
                'not-found',
                'image not found',
              );
            // As the SDK reader: a single-platform image's platform is in a blob it never downloads.
            if (image.manifest === 'single')
              throw new AwsCallError(
                'ecr:BatchGetImage',
                'PlatformNotVerified',
                'not-found',
                `platform not verified: ${ref.image} is a single-platform image, whose platform only its config names, and ecs-pullfix does not download image blobs`,
              );
            return image.platforms;
          },
        ),
    };
  }

  #secretsReader(): SecretsReader {
    const s = this.scenario;
    return {
      describeSecret: (secretId) =>
        this.#call('secretsmanager:DescribeSecret', secretId, (): SecretState => {
          if (!s.file.secretsManager)
            return { kind: 'secret', arn: secretId, versions: { v1: ['AWSCURRENT'] } };
          // A partial ARN (without the six-character suffix) names the secret too.
          const found = s.file.secretsManager.find(
            (x) => x.arn === secretId || x.arn.replace(/-[A-Za-z0-9]{6}$/, '') === secretId,
          );
          if (!found) return { kind: 'missing' };
          return {
            kind: 'secret',
            arn: found.arn,
            versions: found.versions,
            ...(found.kmsKey ? { kmsKeyId: found.kmsKey } : {}),
            ...(found.deletedDate ? { deletedDate: found.deletedDate } : {}),
          };
        }),
      describeParameters: (names) =>
        this.#call('ssm:DescribeParameters', names, (): SecretState[] =>
          names.flatMap((name) => {
            const known = s.file.parameters;
            const p = known ? known.find((x) => x.name === name) : { name, type: 'SecureString', version: 1 };
            return p
              ? [
                  {
                    kind: 'parameter' as const,
                    name: p.name,
                    type: p.type,
                    version: p.version,
                    ...('kmsKey' in p && p.kmsKey ? { keyId: p.kmsKey } : {}),
                  },
                ]
              : [];
          }),
        ),
    };
  }

  #ec2Writer(): Ec2Writer {
    const s = this.scenario;
    const st = this.#state;
    const group = (operation: string, groupId: string) => {
      const g = st.securityGroups.find((x) => x.id === groupId);
      if (!g)
        throw new AwsCallError(
          operation,
          'InvalidGroup.NotFound',
          'not-found',
          `The security group '${groupId}' does not exist`,
        );
      return g;
    };
    const addRule = (
      operation: string,
      groupId: string,
      direction: 'ingress' | 'egress',
      peer: RulePeerId,
    ) => {
      const g = group(operation, groupId);
      const rule: SecurityGroupRule = {
        protocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        cidrs: 'cidr' in peer ? [peer.cidr] : [],
        prefixListIds: 'prefixListId' in peer ? [peer.prefixListId] : [],
        groupIds: 'groupId' in peer ? [peer.groupId] : [],
      };
      if (g[direction].some((r) => JSON.stringify(r) === JSON.stringify(rule))) {
        throw new AwsCallError(
          operation,
          'InvalidPermission.Duplicate',
          'conflict',
          'the specified rule already exists',
        );
      }
      g[direction] = [...g[direction], rule];
    };
    const addGatewayRoutes = (endpointId: string, routeTableIds: readonly string[]) => {
      for (const t of st.routeTables) {
        if (
          !routeTableIds.includes(t.id) ||
          t.routes.some((r) => r.target.kind === 'vpc-endpoint' && r.target.id === endpointId)
        )
          continue;
        t.routes = [
          ...t.routes,
          {
            destinationPrefixListId: s3PrefixListId(s.region),
            target: { kind: 'vpc-endpoint', id: endpointId },
            state: 'active',
          },
        ];
      }
    };
    return {
      createSecurityGroup: (vpcId, groupName, description, tags) =>
        this.#call('ec2:CreateSecurityGroup', { vpcId, groupName, description, tags }, () => {
          if (st.securityGroups.some((g) => g.name === groupName)) {
            throw new AwsCallError(
              'ec2:CreateSecurityGroup',
              'InvalidGroup.Duplicate',
              'conflict',
              `The security group '${groupName}' already exists`,
            );
          }
          const id = `sg-0sim${(++this.#created).toString(16).padStart(12, '0')}`;
          // Like AWS, a new group allows all outbound traffic.
          st.securityGroups.push({
            id,
            name: groupName,
            vpcId,
            ingress: [],
            egress: [{ protocol: '-1', cidrs: ['0.0.0.0/0'], prefixListIds: [], groupIds: [] }],
            tags: { ...tags },
          });
          return id;
        }),
      authorizeIngress443: (groupId, peer, tags) =>
        this.#call('ec2:AuthorizeSecurityGroupIngress', { groupId, peer, tags }, () =>
          addRule('ec2:AuthorizeSecurityGroupIngress', groupId, 'ingress', peer),
        ),
      authorizeEgress443: (groupId, peer, tags) =>
        this.#call('ec2:AuthorizeSecurityGroupEgress', { groupId, peer, tags }, () =>
          addRule('ec2:AuthorizeSecurityGroupEgress', groupId, 'egress', peer),
        ),
      // Like moto (and unlike AWS), the client token is ignored: idempotency must come from the caller.
      createVpcEndpoint: (request, clientToken, tags) =>
        this.#call('ec2:CreateVpcEndpoint', { request, clientToken, tags }, () => {
          const id = `vpce-0sim${(++this.#created).toString(16).padStart(12, '0')}`;
          st.endpoints.push({
            id,
            serviceName: request.serviceName,
            type: request.type,
            state: 'available',
            privateDns: request.type === 'Interface' && request.privateDns,
            subnetIds: request.type === 'Interface' ? [...request.subnetIds] : [],
            securityGroupIds: request.type === 'Interface' ? [...request.securityGroupIds] : [],
            routeTableIds: request.type === 'Gateway' ? [...request.routeTableIds] : [],
            tags: { ...tags },
          });
          if (request.type === 'Gateway') addGatewayRoutes(id, request.routeTableIds);
          return id;
        }),
      addRouteTablesToEndpoint: (endpointId, routeTableIds) =>
        this.#call('ec2:ModifyVpcEndpoint', { endpointId, routeTableIds }, () => {
          const e = st.endpoints.find((x) => x.id === endpointId);
          if (!e)
            throw new AwsCallError(
              'ec2:ModifyVpcEndpoint',
              'InvalidVpcEndpointId.NotFound',
              'not-found',
              `no endpoint ${endpointId}`,
            );
          e.routeTableIds = [...new Set([...e.routeTableIds, ...routeTableIds])];
          addGatewayRoutes(endpointId, routeTableIds);
        }),
    };
  }
}

/** A deep copy, so that callers never hold the account's own objects. */
/** A scenario's service network configuration, as ECS answers it. */
function networkOf(service: NonNullable<Scenario['service']>): ServiceNetwork {
  const { name: _, ...network } = service;
  return network;
}

/** `prefix*` matches what starts with the prefix; anything else matches itself. */
function globMatches(pattern: string, value: string): boolean {
  return pattern.endsWith('*') ? value.startsWith(pattern.slice(0, -1)) : pattern === value;
}

/** A made-up, stable digest for the n-th image of a repository. */
function digestOf(repository: string, n: number): string {
  const hex = [...`${repository}#${n}`].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7).toString(16);
  return `sha256:${hex.padStart(8, '0').repeat(8)}`;
}

function copy<T>(x: T): T {
  return structuredClone(x);
}

/** A small seeded PRNG (mulberry32): fault injection that repeats run to run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
