import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { notAnEventHint, notStoppedReason, parseTaskStateChange } from '../../src/core/event.js';
import { exampleEvents, ROOT } from '../support/fixtures.js';

const json = (path: string) => JSON.parse(readFileSync(`${ROOT}${path}`, 'utf8')) as Record<string, unknown>;
/** `aws ecs describe-tasks --cluster prod-apps --tasks …` of the task that failed to pull its image. */
const describeTasks = () => json('test/fixtures/describe-tasks.json') as { tasks: Record<string, unknown>[] };
const running = () => json('events/other/running--checkout-task-started.json');
const stopped = () =>
  exampleEvents().find((e) => e.name === 'network-timeout--ecr-pull-i-o-timeout')?.event as {
    detail: Record<string, unknown>;
  };
/** Not a control character, nor a line or paragraph separator. */
const printable = (c: string) => {
  const n = c.codePointAt(0) ?? 0;
  return n >= 0x20 && !(n >= 0x7f && n <= 0x9f) && n !== 0x2028 && n !== 0x2029;
};
const DIAGNOSE = 'ecs-pullfix diagnose --cluster prod-apps --task afbc389a718d1185456c1b06e2f1b232';

describe(notStoppedReason.name, () => {
  it('says a RUNNING task did not stop', () => {
    expect(notStoppedReason(parseTaskStateChange(running()))).toBe(
      'the task did not stop (lastStatus RUNNING): nothing to diagnose',
    );
  });

  it.each(['PROVISIONING', 'PENDING', 'ACTIVATING'])('says a %s task did not stop', (lastStatus) => {
    expect(notStoppedReason({ lastStatus })).toBe(
      `the task did not stop (lastStatus ${lastStatus}): nothing to diagnose`,
    );
  });

  it.each(['DEACTIVATING', 'STOPPING', 'DEPROVISIONING'])(
    'says a %s task is not stopped yet, and when to look',
    (lastStatus) => {
      expect(notStoppedReason({ lastStatus })).toBe(
        `the task has not stopped yet (lastStatus ${lastStatus}): nothing to diagnose until it is STOPPED`,
      );
    },
  );

  it('has nothing to say of a STOPPED task', () => {
    expect(notStoppedReason(parseTaskStateChange(stopped()))).toBeUndefined();
  });

  it('keeps a status that is not ECS’s on one short line', () => {
    expect(notStoppedReason({ lastStatus: `RUNNING\n\u001b[31mSTOPPED${'x'.repeat(500)}` })).toBe(
      'the task did not stop (lastStatus "RUNNING??[31mSTOPPEDxxxxxxxxxxxx"): nothing to diagnose',
    );
  });
});

describe(notAnEventHint.name, () => {
  it('sends the output of aws ecs describe-tasks to diagnose, with its cluster and task', () => {
    expect(notAnEventHint(describeTasks(), 'task.json')).toBe(
      `task.json is the output of aws ecs describe-tasks, not an EventBridge event: run ${DIAGNOSE} instead`,
    );
  });

  it('says which task it names when the output holds several', () => {
    const doc = describeTasks();
    const other = { ...doc.tasks[0], taskArn: 'arn:aws:ecs:us-east-1:111122223333:task/prod-apps/0f0f' };
    expect(notAnEventHint({ ...doc, tasks: [...doc.tasks, other] }, 'tasks.json')).toBe(
      `tasks.json is the output of aws ecs describe-tasks, not an EventBridge event: run ${DIAGNOSE} (for the first of its 2 tasks) instead`,
    );
  });

  it('tells an output that holds no task (ECS forgot it) to replay the event', () => {
    const missing = {
      tasks: [],
      failures: [{ arn: 'arn:aws:ecs:us-east-1:111122223333:task/prod-apps/afbc', reason: 'MISSING' }],
    };
    expect(notAnEventHint(missing, 'task.json')).toBe(
      "task.json is the output of aws ecs describe-tasks and holds no task (ECS forgets a stopped task about an hour after it stops), not an EventBridge event: replay the task's ECS Task State Change event instead",
    );
  });

  it('knows one task of describe-tasks (--query tasks[0]) and its list (--query tasks)', () => {
    const [task] = describeTasks().tasks;
    expect(notAnEventHint(task, 'task.json')).toBe(
      `task.json is a task from aws ecs describe-tasks, not an EventBridge event: run ${DIAGNOSE} instead`,
    );
    expect(notAnEventHint([task], 'tasks.json')).toBe(
      `tasks.json holds tasks from aws ecs describe-tasks, not an EventBridge event: run ${DIAGNOSE} instead`,
    );
  });

  it('asks for the whole event when given its bare detail', () => {
    expect(notAnEventHint(stopped().detail, 'detail.json')).toBe(
      `detail.json is the detail of an ECS Task State Change event, not the whole event: replay the whole event (with its detail-type, source, account and region), or run ${DIAGNOSE} while ECS remembers the task`,
    );
  });

  it('finds the cluster in a task ARN when the task has no clusterArn', () => {
    const { clusterArn: _, ...task } = describeTasks().tasks[0] ?? {};
    expect(notAnEventHint(task, 'task.json')).toContain(DIAGNOSE);
  });

  it('prints no name from the file that is not a plain name: shell variables to fill in instead', () => {
    const [task] = describeTasks().tasks;
    const hostile = { ...task, clusterArn: 'arn:aws:ecs:us-east-1:111122223333:cluster/prod\n$(rm -rf ~)' };
    expect(notAnEventHint(hostile, 'task.json')).toBe(
      'task.json is a task from aws ecs describe-tasks, not an EventBridge event: run ecs-pullfix diagnose --cluster "$CLUSTER" --task "$TASK" (the task\'s cluster and id) instead',
    );
  });

  it('leaves events, and whatever is not near one, to the event parser', () => {
    for (const { event } of exampleEvents()) expect(notAnEventHint(event, 'e.json')).toBeUndefined();
    expect(notAnEventHint(running(), 'e.json')).toBeUndefined();
    for (const other of [null, 42, 'text', [], [1, 2], {}, { tasks: 'x' }, { taskArn: 'a' }])
      expect(notAnEventHint(other, 'e.json')).toBeUndefined();
  });

  it('never throws, and says at most one line without control characters, for any JSON', () => {
    const text = fc.string({ unit: 'binary', maxLength: 60 });
    const taskish = fc.record(
      { taskArn: text, lastStatus: text, clusterArn: fc.oneof(text, fc.jsonValue()), updatedAt: text },
      { requiredKeys: ['taskArn', 'lastStatus'] },
    );
    const near = fc.oneof(
      fc.jsonValue(),
      taskish,
      fc.array(taskish, { maxLength: 3 }),
      fc.record({
        tasks: fc.array(fc.oneof(taskish, fc.jsonValue()), { maxLength: 3 }),
        failures: fc.jsonValue(),
      }),
    );
    fc.assert(
      fc.property(near, (value) => {
        const hint = notAnEventHint(value, 'f.json');
        expect(hint === undefined || [...hint].every(printable)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
