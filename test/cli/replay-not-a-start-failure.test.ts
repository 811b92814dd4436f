import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { exampleEvents, ROOT } from '../support/fixtures.js';

/**
 * `replay` on what is not a start failure, in-process: a RUNNING task is "nothing to
 * diagnose" (exit 0, no AWS call: the endpoint below answers nothing, so a call would fail);
 * describe-tasks output or an event's bare detail gets one sentence saying what to use
 * instead (252); an event from another account is refused for auto-fix (253).
 */
const sts = mockClient(STSClient);
const ENV = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  // Nothing listens there: any call that reached the wire would fail the command.
  AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
};
const dir = mkdtempSync(join(tmpdir(), 'pullfix-replay-'));
const save = (name: string, value: unknown) => {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(value, null, 2));
  return file;
};
const RUNNING = `${ROOT}events/other/running--checkout-task-started.json`;
const DESCRIBE_TASKS = `${ROOT}test/fixtures/describe-tasks.json`;
const stopped = () =>
  exampleEvents().find((e) => e.name === 'network-timeout--ecr-pull-i-o-timeout')?.event as {
    account: string;
    detail: Record<string, unknown>;
  };

describe('ecs-pullfix replay, on events that are not start failures', () => {
  // The SDK's credential chain reads the process's environment, as the installed command's does.
  const saved = { ...process.env };
  beforeAll(() => {
    Object.assign(process.env, ENV);
  });
  afterAll(() => {
    for (const key of Object.keys(ENV)) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });
  beforeEach(() => {
    sts.reset();
    sts.on(GetCallerIdentityCommand).resolves({ Account: '111122223333' });
  });

  it('says a RUNNING task is nothing to diagnose, on one line, exit 0, asking AWS nothing', async () => {
    const { code, stdout, stderr } = await runCli(['replay', RUNNING], '', ENV);
    expect({ code, stdout, stderr }).toEqual({
      code: 0,
      stdout:
        'task 3c9e1f0b7d2a4e6f8a1b5c7d9e0f2a4b (prod-apps): the task did not stop (lastStatus RUNNING): nothing to diagnose\n',
      stderr: '',
    });
    expect(sts.calls()).toHaveLength(0);
  });

  it('publishes nothing for a RUNNING task, with the Lambda’s topic and table set', async () => {
    const env = {
      ...ENV,
      ECS_PULLFIX_TOPIC_ARN: 'arn:aws:sns:us-east-1:111122223333:ecs-pullfix',
      ECS_PULLFIX_TABLE: 'ecs-pullfix-incidents',
    };
    const { code, stdout } = await runCli(['replay', RUNNING, '--mode', 'auto-fix', '--yes'], '', env);
    expect(code).toBe(0);
    expect(stdout).toContain('nothing to diagnose');
  });

  it('--json: a document that says there is nothing to diagnose, and why', async () => {
    const { code, stdout } = await runCli(['replay', RUNNING, '--json'], '', ENV);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      nothingToDiagnose: 'the task did not stop (lastStatus RUNNING): nothing to diagnose',
      classification: expect.objectContaining({ cause: 'not-a-start-failure' }),
      findings: [],
      // Nothing was inspected: none of AWS's checks was answered.
      checks: [],
      actions: [],
      notification: null,
    });
  });

  it('sends the output of aws ecs describe-tasks to diagnose, with its cluster and task (252)', async () => {
    const { code, stdout, stderr } = await runCli(['replay', DESCRIBE_TASKS], '', ENV);
    expect({ code, stdout, stderr }).toEqual({
      code: 252,
      stdout: '',
      stderr: `ecs-pullfix: ${DESCRIBE_TASKS} is the output of aws ecs describe-tasks, not an EventBridge event: run ecs-pullfix diagnose --cluster prod-apps --task afbc389a718d1185456c1b06e2f1b232 instead\n`,
    });
  });

  it('asks for the whole event when given its bare detail (252)', async () => {
    const file = save('detail.json', stopped().detail);
    const { code, stderr } = await runCli(['replay', file], '', ENV);
    expect(code).toBe(252);
    expect(stderr).toBe(
      `ecs-pullfix: ${file} is the detail of an ECS Task State Change event, not the whole event: replay the whole event (with its detail-type, source, account and region), or run ecs-pullfix diagnose --cluster prod-apps --task afbc389a718d1185456c1b06e2f1b232 while ECS remembers the task\n`,
    );
  });

  it('sends one task of describe-tasks to diagnose (252)', async () => {
    const { tasks } = JSON.parse(readFileSync(DESCRIBE_TASKS, 'utf8')) as { tasks: unknown[] };
    const file = save('task.json', tasks[0]);
    const { code, stderr } = await runCli(['replay', file], '', ENV);
    expect(code).toBe(252);
    expect(stderr).toMatch(
      /^ecs-pullfix: \S+task\.json is a task from aws ecs describe-tasks, not an EventBridge event: run ecs-pullfix diagnose --cluster prod-apps --task afbc389a718d1185456c1b06e2f1b232 instead\n$/,
    );
  });

  it('refuses auto-fix on an event from another account than the credentials’ (253), before any read', async () => {
    sts.on(GetCallerIdentityCommand).resolves({ Account: '444455556666' });
    const { code, stdout, stderr } = await runCli(
      ['replay', save('stopped.json', stopped()), '--mode', 'auto-fix', '--yes'],
      '',
      ENV,
    );
    expect({ code, stdout, stderr }).toEqual({
      code: 253,
      stdout: '',
      stderr:
        "ecs-pullfix: the event is from account 111122223333, but the credentials are for 444455556666: reads will fail or describe another account's resources; use a profile of account 111122223333 (auto-fix writes only in the task's own account)\n",
    });
    expect(sts.calls()).toHaveLength(1);
  });
});
