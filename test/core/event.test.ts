import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  notAnEventHint,
  notStoppedReason,
  parseDescribedTask,
  parseTaskStateChange,
} from '../../src/core/event.js';
import { INPUT_CAPS } from '../../src/core/untrusted.js';
import { InvalidEventError } from '../../src/errors.js';
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

describe(`${parseTaskStateChange.name}, on hostile input`, () => {
  /** The event of a task whose image layers could not be fetched: its reason quotes a presigned URL. */
  const layerTimeout = () =>
    exampleEvents().find((e) => e.name === 'network-s3-layer--starport-timeout')?.event as {
      detail: Record<string, unknown> & { containers: Record<string, unknown>[] };
    };
  const TOKEN = 'IQoJb3JpZ2luX2VjEGcaCXVzLWVhc3QtMSJHMEUCIQDh7vB2kT9x5Qn4ZJtq3ZyG1kq8pKx0y';

  it('keeps the presigned URL a stop reason quotes, without its session token', () => {
    const task = parseTaskStateChange(layerTimeout());
    expect(task.stoppedReason).toBe(
      'CannotPullContainerError: ref pull has been retried 5 time(s): failed to copy: httpReadSeeker: failed open: failed to do request: Get "https://prod-us-east-1-starport-layer-bucket.s3.us-east-1.amazonaws.com/d2c5f1-111122223333-5a1e3c0b-7f52-1d3e-3c8d-0f2b9a6e4d11/2b7a4e1c-3f9d-4a8e-b6c5-1d0e9f8a7b6c?X-Amz-Security-Token=[redacted]": dial tcp 52.217.161.49:443: i/o timeout',
    );
  });

  it("reads a dual-stack task's IPv6 address from its ENI attachment", () => {
    const event = stopped();
    event.detail.attachments = [
      {
        type: 'eni',
        status: 'DELETED',
        details: [
          { name: 'subnetId', value: 'subnet-0d1e2f3a4b5c6d7e8' },
          { name: 'networkInterfaceId', value: 'eni-0a1b2c3d4e5f60718' },
          { name: 'privateIPv4Address', value: '10.0.1.57' },
          { name: 'privateIPv6Address', value: '2600:1f18:1234:5601:8c3d:2a1b:9e4f:10aa' },
        ],
      },
    ];
    expect(parseTaskStateChange(event).eni).toEqual({
      subnetId: 'subnet-0d1e2f3a4b5c6d7e8',
      networkInterfaceId: 'eni-0a1b2c3d4e5f60718',
      privateIPv4Address: '10.0.1.57',
      privateIPv6Address: '2600:1f18:1234:5601:8c3d:2a1b:9e4f:10aa',
    });
  });

  it('reads the container instance an EC2 task in bridge mode ran on, which has no ENI of its own', () => {
    const event = stopped();
    event.detail.attachments = [];
    event.detail.launchType = 'EC2';
    event.detail.containerInstanceArn =
      'arn:aws:ecs:us-east-1:111122223333:container-instance/prod-apps/5a8c1e2b9f7d4c6a8e0b3d1f2a4c6e8b';
    const task = parseTaskStateChange(event);
    expect(task.containerInstanceArn).toBe(
      'arn:aws:ecs:us-east-1:111122223333:container-instance/prod-apps/5a8c1e2b9f7d4c6a8e0b3d1f2a4c6e8b',
    );
    expect(task.eni).toEqual({});
  });

  it('reads the capacity provider of a task on Managed Instances', () => {
    const event = stopped();
    event.detail.launchType = 'MANAGED_INSTANCES';
    event.detail.capacityProviderName = 'ledger-mi';
    const task = parseTaskStateChange(event);
    expect(task.launchType).toBe('MANAGED_INSTANCES');
    expect(task.capacityProviderName).toBe('ledger-mi');
  });

  it('cuts an overlong capacity provider name as it parses it (ECS allows 255 characters)', () => {
    const event = stopped();
    event.detail.capacityProviderName = 'p'.repeat(100_000);
    expect(parseTaskStateChange(event).capacityProviderName?.length).toBeLessThanOrEqual(
      INPUT_CAPS.shortChars,
    );
  });

  it('refuses a container instance that is not an ECS ARN, naming the field', () => {
    const event = stopped();
    event.detail.containerInstanceArn = 'i-0d6e5f4a3b2c1d0e9';
    expect(() => parseTaskStateChange(event)).toThrow(
      /containerInstanceArn must be an ECS container instance ARN/,
    );
  });

  it("redacts the credentials of a presigned URL in a container's reason", () => {
    const event = layerTimeout();
    const [app] = event.detail.containers;
    if (app)
      app.reason = `CannotPullContainerError: Get https://b.s3.amazonaws.com/k?X-Amz-Security-Token=${TOKEN}&X-Amz-Signature=5d672d79c15b: i/o timeout`;
    expect(parseTaskStateChange(event).containers[0]?.reason).toBe(
      'CannotPullContainerError: Get https://b.s3.amazonaws.com/k?X-Amz-Security-Token=[redacted]&X-Amz-Signature=[redacted]: i/o timeout',
    );
  });

  it('cuts every string to its cap, whatever the length of each field', () => {
    const long = fc.integer({ min: 0, max: 40_000 }).map((n) => 'x'.repeat(n));
    fc.assert(
      fc.property(
        fc.record({ reason: long, image: long, name: long, status: long, group: long, detail: long }),
        fc.integer({ min: 0, max: 300 }),
        (v, containers) => {
          const event = layerTimeout();
          Object.assign(event.detail, {
            stoppedReason: v.reason,
            lastStatus: v.status,
            group: v.group,
            stopCode: v.status,
            startedBy: v.name,
            containers: Array.from({ length: containers }, () => ({
              name: v.name,
              image: v.image,
              reason: v.reason,
            })),
            attachments: [{ type: 'eni', details: [{ name: 'subnetId', value: v.detail }] }],
          });
          const task = parseTaskStateChange(event);
          expect(task.stoppedReason?.length).toBe(Math.min(v.reason.length, INPUT_CAPS.reasonChars));
          expect(task.lastStatus.length).toBe(Math.min(v.status.length, INPUT_CAPS.shortChars));
          expect(task.group?.length).toBe(Math.min(v.group.length, INPUT_CAPS.shortChars));
          expect(task.startedBy?.length).toBe(Math.min(v.name.length, INPUT_CAPS.shortChars));
          expect(task.containers.length).toBe(Math.min(containers, INPUT_CAPS.listItems));
          for (const c of task.containers) {
            expect(c.name.length).toBeLessThanOrEqual(INPUT_CAPS.shortChars);
            expect(c.image?.length).toBe(Math.min(v.image.length, INPUT_CAPS.imageChars));
            expect(c.reason?.length).toBe(Math.min(v.reason.length, INPUT_CAPS.reasonChars));
          }
          expect(task.eni.subnetId?.length).toBe(Math.min(v.detail.length, INPUT_CAPS.shortChars));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses a task ARN longer than any AWS allows, naming the field', () => {
    const event = layerTimeout();
    event.detail.taskArn = `arn:aws:ecs:us-east-1:111122223333:task/prod-apps/${'f'.repeat(3_000)}`;
    expect(() => parseTaskStateChange(event)).toThrow(InvalidEventError);
    expect(() => parseTaskStateChange(event)).toThrow(
      /detail\.taskArn must be an ECS task ARN of at most 2048 characters/,
    );
  });

  it('reads a DescribeTasks answer under the same caps and redaction', () => {
    const [task] = describeTasks().tasks;
    const reason = `CannotPullContainerError: Get https://b.s3.amazonaws.com/k?X-Amz-Security-Token=${TOKEN} ${'A'.repeat(100_000)}`;
    const parsed = parseDescribedTask({ ...task, stoppedReason: reason }, 'us-east-1');
    expect(
      parsed.stoppedReason?.startsWith(
        'CannotPullContainerError: Get https://b.s3.amazonaws.com/k?X-Amz-Security-Token=[redacted] AAAA',
      ),
    ).toBe(true);
    expect(parsed.stoppedReason?.length).toBeLessThanOrEqual(INPUT_CAPS.reasonChars);
  });
});
