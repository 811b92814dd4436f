import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTask } from '../../src/sim/event.js';
import { loadScenario } from '../../src/sim/scenario.js';
import { sqsEventOf } from '../../src/sim/sqs-event.js';
import { buildArtefact } from '../support/artefact.js';
import {
  buildInMoto,
  createIncidentTable,
  MOTO_URL,
  motoEnv,
  resetMoto,
  withoutMoto,
} from '../support/moto.js';

/**
 * The SQS batch path end to end on moto, through the artefact osls deploys: EventBridge's
 * events sent to a real queue (with its dead-letter queue), received with ReceiveMessage and
 * shaped into the event Lambda's event source mapping gives the function, the handler
 * invoked, and what it reports done deleted, as the mapping does. Notices are read from a
 * queue subscribed to the topic.
 */
const VISIBILITY_SECONDS = 1;
/** Short, so that the next window's notice (which counts the storm's folds) comes within the test. */
const WINDOW_SECONDS = 8;
const MAX_RECEIVE_COUNT = 2;
type Handler = (event: unknown, context: Context) => Promise<unknown>;
const context = (n: number) =>
  ({
    awsRequestId: `req-batch-${n}`,
    functionName: 'ecs-pullfix-test',
    getRemainingTimeInMillis: () => 60_000,
  }) as unknown as Context;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

if (MOTO_URL === undefined) {
  withoutMoto('the SQS batch path on moto');
} else {
  const url = MOTO_URL;
  describe('the SQS batch path on moto', () => {
    const saved = { ...process.env };
    const sqs = () => new SQSClient({});
    let handler: Handler;
    let event: Record<string, unknown>;
    let eventsUrl: string;
    let eventsArn: string;
    let deadUrl: string;
    let noticesUrl: string;
    const arnOf = async (queueUrl: string) =>
      (await sqs().send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] })))
        .Attributes?.QueueArn ?? '';

    beforeAll(async () => {
      Object.assign(process.env, motoEnv(url), { POWERTOOLS_LOG_LEVEL: 'SILENT' });
      await resetMoto(url);
      ({ event } = await buildInMoto(loadScenario('no-egress-no-endpoints'), url));
      const topicArn =
        (await new SNSClient({}).send(new CreateTopicCommand({ Name: 'ecs-pullfix' }))).TopicArn ?? '';
      noticesUrl =
        (await sqs().send(new CreateQueueCommand({ QueueName: 'ecs-pullfix-notices' }))).QueueUrl ?? '';
      await new SNSClient({}).send(
        new SubscribeCommand({
          TopicArn: topicArn,
          Protocol: 'sqs',
          Endpoint: await arnOf(noticesUrl),
          Attributes: { RawMessageDelivery: 'true' },
        }),
      );
      deadUrl =
        (await sqs().send(new CreateQueueCommand({ QueueName: 'ecs-pullfix-ci-dlq' }))).QueueUrl ?? '';
      eventsUrl =
        (
          await sqs().send(
            new CreateQueueCommand({
              QueueName: 'ecs-pullfix-ci-events',
              Attributes: {
                VisibilityTimeout: String(VISIBILITY_SECONDS),
                RedrivePolicy: JSON.stringify({
                  deadLetterTargetArn: await arnOf(deadUrl),
                  maxReceiveCount: MAX_RECEIVE_COUNT,
                }),
              },
            }),
          )
        ).QueueUrl ?? '';
      eventsArn = await arnOf(eventsUrl);
      await createIncidentTable(new DynamoDBClient({}), 'ecs-pullfix-incidents');
      Object.assign(process.env, {
        ECS_PULLFIX_TOPIC_ARN: topicArn,
        ECS_PULLFIX_TABLE: 'ecs-pullfix-incidents',
        ECS_PULLFIX_WINDOW_SECONDS: String(WINDOW_SECONDS),
      });
      const { file } = await buildArtefact(mkdtempSync(join(tmpdir(), 'pullfix-artefact-')));
      ({ handler } = (await import(pathToFileURL(file).href)) as { handler: Handler });
    }, 60_000);

    afterAll(() => {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    });

    /** EventBridge's target: each event a message of the queue (10 to a SendMessageBatch). */
    const send = async (bodies: readonly unknown[]) => {
      for (let i = 0; i < bodies.length; i += 10) {
        const entries = bodies.slice(i, i + 10).map((b, j) => ({
          Id: `m${i + j}`,
          MessageBody: typeof b === 'string' ? b : JSON.stringify(b),
        }));
        const out = await sqs().send(new SendMessageBatchCommand({ QueueUrl: eventsUrl, Entries: entries }));
        expect(out.Failed ?? []).toEqual([]);
      }
    };
    /** What the event source mapping gathers for one batch: ReceiveMessage until `count` messages or the queue is dry. */
    const receive = async (queueUrl: string, count: number): Promise<Message[]> => {
      const messages: Message[] = [];
      for (let empty = 0; messages.length < count && empty < 3; ) {
        const out = await sqs().send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: Math.min(10, count - messages.length),
            MessageSystemAttributeNames: ['All'],
            MessageAttributeNames: ['All'],
            WaitTimeSeconds: 0,
          }),
        );
        if ((out.Messages ?? []).length === 0) empty++;
        messages.push(...(out.Messages ?? []));
      }
      return messages;
    };
    /** The messages as the mapping hands them to the function (src/sim/sqs-event.ts, from what moto returned). */
    const asLambdaEvent = (messages: readonly Message[]): SQSEvent =>
      sqsEventOf(
        messages.map((m) => ({
          messageId: m.MessageId ?? '',
          body: m.Body ?? '',
          receiptHandle: m.ReceiptHandle ?? '',
          receiveCount: Number(m.Attributes?.ApproximateReceiveCount ?? '1'),
          sentTimestamp: Number(m.Attributes?.SentTimestamp ?? '0'),
          firstReceiveTimestamp: Number(m.Attributes?.ApproximateFirstReceiveTimestamp ?? '0'),
          senderId: m.Attributes?.SenderId ?? '',
        })),
        eventsArn,
      );
    /** One invocation as the mapping makes it: the batch in, then every message not reported failed deleted. */
    let invocations = 0;
    const invoke = async (messages: readonly Message[]) => {
      const lambdaEvent = asLambdaEvent(messages);
      const response = (await handler(lambdaEvent, context(++invocations))) as SQSBatchResponse;
      const failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
      const done = messages.filter((m) => !failed.has(m.MessageId ?? ''));
      for (let i = 0; i < done.length; i += 10)
        await sqs().send(
          new DeleteMessageBatchCommand({
            QueueUrl: eventsUrl,
            Entries: done
              .slice(i, i + 10)
              .map((m, j) => ({ Id: String(j), ReceiptHandle: m.ReceiptHandle ?? '' })),
          }),
        );
      return { lambdaEvent, response };
    };
    const notices = async () =>
      (await receive(noticesUrl, 10)).map((m) => JSON.parse(m.Body ?? '{}') as Record<string, unknown>);

    it('a storm of 30 stops and a poisoned message: the poisoned one reported, the storm one notice', async () => {
      await send([...Array.from({ length: 15 }, (_, i) => withTask(event, i + 1)), 'not JSON {']);
      await send(Array.from({ length: 15 }, (_, i) => withTask(event, i + 16)));
      const batch = await receive(eventsUrl, 100);
      expect(batch).toHaveLength(31);
      const { lambdaEvent, response } = await invoke(batch);
      // Shaped as the mapping shapes it: moto's MD5 of each body is the record's.
      expect(lambdaEvent.Records.map((r) => r.md5OfBody)).toEqual(batch.map((m) => m.MD5OfBody));
      expect(lambdaEvent.Records[0]).toMatchObject({
        eventSource: 'aws:sqs',
        eventSourceARN: eventsArn,
        awsRegion: 'us-east-1',
      });
      const poisoned = batch.find((m) => m.Body === 'not JSON {')?.MessageId;
      expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: poisoned }] });
      const told = await notices();
      expect(told).toHaveLength(1);
      expect(told[0]).toMatchObject({
        outcome: 'action-needed',
        classification: { cause: 'network-timeout' },
      });
    }, 60_000);

    it('the next batch of the storm: folded, no notice; the poisoned message reported again', async () => {
      await send(Array.from({ length: 20 }, (_, i) => withTask(event, i + 31)));
      await sleep(VISIBILITY_SECONDS * 1000 + 200);
      const batch = await receive(eventsUrl, 100);
      // The poisoned message is back (its second receive), with the storm's next stops.
      expect(batch).toHaveLength(21);
      const again = batch.find((m) => m.Body === 'not JSON {');
      expect(again?.Attributes?.ApproximateReceiveCount).toBe('2');
      const { response } = await invoke(batch);
      expect(response.batchItemFailures).toEqual([{ itemIdentifier: again?.MessageId }]);
      expect(await notices()).toEqual([]);
    }, 60_000);

    it('the poisoned message, received as often as the queue allows, lands in the dead-letter queue', async () => {
      await sleep(VISIBILITY_SECONDS * 1000 + 200);
      expect(await receive(eventsUrl, 10)).toEqual([]);
      const dead = await receive(deadUrl, 10);
      expect(dead.map((m) => m.Body)).toEqual(['not JSON {']);
    }, 60_000);

    it('after the window, the next stop’s notice counts the storm’s 49 other stops folded', async () => {
      await sleep(WINDOW_SECONDS * 1000);
      await send([withTask(event, 51)]);
      const { response } = await invoke(await receive(eventsUrl, 100));
      expect(response.batchItemFailures).toEqual([]);
      const told = await notices();
      expect(told).toHaveLength(1);
      expect(told[0]).toMatchObject({ incident: { folded: 49 } });
    }, 60_000);
  });
}
