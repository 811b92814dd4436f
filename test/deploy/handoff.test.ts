import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { LAMBDA_ACTIONS } from '../../src/aws/permissions.js';
import { HANDOFF_DETAIL_TYPE, HANDOFF_SOURCE } from '../../src/core/handoff.js';
import { cfnLintTemplate } from '../support/cfn-lint.js';
import { matches } from '../support/event-pattern.js';
import { ROOT } from '../support/fixtures.js';
import { type DeployedHub, deployedHub } from '../support/hub.js';
import { type AuthRequest, evaluate, resolveIntrinsics, type Statement } from '../support/iam-eval.js';
import { type PackagedTemplate, packagedTemplate } from '../support/osls.js';
import { PLACE } from '../support/role.js';

/**
 * serverless.yml with a hand-off to an AI agent (`handoffEndpoint`, `handoffConnectionArn`): a
 * bus of its own, one rule on it for our hand-offs only, calling the agent's API destination
 * (POST, one call a second) with a role that may invoke that destination alone, retried for an
 * hour and then set aside in a dead-letter queue; the Lambda may put on that bus, with our
 * source and detail type, and nothing more. Without the parameters, the stack as it was.
 */

const ENDPOINT = 'https://agent.example.com/webhooks/ecs-pullfix';
const CONNECTION =
  'arn:aws:events:us-east-1:111122223333:connection/devops-agent/1a2b3c4d-1111-2222-3333-444455556666';
/** The hand-off's resources, all under HasHandoff. */
const ADDED = [
  'HandoffEventBus',
  'HandoffApiDestination',
  'HandoffRule',
  'HandoffTargetRole',
  'HandoffDeadLetterQueue',
  'HandoffDeadLetterQueuePolicy',
  'HandoffPutEvents',
];

let template: PackagedTemplate;
let withHandoff: DeployedHub;
let without: DeployedHub;

beforeAll(() => {
  template = packagedTemplate(PLACE.region, [
    `handoffEndpoint=${ENDPOINT}`,
    `handoffConnectionArn=${CONNECTION}`,
  ]);
  withHandoff = deployedHub(template);
  without = deployedHub(packagedTemplate(PLACE.region));
}, 120_000);

const props = (id: string) => {
  const found = withHandoff.resources[id];
  if (!found) throw new Error(`no ${id} in the template`);
  return found.Properties as Record<string, unknown>;
};
/** The function's environment variables. */
const variablesOf = (hub: DeployedHub): Record<string, unknown> => {
  const fn = Object.values(hub.resources).find((r) => r.Type === 'AWS::Lambda::Function');
  return (fn?.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
};
const statementsOf = (document: unknown) =>
  resolveIntrinsics((document as { Statement: unknown[] }).Statement, PLACE) as Statement[];
type Target = {
  Id: string;
  Arn: unknown;
  RoleArn: unknown;
  InputPath?: string;
  HttpParameters?: unknown;
  RetryPolicy: { MaximumRetryAttempts: number; MaximumEventAgeInSeconds: number };
  DeadLetterConfig: { Arn: unknown };
};

describe('the hand-off to an AI agent (handoffEndpoint set)', () => {
  it('calls the agent’s webhook through an API destination: POST, at most one call a second, the connection given', () => {
    expect(props('HandoffApiDestination')).toMatchObject({
      ConnectionArn: CONNECTION,
      InvocationEndpoint: ENDPOINT,
      HttpMethod: 'POST',
      InvocationRateLimitPerSecond: 1,
    });
  });

  it('has a rule on a bus of its own that matches the Lambda’s hand-offs and nothing else', () => {
    const rule = props('HandoffRule');
    expect(rule.EventBusName).toEqual({ Ref: 'HandoffEventBus' });
    const pattern = rule.EventPattern as Record<string, unknown>;
    const event = (source: string, detailType: string) => ({
      source,
      'detail-type': detailType,
      detail: { idempotencyKey: 'inc-0123456789abcdef' },
    });
    expect(matches(pattern, event(HANDOFF_SOURCE, HANDOFF_DETAIL_TYPE))).toBe(true);
    expect(matches(pattern, event('aws.ecs', 'ECS Task State Change'))).toBe(false);
    expect(matches(pattern, event(HANDOFF_SOURCE, 'Something else'))).toBe(false);
    expect(matches(pattern, event('my-app', HANDOFF_DETAIL_TYPE))).toBe(false);
  });

  it('sends our document as the body, retries for an hour, then sets the call aside in its dead-letter queue', () => {
    const [target, ...others] = props('HandoffRule').Targets as Target[];
    expect(others).toEqual([]);
    expect(target).toMatchObject({
      Arn: { 'Fn::GetAtt': ['HandoffApiDestination', 'Arn'] },
      RoleArn: { 'Fn::GetAtt': ['HandoffTargetRole', 'Arn'] },
      InputPath: '$.detail',
      RetryPolicy: { MaximumEventAgeInSeconds: 3600 },
      DeadLetterConfig: { Arn: { 'Fn::GetAtt': ['HandoffDeadLetterQueue', 'Arn'] } },
    });
    // The idempotency key is in the body: a target's header values cannot be taken from the event.
    expect(target?.HttpParameters).toBeUndefined();
    expect(props('HandoffDeadLetterQueue')).toMatchObject({
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 1209600,
    });
  });

  it('lets EventBridge, in this account, invoke that one API destination with the target’s role, and nothing else', () => {
    const role = props('HandoffTargetRole');
    expect(role.AssumeRolePolicyDocument).toMatchObject({
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
        },
      ],
    });
    const [policy, ...others] = role.Policies as { PolicyDocument: unknown }[];
    expect(others).toEqual([]);
    const statements = statementsOf(policy?.PolicyDocument);
    const destination = String(resolveIntrinsics({ 'Fn::GetAtt': ['HandoffApiDestination', 'Arn'] }, PLACE));
    const decide = (r: AuthRequest) => evaluate(statements, r).decision;
    expect(decide({ action: 'events:InvokeApiDestination', resource: destination, context: {} })).toBe(
      'allowed',
    );
    expect(
      decide({ action: 'events:InvokeApiDestination', resource: `${destination}-other`, context: {} }),
    ).toBe('implicit-deny');
    expect(decide({ action: 'events:PutEvents', resource: destination, context: {} })).toBe('implicit-deny');
  });

  it('lets only the hand-off rule send to its dead-letter queue', () => {
    const [statement, ...others] = (
      props('HandoffDeadLetterQueuePolicy').PolicyDocument as { Statement: unknown[] }
    ).Statement as Record<string, unknown>[];
    expect(others).toEqual([]);
    expect(statement).toMatchObject({
      Effect: 'Allow',
      Principal: { Service: 'events.amazonaws.com' },
      Action: 'sqs:SendMessage',
      Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': ['HandoffRule', 'Arn'] } } },
    });
  });

  describe('the Lambda’s PutEvents', () => {
    const bus = String(resolveIntrinsics({ 'Fn::GetAtt': ['HandoffEventBus', 'Arn'] }, PLACE));
    const put = (context: Record<string, string>, resource = bus): AuthRequest => ({
      action: 'events:PutEvents',
      resource,
      context,
    });
    const ours = { 'events:source': HANDOFF_SOURCE, 'events:detail-type': HANDOFF_DETAIL_TYPE };
    const decide = (r: AuthRequest) =>
      evaluate(statementsOf(props('HandoffPutEvents').PolicyDocument), r).decision;

    it('is a policy of the Lambda’s own role, granting exactly LAMBDA_ACTIONS.handoff', () => {
      expect(props('HandoffPutEvents').Roles).toEqual([{ Ref: 'IamRoleLambdaExecution' }]);
      const actions = statementsOf(props('HandoffPutEvents').PolicyDocument).flatMap((s) => s.Action);
      expect(actions).toEqual([...LAMBDA_ACTIONS.handoff]);
    });

    it('allows the hand-off as the adapter puts it, on the hand-off bus', () => {
      expect(decide(put(ours))).toBe('allowed');
    });

    it('refuses another source or detail type, and any other bus (the default one included)', () => {
      expect(decide(put({ ...ours, 'events:source': 'aws.ecs' }))).toBe('implicit-deny');
      expect(decide(put({ ...ours, 'events:detail-type': 'ECS Task State Change' }))).toBe('implicit-deny');
      expect(decide(put(ours, `arn:aws:events:${PLACE.region}:${PLACE.account}:event-bus/default`))).toBe(
        'implicit-deny',
      );
    });
  });

  it('tells the Lambda the hand-off bus', () => {
    expect(variablesOf(withHandoff)).toMatchObject({
      ECS_PULLFIX_HANDOFF_BUS: { Ref: 'HandoffEventBus' },
    });
  });

  it('names, in docs/iam.md, the statements the hand-off adds and the rows they rely on', () => {
    const doc = readFileSync(`${ROOT}docs/iam.md`, 'utf8');
    for (const sid of ['HandOffToTheAgent', 'InvokeTheAgentWebhook'])
      expect(doc, sid).toContain(`\`${sid}\``);
    expect(doc).toContain('PutEvents | Write | event-bus* |');
    expect(doc).toContain('InvokeApiDestination | Write | api-destination* |');
  });

  it('is deployed by the README as it is: both parameters, the connection made first, the dead-letter queue’s output named', () => {
    const readme = readFileSync(`${ROOT}README.md`, 'utf8');
    const start = readme.indexOf('### Hand-off to an AI agent');
    const section = readme.slice(start, readme.indexOf('\n### ', start + 1));
    expect(start).toBeGreaterThan(0);
    expect(section).toContain('aws events create-connection');
    expect(section).toContain('--param="handoffEndpoint=');
    expect(section).toContain('--param="handoffConnectionArn=');
    for (const output of Object.keys(withHandoff.outputs).filter(
      (k) => k.startsWith('Handoff') && k.endsWith('Url'),
    ))
      expect(section, output).toContain(output);
  });

  it('passes cfn-lint with no error', () => {
    const { status, findings } = cfnLintTemplate(template, ['W8003']);
    expect(findings).toBe('');
    expect(status).toBe(0);
  }, 60_000);
});

describe('the stack without a hand-off (handoffEndpoint left out)', () => {
  it('adds the hand-off’s resources and outputs only under HasHandoff', () => {
    const raw = template as PackagedTemplate & {
      Resources: Record<string, { Condition?: string }>;
      Outputs: Record<string, { Condition?: string }>;
    };
    const added = Object.keys(raw.Resources).filter((id) => id.startsWith('Handoff'));
    expect(added.sort()).toEqual([...ADDED].sort());
    for (const id of added) expect(raw.Resources[id]?.Condition, id).toBe('HasHandoff');
    for (const [id, output] of Object.entries(raw.Outputs).filter(([k]) => k.startsWith('Handoff')))
      expect(output.Condition, id).toBe('HasHandoff');
  });

  it('deploys none of them, no PutEvents, and tells the Lambda of no hand-off bus', () => {
    expect(without.conditions.HasHandoff).toBe(false);
    expect(Object.keys(without.resources).filter((id) => id.startsWith('Handoff'))).toEqual([]);
    expect(Object.keys(without.outputs).filter((id) => id.startsWith('Handoff'))).toEqual([]);
    expect(JSON.stringify(without.resources)).not.toContain('events:PutEvents');
    expect(Object.keys(variablesOf(without))).toContain('ECS_PULLFIX_TABLE');
    expect(Object.keys(variablesOf(without))).not.toContain('ECS_PULLFIX_HANDOFF_BUS');
  });
});
