import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SnsNotifier } from '../../src/aws/notifier.js';
import type { PendingNotice } from '../../src/core/ports.js';
import { AwsCallError } from '../../src/errors.js';

/**
 * The notifier's publishes: the notice to the topic as `MessageStructure: json` with its
 * attributes; with a chat topic, its chat part to that topic as a plain message (Amazon Q
 * Developer in chat applications reads the custom notification from the message body).
 */
const sns = mockClient(SNSClient);
const TOPIC = 'arn:aws:sns:us-east-1:111122223333:ecs-pullfix-prod';
const CHAT_TOPIC = 'arn:aws:sns:us-east-1:111122223333:ecs-pullfix-prod-chat';
const chat = JSON.stringify({
  version: '1.0',
  source: 'custom',
  content: { textType: 'client-markdown', title: '❌ Task failed to start', description: 'A task …' },
  metadata: { threadId: 'inc-0123456789abcdef' },
});
const notice: PendingNotice = {
  subject: '[ecs-pullfix] task failed to start — prod-apps/checkout: network-timeout (ecr)',
  message: JSON.stringify({ default: 'text', email: 'text', sqs: '{}', lambda: '{}', https: '{}' }),
  attributes: { cause: 'network-timeout', outcome: 'action-needed' },
  chat,
};
const client = () => new SNSClient({ region: 'us-east-1', maxAttempts: 1 });
const publishes = () => sns.commandCalls(PublishCommand).map((c) => c.args[0].input);

beforeEach(() => sns.reset());

describe(SnsNotifier.name, () => {
  it('without a chat topic, publishes the notice once, as before', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    expect(await new SnsNotifier(client(), TOPIC).publish(notice)).toBe('m-1');
    expect(publishes()).toEqual([
      {
        TopicArn: TOPIC,
        Subject: notice.subject,
        Message: notice.message,
        MessageStructure: 'json',
        MessageAttributes: {
          cause: { DataType: 'String', StringValue: 'network-timeout' },
          outcome: { DataType: 'String', StringValue: 'action-needed' },
        },
      },
    ]);
  });

  it('with a chat topic, publishes the chat document there too: plain, as the whole message', async () => {
    sns.on(PublishCommand, { TopicArn: TOPIC }).resolves({ MessageId: 'm-1' });
    sns.on(PublishCommand, { TopicArn: CHAT_TOPIC }).resolves({ MessageId: 'c-1' });
    expect(await new SnsNotifier(client(), TOPIC, { topicArn: CHAT_TOPIC }).publish(notice)).toBe('m-1');
    const calls = publishes();
    expect(calls.map((c) => c.TopicArn).sort()).toEqual([CHAT_TOPIC, TOPIC].sort());
    expect(calls.find((c) => c.TopicArn === CHAT_TOPIC)).toEqual({ TopicArn: CHAT_TOPIC, Message: chat });
  });

  it('publishes nothing to the chat topic for a notice without a chat part', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    const { chat: _, ...plain } = notice;
    await new SnsNotifier(client(), TOPIC, { topicArn: CHAT_TOPIC }).publish(plain);
    expect(publishes().map((c) => c.TopicArn)).toEqual([TOPIC]);
  });

  it('counts the notice sent when only the chat publish fails, and says so to onFailure', async () => {
    sns.on(PublishCommand, { TopicArn: TOPIC }).resolves({ MessageId: 'm-1' });
    sns
      .on(PublishCommand, { TopicArn: CHAT_TOPIC })
      .rejects(Object.assign(new Error('Topic does not exist'), { name: 'NotFoundException' }));
    const failures: unknown[] = [];
    const notifier = new SnsNotifier(client(), TOPIC, {
      topicArn: CHAT_TOPIC,
      onFailure: (error, sent) => failures.push([(error as Error).name, sent.subject]),
    });
    expect(await notifier.publish(notice)).toBe('m-1');
    expect(failures).toEqual([['AwsCallError', notice.subject]]);
  });

  it('fails the notice when the main publish fails, whatever became of the chat publish', async () => {
    sns
      .on(PublishCommand, { TopicArn: TOPIC })
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    sns.on(PublishCommand, { TopicArn: CHAT_TOPIC }).resolves({ MessageId: 'c-1' });
    const notifier = new SnsNotifier(client(), TOPIC, { topicArn: CHAT_TOPIC });
    await expect(notifier.publish(notice)).rejects.toBeInstanceOf(AwsCallError);
  });
});
