import type { Ec2Reader, EcsReader, NetworkInterface, ReadPorts, VpcDnsAttribute } from '../core/ports.js';
import { AwsCallError, type AwsFailureKind } from '../errors.js';
import { eventOf } from './event.js';
import type { Scenario } from './scenario.js';

/** A failure to inject: on one operation (or all), always or with a probability, for some calls. */
export type Fault = Readonly<{
  operation: string | '*';
  kind: Extract<AwsFailureKind, 'denied' | 'throttled' | 'transient'>;
  /** Fail this share of the matching calls (default 1: all). */
  probability?: number;
  /** Fail at most this many matching calls (default: no limit). */
  times?: number;
}>;

export type SimOptions = Readonly<{
  /** Latency added to every call. */
  latencyMs?: number;
  faults?: readonly Fault[];
  /** Seed of the fault dice, so that a run can be repeated. */
  seed?: number;
}>;

/** One call the account served: what, with what input, and in which sequential round. */
export type CallRecord = Readonly<{
  operation: string;
  input: string;
  round: number;
  failed?: AwsFailureKind;
}>;

const FAULT_CODES: Record<Fault['kind'], string> = {
  denied: 'UnauthorizedOperation',
  throttled: 'ThrottlingException',
  transient: 'InternalError',
};

/**
 * The simulated account: serves a scenario through the same ports as AWS, counts the
 * calls and the sequential rounds they took, and can add latency and inject failures.
 * A call's round is one more than the highest round of the calls that had completed when
 * it started: calls issued together share a round, calls that waited for them do not.
 */
export class SimulatedAccount implements ReadPorts {
  readonly scenario: Scenario;
  readonly ecs: EcsReader;
  readonly ec2: Ec2Reader;
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
    this.ecs = this.#ecsReader();
    this.ec2 = this.#ec2Reader();
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
    const record: { operation: string; input: string; round: number; failed?: AwsFailureKind } = {
      operation,
      input: JSON.stringify(input),
      round,
    };
    this.#calls.push(record);
    try {
      // Yield first, so that calls issued together all start before any completes.
      await Promise.resolve();
      if (this.#options.latencyMs)
        await new Promise((resolve) => setTimeout(resolve, this.#options.latencyMs));
      const fault = this.#fault(operation);
      if (fault) {
        record.failed = fault.kind;
        throw new AwsCallError(
          operation,
          FAULT_CODES[fault.kind],
          fault.kind,
          'injected by the simulated account',
        );
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
          s.service && s.service.name === service
            ? {
                subnetIds: s.service.subnetIds,
                securityGroupIds: s.service.securityGroupIds,
                assignPublicIp: s.service.assignPublicIp,
              }
            : undefined,
        ),
      describeClusterTags: (cluster) => this.#call('ecs:DescribeClusters', cluster, () => s.clusterTags),
      describeTask: (cluster, task) =>
        this.#call('ecs:DescribeTasks', { cluster, task }, () => {
          const detail = this.event().detail as Record<string, unknown>;
          return detail.taskArn === task || String(detail.taskArn).endsWith(`/${task}`) ? detail : undefined;
        }),
    };
  }

  #ec2Reader(): Ec2Reader {
    const s = this.scenario;
    const known = <T extends { id: string }>(
      operation: string,
      code: string,
      all: readonly T[],
      ids: readonly string[],
    ): T[] => {
      const missing = ids.filter((id) => !all.some((x) => x.id === id));
      if (missing.length > 0)
        throw new AwsCallError(operation, code, 'not-found', `The ids '${missing.join(', ')}' do not exist`);
      return all.filter((x) => ids.includes(x.id));
    };
    const inVpc = (vpcId: string) => vpcId === s.vpcId;
    return {
      describeSubnets: (ids) =>
        this.#call('ec2:DescribeSubnets', ids, () =>
          known('ec2:DescribeSubnets', 'InvalidSubnetID.NotFound', s.subnets, ids),
        ),
      describeRouteTables: (vpcId) =>
        this.#call('ec2:DescribeRouteTables', vpcId, () => (inVpc(vpcId) ? [...s.routeTables] : [])),
      describeNetworkAcls: (vpcId) =>
        this.#call('ec2:DescribeNetworkAcls', vpcId, () => (inVpc(vpcId) ? [...s.networkAcls] : [])),
      describeVpcEndpoints: (vpcId) =>
        this.#call('ec2:DescribeVpcEndpoints', vpcId, () => (inVpc(vpcId) ? [...s.endpoints] : [])),
      describeVpcAttribute: (vpcId, attribute: VpcDnsAttribute) =>
        this.#call('ec2:DescribeVpcAttribute', { vpcId, attribute }, () =>
          attribute === 'enableDnsSupport' ? s.dnsSupport : s.dnsHostnames,
        ),
      describeSecurityGroups: (ids) =>
        this.#call('ec2:DescribeSecurityGroups', ids, () =>
          known('ec2:DescribeSecurityGroups', 'InvalidGroup.NotFound', s.securityGroups, ids),
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
    };
  }
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
