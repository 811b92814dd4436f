import type { SecurityGroup, VpcEndpoint } from '../core/network.js';
import type {
  Ec2Reader,
  Ec2Writer,
  EcrReader,
  EcsReader,
  EfsReader,
  IamReader,
  ReadPorts,
  ResolverReader,
  SecretsReader,
} from '../core/ports.js';
import { AwsCallError, type AwsFailureKind } from '../errors.js';
import { copy, type MutableState, type SimContext } from './account-context.js';
import { efsReader } from './account-efs.js';
import { withProviderRoles } from './account-managed.js';
import { ec2Reader, ecsReader, resolverReader } from './account-network.js';
import { ecrReader, iamReader, secretsReader } from './account-workload.js';
import { ec2Writer } from './account-writer.js';
import { eventOf } from './event.js';
import { mulberry32 } from './random.js';
import type { Scenario } from './scenario.js';

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
export class SimulatedAccount implements ReadPorts {
  readonly scenario: Scenario;
  readonly ecs: EcsReader;
  readonly ec2: Ec2Reader;
  readonly ec2Writer: Ec2Writer;
  readonly iam: IamReader;
  readonly ecr: EcrReader;
  readonly secrets: SecretsReader;
  readonly resolver: ResolverReader;
  readonly efs: EfsReader;
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
    const ctx: SimContext = {
      scenario,
      state: this.#state,
      call: (operation, input, answer) => this.#call(operation, input, answer),
      eniId: this.#eniId,
      event: () => this.event(),
      nextId: () => ++this.#created,
    };
    this.ecs = ecsReader(ctx);
    this.ec2 = ec2Reader(ctx);
    this.ec2Writer = ec2Writer(ctx);
    this.iam = withProviderRoles(ctx, iamReader(ctx));
    this.ecr = ecrReader(ctx);
    this.secrets = secretsReader(ctx);
    this.resolver = resolverReader(ctx);
    this.efs = efsReader(ctx);
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
}
