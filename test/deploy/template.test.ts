import { beforeAll, describe, expect, it } from 'vitest';
import {
  HISTORY_INDEX,
  HISTORY_PARTITION,
  HISTORY_PROJECTION,
  HISTORY_SORT,
} from '../../src/aws/incident-history.js';
import { LAMBDA_ACTIONS } from '../../src/aws/permissions.js';
import { classify } from '../../src/core/classify.js';
import { toStopRecord } from '../../src/core/stop-record.js';
import { runningEventOf } from '../../src/sim/event.js';
import { matches } from '../support/event-pattern.js';
import { corpus, exampleEvents } from '../support/fixtures.js';
import { deployedHub } from '../support/hub.js';
import { allowed, type StackPlace as Place, type PolicyStatement, resolver } from '../support/iam-eval.js';
import { packagedTemplate } from '../support/osls.js';

type Resource = { Type: string; Properties: Record<string, unknown> };
type Statement = {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, unknown>;
};

let resources: Record<string, Resource>;
let conditions: Record<string, unknown>;
const ofType = (type: string) => Object.values(resources).filter((r) => r.Type === type);

describe('serverless.yml, packaged offline by osls', () => {
  beforeAll(() => {
    ({ Resources: resources, Conditions: conditions } = packagedTemplate('us-east-1'));
  }, 120_000);

  it('deploys one arm64 Node 22 function with the handler bundled as ESM', () => {
    const [fn] = ofType('AWS::Lambda::Function');
    expect(fn?.Properties).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'handlers/stopped-task.handler',
      MemorySize: 512,
      Timeout: 120,
    });
  });

  it('keeps incidents in a DynamoDB table keyed by pk, with TTL on expiresAt', () => {
    const [table] = ofType('AWS::DynamoDB::Table');
    expect(table?.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
  });

  it('feeds the function from an encrypted standard queue in batches of up to 100, reporting failed messages alone', () => {
    const [mapping] = ofType('AWS::Lambda::EventSourceMapping');
    expect(mapping?.Properties).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': ['EventsQueue', 'Arn'] },
      BatchSize: 100,
      MaximumBatchingWindowInSeconds: 5,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 2 },
    });
    expect(resources.EventsQueue?.Properties).toMatchObject({ SqsManagedSseEnabled: true });
    expect(resources.EventsQueue?.Properties.FifoQueue).toBeUndefined();
    expect(ofType('AWS::Lambda::EventInvokeConfig')).toEqual([]);
  });

  it('keeps a batch in flight invisible for six times the function’s timeout, as AWS advises', () => {
    const [fn] = ofType('AWS::Lambda::Function');
    expect(resources.EventsQueue?.Properties.VisibilityTimeout).toBe(6 * Number(fn?.Properties.Timeout));
  });

  it('sets a message that failed five receives aside in the encrypted dead-letter queue, which redrives to the queue only', () => {
    expect(resources.EventsQueue?.Properties.RedrivePolicy).toEqual({
      deadLetterTargetArn: { 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] },
      maxReceiveCount: 5,
    });
    expect(resources.DeadLetterQueue?.Properties).toMatchObject({
      SqsManagedSseEnabled: true,
      RedriveAllowPolicy: {
        redrivePermission: 'byQueue',
        sourceQueueArns: [
          {
            'Fn::Sub': `arn:\${AWS::Partition}:sqs:\${AWS::Region}:\${AWS::AccountId}:${resources.EventsQueue?.Properties.QueueName}`,
          },
        ],
      },
    });
  });

  it('lets only the stack’s two rules send to the queue, and the rules send nowhere else', () => {
    // As deployed for one account (an organisation's hub adds two rules: hub.test.ts).
    const deployed = deployedHub({ Resources: resources, Conditions: conditions });
    const ofType = (type: string) => Object.values(deployed.resources).filter((r) => r.Type === type);
    const [policy] = ofType('AWS::SQS::QueuePolicy');
    expect((policy?.Properties.PolicyDocument as { Statement: unknown[] } | undefined)?.Statement).toEqual([
      {
        Sid: 'FromTheStacksRules',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: { 'Fn::GetAtt': ['EventsQueue', 'Arn'] },
        Condition: {
          ArnEquals: {
            'aws:SourceArn': [
              { 'Fn::GetAtt': ['StoppedTasksRule', 'Arn'] },
              { 'Fn::GetAtt': ['RunningTasksRule', 'Arn'] },
            ],
          },
        },
      },
    ]);
    const targets = ofType('AWS::Events::Rule').flatMap((r) => r.Properties.Targets as { Arn: unknown }[]);
    expect(targets.map((t) => t.Arn)).toEqual([
      { 'Fn::GetAtt': ['EventsQueue', 'Arn'] },
      { 'Fn::GetAtt': ['EventsQueue', 'Arn'] },
    ]);
  });

  it('subscribes an e-mail address to the topic only when one is given', () => {
    expect(resources.NotificationsTopic?.Properties.Subscription).toEqual({
      'Fn::If': ['HasEmail', [{ Protocol: 'email', Endpoint: '' }], { Ref: 'AWS::NoValue' }],
    });
  });

  const ruleOn = (status: string) =>
    ofType('AWS::Events::Rule')
      .map((r) => r.Properties.EventPattern as { detail: { lastStatus: string[] } } & Record<string, unknown>)
      .find((p) => p.detail.lastStatus.includes(status)) as Record<string, unknown>;

  describe('the RUNNING rule', () => {
    const stopped = () => exampleEvents()[0]?.event as Record<string, unknown>;

    it('catches a task of a service reaching RUNNING', () => {
      expect(matches(ruleOn('RUNNING'), runningEventOf(stopped(), 2, '2026-11-23T10:00:00.000Z'))).toBe(true);
    });

    it('lets a RunTask task (no service) and a stopped task go', () => {
      const running = runningEventOf(stopped(), 2, '2026-11-23T10:00:00.000Z') as {
        detail: Record<string, unknown>;
      };
      expect(
        matches(ruleOn('RUNNING'), { ...running, detail: { ...running.detail, group: 'family:migrate' } }),
      ).toBe(false);
      expect(matches(ruleOn('RUNNING'), stopped())).toBe(false);
    });
  });

  describe('the EventBridge rule', () => {
    const pattern = () => ruleOn('STOPPED');

    it.each(exampleEvents().filter((e) => !e.name.startsWith('not-a-start-failure')))(
      'catches the start failure %s',
      ({ event }) => {
        expect(matches(pattern(), event)).toBe(true);
      },
    );

    it.each(exampleEvents().filter((e) => e.name.startsWith('not-a-start-failure')))(
      'lets the ordinary stop %s go',
      ({ event }) => {
        expect(matches(pattern(), event)).toBe(false);
      },
    );

    it('catches the start failures of the corpus by their reasons alone, under any stop code', () => {
      const base = exampleEvents()[0]?.event as { detail: Record<string, unknown> };
      const missed = corpus()
        .filter((m) => classify(toStopRecord(m)).cause !== 'not-a-start-failure')
        .filter((m) => {
          const detail = {
            ...base.detail,
            stopCode: 'EssentialContainerExited',
            stoppedReason: m.stoppedReason ?? 'Essential container in task exited',
            containers: [{ name: 'app', ...(m.containerReason ? { reason: m.containerReason } : {}) }],
          };
          return !matches(pattern(), { ...base, detail });
        });
      // Two corpus lines carry no error class at all (a bare "429 Too Many Requests" and
      // "InsufficientFreeAddressesInSubnet"): ECS sends those with stopCode TaskFailedToStart,
      // which the rule catches on its own.
      expect(missed.map((m) => m.id).sort()).toEqual(['nabu-1259', 'prefect-12003']);
    });
  });

  describe('the execution role', () => {
    const statements = (): Statement[] => {
      const role = ofType('AWS::IAM::Role')[0];
      const policies = role?.Properties.Policies as { PolicyDocument: { Statement: Statement[] } }[];
      return policies.flatMap((p) => p.PolicyDocument.Statement);
    };
    const actionsOf = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
    // osls grants the function its own log group; everything else is ours.
    const ours = () => statements().filter((s) => !actionsOf(s).every((a) => a.startsWith('logs:')));

    it('grants exactly the documented actions', () => {
      const granted = new Set(ours().flatMap(actionsOf));
      expect([...granted].sort()).toEqual(
        [
          ...LAMBDA_ACTIONS.reads,
          ...LAMBDA_ACTIONS.writes,
          ...LAMBDA_ACTIONS.own,
          ...LAMBDA_ACTIONS.viaSns,
        ].sort(),
      );
    });

    it('grants no write on every resource without a condition', () => {
      const reads = new Set<string>(LAMBDA_ACTIONS.reads);
      for (const s of ours()) {
        const writes = actionsOf(s).filter((a) => !reads.has(a));
        if (writes.length > 0 && s.Resource === '*')
          expect(s.Condition, `${s.Sid}: ${writes.join(', ')}`).toBeDefined();
      }
    });

    it('grants each write of auto-fix under an owner’s opt-in tag or ecs-pullfix’s own, but on a request’s subnets and route tables', () => {
      // Request by request, against the Service Authorization Reference: test/deploy/role.test.ts.
      const writes = new Set<string>(LAMBDA_ACTIONS.writes);
      for (const s of ours().filter((x) => actionsOf(x).some((a) => writes.has(a)))) {
        const resources = (Array.isArray(s.Resource) ? s.Resource : [s.Resource]).map((r) =>
          JSON.stringify(r),
        );
        if (resources.every((r) => /:(subnet|route-table)\/\*/.test(r))) continue;
        expect(JSON.stringify(s.Condition ?? {}), s.Sid).toMatch(
          /aws:(ResourceTag|RequestTag)\/ecs-pullfix:/,
        );
      }
    });

    it('grants publishing, the table, the queue and the topic key on their own resources only', () => {
      const own = new Set<string>([...LAMBDA_ACTIONS.own, ...LAMBDA_ACTIONS.viaSns]);
      for (const s of ours().filter((x) => actionsOf(x).some((a) => own.has(a))))
        expect(s.Resource).not.toBe('*');
    });
  });

  describe('the channel', () => {
    const ACCOUNT = '123456789012';
    const ADMIN = `arn:aws:iam::${ACCOUNT}:role/Administrator`;
    const everything: PolicyStatement[] = [{ Effect: 'Allow', Action: '*', Resource: '*' }];
    const at = (region: string): Place => ({ partition: 'aws', account: ACCOUNT, region, stage: 'ci' });
    const arnOf = (place: Place, value: unknown) => String(resolver(resources, place)(value));
    const roleArn = (place: Place) => arnOf(place, { 'Fn::GetAtt': ['IamRoleLambdaExecution', 'Arn'] });
    const statementsIn = (document: unknown): PolicyStatement[] => {
      if (document === undefined) throw new Error('no such policy in the template');
      return (document as { Statement: PolicyStatement[] }).Statement;
    };
    const roleStatements = () =>
      ((ofType('AWS::IAM::Role')[0]?.Properties.Policies ?? []) as { PolicyDocument: unknown }[]).flatMap(
        (p) => statementsIn(p.PolicyDocument),
      );
    const topicPolicy = () => statementsIn(ofType('AWS::SNS::TopicPolicy')[0]?.Properties.PolicyDocument);
    const keyPolicy = () => statementsIn(resources.NotificationsKey?.Properties.KeyPolicy);

    const publishes = (principalArn: string, identity: readonly PolicyStatement[], place = at('us-east-1')) =>
      allowed(
        { principalArn, action: 'sns:Publish', resource: arnOf(place, { Ref: 'NotificationsTopic' }) },
        { resource: topicPolicy(), identity },
        resolver(resources, place),
      );
    const usesKey = (
      principalArn: string,
      identity: readonly PolicyStatement[],
      action: string,
      place: Place,
      viaService?: string,
    ) =>
      allowed(
        {
          principalArn,
          action,
          resource: arnOf(place, { 'Fn::GetAtt': ['NotificationsKey', 'Arn'] }),
          ...(viaService ? { context: { 'kms:ViaService': viaService } } : {}),
        },
        { resource: keyPolicy(), identity, kmsKeyPolicy: true },
        resolver(resources, place),
      );

    it('encrypts the topic with a key the stack owns, rotated every year', () => {
      expect(resources.NotificationsTopic?.Properties.KmsMasterKeyId).toEqual({
        'Fn::GetAtt': ['NotificationsKey', 'Arn'],
      });
      expect(resources.NotificationsKey).toMatchObject({
        Type: 'AWS::KMS::Key',
        Properties: { EnableKeyRotation: true },
      });
      expect(ofType('AWS::SNS::TopicPolicy')[0]?.Properties.Topics).toEqual([{ Ref: 'NotificationsTopic' }]);
    });

    it('lets the function publish a notice', () => {
      expect(publishes(roleArn(at('us-east-1')), roleStatements())).toBe(true);
    });

    it('refuses a notice from any other principal of the account, even one whose IAM policy allows everything', () => {
      expect(publishes(ADMIN, everything)).toBe(false);
      expect(publishes(`arn:aws:iam::${ACCOUNT}:root`, everything)).toBe(false);
      expect(
        publishes(`arn:aws:iam::${ACCOUNT}:role/ci-deployer`, [
          { Effect: 'Allow', Action: 'sns:Publish', Resource: '*' },
        ]),
      ).toBe(false);
      // The function's role in another region's stack is another role.
      expect(publishes(roleArn(at('eu-west-1')), roleStatements())).toBe(false);
    });

    it.each(['us-east-1', 'eu-west-1'])(
      'lets the function encrypt with the key through SNS, and only through SNS (%s)',
      (region) => {
        const place = at(region);
        for (const action of ['kms:GenerateDataKey', 'kms:Decrypt']) {
          expect(
            usesKey(roleArn(place), roleStatements(), action, place, `sns.${region}.amazonaws.com`),
          ).toBe(true);
          expect(usesKey(roleArn(place), roleStatements(), action, place)).toBe(false);
          expect(
            usesKey(
              roleArn(place),
              roleStatements(),
              action,
              place,
              `secretsmanager.${region}.amazonaws.com`,
            ),
          ).toBe(false);
        }
      },
    );

    it('gives the account the administration of the key through IAM, but no use of it', () => {
      const place = at('us-east-1');
      for (const action of [
        'kms:DescribeKey',
        'kms:PutKeyPolicy',
        'kms:ScheduleKeyDeletion',
        'kms:TagResource',
      ])
        expect(usesKey(ADMIN, everything, action, place), action).toBe(true);
      for (const action of ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:Encrypt', 'kms:ReEncryptFrom'])
        expect(usesKey(ADMIN, everything, action, place, 'sns.us-east-1.amazonaws.com'), action).toBe(false);
    });

    it('names no AWS service in the key policy: SNS encrypts with the publisher’s grant, subscribers need none', () => {
      expect(keyPolicy().filter((s) => JSON.stringify(s.Principal).includes('Service'))).toEqual([]);
    });

    it('bounds the function by the event source mapping’s concurrency, not a reservation (whose throttles would bounce batches back)', () => {
      const [fn] = ofType('AWS::Lambda::Function');
      expect(fn?.Properties.ReservedConcurrentExecutions).toBeUndefined();
      expect(conditions.HasReservedConcurrency).toBeUndefined();
    });

    it('keeps the incident table recoverable to any second of the last 35 days', () => {
      expect(resources.IncidentsTable?.Properties.PointInTimeRecoverySpecification).toEqual({
        PointInTimeRecoveryEnabled: true,
      });
    });

    it('indexes the incident history as the adapter queries it: its keys, and exactly the summary it lists', () => {
      const [index, ...others] = (resources.IncidentsTable?.Properties.GlobalSecondaryIndexes ?? []) as {
        IndexName: string;
        KeySchema: unknown;
        Projection: { ProjectionType: string; NonKeyAttributes: string[] };
      }[];
      expect(others).toEqual([]);
      expect(index?.IndexName).toBe(HISTORY_INDEX);
      expect(index?.KeySchema).toEqual([
        { AttributeName: HISTORY_PARTITION.name, KeyType: 'HASH' },
        { AttributeName: HISTORY_SORT, KeyType: 'RANGE' },
      ]);
      expect(index?.Projection.ProjectionType).toBe('INCLUDE');
      expect([...(index?.Projection.NonKeyAttributes ?? [])].sort()).toEqual([...HISTORY_PROJECTION].sort());
    });
  });
});
