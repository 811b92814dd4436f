import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { GROUP_CONCURRENCY, isSqsEvent } from '../../src/lambda-batch.js';
import { SimulatedAccount } from '../../src/sim/account.js';
import { simulatedBatchLambda } from '../../src/sim/batch-lambda.js';
import { runningEventOf, withTask } from '../../src/sim/event.js';
import { InMemoryIncidentStore } from '../../src/sim/incident-store.js';
import { AUTO_FIX_DEPLOYMENT } from '../../src/sim/lambda.js';
import { loadScenario } from '../../src/sim/scenario.js';
import { drainThroughEventSource, messageIdOf, messagesOf, sqsEventOf } from '../../src/sim/sqs-event.js';

/**
 * The batch handler behind the SQS queue, on the simulated account, fed SQS events as
 * Lambda's event source mapping delivers them (src/sim/sqs-event.ts): the scenario's start
 * failure (no egress, no endpoints) stopping many tasks, of its service or of another.
 */
const failing = () => new SimulatedAccount(loadScenario('no-egress-no-endpoints'));
type Event = Record<string, unknown> & { detail: Record<string, unknown> };
const stop = (account: SimulatedAccount, n: number, service?: string): Event => {
  const event = withTask(account.event(), n) as Event;
  if (service) event.detail.group = `service:${service}`;
  return event;
};
const batchOf = (events: readonly unknown[]): SQSEvent => sqsEventOf(messagesOf(events));
const inspections = (account: SimulatedAccount) =>
  account.calls.filter((c) => c.operation === 'ec2:DescribeSubnets').length;

/** A store whose writes fail for one service's group, as DynamoDB does when it is unavailable. */
class FailingFor extends InMemoryIncidentStore {
  constructor(readonly service: string) {
    super();
  }
  override claimGroup(...args: Parameters<InMemoryIncidentStore['claimGroup']>) {
    if (args[0].includes(`service:${this.service}`))
      return Promise.reject(Object.assign(new Error('DynamoDB is unavailable'), { name: 'AwsCallError' }));
    return super.claimGroup(...args);
  }
}

/** A store that counts the diagnoses in flight: from a group's claim to its notice's window. */
class InFlight extends InMemoryIncidentStore {
  now = 0;
  most = 0;
  override async claimGroup(...args: Parameters<InMemoryIncidentStore['claimGroup']>) {
    const claim = await super.claimGroup(...args);
    if (claim.claimed) this.most = Math.max(this.most, ++this.now);
    return claim;
  }
  override async claimNotice(...args: Parameters<InMemoryIncidentStore['claimNotice']>) {
    this.now--;
    return super.claimNotice(...args);
  }
}

/** A store whose group claims wait until `open` is called: what is read meanwhile shows. */
class Gated extends InMemoryIncidentStore {
  open: () => void = () => {};
  readonly #gate = new Promise<void>((resolve) => {
    this.open = resolve;
  });
  override async claimGroup(...args: Parameters<InMemoryIncidentStore['claimGroup']>) {
    await this.#gate;
    return super.claimGroup(...args);
  }
}

describe('the batch handler (SQS → Lambda)', () => {
  it(`diagnoses at most ${GROUP_CONCURRENCY} incident groups of a batch at once`, async () => {
    const account = failing();
    const store = new InFlight();
    const lambda = simulatedBatchLambda(account, { store });
    const events = Array.from({ length: 12 }, (_, i) => stop(account, i + 1, `svc-${i}`));
    expect(await lambda.invoke(batchOf(events))).toEqual({ batchItemFailures: [] });
    expect(lambda.notifier.sent).toHaveLength(12);
    expect(store.most).toBe(GROUP_CONCURRENCY);
  });

  it('folds a batch of 100 stops of one service into one notice and one inspection, failing no message', async () => {
    const account = failing();
    const lambda = simulatedBatchLambda(account);
    const events = Array.from({ length: 100 }, (_, i) => stop(account, i + 1));
    expect(await lambda.invoke(batchOf(events))).toEqual({ batchItemFailures: [] });
    expect(lambda.notifier.sent).toHaveLength(1);
    expect(inspections(account)).toBe(1);
    expect(lambda.logger.entries).toEqual([
      {
        level: 'info',
        message: 'handled: notified',
        extra: [
          expect.objectContaining({ cause: 'network-timeout', kind: 'notified', stops: 100, records: 100 }),
        ],
      },
    ]);
  });

  it('reads a lone event’s first round while the store decides; a batch of several groups waits for the store', async () => {
    const readsBeforeTheStoreAnswers = async (events: (account: SimulatedAccount) => unknown[]) => {
      const account = failing();
      const store = new Gated();
      const invoked = simulatedBatchLambda(account, { store }).invoke(batchOf(events(account)));
      await new Promise((resolve) => setTimeout(resolve, 20));
      const reads = account.calls.map((c) => c.operation);
      store.open();
      expect(await invoked).toEqual({ batchItemFailures: [] });
      return reads;
    };
    expect(await readsBeforeTheStoreAnswers((a) => [stop(a, 1)])).toContain('ec2:DescribeSubnets');
    expect(await readsBeforeTheStoreAnswers((a) => [stop(a, 1), stop(a, 2, 'payments')])).toEqual([]);
  });

  it('reports a poisoned message as a batch item failure, logs it once by its id, and handles the rest', async () => {
    const account = failing();
    const lambda = simulatedBatchLambda(account);
    const batch = batchOf([
      stop(account, 1),
      'not JSON {',
      { detail: { lastStatus: 'STOPPED' } },
      stop(account, 2, 'cart'),
    ]);
    expect(await lambda.invoke(batch)).toEqual({
      batchItemFailures: [{ itemIdentifier: messageIdOf(2) }, { itemIdentifier: messageIdOf(3) }],
    });
    expect(lambda.notifier.sent).toHaveLength(2);
    const errors = lambda.logger.entries.filter((e) => e.level === 'error');
    expect(errors.map((e) => (e.extra[0] as { messageId: string }).messageId)).toEqual([
      messageIdOf(2),
      messageIdOf(3),
    ]);
    expect(errors[0]?.message).toBe(
      'a message that is not an ECS Task State Change: SQS delivers it again, then dead-letters it',
    );
  });

  it('reports every message of a group that failed, its duplicates too, and tells the other groups', async () => {
    const account = failing();
    const lambda = simulatedBatchLambda(account, { store: new FailingFor('cart') });
    const cart = stop(account, 2, 'cart');
    const batch = batchOf([stop(account, 1), cart, stop(account, 3, 'cart'), cart, stop(account, 4)]);
    const response = await lambda.invoke(batch);
    expect(response.batchItemFailures.map((f) => f.itemIdentifier)).toEqual([2, 3, 4].map(messageIdOf));
    expect(lambda.notifier.sent.map((n) => n.subject)).toEqual([
      expect.stringContaining('prod-apps/checkout'),
    ]);
    expect(lambda.logger.entries.filter((e) => e.level === 'error')).toEqual([
      {
        level: 'error',
        message: 'a group failed: its messages go back to the queue, then to the dead-letter queue',
        extra: [
          expect.objectContaining({
            records: 3,
            error: { name: 'AwsCallError', message: 'DynamoDB is unavailable' },
          }),
        ],
      },
    ]);
  });

  it('throws when every message of the batch failed, so that SQS delivers the whole batch again', async () => {
    const lambda = simulatedBatchLambda(failing());
    await expect(lambda.invoke(batchOf(['not JSON', 'nor this']))).rejects.toThrow(/All records failed/);
  });

  it('sends a poisoned message to the dead-letter queue after five receives, and never redelivers the rest', async () => {
    const account = failing();
    const lambda = simulatedBatchLambda(account);
    const messages = messagesOf([...Array.from({ length: 150 }, (_, i) => stop(account, i + 1)), 'garbage']);
    const drained = await drainThroughEventSource(messages, lambda.invoke, { maxReceiveCount: 5 });
    expect(drained).toEqual({ invocations: 6, deadLettered: [messageIdOf(151)], redelivered: 4 });
    expect(lambda.notifier.sent).toHaveLength(1);
  });

  it('tells "resolved" once for a batch of RUNNING tasks of a service auto-fix repaired', async () => {
    const account = failing();
    let now = Date.parse('2026-11-20T09:20:00Z');
    const lambda = simulatedBatchLambda(account, {
      deployment: AUTO_FIX_DEPLOYMENT,
      now: () => new Date(now),
    });
    await lambda.invoke(batchOf([stop(account, 1)]));
    now += 120_000;
    const after = new Date(now - 60_000).toISOString();
    const running = [2, 3, 4].map((n) => runningEventOf(account.event(), n, after));
    expect(await lambda.invoke(batchOf(running))).toEqual({ batchItemFailures: [] });
    expect(lambda.notifier.sent.map((n) => n.attributes.outcome)).toEqual(['fixed', 'resolved']);
  });
});

describe(isSqsEvent.name, () => {
  const account = failing();
  it.each([
    ['a batch from the queue', batchOf([stop(account, 1)]), true],
    [
      'an EventBridge event invoked directly (still in Lambda’s asynchronous queue during an update)',
      stop(account, 1),
      false,
    ],
    ['records of another source (an SNS notification)', { Records: [{ EventSource: 'aws:sns' }] }, false],
    ['no records', { Records: [] }, false],
    ['null', null, false],
  ])('takes %s for a batch: %s', (_, event, batch) => {
    expect(isSqsEvent(event)).toBe(batch);
  });
});
