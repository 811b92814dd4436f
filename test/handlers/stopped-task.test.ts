import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ECSClient } from '@aws-sdk/client-ecs';
import { SNSClient } from '@aws-sdk/client-sns';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { exampleEvents } from '../support/fixtures.js';

type Handler = (event: unknown, context: Context) => Promise<Record<string, unknown>>;
const dynamodb = mockClient(DynamoDBClient);
const clients = [mockClient(ECSClient), mockClient(EC2Client), mockClient(SNSClient), dynamodb];
const context = {
  awsRequestId: 'req-1',
  functionName: 'f',
  getRemainingTimeInMillis: () => 60_000,
} as unknown as Context;
let handler: Handler;

describe('the Lambda handler', () => {
  beforeAll(async () => {
    process.env.ECS_PULLFIX_TOPIC_ARN = 'arn:aws:sns:us-east-1:111122223333:ecs-pullfix';
    process.env.ECS_PULLFIX_TABLE = 'ecs-pullfix-incidents';
    process.env.AWS_REGION = 'us-east-1';
    process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
    ({ handler } = (await import('../../handlers/stopped-task.js')) as { handler: Handler });
  });
  beforeEach(() => {
    for (const c of clients) c.reset();
  });
  const calls = () => clients.reduce((n, c) => n + c.calls().length, 0);

  it.each([
    [
      'an EC2 event',
      { 'detail-type': 'EC2 Instance State-change Notification', source: 'aws.ec2', detail: {} },
    ],
    [
      'a task event without its ARNs',
      { 'detail-type': 'ECS Task State Change', source: 'aws.ecs', detail: { lastStatus: 'STOPPED' } },
    ],
    ['garbage', 'not an event at all'],
    ['null', null],
  ])('drops %s with a typed error, makes no AWS call, and does not ask for a retry', async (_, event) => {
    const result = await handler(event, context);
    expect(result).toMatchObject({
      outcome: 'invalid-event',
      error: expect.stringMatching(/^not an ECS Task State Change event: /),
    });
    expect(calls()).toBe(0);
  });

  it('ignores an ordinary stop without an AWS call', async () => {
    const ordinary = exampleEvents().find((e) => e.name === 'not-a-start-failure--scaling-in')?.event;
    expect(await handler(ordinary, context)).toMatchObject({
      result: 'ignored',
      cause: 'not-a-start-failure',
    });
    expect(calls()).toBe(0);
  });

  it('throws when AWS keeps failing, so that Lambda retries the event', async () => {
    const event = exampleEvents().find((e) => e.name === 'network-timeout--ecr-pull-i-o-timeout')?.event;
    dynamodb
      .onAnyCommand()
      .rejects(
        Object.assign(new Error('Service unavailable'), { name: 'ServiceUnavailable', $fault: 'server' }),
      );
    await expect(handler(event, context)).rejects.toMatchObject({ name: 'AwsCallError', kind: 'transient' });
  });
});
