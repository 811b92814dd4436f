import { describe, expect, it } from 'vitest';
import { SimulatedAccount } from '../../src/sim/account.js';
import { withTask } from '../../src/sim/event.js';
import { simulatedLambda } from '../../src/sim/lambda.js';
import { loadScenario } from '../../src/sim/scenario.js';

/**
 * The evidence kept past ECS's hour (issue 21, part 5): the Lambda's own handler on the
 * simulated account keeps each incident's event, snapshot and findings in the history, in the
 * notice's round; a repeat notice of the incident keeps the first.
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

describe('keepEvidence', () => {
  it('keeps the incident told: its event, the endpoints it read and its findings, for history to list', async () => {
    const account = new SimulatedAccount(loadScenario('no-egress-no-endpoints'));
    const time = clock('2026-12-06T09:00:00.000Z');
    const lambda = simulatedLambda(account, { now: time.now });
    const told = await lambda.deliver(account.event());
    const incidentId = String(told.result?.incidentId);
    const page = await lambda.history.list({ limit: 10 }, time.now());
    expect(page.incidents).toEqual([
      expect.objectContaining({
        incidentId,
        at: '2026-12-06T09:00:00.000Z',
        clusterName: 'prod-apps',
        workload: 'service:checkout',
        cause: 'network-timeout',
        root: 'no-egress-path',
        outcome: told.result?.outcome,
      }),
    ]);
    const kept = await lambda.history.get(incidentId, time.now());
    expect(kept?.dropped).toEqual([]);
    expect(kept?.task?.taskArn).toBe((account.event() as { detail: { taskArn: string } }).detail.taskArn);
    expect(kept?.snapshot?.endpoints).toEqual({ ok: true, value: [] });
    expect(kept?.findings?.map((f) => f.id)).toContain('no-egress-path');
  });

  it('keeps the first evidence when the incident is told again after its window', async () => {
    const account = new SimulatedAccount(loadScenario('no-egress-no-endpoints'));
    const time = clock('2026-12-06T09:00:00.000Z');
    const lambda = simulatedLambda(account, { now: time.now, windowSeconds: 3600 });
    const event = account.event() as Record<string, unknown>;
    await lambda.deliver(event);
    time.advance(2 * 3600 * 1000);
    const again = await lambda.deliver(withTask(event, 2));
    expect(again.result).toMatchObject({ result: 'notified' });
    const page = await lambda.history.list({ limit: 10 }, time.now());
    expect(page.incidents.map((s) => s.at)).toEqual(['2026-12-06T09:00:00.000Z']);
    expect((await lambda.history.get(String(again.result?.incidentId), time.now()))?.task?.taskArn).toBe(
      (event as { detail: { taskArn: string } }).detail.taskArn,
    );
  });
});
