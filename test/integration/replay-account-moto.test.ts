import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { DescribeVpcEndpointsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { beforeAll, describe, expect, it } from 'vitest';
import { runningEventOf } from '../../src/sim/event.js';
import { loadScenario } from '../../src/sim/scenario.js';
import { runCli } from '../support/cli.js';
import {
  buildInMoto,
  createIncidentTable,
  MOTO_ACCOUNT,
  MOTO_URL,
  motoEnv,
  resetMoto,
  useProcessEnv,
  withoutMoto,
} from '../support/moto.js';

/**
 * `replay` on moto (whose credentials are always account 123456789012), for events that
 * are not the credentials' account's or not start failures: the account is asked of STS once
 * and a difference said (auto-fix refused); a RUNNING task publishes nothing and keeps
 * nothing, though the Lambda's topic and table are set.
 */
const OTHER_ACCOUNT = '111122223333';
type Doc = { findings: { id: string }[]; nothingToDiagnose?: string };
const findingIds = (stdout: string) =>
  (JSON.parse(stdout) as Doc).findings.map((f) => f.id).filter((id) => id !== 'not-checked');

if (MOTO_URL === undefined) {
  withoutMoto('replay on moto, across accounts');
} else {
  const url = MOTO_URL;
  describe('replay on moto, across accounts', () => {
    useProcessEnv(motoEnv(url));
    const dir = mkdtempSync(join(tmpdir(), 'pullfix-account-'));
    let event: Record<string, unknown>;
    const save = (name: string, value: unknown) => {
      const file = join(dir, name);
      writeFileSync(file, JSON.stringify(value));
      return file;
    };

    beforeAll(async () => {
      await resetMoto(url);
      ({ event } = await buildInMoto(loadScenario('no-egress-no-endpoints'), url));
    }, 60_000);

    it('says an event of another account is not the credentials’, and still diagnoses what it can read', async () => {
      expect(event.account).toBe(MOTO_ACCOUNT);
      const own = await runCli(['replay', save('own.json', event), '--json'], '', motoEnv(url));
      expect(own.stderr).toBe('');

      const other = await runCli(
        ['replay', save('other.json', { ...event, account: OTHER_ACCOUNT }), '--json'],
        '',
        motoEnv(url),
      );
      expect(other.stderr).toBe(
        `ecs-pullfix: warning: the event is from account ${OTHER_ACCOUNT}, but the credentials are for ${MOTO_ACCOUNT}: reads will fail or describe another account's resources; use a profile of account ${OTHER_ACCOUNT}\n`,
      );
      expect(other.code).toBe(0);
      // The ids in the event are moto's own, so the reads find them: the same diagnosis.
      expect(findingIds(other.stdout)).toEqual(findingIds(own.stdout));
      expect(findingIds(own.stdout)).toContain('no-egress-path');
    });

    it('refuses auto-fix for an event of another account, and writes nothing', async () => {
      const { code, stdout, stderr } = await runCli(
        ['replay', save('other.json', { ...event, account: OTHER_ACCOUNT }), '--mode', 'auto-fix', '--yes'],
        '',
        motoEnv(url),
      );
      expect({ code, stdout }).toEqual({ code: 253, stdout: '' });
      expect(stderr).toMatch(
        new RegExp(
          `^ecs-pullfix: the event is from account ${OTHER_ACCOUNT}, but the credentials are for ${MOTO_ACCOUNT}: .*\\(auto-fix writes only in the task's own account\\)\\n$`,
        ),
      );
      const endpoints = await new EC2Client({}).send(new DescribeVpcEndpointsCommand({}));
      expect(endpoints.VpcEndpoints ?? []).toEqual([]);
    });

    it('goes on, saying so, when STS cannot be asked', async () => {
      const env = { ...motoEnv(url), AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:9' };
      const { code, stdout, stderr } = await runCli(['replay', save('own.json', event), '--json'], '', env);
      expect(code).toBe(0);
      expect(stderr).toMatch(
        /^ecs-pullfix: warning: could not check which account the credentials are for \(.*sts:GetCallerIdentity.*\); going on\n$/,
      );
      expect(findingIds(stdout)).toContain('no-egress-path');
    }, 30_000);

    it('publishes nothing and keeps nothing for a RUNNING task, with the Lambda’s topic and table set', async () => {
      const topicArn =
        (await new SNSClient({}).send(new CreateTopicCommand({ Name: 'ecs-pullfix' }))).TopicArn ?? '';
      const db = new DynamoDBClient({});
      await createIncidentTable(db, 'ecs-pullfix-incidents');
      const env = {
        ...motoEnv(url),
        ECS_PULLFIX_TOPIC_ARN: topicArn,
        ECS_PULLFIX_TABLE: 'ecs-pullfix-incidents',
      };
      const running = runningEventOf(event, 2, new Date().toISOString());
      const { code, stdout, stderr } = await runCli(
        ['replay', save('running.json', running), '--json'],
        '',
        env,
      );
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
      expect((JSON.parse(stdout) as Doc).nothingToDiagnose).toBe(
        'the task did not stop (lastStatus RUNNING): nothing to diagnose',
      );
      const data = (await (await fetch(`${url}/moto-api/data.json`)).json()) as {
        sns: { Topic: { sent_notifications: unknown[] }[] };
      };
      expect(data.sns.Topic.flatMap((t) => t.sent_notifications)).toEqual([]);
      expect((await db.send(new ScanCommand({ TableName: 'ecs-pullfix-incidents' }))).Items).toEqual([]);
    });
  });
}
