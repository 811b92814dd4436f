import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTaskStateChange } from '../../src/core/event.js';
import { DEFAULT_DEPLOYMENT_POLICY } from '../../src/core/mode.js';
import { handleStoppedTask } from '../../src/pipeline/incident.js';
import { SimulatedAccount } from '../../src/sim/account.js';
import { simulatedBatchLambda } from '../../src/sim/batch-lambda.js';
import { withTask } from '../../src/sim/event.js';
import { InMemoryIncidentStore } from '../../src/sim/incident-store.js';
import { RecordingNotifier } from '../../src/sim/lambda.js';
import { loadScenario } from '../../src/sim/scenario.js';
import { messagesOf, sqsEventOf } from '../../src/sim/sqs-event.js';
import { TestClock } from '../support/incidents.js';

/**
 * Batching changes what a storm costs, never what a user is told: whatever the order of the
 * events, their duplicates and how the queue cuts them into batches, the batch handler sends
 * the notices (incident, cause, outcome) and counts the folds that the same events delivered
 * one by one (`handleStoppedTask`, the same kind of store, the same clock) do. The fold count
 * of a group is what its notices say were folded, this window's and the next's (one more stop
 * of each service after the window). Copies of one delivery (EventBridge's duplicates) share
 * a batch: the delivery log is written for a lone stop only, so a copy in a later batch than
 * a group that counted it would be counted twice (README, "The queue").
 */
const account = () => new SimulatedAccount(loadScenario('no-egress-no-endpoints'));
const SERVICES = ['checkout', 'cart', 'ledger'] as const;
const WINDOW_SECONDS = 3600;
type Stop = Readonly<{ service: (typeof SERVICES)[number]; task: number; version: number }>;

const eventOf = (a: SimulatedAccount, stop: Stop) => {
  // A task belongs to one service: its number, within the service's hundred.
  const event = withTask(a.event(), 100 * SERVICES.indexOf(stop.service) + stop.task) as {
    detail: Record<string, unknown>;
  };
  Object.assign(event.detail, { group: `service:${stop.service}`, version: stop.version });
  return event;
};
const afterTheWindow = (stops: readonly Stop[]): Stop[] =>
  [...new Set(stops.map((s) => s.service))].map((service) => ({ service, task: 99, version: 1 }));

type Told = Readonly<{ incident: string; cause: string; outcome: string; folded: number }>;
const toldBy = (notifier: RecordingNotifier): Told[] =>
  notifier.documents().map((d) => {
    const doc = d as {
      incident: { id: string; folded: number };
      classification: { cause: string };
      outcome: string;
    };
    return {
      incident: doc.incident.id,
      cause: doc.classification.cause,
      outcome: doc.outcome,
      folded: doc.incident.folded,
    };
  });
/** The notices as a user reads them (sorted: groups of a batch are handled at once), and each incident's folds in all. */
const summary = (told: readonly Told[]) => ({
  notices: told.map(({ incident, cause, outcome }) => `${incident} ${cause} ${outcome}`).sort(),
  folded: told.reduce<Record<string, number>>((sums, t) => {
    sums[t.incident] = (sums[t.incident] ?? 0) + t.folded;
    return sums;
  }, {}),
});

async function oneByOne(stops: readonly Stop[]) {
  const a = account();
  const clock = new TestClock();
  const store = new InMemoryIncidentStore();
  const notifier = new RecordingNotifier();
  const options = {
    deployment: DEFAULT_DEPLOYMENT_POLICY,
    writer: a.ec2Writer,
    store,
    notifier,
    windowSeconds: WINDOW_SECONDS,
    now: clock.now,
  };
  for (const stop of stops) await handleStoppedTask(parseTaskStateChange(eventOf(a, stop)), a, options);
  clock.advance(WINDOW_SECONDS + 1);
  for (const stop of afterTheWindow(stops))
    await handleStoppedTask(parseTaskStateChange(eventOf(a, stop)), a, options);
  return summary(toldBy(notifier));
}

/** The stops cut into batches: every copy of a delivery in the batch `batchOf` gives it, in arrival order within each. */
const cut = (stops: readonly Stop[], batchOf: (s: Stop) => number): Stop[][] => {
  const batches: Stop[][] = [];
  for (const stop of stops) {
    const n = batchOf(stop);
    batches[n] = [...(batches[n] ?? []), stop];
  }
  return batches.filter((b) => b !== undefined);
};

async function inBatches(batches: readonly (readonly Stop[])[]) {
  const a = account();
  const clock = new TestClock();
  const lambda = simulatedBatchLambda(a, { now: clock.now, windowSeconds: WINDOW_SECONDS });
  for (const batch of batches) {
    const response = await lambda.invoke(sqsEventOf(messagesOf(batch.map((s) => eventOf(a, s)))));
    expect(response.batchItemFailures).toEqual([]);
  }
  clock.advance(WINDOW_SECONDS + 1);
  await lambda.invoke(sqsEventOf(messagesOf(afterTheWindow(batches.flat()).map((s) => eventOf(a, s)))));
  return summary(toldBy(lambda.notifier));
}

const stopArb: fc.Arbitrary<Stop> = fc.record({
  service: fc.constantFrom(...SERVICES),
  task: fc.integer({ min: 1, max: 8 }),
  version: fc.integer({ min: 1, max: 2 }),
});

describe('the batch handler against the same events one by one', () => {
  it('sends the same notices and counts the same folds, whatever the order, the duplicates and the batches', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(stopArb, { minLength: 1, maxLength: 40 }),
        fc.func(fc.integer({ min: 0, max: 3 })),
        async (stops, batchOf) => {
          const batches = cut(stops, (s) => batchOf(s.service, s.task, s.version));
          // The queue's order: batch after batch, each in arrival order.
          expect(await inBatches(batches)).toEqual(await oneByOne(batches.flat()));
        },
      ),
      { numRuns: 40 },
    );
  });
});
