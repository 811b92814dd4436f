import { describe, expect, it } from 'vitest';
import { SimulatedAccount } from '../../src/sim/account.js';
import { nthTaskArn } from '../../src/sim/event.js';
import { loadScenario } from '../../src/sim/scenario.js';
import { lambdaLike } from '../support/incidents.js';

const failing = () => new SimulatedAccount(loadScenario('no-egress-no-endpoints'));
const taskNumber = (n: number) => (d: Record<string, unknown>) => {
  d.taskArn = nthTaskArn(String(d.taskArn), n);
};

describe('one stopped-task event, handled as the Lambda handles it', () => {
  it('tells the first event of an incident', async () => {
    const { handle, notifier } = lambdaLike(failing());
    expect((await handle()).kind).toBe('notified');
    expect(notifier.sent).toHaveLength(1);
  });

  it('absorbs a duplicate delivery of the same task and event version', async () => {
    const { handle, notifier } = lambdaLike(failing());
    await handle();
    expect((await handle()).kind).toBe('duplicate');
    expect(notifier.sent).toHaveLength(1);
  });

  it('takes a later version of the same task for a new delivery (then folds it into the incident)', async () => {
    const { handle } = lambdaLike(failing());
    await handle();
    expect((await handle((d) => (d.version = 5))).kind).toBe('folded');
  });

  it('never tells an ordinary stop', async () => {
    const account = failing();
    const { handle, notifier } = lambdaLike(account);
    const handled = await handle((d) => {
      d.stopCode = 'EssentialContainerExited';
      d.stoppedReason = 'Essential container in task exited';
    });
    expect(handled).toMatchObject({ kind: 'ignored', classification: { cause: 'not-a-start-failure' } });
    expect(notifier.sent).toEqual([]);
    expect(account.calls).toEqual([]);
  });

  it('folds 100 stopped tasks of a crash-looping service into one notice, reading AWS for the first only', async () => {
    const account = failing();
    const { handle, notifier } = lambdaLike(account);
    const results = [];
    for (let i = 1; i <= 100; i++) results.push(await handle(taskNumber(i)));
    expect(results.filter((r) => r.kind === 'notified')).toHaveLength(1);
    expect(results.filter((r) => r.kind === 'folded' && r.stops === 1)).toHaveLength(99);
    expect(notifier.sent).toHaveLength(1);
    expect(account.calls.filter((c) => c.operation === 'ec2:DescribeSubnets').length).toBe(1);
  });

  it('says in the next window’s notice how many stopped tasks were folded', async () => {
    const { handle, notifier, clock } = lambdaLike(failing());
    for (let i = 1; i <= 12; i++) await handle(taskNumber(i));
    clock.advance(3601);
    const next = await handle(taskNumber(13));
    expect(next.kind).toBe('notified');
    expect(notifier.sent).toHaveLength(2);
    const doc = notifier.documents()[1] as { incident: { folded: number } };
    expect(doc.incident.folded).toBe(11);
    expect(JSON.parse(notifier.sent[1]?.message ?? '{}').email).toContain(
      '11 more stopped tasks of it were folded into this notice since the last one',
    );
  });

  it('fixes an incident once: in the next window it does not repeat the fix, and tells that it did not', async () => {
    const account = failing();
    const { handle, clock } = lambdaLike(account, 'auto-fix');
    const first = await handle(taskNumber(1));
    expect(first.kind === 'notified' && first.notification.attributes.outcome).toBe('fixed');
    const writes = account.writes.length;
    clock.advance(10);
    // The path is whole now; a new failure of the same service is a new incident (path-ok), with nothing to write.
    await handle(taskNumber(2));
    expect(account.writes.length).toBe(writes);
  });

  it('when SNS fails: the invocation fails, and the retry sends the notice it built, without repeating the fix', async () => {
    const account = failing();
    const { handle, notifier } = lambdaLike(account, 'auto-fix');
    notifier.failing = true;
    await expect(handle()).rejects.toThrow(/SNS is unavailable/);
    const writesBefore = account.writes.length;
    expect(writesBefore).toBeGreaterThan(0);
    notifier.failing = false;
    const retry = await handle();
    expect(retry.kind).toBe('resent');
    expect(account.writes.length).toBe(writesBefore);
    expect(notifier.sent).toHaveLength(1);
    expect(notifier.sent[0]?.attributes.outcome).toBe('fixed');
    expect((await handle()).kind).toBe('duplicate');
  });
});

describe('a failure before the notice is built', () => {
  it('gives the delivery back, so that the retry does the whole work', async () => {
    const account = new SimulatedAccount(loadScenario('no-egress-no-endpoints'), {
      faults: [{ operation: 'ec2:DescribeRouteTables', kind: 'throttled', times: 1 }],
    });
    const { handle, notifier } = lambdaLike(account);
    await expect(handle()).rejects.toMatchObject({ kind: 'throttled' });
    expect((await handle()).kind).toBe('notified');
    expect(notifier.sent).toHaveLength(1);
  });
});
