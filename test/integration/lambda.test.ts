import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DynamoDBClient, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { ECSClient, TagResourceCommand } from '@aws-sdk/client-ecs';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOTIFICATION_SCHEMA } from '../../src/core/present/index.js';
import { runningEventOf, withTask as withNthTask } from '../../src/sim/event.js';
import { loadScenario } from '../../src/sim/scenario.js';
import { buildArtefact } from '../support/artefact.js';
import { type Handler, lambdaContext } from '../support/lambda-context.js';
import {
  buildInMoto,
  createIncidentTable,
  MOTO_URL,
  motoEnv,
  resetMoto,
  withoutMoto,
} from '../support/moto.js';

/**
 * The Lambda end to end on moto, through the artefact it deploys (bundled as `osls package` bundles it): a VPC, a task definition, a
 * cluster, an SNS topic with an SQS subscription and the DynamoDB table; events in, and
 * what reaches the queue and the topic read back.
 */
const WINDOW_SECONDS = 4;
const context = lambdaContext('req-1');
const invocation = (n: number) => lambdaContext(`req-${n}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

if (MOTO_URL === undefined) {
  withoutMoto('the Lambda on moto');
} else {
  const url = MOTO_URL;
  describe('the Lambda on moto', () => {
    const saved = { ...process.env };
    let handler: Handler;
    let event: Record<string, unknown>;
    let queueUrl: string;
    let topicArn: string;
    const sqs = () => new SQSClient({});

    beforeAll(async () => {
      Object.assign(process.env, motoEnv(url), { POWERTOOLS_LOG_LEVEL: 'SILENT' });
      await resetMoto(url);
      ({ event } = await buildInMoto(loadScenario('no-egress-no-endpoints'), url));
      topicArn =
        (await new SNSClient({}).send(new CreateTopicCommand({ Name: 'ecs-pullfix' }))).TopicArn ?? '';
      queueUrl =
        (await sqs().send(new CreateQueueCommand({ QueueName: 'ecs-pullfix-notices' }))).QueueUrl ?? '';
      const queueArn = (
        await sqs().send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }))
      ).Attributes?.QueueArn;
      await new SNSClient({}).send(
        new SubscribeCommand({
          TopicArn: topicArn,
          Protocol: 'sqs',
          Endpoint: queueArn,
          Attributes: { RawMessageDelivery: 'true' },
        }),
      );
      const db = new DynamoDBClient({});
      await createIncidentTable(db, 'ecs-pullfix-incidents');
      await db.send(
        new UpdateTimeToLiveCommand({
          TableName: 'ecs-pullfix-incidents',
          TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        }),
      );
      Object.assign(process.env, {
        ECS_PULLFIX_TOPIC_ARN: topicArn,
        ECS_PULLFIX_TABLE: 'ecs-pullfix-incidents',
        ECS_PULLFIX_WINDOW_SECONDS: String(WINDOW_SECONDS),
      });
      // The artefact `osls package` ships, not the sources: bundled, minified, with the build's plugins.
      const { file } = await buildArtefact(mkdtempSync(join(tmpdir(), 'pullfix-artefact-')));
      ({ handler } = (await import(pathToFileURL(file).href)) as { handler: Handler });
    }, 60_000);

    afterAll(() => {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    });

    const received = async () => {
      const out = await sqs().send(
        new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
      );
      return (out.Messages ?? []).map((m) => JSON.parse(m.Body ?? '{}') as Record<string, unknown>);
    };
    const sentNotices = async () => {
      const data = (await (await fetch(`${url}/moto-api/data.json`)).json()) as {
        sns: { Topic: { sent_notifications: [string, string, string][] }[] };
      };
      return data.sns.Topic.flatMap((t) => t.sent_notifications).map(([, message, subject]) => ({
        subject,
        structure: JSON.parse(message) as Record<string, string>,
      }));
    };
    const withTask = (n: number) => withNthTask(event, n);

    it('an event in: the queue holds the JSON document, and the e-mail text reads as specified', async () => {
      const result = await handler(event, context);
      expect(result).toMatchObject({
        result: 'notified',
        cause: 'network-timeout',
        outcome: 'action-needed',
      });
      const [doc, ...rest] = await received();
      expect(rest).toEqual([]);
      expect(doc).toMatchObject({
        schema: NOTIFICATION_SCHEMA,
        mode: 'notify',
        outcome: 'action-needed',
        classification: { cause: 'network-timeout' },
      });
      const [notice] = await sentNotices();
      expect(notice?.subject).toBe(
        '[ecs-pullfix] task failed to start — prod-apps/checkout: network-timeout (ecr): no-egress-path',
      );
      const text = notice?.structure.email ?? '';
      expect(text).toBe(notice?.structure.default);
      for (const heading of [
        'WHAT FAILED',
        'WHY',
        'WHAT IS WRONG',
        'WHAT TO DO',
        'COMMANDS (copy, check, run)',
        'COST OF THE FIX',
      ]) {
        expect(text).toContain(`\n${heading}`);
      }
      expect(text).toContain(
        'Open the task in the console: https://us-east-1.console.aws.amazon.com/ecs/v2/clusters/prod-apps/tasks/',
      );
    });

    it('the same event again: nothing new', async () => {
      expect(await handler(event, context)).toMatchObject({ result: 'duplicate' });
      expect(await received()).toEqual([]);
      expect(await sentNotices()).toHaveLength(1);
    });

    it('100 concurrent events of one crash-looping service: one notice; the next window’s notice says how many were folded', async () => {
      await sleep(WINDOW_SECONDS * 1000 + 200);
      const results = await Promise.all(
        Array.from({ length: 100 }, (_, i) => handler(withTask(i + 1), invocation(i + 1))),
      );
      expect(results.filter((r) => r.result === 'notified')).toHaveLength(1);
      expect(results.filter((r) => r.result === 'folded')).toHaveLength(99);
      const first = await received();
      expect(first).toHaveLength(1);
      // Those that arrived while the first was diagnosed are folded into the first notice, the rest into the next.
      const foldedIntoFirst = Number((first[0]?.incident as { folded?: number } | undefined)?.folded ?? 0);

      await sleep(WINDOW_SECONDS * 1000 + 200);
      expect(await handler(withTask(101), invocation(101))).toMatchObject({ result: 'notified' });
      const [next] = await received();
      expect(next).toMatchObject({ incident: { folded: 99 - foldedIntoFirst } });
      const told = (await sentNotices()).slice(-2).map((n) => n.structure.email ?? '');
      const said = told.map((text) => Number(/(\d+) more stopped tasks? of it w/.exec(text)?.[1] ?? '0'));
      expect(said).toEqual([foldedIntoFirst, 99 - foldedIntoFirst]);
    }, 60_000);

    it('after an auto-fix, the next task of the service to run: one "resolved" notice, read from the queue', async () => {
      await new ECSClient({}).send(
        new TagResourceCommand({
          resourceArn: String((event.detail as { clusterArn: string }).clusterArn),
          tags: [{ key: 'ecs-pullfix:mode', value: 'auto-fix' }],
        }),
      );
      await sleep(WINDOW_SECONDS * 1000 + 200);
      await received();
      const fixed = await handler(withTask(300), invocation(300));
      expect(fixed).toMatchObject({ result: 'notified', outcome: expect.stringMatching(/fixed/) });
      await received();

      const createdAfterFix = new Date(Date.now() + 1_000).toISOString();
      const running = runningEventOf(event, 301, createdAfterFix);
      expect(await handler(running, invocation(301))).toMatchObject({ result: 'resolved' });
      expect(await handler(runningEventOf(event, 302, createdAfterFix), invocation(302))).toMatchObject({
        result: 'ignored',
        reason: 'no open fix for the service',
      });
      const docs = await received();
      expect(docs).toHaveLength(1);
      expect(docs[0]).toMatchObject({
        outcome: 'resolved',
        severity: 'info',
        resolved: { cause: 'network-timeout' },
      });
      const [notice] = (await sentNotices()).slice(-1);
      expect(notice?.subject).toBe(
        '[ecs-pullfix] resolved — prod-apps/checkout: network-timeout fixed, a task is RUNNING',
      );
    }, 60_000);

    it('drops an event that is not an ECS Task State Change, without retry', async () => {
      expect(
        await handler(
          { 'detail-type': 'EC2 Instance State-change Notification', source: 'aws.ec2', detail: {} },
          context,
        ),
      ).toMatchObject({
        outcome: 'invalid-event',
      });
    });
  });
}
