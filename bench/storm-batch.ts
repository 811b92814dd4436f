/**
 * Storms through the queue: EventBridge → SQS → the batch handler, on the simulated account
 * with the in-memory store counted as DynamoDB bills it (one request per store method as
 * src/aws/incident-store.ts makes them). A simulated event source mapping cuts the queue into
 * batches as serverless.yml configures it (100 messages, a 5 s batching window, 2 invocations
 * at once).
 */
import type { IncidentStore, OpenFix } from '../src/core/ports.js';
import { SimulatedAccount } from '../src/sim/account.js';
import { simulatedBatchLambda } from '../src/sim/batch-lambda.js';
import { withTask } from '../src/sim/event.js';
import { InMemoryIncidentStore } from '../src/sim/incident-store.js';
import { loadScenario } from '../src/sim/scenario.js';
import { drainThroughEventSource, messagesOf } from '../src/sim/sqs-event.js';
import { type Figure, figure } from './figures.js';
import { STORM_SCENARIO } from './storm.js';

/** serverless.yml's event source mapping. */
export const EVENT_SOURCE = { batchSize: 100, batchingWindowMs: 5_000, maximumConcurrency: 2 } as const;
/** How fast the storm's stops arrive: 1,000 every 30 s (the old storm's clock). */
const ARRIVAL_MS = 30;

/**
 * The in-memory store, counting the DynamoDB requests the DynamoDB adapter would make for
 * each call: a `GetItem` is a read, every other request (`PutItem`, `UpdateItem`,
 * `DeleteItem`, conditional or not, failed condition included) a write. `takeOpenFix` is a
 * `GetItem`, then a `DeleteItem` only when an open fix is there to take.
 */
export class CountingStore implements IncidentStore {
  reads = 0;
  writes = 0;
  readonly #inner: IncidentStore = new InMemoryIncidentStore();
  readonly #openFixes = new Set<string>();

  #write<T>(result: Promise<T>): Promise<T> {
    this.writes++;
    return result;
  }
  claimDelivery(...a: Parameters<IncidentStore['claimDelivery']>) {
    return this.#write(this.#inner.claimDelivery(...a));
  }
  completeDelivery(...a: Parameters<IncidentStore['completeDelivery']>) {
    return this.#write(this.#inner.completeDelivery(...a));
  }
  releaseDelivery(...a: Parameters<IncidentStore['releaseDelivery']>) {
    return this.#write(this.#inner.releaseDelivery(...a));
  }
  claimGroup(...a: Parameters<IncidentStore['claimGroup']>) {
    return this.#write(this.#inner.claimGroup(...a));
  }
  foldInto(...a: Parameters<IncidentStore['foldInto']>) {
    return this.#write(this.#inner.foldInto(...a));
  }
  releaseClaim(...a: Parameters<IncidentStore['releaseClaim']>) {
    return this.#write(this.#inner.releaseClaim(...a));
  }
  claimNotice(...a: Parameters<IncidentStore['claimNotice']>) {
    return this.#write(this.#inner.claimNotice(...a));
  }
  keepUnsentNotice(...a: Parameters<IncidentStore['keepUnsentNotice']>) {
    return this.#write(this.#inner.keepUnsentNotice(...a));
  }
  reopenGroup(...a: Parameters<IncidentStore['reopenGroup']>) {
    return this.#write(this.#inner.reopenGroup(...a));
  }
  fixedRecently(...a: Parameters<IncidentStore['fixedRecently']>) {
    this.reads++;
    return this.#inner.fixedRecently(...a);
  }
  markFixed(...a: Parameters<IncidentStore['markFixed']>) {
    return this.#write(this.#inner.markFixed(...a));
  }
  openFix(...a: Parameters<IncidentStore['openFix']>) {
    this.#openFixes.add(a[0]);
    return this.#write(this.#inner.openFix(...a));
  }
  async takeOpenFix(...a: Parameters<IncidentStore['takeOpenFix']>): Promise<OpenFix | undefined> {
    this.reads++;
    if (!this.#openFixes.has(a[0])) return undefined;
    const fix = await this.#write(this.#inner.takeOpenFix(...a));
    if (fix) this.#openFixes.delete(a[0]);
    return fix;
  }
  acquire(...a: Parameters<IncidentStore['acquire']>) {
    return this.#write(this.#inner.acquire(...a));
  }
  release(...a: Parameters<IncidentStore['release']>) {
    return this.#write(this.#inner.release(...a));
  }
}

export type BatchStorm = Readonly<{
  events: number;
  services: number;
  seconds: number;
  invocations: number;
  writes: number;
  reads: number;
  inspections: number;
  /** AWS calls in all (13 make one inspection of the scenario). */
  calls: number;
  notices: number;
  /** Folds counted by the notices, the storm's and the next window's (one more stop of each service). */
  folded: number;
  deadLettered: number;
}>;

/**
 * `events` stops of `services` services (round robin: each batch holds every service),
 * arriving 1,000 every 30 s, through the simulated event source mapping and the batch
 * handler; then, after the window, one more stop of each service, whose notice counts the
 * folds. Inspections are counted by their first subnet read.
 */
export async function batchStorm(events = 10_000, services = 1, dir?: string): Promise<BatchStorm> {
  const start = Date.parse('2026-11-20T09:20:00Z');
  let now = start;
  const account = new SimulatedAccount(loadScenario(STORM_SCENARIO, dir));
  const store = new CountingStore();
  const lambda = simulatedBatchLambda(account, { store, now: () => new Date(now) });
  const base = account.event();
  const stopOf = (n: number) => {
    const event = withTask(base, n) as { detail: Record<string, unknown> };
    if (services > 1) event.detail.group = `service:svc-${n % services}`;
    return event;
  };
  const messages = messagesOf(Array.from({ length: events }, (_, i) => stopOf(i + 1))).map((m, i) => ({
    ...m,
    sentTimestamp: start + i * ARRIVAL_MS,
  }));
  const started = process.hrtime.bigint();
  const drained = await drainThroughEventSource(messages, lambda.invoke, {
    ...EVENT_SOURCE,
    onBatch: (_, closedAtMs) => {
      now = Math.max(now, closedAtMs);
    },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const { writes, reads } = store;
  const notices = lambda.notifier.sent.length;
  const inspections = account.calls.filter((c) => c.operation === 'ec2:DescribeSubnets').length;
  const calls = account.calls.length;
  now += 3_600_000;
  await drainThroughEventSource(
    messagesOf(Array.from({ length: services }, (_, i) => stopOf(events + 1 + i))),
    lambda.invoke,
  );
  const folded = lambda.notifier
    .documents()
    .reduce((sum, d) => sum + (d as { incident: { folded: number } }).incident.folded, 0);
  return {
    ...{ events, services, seconds, writes, reads, inspections, calls, notices, folded },
    invocations: drained.invocations,
    deadLettered: drained.deadLettered.length,
  };
}

/** The storms through the queue, against issue 19's goals. */
export async function batchStormFigures(): Promise<Figure[]> {
  const one = await batchStorm(10_000, 1);
  const mixed = await batchStorm(10_000, 100);
  const alone = (await batchStorm(1, 1)).calls;
  const name = (s: string) => `storm of 10,000 stops through SQS, ${s}`;
  return [
    figure(
      name('one service: invocations'),
      one.invocations,
      'invocations',
      '<= 150',
      one.invocations <= 150,
    ),
    figure(name('one service: DynamoDB writes'), one.writes, 'writes', '<= 200', one.writes <= 200),
    figure(name('one service: DynamoDB reads'), one.reads, 'reads', '(reported)', true),
    figure(name('one service: inspections'), one.inspections, 'inspections', '1', one.inspections === 1),
    figure(
      name('one service: AWS calls in all'),
      one.calls,
      'calls',
      `= ${alone} (one run)`,
      one.calls === alone,
    ),
    figure(name('one service: notices'), one.notices, 'notices', '1', one.notices === 1),
    figure(
      name('one service: folds counted by the notices'),
      one.folded,
      'events',
      '9999',
      one.folded === 9_999,
    ),
    figure(
      name('one service: events handled per second'),
      Math.round(one.events / one.seconds),
      'events/s',
      '(reported)',
      true,
    ),
    figure(name('100 services: invocations'), mixed.invocations, 'invocations', '(reported)', true),
    figure(name('100 services: DynamoDB writes'), mixed.writes, 'writes', '(reported)', true),
    figure(
      name('100 services: inspections'),
      mixed.inspections,
      'inspections',
      '100',
      mixed.inspections === 100,
    ),
    figure(
      name('100 services: AWS calls in all'),
      mixed.calls,
      'calls',
      `= ${100 * alone} (100 runs)`,
      mixed.calls === 100 * alone,
    ),
    figure(name('100 services: notices'), mixed.notices, 'notices', '100', mixed.notices === 100),
    figure(
      name('100 services: folds counted by the notices'),
      mixed.folded,
      'events',
      '9900',
      mixed.folded === 9_900,
    ),
  ];
}
