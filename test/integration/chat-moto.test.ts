import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateTopicCommand, DeleteTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOTIFICATION_SCHEMA } from '../../src/core/present/index.js';
import { withTask } from '../../src/sim/event.js';
import { loadScenario } from '../../src/sim/scenario.js';
import { buildArtefact } from '../support/artefact.js';
import { chatOf } from '../support/chat.js';
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
 * Notices in a chat channel on moto, through the artefact the stack deploys: with
 * ECS_PULLFIX_CHAT_TOPIC_ARN set (chat=true), a stopped task's notice reaches the main topic's
 * subscriber as before and the chat topic's subscriber (an SQS queue standing in for Amazon Q
 * Developer in chat applications) as the custom notification, the whole message body.
 */
const context = (n: number) => lambdaContext(`req-${n}`);

if (MOTO_URL === undefined) {
  withoutMoto('chat notices on moto');
} else {
  const url = MOTO_URL;
  describe('chat notices on moto', () => {
    const saved = { ...process.env };
    let handler: Handler;
    let event: Record<string, unknown>;
    let chatTopicArn: string;
    const queues: Record<'main' | 'chat', string> = { main: '', chat: '' };
    const sqs = () => new SQSClient({});
    const sns = () => new SNSClient({});

    /** A topic with a queue subscribed (raw delivery: the queue's message is the SNS message). */
    async function topicWithQueue(name: string): Promise<{ topicArn: string; queueUrl: string }> {
      const topicArn = (await sns().send(new CreateTopicCommand({ Name: name }))).TopicArn ?? '';
      const queueUrl =
        (await sqs().send(new CreateQueueCommand({ QueueName: `${name}-queue` }))).QueueUrl ?? '';
      const queueArn = (
        await sqs().send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }))
      ).Attributes?.QueueArn;
      await sns().send(
        new SubscribeCommand({
          TopicArn: topicArn,
          Protocol: 'sqs',
          Endpoint: queueArn,
          Attributes: { RawMessageDelivery: 'true' },
        }),
      );
      return { topicArn, queueUrl };
    }

    beforeAll(async () => {
      Object.assign(process.env, motoEnv(url), { POWERTOOLS_LOG_LEVEL: 'SILENT' });
      await resetMoto(url);
      ({ event } = await buildInMoto(loadScenario('no-egress-no-endpoints'), url));
      const main = await topicWithQueue('ecs-pullfix');
      const chat = await topicWithQueue('ecs-pullfix-chat');
      queues.main = main.queueUrl;
      queues.chat = chat.queueUrl;
      chatTopicArn = chat.topicArn;
      await createIncidentTable(new DynamoDBClient({}), 'ecs-pullfix-incidents');
      Object.assign(process.env, {
        ECS_PULLFIX_TOPIC_ARN: main.topicArn,
        ECS_PULLFIX_CHAT_TOPIC_ARN: chat.topicArn,
        ECS_PULLFIX_TABLE: 'ecs-pullfix-incidents',
      });
      const { file } = await buildArtefact(mkdtempSync(join(tmpdir(), 'pullfix-artefact-')));
      ({ handler } = (await import(pathToFileURL(file).href)) as { handler: Handler });
    }, 90_000);

    afterAll(() => {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    });

    const received = async (queue: 'main' | 'chat') => {
      const out = await sqs().send(
        new ReceiveMessageCommand({ QueueUrl: queues[queue], MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
      );
      return (out.Messages ?? []).map((m) => m.Body ?? '');
    };

    it('publishes the notice to the main topic, and its custom notification to the chat topic', async () => {
      expect(await handler(event, context(1))).toMatchObject({ result: 'notified' });
      const [main, ...moreMain] = await received('main');
      expect(moreMain).toEqual([]);
      expect(JSON.parse(main ?? '{}')).toMatchObject({
        schema: NOTIFICATION_SCHEMA,
        outcome: 'action-needed',
      });
      const [chat, ...moreChat] = await received('chat');
      expect(moreChat).toEqual([]);
      const doc = chatOf({ subject: '', message: '', attributes: {}, chat: chat ?? '' });
      expect(doc.content.title).toBe(
        '❌ Task failed to start: `prod-apps`/`checkout` — network-timeout (`ecr`): no-egress-path',
      );
      expect(doc.metadata.threadId).toBe(JSON.parse(main ?? '{}').incident.id);
    }, 60_000);

    it('still sends the notice when the chat topic is gone: the invocation succeeds, the chat message is missing', async () => {
      await sns().send(new DeleteTopicCommand({ TopicArn: chatTopicArn }));
      const other = withTask(
        {
          ...event,
          detail: {
            ...(event.detail as object),
            stoppedReason:
              'CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref 123456789012.dkr.ecr.us-east-1.amazonaws.com/checkout:9.9.9: not found',
          },
        },
        7,
      );
      expect(await handler(other, context(2))).toMatchObject({ result: 'notified' });
      expect(await received('main')).toHaveLength(1);
      expect(await received('chat')).toEqual([]);
    }, 60_000);
  });
}
