import { describe, expect, it } from 'vitest';
import { parseTaskStateChange, type StoppedTask } from '../../src/core/event.js';
import { type BatchItem, planBatch } from '../../src/pipeline/batch-plan.js';
import { SimulatedAccount } from '../../src/sim/account.js';
import { runningEventOf, withTask } from '../../src/sim/event.js';
import { loadScenario } from '../../src/sim/scenario.js';

/**
 * A batch's plan, decided on its events alone: on the stopped task of a scenario whose
 * start failure is diagnosed (no egress, no endpoints), its copies (other task numbers,
 * versions, services) and the RUNNING events of the same service.
 */
const base = new SimulatedAccount(loadScenario('no-egress-no-endpoints')).event();
type Detail = Record<string, unknown>;
const stopped = (n: number, change: (d: Detail) => void = () => {}): StoppedTask => {
  const event = withTask(base, n) as { detail: Detail };
  change(event.detail);
  return parseTaskStateChange(event);
};
const running = (n: number, createdAt: string): StoppedTask =>
  parseTaskStateChange(runningEventOf(base, n, createdAt));
const ofService = (name: string) => (d: Detail) => {
  d.group = `service:${name}`;
};
const ordinary = (d: Detail) => {
  d.stopCode = 'EssentialContainerExited';
  d.stoppedReason = 'Essential container in task exited';
  for (const c of d.containers as Detail[]) delete c.reason;
};
const items = (...tasks: StoppedTask[]): BatchItem[] =>
  tasks.map((task, i) => ({ messageId: `m${i + 1}`, task }));
/** The plan in a line a reader can check: each group's kind, tasks (by number) and messages. */
const summary = (tasks: readonly StoppedTask[]) => {
  const plan = planBatch(items(...tasks));
  const number = (t: StoppedTask) => Number.parseInt(t.taskArn.slice(-32), 16);
  return {
    groups: plan.groups.map((g) =>
      g.kind === 'stopped'
        ? `stopped ${g.cause} tasks ${g.tasks.map(number).join(',')} messages ${g.messageIds.join(',')}`
        : `running task ${number(g.task)} messages ${g.messageIds.join(',')}`,
    ),
    ignored: plan.ignored.map((i) => i.messageId),
  };
};

describe(planBatch.name, () => {
  it.each([
    [
      'a storm of one service: one group, in arrival order',
      [stopped(3), stopped(1), stopped(2)],
      ['stopped network-timeout tasks 3,1,2 messages m1,m2,m3'],
      [],
    ],
    [
      'a duplicate delivery (same task, same version): dropped, its message kept with the group',
      [stopped(1), stopped(2), stopped(1)],
      ['stopped network-timeout tasks 1,2 messages m1,m2,m3'],
      [],
    ],
    [
      'a later version of a task: another delivery, kept',
      [stopped(1), stopped(1, (d) => (d.version = 5))],
      ['stopped network-timeout tasks 1,1 messages m1,m2'],
      [],
    ],
    [
      'two services: two groups, in order of first arrival',
      [stopped(1, ofService('cart')), stopped(2), stopped(3, ofService('cart'))],
      ['stopped network-timeout tasks 1,3 messages m1,m3', 'stopped network-timeout tasks 2 messages m2'],
      [],
    ],
    [
      'an ordinary stop: ignored, costs nothing',
      [stopped(1, ordinary), stopped(2)],
      ['stopped network-timeout tasks 2 messages m2'],
      ['m1'],
    ],
    [
      'RUNNING tasks of one service: one check, with the task created last',
      [
        running(7, '2026-11-20T10:00:00.000Z'),
        running(8, '2026-11-20T10:05:00.000Z'),
        running(9, '2026-11-20T10:01:00.000Z'),
      ],
      ['running task 8 messages m1,m2,m3'],
      [],
    ],
    [
      'a stop and a RUNNING task of one service: handled apart',
      [stopped(1), running(2, '2026-11-20T10:00:00.000Z')],
      ['stopped network-timeout tasks 1 messages m1', 'running task 2 messages m2'],
      [],
    ],
  ])('plans %s', (_, tasks, groups, ignored) => {
    expect(summary(tasks)).toEqual({ groups, ignored });
  });

  it('groups one service’s stops apart when they stopped for different causes', () => {
    const plan = planBatch(
      items(
        stopped(1),
        stopped(2, (d) => {
          d.stoppedReason =
            'CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref 111122223333.dkr.ecr.us-east-1.amazonaws.com/checkout:v2: not found';
          for (const c of d.containers as Detail[]) delete c.reason;
        }),
      ),
    );
    expect(plan.groups.map((g) => g.kind === 'stopped' && g.cause)).toEqual([
      'network-timeout',
      'image-not-found',
    ]);
  });

  it('plans an empty batch as nothing to do', () => {
    expect(planBatch([])).toEqual({ groups: [], ignored: [] });
  });
});
