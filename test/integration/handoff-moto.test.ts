import { mkdtempSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  CreateApiDestinationCommand,
  CreateConnectionCommand,
  CreateEventBusCommand,
  DescribeApiDestinationCommand,
  EventBridgeClient,
  ListTargetsByRuleCommand,
  PutRuleCommand,
  PutTargetsCommand,
  type Target,
} from '@aws-sdk/client-eventbridge';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTask } from '../../src/sim/event.js';
import { loadScenario } from '../../src/sim/scenario.js';
import { buildArtefact } from '../support/artefact.js';
import {
  buildInMoto,
  createIncidentTable,
  MOTO_URL,
  motoEnv,
  resetMoto,
  withoutMoto,
} from '../support/moto.js';
import { packagedTemplate } from '../support/osls.js';

/**
 * The hand-off on moto, through the artefact osls deploys: the bus, the rule, the connection and
 * the API destination as serverless.yml packages them with `handoffEndpoint` set to a local HTTP
 * receiver (node:http on 127.0.0.1) standing in for the agent's webhook. A crash loop of unknown
 * cause is handed off once (two notices, one delivery, with its idempotency key); a missing
 * ecr.dkr endpoint, which ecs-pullfix diagnoses itself, is not handed off.
 *
 * moto's EventBridge calls an API destination over HTTP only when the server runs with
 * MOTO_EVENTS_INVOKE_HTTP=true, and then with no body (the event is not sent), no JSON paths and
 * no connection credential (moto/events/models.py, `send_to_targets`). So the rule also targets an
 * SQS queue in moto, and each message there is forwarded to the receiver exactly as the API
 * destination's definition says: its endpoint and method, the target's InputPath and
 * HttpParameters, and the connection's API key header, as EventBridge would.
 */
const WINDOW_SECONDS = 2;
const UNRECOGNISED = 'Task failed to start';
const API_KEY = { name: 'Authorization', value: 'Bearer test-agent-key' };
const BUS = 'ecs-pullfix-ci-handoff';
type Handler = (event: unknown, context: Context) => Promise<Record<string, unknown>>;
type Received = Readonly<{ method: string; url: string; headers: IncomingHttpHeaders; body: string }>;
const context = (n: number) =>
  ({
    awsRequestId: `req-handoff-${n}`,
    functionName: 'ecs-pullfix-test',
    getRemainingTimeInMillis: () => 60_000,
  }) as unknown as Context;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The local webhook: every request it received, in order. */
async function receiver(): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/ecs-pullfix`,
    received,
  };
}

/** A JSON path of EventBridge's simple form (`$.detail`, `$.detail.idempotencyKey`) in an event. */
const atPath = (event: unknown, path: string): unknown =>
  path
    .replace(/^\$\.?/, '')
    .split('.')
    .filter((k) => k !== '')
    .reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], event);

if (MOTO_URL === undefined) {
  withoutMoto('the hand-off to an AI agent on moto');
} else {
  const url = MOTO_URL;
  describe('the hand-off to an AI agent on moto', () => {
    const saved = { ...process.env };
    const sqs = () => new SQSClient({});
    const events = () => new EventBridgeClient({});
    let handler: Handler;
    let webhook: Awaited<ReturnType<typeof receiver>>;
    let unknownEvent: Record<string, unknown>;
    let dkrEvent: Record<string, unknown>;
    let standInUrl: string;
    let noticesUrl: string;
    let ruleName: string;

    const arnOf = async (queueUrl: string) =>
      (await sqs().send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] })))
        .Attributes?.QueueArn ?? '';
    const queue = async (name: string) =>
      (await sqs().send(new CreateQueueCommand({ QueueName: name }))).QueueUrl ?? '';
    const drain = async (queueUrl: string): Promise<string[]> => {
      const bodies: string[] = [];
      for (let empty = 0; empty < 2; ) {
        const out = await sqs().send(
          new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
        );
        if ((out.Messages ?? []).length === 0) empty += 1;
        for (const m of out.Messages ?? []) {
          bodies.push(m.Body ?? '');
          await sqs().send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle }));
        }
      }
      return bodies;
    };

    /** The hand-off resources of the packaged template, made in moto as CloudFormation would make them. */
    async function deployHandoff(endpoint: string): Promise<void> {
      const template = packagedTemplate('us-east-1', [
        `handoffEndpoint=${endpoint}`,
        'handoffConnectionArn=arn:aws:events:us-east-1:123456789012:connection/agent/placeholder',
      ]);
      const props = (id: string) => template.Resources[id]?.Properties as Record<string, unknown>;
      await events().send(new CreateEventBusCommand({ Name: String(props('HandoffEventBus').Name) }));
      const connection = await events().send(
        new CreateConnectionCommand({
          Name: 'devops-agent',
          AuthorizationType: 'API_KEY',
          AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: API_KEY.name, ApiKeyValue: API_KEY.value } },
        }),
      );
      const destination = props('HandoffApiDestination');
      const created = await events().send(
        new CreateApiDestinationCommand({
          Name: 'ecs-pullfix-ci-agent',
          ConnectionArn: connection.ConnectionArn,
          InvocationEndpoint: String(destination.InvocationEndpoint),
          HttpMethod: destination.HttpMethod as 'POST',
          InvocationRateLimitPerSecond: Number(destination.InvocationRateLimitPerSecond),
        }),
      );
      const rule = props('HandoffRule');
      ruleName = 'ecs-pullfix-ci-handoff-rule';
      await events().send(
        new PutRuleCommand({
          Name: ruleName,
          EventBusName: BUS,
          EventPattern: JSON.stringify(rule.EventPattern),
        }),
      );
      const [target] = rule.Targets as Record<string, unknown>[];
      standInUrl = await queue('ecs-pullfix-ci-handoff-stand-in');
      await events().send(
        new PutTargetsCommand({
          Rule: ruleName,
          EventBusName: BUS,
          Targets: [
            {
              Id: String(target?.Id),
              Arn: created.ApiDestinationArn,
              RoleArn: 'arn:aws:iam::123456789012:role/ecs-pullfix-ci-HandoffTargetRole',
              ...(target?.InputPath ? { InputPath: String(target.InputPath) } : {}),
              ...(target?.HttpParameters
                ? { HttpParameters: target.HttpParameters as Target['HttpParameters'] }
                : {}),
              RetryPolicy: target?.RetryPolicy as Target['RetryPolicy'],
            },
            // The stand-in: what the rule matched, kept for the forwarder.
            { Id: 'stand-in', Arn: await arnOf(standInUrl) },
          ],
        }),
      );
    }

    /** Each matched event, sent to the receiver as the API destination target defines the call. */
    async function forward(): Promise<number> {
      const { Targets: targets = [] } = await events().send(
        new ListTargetsByRuleCommand({ Rule: ruleName, EventBusName: BUS }),
      );
      const target = targets.find((t) => t.Id !== 'stand-in');
      const name = String(target?.Arn?.split(':api-destination/')[1]?.split('/')[0]);
      const destination = await events().send(new DescribeApiDestinationCommand({ Name: name }));
      const bodies = await drain(standInUrl);
      for (const body of bodies) {
        const event = JSON.parse(body);
        const query = new URLSearchParams(
          Object.entries(target?.HttpParameters?.QueryStringParameters ?? {}).map(
            ([k, v]): [string, string] => [k, v.startsWith('$.') ? String(atPath(event, v)) : v],
          ),
        ).toString();
        await fetch(`${destination.InvocationEndpoint}${query ? `?${query}` : ''}`, {
          method: destination.HttpMethod ?? 'POST',
          headers: {
            'content-type': 'application/json; charset=utf-8',
            ...target?.HttpParameters?.HeaderParameters,
            // The connection's credential: EventBridge adds it to every call, from its own secret.
            [API_KEY.name]: API_KEY.value,
          },
          body: JSON.stringify(target?.InputPath ? atPath(event, target.InputPath) : event),
        });
      }
      return bodies.length;
    }

    beforeAll(async () => {
      Object.assign(process.env, motoEnv(url), { POWERTOOLS_LOG_LEVEL: 'SILENT' });
      await resetMoto(url);
      webhook = await receiver();
      const unknown = await buildInMoto(loadScenario('nat-public-subnet-main-table-healthy'), url);
      unknownEvent = unknown.event;
      (unknownEvent.detail as Record<string, unknown>).stoppedReason = UNRECOGNISED;
      ({ event: dkrEvent } = await buildInMoto(loadScenario('ec2-awsvpc-missing-ecr-dkr-endpoint'), url));
      const topicArn =
        (await new SNSClient({}).send(new CreateTopicCommand({ Name: 'ecs-pullfix' }))).TopicArn ?? '';
      noticesUrl = await queue('ecs-pullfix-handoff-notices');
      await new SNSClient({}).send(
        new SubscribeCommand({
          TopicArn: topicArn,
          Protocol: 'sqs',
          Endpoint: await arnOf(noticesUrl),
          Attributes: { RawMessageDelivery: 'true' },
        }),
      );
      await createIncidentTable(new DynamoDBClient({}), 'ecs-pullfix-handoff-incidents');
      await deployHandoff(webhook.url);
      Object.assign(process.env, {
        ECS_PULLFIX_TOPIC_ARN: topicArn,
        ECS_PULLFIX_TABLE: 'ecs-pullfix-handoff-incidents',
        ECS_PULLFIX_WINDOW_SECONDS: String(WINDOW_SECONDS),
        ECS_PULLFIX_HANDOFF_BUS: BUS,
      });
      const { file } = await buildArtefact(mkdtempSync(join(tmpdir(), 'pullfix-artefact-')));
      ({ handler } = (await import(pathToFileURL(file).href)) as { handler: Handler });
    }, 120_000);

    afterAll(() => {
      webhook?.server.close();
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    });

    it('hands a crash loop of unknown cause off once: two notices, one call of the webhook, keyed by the incident', async () => {
      const first = await handler(unknownEvent, context(1));
      await sleep(WINDOW_SECONDS * 1000 + 500);
      const second = await handler(withTask(unknownEvent, 2), context(2));

      expect(first).toMatchObject({ result: 'notified', cause: 'unknown', outcome: 'no-network-problem' });
      expect(second).toMatchObject({ result: 'notified', incidentId: first.incidentId });
      expect(await drain(noticesUrl)).toHaveLength(2);
      expect(await forward()).toBe(1);
      expect(webhook.received).toHaveLength(1);
      const [call] = webhook.received;
      expect(call).toMatchObject({ method: 'POST', url: '/hooks/ecs-pullfix' });
      expect(call?.headers.authorization).toBe(API_KEY.value);
      const body = JSON.parse(call?.body ?? '{}');
      expect(body).toMatchObject({
        schema: 'ecs-pullfix.handoff/v1',
        idempotencyKey: first.incidentId,
        incident: { id: first.incidentId, outcome: 'no-network-problem' },
        classification: { cause: 'unknown' },
        task: { stoppedReason: UNRECOGNISED },
      });
      expect(body.findings.map((f: { id: string }) => f.id)).toContain('path-ok');
    }, 60_000);

    it('does not hand off a missing ecr.dkr endpoint, which it diagnosed itself', async () => {
      const before = webhook.received.length;

      const handled = await handler(dkrEvent, context(3));

      expect(handled).toMatchObject({ result: 'notified', outcome: 'action-needed' });
      expect(await drain(noticesUrl)).toHaveLength(1);
      expect(await forward()).toBe(0);
      expect(webhook.received.length).toBe(before);
    }, 60_000);
  });
}
