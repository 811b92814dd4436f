/**
 * Event → published notice with the same latency in every port the handler uses (issue 19,
 * item 1, the measurement): the AWS reads and writes the simulated account serves (ECS, EC2,
 * IAM, ECR, Secrets Manager, SSM, EFS, Route 53 Resolver) and the incident store (DynamoDB) and
 * the notifier (SNS), which the older figure answered in 0 ms. Each port call's start and end is
 * recorded, so the sequential rounds from event to published notice are counted, not guessed.
 */
import { DEFAULT_DEPLOYMENT_POLICY } from '../src/core/mode.js';
import { createBatchHandler } from '../src/lambda-batch.js';
import { SimulatedAccount } from '../src/sim/account.js';
import { InMemoryIncidentStore } from '../src/sim/incident-store.js';
import { RecordingLogger, RecordingNotifier } from '../src/sim/lambda.js';
import { loadScenarios } from '../src/sim/scenario.js';
import { messagesOf, sqsEventOf } from '../src/sim/sqs-event.js';
import { type Figure, figure } from './figures.js';

/** One call through a port: which, when it started and ended (ms from the event), its round. */
export type PortCall = { port: string; method: string; startMs: number; endMs: number; round: number };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Records every call through the ports it wraps. A call's round is one more than the highest
 * round of the calls that had ended when it started (as `SimulatedAccount` counts its own).
 */
export class PortRecorder {
  readonly calls: PortCall[] = [];
  #completed = 0;
  readonly #t0 = process.hrtime.bigint();

  elapsedMs(): number {
    return Number(process.hrtime.bigint() - this.#t0) / 1e6;
  }

  /** `target` with each method recorded, and `latencyMs` added before it answers. */
  wrap<T extends object>(port: string, target: T, latencyMs: number): T {
    return new Proxy(target, {
      get: (t, name) => {
        const value: unknown = Reflect.get(t, name, t);
        if (typeof value !== 'function' || typeof name !== 'string') return value;
        return async (...args: unknown[]) => {
          const call = {
            port,
            method: name,
            startMs: this.elapsedMs(),
            endMs: 0,
            round: this.#completed + 1,
          };
          this.calls.push(call);
          try {
            if (latencyMs > 0) await sleep(latencyMs);
            return (await (value as (...a: unknown[]) => unknown).apply(t, args)) as unknown;
          } finally {
            call.endMs = this.elapsedMs();
            this.#completed = Math.max(this.#completed, call.round);
          }
        };
      },
    });
  }
}

/** One scenario's event through the real handler with `latencyMs` in every port. */
export async function eventToNotice(
  account: SimulatedAccount,
  latencyMs: number,
): Promise<{ result: unknown; calls: PortCall[]; publishedMs?: number; invocationMs: number }> {
  const recorder = new PortRecorder();
  // The account adds the latency to each AWS call itself (one port method may make several);
  // the store and the notifier get it here: one DynamoDB or SNS round trip per method, true on
  // a first event's path (a fold, or a fix taken, costs the DynamoDB store one more).
  const ports = {
    ecs: recorder.wrap('ecs', account.ecs, 0),
    ec2: recorder.wrap('ec2', account.ec2, 0),
    iam: recorder.wrap('iam', account.iam, 0),
    ecr: recorder.wrap('ecr', account.ecr, 0),
    secrets: recorder.wrap('secrets+ssm', account.secrets, 0),
    resolver: recorder.wrap('route53resolver', account.resolver, 0),
    efs: recorder.wrap('efs', account.efs, 0),
    ec2Writer: recorder.wrap('ec2Writer', account.ec2Writer, 0),
    store: recorder.wrap('dynamodb', new InMemoryIncidentStore(), latencyMs),
    notifier: recorder.wrap('sns', new RecordingNotifier(), latencyMs),
  };
  // The deployed path: the batch handler, given the event as the queue's event source mapping
  // delivers a lone one (a batch of one record).
  const handler = createBatchHandler(
    ports,
    {
      topicArn: 'arn:aws:sns:us-east-1:111122223333:ecs-pullfix',
      table: 'ecs-pullfix-incidents',
      windowSeconds: 3600,
      deployment: DEFAULT_DEPLOYMENT_POLICY,
    },
    { logger: new RecordingLogger() },
  );
  const event = sqsEventOf(messagesOf([account.event()]));
  const started = recorder.elapsedMs();
  const context = {
    getRemainingTimeInMillis: () => 120_000,
    awsRequestId: 'bench-1',
  } as unknown as Parameters<typeof handler>[1];
  const result = await handler(event, context);
  const invocationMs = recorder.elapsedMs() - started;
  const publish = recorder.calls.find((c) => c.port === 'sns' && c.method === 'publish');
  return {
    result,
    calls: recorder.calls,
    invocationMs,
    ...(publish ? { publishedMs: publish.endMs - started } : {}),
  };
}

const percentile = (xs: readonly number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

/** The figures: p50/p99 event → published notice, every port at `latencyMs`, and its rounds. */
export async function allPortsFigures(latencyMs: number): Promise<Figure[]> {
  const published: number[] = [];
  const invocations: number[] = [];
  const roundsToNotice: number[] = [];
  const roundsInAll: number[] = [];
  for (const scenario of loadScenarios()) {
    const run = await eventToNotice(new SimulatedAccount(scenario, { latencyMs }), latencyMs);
    const publish = run.calls.find((c) => c.port === 'sns' && c.method === 'publish');
    if (run.publishedMs === undefined || !publish) continue;
    published.push(run.publishedMs);
    invocations.push(run.invocationMs);
    roundsToNotice.push(publish.round);
    roundsInAll.push(Math.max(...run.calls.map((c) => c.round)));
  }
  const p50 = Math.round(percentile(published, 50));
  const goal = 5 * latencyMs;
  const most = (xs: readonly number[]) => Math.max(0, ...xs);
  return [
    figure(
      `a lone event from the queue → published notice, ${latencyMs} ms in every port (AWS, DynamoDB, SNS), p50 (${published.length} notices; the batching window, up to 5 s, comes before)`,
      p50,
      'ms',
      `<= ${goal} (5 × ${latencyMs})`,
      p50 <= goal,
    ),
    figure(
      `event → published notice, ${latencyMs} ms in every port, p99`,
      Math.round(percentile(published, 99)),
      'ms',
      '(reported)',
      true,
    ),
    figure(
      `  the whole invocation (the record after the notice too), ${latencyMs} ms in every port, p50`,
      Math.round(percentile(invocations, 50)),
      'ms',
      '(reported)',
      true,
    ),
    figure(
      '  sequential rounds, event → published notice, median (each port call timed)',
      percentile(roundsToNotice, 50),
      'rounds',
      '(reported)',
      true,
    ),
    figure(
      '  sequential rounds, event → published notice, worst',
      most(roundsToNotice),
      'rounds',
      '(reported)',
      true,
    ),
    figure(
      '  sequential rounds, the whole invocation, worst',
      most(roundsInAll),
      'rounds',
      '(reported)',
      true,
    ),
  ];
}
