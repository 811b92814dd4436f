import { describe, expect, it, vi } from 'vitest';
import { parseTaskStateChange } from '../../src/core/event.js';
import { handleStoppedTask, triage } from '../../src/pipeline/incident.js';
import { SimulatedAccount } from '../../src/sim/account.js';
import { runningEventOf } from '../../src/sim/event.js';
import { AUTO_FIX_DEPLOYMENT, simulatedLambda } from '../../src/sim/lambda.js';
import { loadScenario } from '../../src/sim/scenario.js';
import { lambdaLike } from '../support/incidents.js';

/**
 * Events that are not start failures: a task that did not stop (RUNNING, PENDING…) or has
 * not stopped yet (STOPPING…) is "nothing to diagnose", decided on the event before any AWS
 * read or store write — in the incident flow and in the Lambda. On a scenario whose stopped
 * task would be diagnosed and told (no egress, no endpoints), so that a slip shows.
 */
const failing = () => new SimulatedAccount(loadScenario('no-egress-no-endpoints'));

/** The task of the scenario in another state: ECS clears the stop fields until it stops. */
const inState = (lastStatus: string) => (d: Record<string, unknown>) => {
  for (const key of ['stopCode', 'stoppedReason', 'stoppedAt', 'stoppingAt', 'executionStoppedAt'])
    delete d[key];
  for (const c of d.containers as Record<string, unknown>[]) delete c.reason;
  Object.assign(d, { lastStatus, desiredStatus: 'RUNNING' });
};

/** Every method of the store, spied on: how many times the flow touched it. */
function spyOnStore(store: object): () => number {
  const methods = Object.getOwnPropertyNames(Object.getPrototypeOf(store)).filter((m) => m !== 'constructor');
  const spies = methods.map((m) => vi.spyOn(store as Record<string, () => unknown>, m));
  return () => spies.reduce((n, s) => n + s.mock.calls.length, 0);
}

describe(handleStoppedTask.name, () => {
  it.each(['RUNNING', 'PENDING', 'PROVISIONING', 'ACTIVATING'])(
    'has nothing to diagnose in a %s task: no AWS call, no store write, no notice',
    async (lastStatus) => {
      const account = failing();
      const { handle, notifier, store } = lambdaLike(account, 'auto-fix');
      const touched = spyOnStore(store);
      const handled = await handle(inState(lastStatus));
      expect(handled).toMatchObject({
        kind: 'ignored',
        reason: `the task did not stop (lastStatus ${lastStatus}): nothing to diagnose`,
        classification: { cause: 'not-a-start-failure' },
      });
      expect(account.calls).toEqual([]);
      expect(touched()).toBe(0);
      expect(notifier.sent).toEqual([]);
    },
  );

  it('has nothing to diagnose yet in a task that is stopping, even with its stop reason already set', async () => {
    const account = failing();
    const { handle, notifier, store } = lambdaLike(account, 'auto-fix');
    const touched = spyOnStore(store);
    // ECS sets the stop code and reason when it decides to stop the task, before STOPPED.
    const handled = await handle((d) => Object.assign(d, { lastStatus: 'DEPROVISIONING' }));
    expect(handled).toMatchObject({
      kind: 'ignored',
      reason:
        'the task has not stopped yet (lastStatus DEPROVISIONING): nothing to diagnose until it is STOPPED',
    });
    expect(account.calls).toEqual([]);
    expect(touched()).toBe(0);
    expect(notifier.sent).toEqual([]);
  });

  it('still diagnoses and tells the same task once it is STOPPED', async () => {
    const account = failing();
    const { handle, notifier } = lambdaLike(account);
    expect((await handle()).kind).toBe('notified');
    expect(notifier.sent).toHaveLength(1);
  });
});

describe(triage.name, () => {
  it('says why an ordinary stop is nothing to diagnose, and diagnoses a start failure', () => {
    const account = failing();
    const event = account.event() as { detail: Record<string, unknown> };
    expect(triage(parseTaskStateChange(event))).not.toHaveProperty('nothingToDiagnose');
    Object.assign(event.detail, {
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Essential container in task exited',
      containers: [
        { name: 'app', exitCode: 137, reason: 'OutOfMemoryError: Container killed due to memory usage' },
      ],
    });
    expect(triage(parseTaskStateChange(event))).toMatchObject({
      classification: { cause: 'not-a-start-failure' },
      nothingToDiagnose: 'not a start failure: the task stopped for an ordinary reason',
    });
  });
});

describe('the Lambda, on events that are not start failures', () => {
  it('publishes nothing for a RUNNING task of a service with no open fix', async () => {
    const account = failing();
    const lambda = simulatedLambda(account, { deployment: AUTO_FIX_DEPLOYMENT });
    const running = runningEventOf(account.event(), 2, '2026-11-20T09:30:00.000Z');
    const delivery = await lambda.deliver(running);
    expect(delivery).toMatchObject({
      attempts: 1,
      result: { result: 'ignored', reason: 'no open fix for the service' },
    });
    expect(lambda.notifier.sent).toEqual([]);
    expect(account.calls).toEqual([]);
  });

  it('publishes nothing for a RUNNING task that no service started (a second rule would not send it)', async () => {
    const account = failing();
    const lambda = simulatedLambda(account, { deployment: AUTO_FIX_DEPLOYMENT });
    const running = runningEventOf(account.event(), 2, '2026-11-20T09:30:00.000Z') as {
      detail: Record<string, unknown>;
    };
    running.detail.group = 'family:checkout';
    expect((await lambda.deliver(running)).result).toMatchObject({ result: 'ignored' });
    expect(lambda.notifier.sent).toEqual([]);
    expect(account.calls).toEqual([]);
  });

  it.each(['PENDING', 'STOPPING'])(
    'publishes nothing for a %s task, and reads neither AWS nor its store',
    async (lastStatus) => {
      const account = failing();
      const lambda = simulatedLambda(account, { deployment: AUTO_FIX_DEPLOYMENT });
      const touched = spyOnStore(lambda.store);
      const event = account.event() as { detail: Record<string, unknown> };
      inState(lastStatus)(event.detail);
      expect((await lambda.deliver(event)).result).toEqual({
        result: 'ignored',
        cause: 'not-a-start-failure',
        reason: expect.stringMatching(
          new RegExp(`^the task (did not stop|has not stopped yet) \\(lastStatus ${lastStatus}\\)`),
        ),
      });
      expect(lambda.notifier.sent).toEqual([]);
      expect(account.calls).toEqual([]);
      expect(touched()).toBe(0);
    },
  );
});
