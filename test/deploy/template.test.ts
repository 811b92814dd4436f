import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { LAMBDA_ACTIONS } from '../../src/aws/permissions.js';
import { classify } from '../../src/core/classify.js';
import { toStopRecord } from '../../src/core/stop-record.js';
import { runningEventOf } from '../../src/sim/event.js';
import { matches } from '../support/event-pattern.js';
import { corpus, exampleEvents, ROOT } from '../support/fixtures.js';

type Resource = { Type: string; Properties: Record<string, unknown> };
type Statement = {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, unknown>;
};

let resources: Record<string, Resource>;
const ofType = (type: string) => Object.values(resources).filter((r) => r.Type === type);

describe('serverless.yml, packaged offline by osls', () => {
  beforeAll(() => {
    execFileSync(
      process.execPath,
      [`${ROOT}node_modules/osls/bin/serverless.js`, 'package', '--stage', 'ci', '--region', 'us-east-1'],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          AWS_ACCESS_KEY_ID: 'offline',
          AWS_SECRET_ACCESS_KEY: 'offline',
          SLS_TELEMETRY_DISABLED: '1',
        },
        stdio: 'pipe',
      },
    );
    resources = JSON.parse(
      readFileSync(`${ROOT}.serverless/cloudformation-template-update-stack.json`, 'utf8'),
    ).Resources;
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

  it('retries a failed event twice within an hour, then sends it to the dead-letter queue', () => {
    const [config] = ofType('AWS::Lambda::EventInvokeConfig');
    expect(config?.Properties).toMatchObject({
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 3600,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] } } },
    });
    expect(resources.DeadLetterQueue?.Type).toBe('AWS::SQS::Queue');
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
        [...LAMBDA_ACTIONS.reads, ...LAMBDA_ACTIONS.writes, ...LAMBDA_ACTIONS.own].sort(),
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

    it('grants each write of auto-fix only under a condition: its tag on what it creates, or the S3 service', () => {
      const writes = new Set<string>(LAMBDA_ACTIONS.writes);
      for (const s of ours().filter((x) => actionsOf(x).some((a) => writes.has(a)))) {
        expect(s.Condition, s.Sid).toBeDefined();
      }
    });

    it('grants publishing, the table and the queue on their own resources only', () => {
      const own = new Set<string>(LAMBDA_ACTIONS.own);
      for (const s of ours().filter((x) => actionsOf(x).some((a) => own.has(a))))
        expect(s.Resource).not.toBe('*');
    });
  });
});
