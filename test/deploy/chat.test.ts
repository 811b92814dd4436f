import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { LAMBDA_ACTIONS } from '../../src/aws/permissions.js';
import { cfnLintTemplate } from '../support/cfn-lint.js';
import { ROOT } from '../support/fixtures.js';
import { type DeployedHub, deployedHub } from '../support/hub.js';
import { type AuthRequest, evaluate, resolveIntrinsics, type Statement } from '../support/iam-eval.js';
import { type PackagedTemplate, packagedTemplate } from '../support/osls.js';
import { PLACE } from '../support/role.js';

/**
 * serverless.yml with notices for chat channels (`--param="chat=true"`): a second topic,
 * encrypted with the stack's key, only the function may publish to it, the Lambda told of it
 * and allowed that one publish, and its ARN an output to connect Slack and Teams channels to.
 * Without the parameter, the stack as it was.
 */

/** The chat topic's resources, all under HasChat. */
const ADDED = ['ChatTopic', 'ChatTopicPolicy', 'ChatPublish'];

let template: PackagedTemplate;
let withChat: DeployedHub;
let without: DeployedHub;

beforeAll(() => {
  template = packagedTemplate(PLACE.region, ['chat=true']);
  withChat = deployedHub(template);
  without = deployedHub(packagedTemplate(PLACE.region));
}, 120_000);

const props = (id: string) => {
  const found = withChat.resources[id];
  if (!found) throw new Error(`no ${id} in the template`);
  return found.Properties as Record<string, unknown>;
};
const variablesOf = (hub: DeployedHub): Record<string, unknown> => {
  const fn = Object.values(hub.resources).find((r) => r.Type === 'AWS::Lambda::Function');
  return (fn?.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
};
const statementsOf = (document: unknown) =>
  resolveIntrinsics((document as { Statement: unknown[] }).Statement, PLACE) as Statement[];
const arnOf = (ref: unknown) => String(resolveIntrinsics(ref, PLACE));

describe('notices for chat channels (chat=true)', () => {
  it('adds a topic of its own, encrypted with the key of the notices topic', () => {
    expect(withChat.resources.ChatTopic?.Type).toBe('AWS::SNS::Topic');
    expect(props('ChatTopic').KmsMasterKeyId).toEqual({ 'Fn::GetAtt': ['NotificationsKey', 'Arn'] });
    expect(props('ChatTopic')).not.toHaveProperty('Subscription');
  });

  it('lets only the function publish to it, as the notices topic does', () => {
    const policy = props('ChatTopicPolicy');
    expect(policy.Topics).toEqual([{ Ref: 'ChatTopic' }]);
    const main = withChat.resources.NotificationsTopicPolicy?.Properties.PolicyDocument;
    const asMain = JSON.parse(JSON.stringify(main).replaceAll('"NotificationsTopic"', '"ChatTopic"'));
    expect(policy.PolicyDocument).toEqual(asMain);
  });

  describe('the Lambda’s publish', () => {
    const decide = (r: AuthRequest) =>
      evaluate(statementsOf(props('ChatPublish').PolicyDocument), r).decision;
    const publish = (resource: string): AuthRequest => ({ action: 'sns:Publish', resource, context: {} });

    it('is a policy of the Lambda’s own role, granting only sns:Publish, an action the role already has', () => {
      expect(props('ChatPublish').Roles).toEqual([{ Ref: 'IamRoleLambdaExecution' }]);
      const actions = statementsOf(props('ChatPublish').PolicyDocument).flatMap((s) => s.Action);
      expect(actions).toEqual(['sns:Publish']);
      expect(LAMBDA_ACTIONS.own as readonly string[]).toContain('sns:Publish');
    });

    it('allows publishing to the chat topic and to no other topic', () => {
      expect(decide(publish(arnOf({ Ref: 'ChatTopic' })))).toBe('allowed');
      expect(decide(publish(`arn:aws:sns:${PLACE.region}:${PLACE.account}:someone-elses-topic`))).toBe(
        'implicit-deny',
      );
    });
  });

  it('tells the Lambda the chat topic, and gives its ARN as an output', () => {
    expect(variablesOf(withChat)).toMatchObject({ ECS_PULLFIX_CHAT_TOPIC_ARN: { Ref: 'ChatTopic' } });
    expect(withChat.outputs.ChatTopicArn?.Value).toEqual({ Ref: 'ChatTopic' });
  });

  it('names, in docs/iam.md, the statement it adds', () => {
    expect(readFileSync(`${ROOT}docs/iam.md`, 'utf8')).toContain('`NotifyChat`');
  });

  it('passes cfn-lint with no error', () => {
    const { status, findings } = cfnLintTemplate(template, ['W8003']);
    expect(findings).toBe('');
    expect(status).toBe(0);
  }, 60_000);
});

describe('the stack without chat (the parameter left out)', () => {
  it('adds the chat topic’s resources and output only under HasChat', () => {
    const raw = template as PackagedTemplate & {
      Resources: Record<string, { Condition?: string }>;
      Outputs: Record<string, { Condition?: string }>;
    };
    const added = Object.keys(raw.Resources).filter((id) => id.startsWith('Chat'));
    expect(added.sort()).toEqual([...ADDED].sort());
    for (const id of added) expect(raw.Resources[id]?.Condition, id).toBe('HasChat');
    expect(raw.Outputs.ChatTopicArn?.Condition).toBe('HasChat');
  });

  it('deploys none of them and tells the Lambda of no chat topic: the role and the rest as they were', () => {
    expect(without.conditions.HasChat).toBe(false);
    expect(Object.keys(without.resources).filter((id) => id.startsWith('Chat'))).toEqual([]);
    expect(Object.keys(without.outputs)).not.toContain('ChatTopicArn');
    expect(Object.keys(variablesOf(without))).not.toContain('ECS_PULLFIX_CHAT_TOPIC_ARN');
    // Each other resource as without chat: the function's code key (the packaging's time) aside,
    // and the one variable the function is told.
    const same = (resource: unknown) =>
      JSON.parse(
        JSON.stringify(resource)
          .replace(/"S3Key":"[^"]*"/, '"S3Key":"…"')
          .replace(/,?"ECS_PULLFIX_CHAT_TOPIC_ARN":\{"Ref":"ChatTopic"\}/, ''),
      );
    const ids = Object.keys(withChat.resources).filter((id) => !ADDED.includes(id));
    expect(ids.sort()).toEqual(Object.keys(without.resources).sort());
    for (const id of ids) expect(same(withChat.resources[id]), id).toEqual(same(without.resources[id]));
  });
});
