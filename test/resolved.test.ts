import { describe, expect, it, vi } from 'vitest';
import { SimulatedAccount } from '../src/sim/account.js';
import { simulatedBatchLambda } from '../src/sim/batch-lambda.js';
import { runningEventOf, stoppedEventOf } from '../src/sim/event.js';
import { AUTO_FIX_DEPLOYMENT, simulatedLambda } from '../src/sim/lambda.js';
import { loadScenario } from '../src/sim/scenario.js';
import { messagesOf, sqsEventOf } from '../src/sim/sqs-event.js';

/**
 * The follow-up to an auto-fix (issue 9): when a task of the service next reaches RUNNING,
 * one "resolved" notice; when a task created after the fix fails again with the same cause,
 * a notice that says the fix did not help. On the simulated account, through the Lambda's
 * own handler.
 */
const clock = (start: string) => {
  let t = Date.parse(start);
  return {
    now: () => new Date(t),
    advance: (ms: number) => {
      t += ms;
    },
  };
};
const iso = (ms: number) => new Date(ms).toISOString();
const FIX_AT = '2026-11-23T10:00:00.000Z';

async function fixedService() {
  const account = new SimulatedAccount(loadScenario('no-egress-no-endpoints'));
  const time = clock(FIX_AT);
  const lambda = simulatedLambda(account, { deployment: AUTO_FIX_DEPLOYMENT, now: time.now });
  const stopped = account.event();
  const first = await lambda.deliver(stopped);
  expect(first.result).toMatchObject({ result: 'notified', outcome: 'fixed' });
  return { account, lambda, time, stopped };
}

describe('resolved follow-ups', () => {
  it('a task of the fixed service reaching RUNNING: one "resolved" notice for the incident', async () => {
    const { lambda, time, stopped } = await fixedService();
    time.advance(120_000);
    const running = runningEventOf(stopped, 2, iso(Date.parse(FIX_AT) + 60_000));
    expect((await lambda.deliver(running)).result).toMatchObject({ result: 'resolved' });
    expect(lambda.notifier.sent).toHaveLength(2);
    const notice = lambda.notifier.sent[1];
    expect(notice?.subject).toBe(
      '[ecs-pullfix] resolved — prod-apps/checkout: network-timeout fixed, a task is RUNNING',
    );
    expect(notice?.attributes).toMatchObject({ outcome: 'resolved', severity: 'info' });
    const text = JSON.parse(notice?.message ?? '{}').default as string;
    expect(text).toContain(`ecs-pullfix fixed no-egress-path (network-timeout) at ${FIX_AT}`);
    expect(text).toMatch(/- create-interface-endpoint:.*ecr\.dkr/);
    expect(lambda.notifier.documents()[1]).toMatchObject({
      outcome: 'resolved',
      resolved: { cause: 'network-timeout', createdAt: iso(Date.parse(FIX_AT) + 60_000) },
    });
  });

  it('sends it once: the same RUNNING event again, and the next tasks, change nothing', async () => {
    const { lambda, time, stopped } = await fixedService();
    time.advance(120_000);
    const created = iso(Date.parse(FIX_AT) + 60_000);
    await Promise.all([
      lambda.deliver(runningEventOf(stopped, 2, created)),
      lambda.deliver(runningEventOf(stopped, 2, created)),
      lambda.deliver(runningEventOf(stopped, 3, created)),
    ]);
    await lambda.deliver(runningEventOf(stopped, 4, created));
    expect(lambda.notifier.sent.map((n) => n.attributes.outcome)).toEqual(['fixed', 'resolved']);
  });

  it('a task created before the fix that runs is not the fix’s success', async () => {
    const { lambda, stopped } = await fixedService();
    const before = runningEventOf(stopped, 2, iso(Date.parse(FIX_AT) - 60_000));
    expect((await lambda.deliver(before)).result).toMatchObject({ result: 'ignored' });
    expect(lambda.notifier.sent).toHaveLength(1);
  });

  it('costs a service with no open fix one read of the incident store and no AWS call', async () => {
    const account = new SimulatedAccount(loadScenario('no-egress-no-endpoints'));
    const lambda = simulatedLambda(account, { deployment: AUTO_FIX_DEPLOYMENT });
    const methods = Object.getOwnPropertyNames(Object.getPrototypeOf(lambda.store)).filter(
      (m) => m !== 'constructor',
    );
    const spies = methods.map((m) => vi.spyOn(lambda.store, m as keyof typeof lambda.store));
    const result = await lambda.deliver(runningEventOf(account.event(), 2, FIX_AT));
    expect(result.result).toMatchObject({ result: 'ignored', reason: 'no open fix for the service' });
    expect(spies.reduce((n, s) => n + s.mock.calls.length, 0)).toBe(1);
    expect(lambda.store.takeOpenFix).toHaveBeenCalledTimes(1);
    expect(account.calls).toEqual([]);
    expect(lambda.notifier.sent).toEqual([]);
  });

  it('a task created after the fix failing with the same cause: the notice says the fix did not help', async () => {
    const { lambda, time, stopped } = await fixedService();
    time.advance(300_000);
    const after = stoppedEventOf(stopped, 2, iso(Date.parse(FIX_AT) + 120_000));
    expect((await lambda.deliver(after)).result).toMatchObject({ result: 'notified' });
    const notice = lambda.notifier.sent[1];
    expect(notice?.subject).toMatch(
      /^\[ecs-pullfix\] FIX DID NOT HELP — prod-apps\/checkout: network-timeout/,
    );
    const text = JSON.parse(notice?.message ?? '{}').default as string;
    expect(text).toContain(`The fix ecs-pullfix applied at ${FIX_AT}`);
    expect(text).toContain(
      'did not help: a task created after it failed again with the same cause, network-timeout.',
    );
    expect(lambda.notifier.documents()[1]).toMatchObject({ fixDidNotHelp: { fixedAt: FIX_AT } });
    // Told once: the next failures fold into that notice, and a later RUNNING task is no "resolved".
    await lambda.deliver(stoppedEventOf(stopped, 3, iso(Date.parse(FIX_AT) + 180_000)));
    await lambda.deliver(runningEventOf(stopped, 4, iso(Date.parse(FIX_AT) + 240_000)));
    expect(lambda.notifier.sent).toHaveLength(2);
  });

  it('a task created before the fix that fails late folds into the fix’s notice', async () => {
    const { lambda, time, stopped } = await fixedService();
    time.advance(60_000);
    const late = stoppedEventOf(stopped, 2, iso(Date.parse(FIX_AT) - 30_000));
    expect((await lambda.deliver(late)).result).toMatchObject({ result: 'folded' });
    expect(lambda.notifier.sent).toHaveLength(1);
    // The fix stays open for its verdict.
    await lambda.deliver(runningEventOf(stopped, 3, iso(Date.parse(FIX_AT) + 90_000)));
    expect(lambda.notifier.sent.map((n) => n.attributes.outcome)).toEqual(['fixed', 'resolved']);
  });

  it('a batch from the queue of tasks created after the fix, failing the same way: told once that the fix did not help', async () => {
    const account = new SimulatedAccount(loadScenario('no-egress-no-endpoints'));
    const time = clock(FIX_AT);
    const lambda = simulatedBatchLambda(account, { deployment: AUTO_FIX_DEPLOYMENT, now: time.now });
    const stopped = account.event();
    await lambda.invoke(sqsEventOf(messagesOf([stopped])));
    time.advance(300_000);
    const after = Array.from({ length: 20 }, (_, i) =>
      stoppedEventOf(stopped, i + 2, iso(Date.parse(FIX_AT) + 120_000 + i)),
    );
    // A storm folds first, in one write, into the window the fix's notice opened; the open fix
    // read beside it still reopens the group.
    expect(await lambda.invoke(sqsEventOf(messagesOf(after)))).toEqual({ batchItemFailures: [] });
    expect(lambda.notifier.sent.map((n) => n.subject.split(' — ')[0])).toEqual([
      '[ecs-pullfix] fixed',
      '[ecs-pullfix] FIX DID NOT HELP',
    ]);
  });
});
