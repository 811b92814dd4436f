import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCloudFormationYaml } from '../../src/deploy/cfn-yaml.js';
import { cfnLintTemplate } from '../support/cfn-lint.js';
import { ROOT } from '../support/fixtures.js';
import { type DeployedHub, deployedHub, ORGANIZATION } from '../support/hub.js';
import {
  type AuthRequest,
  evaluate,
  matching,
  type PolicyStatement,
  resolveIntrinsics,
  resolver,
  type Statement,
} from '../support/iam-eval.js';
import { memberRoleArn, memberStack } from '../support/member.js';
import { type PackagedTemplate, packagedTemplate } from '../support/osls.js';
import { PLACE } from '../support/role.js';
import { SAR } from '../support/sar.js';

/**
 * serverless.yml as the hub of an organisation (`--param=organizationId=o-…`): its bus, open to
 * the organisation only, the same two rules on it into the same queue, and its Lambda's role
 * allowed to assume the member roles deploy/member.yml creates, and nothing else. Without the
 * parameter, the single-account deployment as it was.
 */

const STAGE_PLACE = { ...PLACE, stage: 'ci' };
/** A member account of the organisation, and one of another organisation. */
const MEMBER_ACCOUNT = '444455556666';
const OUTSIDER_ACCOUNT = '777788889999';

/**
 * Regions of every shape (two- and three-part names, GovCloud): the member role is named
 * `ecs-pullfix-member-<region>` in each (docs: README, "For an organisation").
 */
const REGIONS = [
  'us-east-1',
  'eu-west-1',
  'ap-southeast-2',
  'ap-northeast-3',
  'me-central-1',
  'il-central-1',
  'ca-west-1',
  'mx-central-1',
  'sa-east-1',
  'af-south-1',
  'eu-south-2',
  'us-gov-west-1',
];

let orgTemplate: PackagedTemplate;
let org: DeployedHub;
let single: DeployedHub;
let singleTemplate: PackagedTemplate;

beforeAll(() => {
  orgTemplate = packagedTemplate(PLACE.region, [`organizationId=${ORGANIZATION}`]);
  org = deployedHub(orgTemplate);
  singleTemplate = packagedTemplate(PLACE.region);
  single = deployedHub(singleTemplate);
}, 120_000);

const ofType = (hub: DeployedHub, type: string) =>
  Object.entries(hub.resources).filter(([, r]) => r.Type === type);
/** The properties of the one resource of `type` (or of id `id`); throws when there is none. */
function propertiesOf(hub: DeployedHub, type: string, id?: string): Record<string, unknown> {
  const found = id === undefined ? ofType(hub, type)[0]?.[1] : hub.resources[id];
  if (found?.Type !== type) throw new Error(`no ${type} ${id ?? ''} in the template`);
  return found.Properties;
}
const lambdaVariables = (hub: DeployedHub) =>
  (propertiesOf(hub, 'AWS::Lambda::Function').Environment as { Variables: Record<string, unknown> })
    .Variables;

describe('the hub of an organisation (organizationId set)', () => {
  const bus = () => org.resources.OrganizationEventBus;
  const busArn = `arn:aws:events:${PLACE.region}:${PLACE.account}:event-bus/ecs-pullfix-ci`;
  const putEvents = (principalArn: string, context: Record<string, string>, resource = busArn) => ({
    principalArn,
    action: 'events:PutEvents',
    resource,
    context,
  });
  /** Whether the bus's resource policy lets the request through (an Allow matches, no Deny does). */
  const admits = (request: ReturnType<typeof putEvents>) => {
    const policy = propertiesOf(org, 'AWS::Events::EventBus', 'OrganizationEventBus').Policy;
    const { Statement: statements } = policy as { Statement: PolicyStatement[] };
    const found = matching(statements, request, resolver(org.resources, STAGE_PLACE), 'resource');
    return found.some((s) => s.Effect === 'Allow') && !found.some((s) => s.Effect === 'Deny');
  };
  const forwarder = (account: string) =>
    `arn:aws:iam::${account}:role/StackSet-ecs-pullfix-member-ForwarderRole-1A2B3C`;

  it('has an event bus named after the stage', () => {
    expect(bus()?.Type).toBe('AWS::Events::EventBus');
    expect(bus()?.Properties.Name).toBe('ecs-pullfix-ci');
  });

  it('admits PutEvents on its bus from a member account’s forwarding role, inside the organisation', () => {
    expect(admits(putEvents(forwarder(MEMBER_ACCOUNT), { 'aws:PrincipalOrgID': ORGANIZATION }))).toBe(true);
  });

  it('refuses PutEvents from another organisation’s account, and from an account in none', () => {
    expect(admits(putEvents(forwarder(OUTSIDER_ACCOUNT), { 'aws:PrincipalOrgID': 'o-zz9y8x7w6v' }))).toBe(
      false,
    );
    expect(admits(putEvents(forwarder(OUTSIDER_ACCOUNT), {}))).toBe(false);
  });

  it('admits nothing but PutEvents, and only on its own bus', () => {
    const inside = { 'aws:PrincipalOrgID': ORGANIZATION };
    expect(admits({ ...putEvents(forwarder(MEMBER_ACCOUNT), inside), action: 'events:PutRule' })).toBe(false);
    expect(admits(putEvents(forwarder(MEMBER_ACCOUNT), inside, busArn.replace(/ci$/, 'prod')))).toBe(false);
  });

  it('puts on its bus the same two rules as on the default bus, with the same patterns, into the same queue', () => {
    type Rule = { EventBusName?: unknown; EventPattern: unknown; Targets: unknown };
    const rules = ofType(org, 'AWS::Events::Rule').map(([, r]) => r.Properties as Rule);
    const onBus = rules.filter((r) => r.EventBusName !== undefined);
    const onDefault = rules.filter((r) => r.EventBusName === undefined);
    expect(onBus.map((r) => r.EventBusName)).toEqual([
      { Ref: 'OrganizationEventBus' },
      { Ref: 'OrganizationEventBus' },
    ]);
    expect(onBus.map((r) => r.EventPattern)).toEqual(onDefault.map((r) => r.EventPattern));
    expect(onBus.map((r) => r.Targets)).toEqual(onDefault.map((r) => r.Targets));
    expect(onDefault.map((r) => r.Targets)).toEqual([
      [{ Id: 'events-queue', Arn: { 'Fn::GetAtt': ['EventsQueue', 'Arn'] } }],
      [{ Id: 'events-queue', Arn: { 'Fn::GetAtt': ['EventsQueue', 'Arn'] } }],
    ]);
  });

  it('lets the queue receive from the four rules, and from no other source', () => {
    const document = propertiesOf(org, 'AWS::SQS::QueuePolicy').PolicyDocument;
    const [statement] = (document as { Statement: PolicyStatement[] }).Statement;
    expect(statement?.Condition?.ArnEquals?.['aws:SourceArn']).toEqual(
      [
        'StoppedTasksRule',
        'RunningTasksRule',
        'OrganizationStoppedTasksRule',
        'OrganizationRunningTasksRule',
      ].map((id) => ({ 'Fn::GetAtt': [id, 'Arn'] })),
    );
  });

  describe('the Lambda role’s assumption of the member roles', () => {
    const policy = () => org.resources.AssumeMemberRoles;
    const statements = () =>
      resolveIntrinsics(
        (
          propertiesOf(org, 'AWS::IAM::Policy', 'AssumeMemberRoles').PolicyDocument as {
            Statement: unknown[];
          }
        ).Statement,
        PLACE,
      ) as Statement[];
    const assume = (roleArn: string, orgId = ORGANIZATION): AuthRequest => ({
      action: 'sts:AssumeRole',
      resource: roleArn,
      context: { 'aws:ResourceOrgID': orgId },
    });
    const decide = (r: AuthRequest) => evaluate(statements(), r).decision;

    it('is a policy of the Lambda’s own role', () => {
      expect(policy()?.Type).toBe('AWS::IAM::Policy');
      expect(policy()?.Properties.Roles).toEqual([{ Ref: 'IamRoleLambdaExecution' }]);
    });

    it.each(REGIONS)('allows the member role of %s in a member account', (region) => {
      expect(decide(assume(`arn:aws:iam::${MEMBER_ACCOUNT}:role/ecs-pullfix-member-${region}`))).toBe(
        'allowed',
      );
    });

    it.each([
      'OrganizationAccountAccessRole',
      'ecs-pullfix-member',
      'ecs-pullfix-member-admin',
      'ecs-pullfix-ci-us-east-1-lambdaRole',
      'PlatformAdmin',
      'aws-reserved/sso.amazonaws.com/AWSReservedSSO_AdministratorAccess_0a1b2c3d4e5f6071',
    ])('refuses the role %s in a member account', (role) => {
      expect(decide(assume(`arn:aws:iam::${MEMBER_ACCOUNT}:role/${role}`))).toBe('implicit-deny');
    });

    it('refuses a role named like a member role in an account outside the organisation', () => {
      const role = `arn:aws:iam::${OUTSIDER_ACCOUNT}:role/ecs-pullfix-member-eu-west-1`;
      expect(decide(assume(role, 'o-zz9y8x7w6v'))).toBe('implicit-deny');
      expect(decide({ ...assume(role), context: {} })).toBe('implicit-deny');
    });

    it('grants sts:AssumeRole alone (no session tags, no other STS call)', () => {
      const role = `arn:aws:iam::${MEMBER_ACCOUNT}:role/ecs-pullfix-member-eu-west-1`;
      expect(decide({ ...assume(role), action: 'sts:TagSession' })).toBe('implicit-deny');
      expect(statements().map((s) => s.Action)).toEqual(['sts:AssumeRole']);
    });

    it('assumes exactly the role a member stack deployed with the hub’s outputs creates', () => {
      const busName = org.outputs.OrganizationEventBusName?.Value;
      const roleName = resolveIntrinsics(org.resources.IamRoleLambdaExecution?.Properties.RoleName, PLACE);
      expect([busName, org.outputs.LambdaRoleName?.Value]).toEqual([
        { Ref: 'OrganizationEventBus' },
        { Ref: 'IamRoleLambdaExecution' },
      ]);
      const member = { partition: 'aws', region: 'eu-west-1', account: MEMBER_ACCOUNT };
      const stack = memberStack(
        {
          HubAccountId: PLACE.account,
          HubRegion: PLACE.region,
          HubEventBusName: String(bus()?.Properties.Name),
          HubLambdaRoleName: String(roleName),
          OrganizationId: ORGANIZATION,
        },
        member,
      );
      expect(decide(assume(memberRoleArn(stack, member)))).toBe('allowed');
      const targets = stack.resources.ForwardStoppedTasks?.Properties.Targets as { Arn: string }[];
      expect(targets.map((t) => t.Arn)).toEqual([busArn]);
    });
  });

  it('names, in docs/iam.md, the statements an organisation adds and the rows they rely on', () => {
    const doc = readFileSync(`${ROOT}docs/iam.md`, 'utf8');
    for (const sid of ['AssumeMemberRoles', 'ReadThisAccountsPolicy', 'ReadThisAccountsAlias'])
      expect(doc, sid).toContain(`\`${sid}\``);
    expect(doc).toContain('AssumeRole | Write | role* |');
    expect(doc).toContain('ListRoleTags | List | role* |');
    expect(doc).toContain('ListAccountAliases | List |  |');
    // The rows as test/support/sar.ts holds them: a role named, and no resource type for the alias.
    expect(Object.keys(SAR['sts:AssumeRole']?.resources ?? {})).toEqual(['role']);
    expect(Object.keys(SAR['iam:ListRoleTags']?.resources ?? {})).toEqual(['role']);
    expect(SAR['iam:ListAccountAliases']?.resources).toEqual({});
  });

  it('tells the Lambda the organisation and the member role’s name', () => {
    expect(lambdaVariables(org)).toMatchObject({
      ECS_PULLFIX_ORGANIZATION_ID: ORGANIZATION,
      ECS_PULLFIX_MEMBER_ROLE_NAME: 'ecs-pullfix-member',
    });
  });

  it('outputs what the member StackSet takes: the bus’s name and ARN, the Lambda role’s name', () => {
    expect(org.outputs).toMatchObject({
      OrganizationEventBusName: { Value: { Ref: 'OrganizationEventBus' } },
      OrganizationEventBusArn: { Value: { 'Fn::GetAtt': ['OrganizationEventBus', 'Arn'] } },
      LambdaRoleName: { Value: { Ref: 'IamRoleLambdaExecution' } },
    });
  });

  it('names the member role as deploy/member.yml does by default', () => {
    const params = (
      parseCloudFormationYaml(readFileSync(`${ROOT}serverless.yml`, 'utf8')) as {
        params: { default: Record<string, string> };
      }
    ).params.default;
    const member = parseCloudFormationYaml(readFileSync(`${ROOT}deploy/member.yml`, 'utf8')) as {
      Parameters: { MemberRoleName: { Default: string } };
    };
    expect(params.memberRoleName).toBe(member.Parameters.MemberRoleName.Default);
    expect(params.organizationId).toBe('');
  });

  it('is deployed by the README as it is: the StackSet given every member parameter without a default, the hub’s outputs named', () => {
    const readme = readFileSync(`${ROOT}README.md`, 'utf8');
    const section = readme.slice(
      readme.indexOf('### For an organisation'),
      readme.indexOf('\n## ', readme.indexOf('### For an organisation')),
    );
    const member = parseCloudFormationYaml(readFileSync(`${ROOT}deploy/member.yml`, 'utf8')) as {
      Parameters: Record<string, { Default?: string }>;
    };
    const required = Object.entries(member.Parameters).filter(([, p]) => p.Default === undefined);
    expect(required.length).toBeGreaterThanOrEqual(5);
    for (const [name] of required) expect(section, name).toContain(`ParameterKey=${name},ParameterValue=`);
    for (const output of Object.keys(org.outputs).filter((k) => !(k in single.outputs)))
      expect(section, output).toContain(output);
    expect(section).toContain('--permission-model SERVICE_MANAGED');
    expect(section).toContain('--param="organizationId=o-a1b2c3d4e5"');
  });

  it('passes cfn-lint with no error', () => {
    const { status, findings } = cfnLintTemplate(orgTemplate, ['W8003']);
    expect(findings).toBe('');
    expect(status).toBe(0);
  }, 60_000);
});

describe('the single-account deployment (organizationId left empty)', () => {
  it('has no bus, no rule but the default bus’s two, and no assumption of any role', () => {
    expect(ofType(single, 'AWS::Events::EventBus')).toEqual([]);
    expect(ofType(single, 'AWS::Events::Rule').map(([id]) => id)).toEqual([
      'StoppedTasksRule',
      'RunningTasksRule',
    ]);
    expect(ofType(single, 'AWS::IAM::Policy')).toEqual([]);
    const role = propertiesOf(single, 'AWS::IAM::Role');
    expect(JSON.stringify(role.Policies)).not.toContain('sts:');
  });

  it('tells the Lambda of no organisation', () => {
    expect(Object.keys(lambdaVariables(single)).filter((k) => /ORGANIZATION|MEMBER/.test(k))).toEqual([]);
  });

  it('passes cfn-lint with no error', () => {
    const { status, findings } = cfnLintTemplate(singleTemplate, ['W8003']);
    expect(findings).toBe('');
    expect(status).toBe(0);
  }, 60_000);

  it('outputs nothing for an organisation', () => {
    expect(Object.keys(single.outputs).filter((k) => /Organization|LambdaRole/.test(k))).toEqual([]);
  });

  it('is the stack it was: what the organisation adds is all under HasOrganization, false here', () => {
    expect(single.conditions).toEqual({
      HasEmail: false,
      HasOrganization: false,
      HasHandoff: false,
      HasChat: false,
    });
    const [, policy] = ofType(single, 'AWS::SQS::QueuePolicy')[0] ?? [];
    expect(JSON.stringify(policy)).not.toContain('Organization');
    expect(
      Object.entries(single.resources)
        .map(([id, r]) => `${r.Type} ${id.replace(/Version\w+$/, 'Version')}`)
        .sort(),
    ).toEqual(
      [
        'AWS::DynamoDB::Table IncidentsTable',
        'AWS::Events::Rule RunningTasksRule',
        'AWS::Events::Rule StoppedTasksRule',
        'AWS::IAM::Role IamRoleLambdaExecution',
        'AWS::KMS::Alias NotificationsKeyAlias',
        'AWS::KMS::Key NotificationsKey',
        'AWS::Lambda::EventSourceMapping StoppedTaskEventSourceMappingSQSEventsQueue',
        'AWS::Lambda::Function StoppedTaskLambdaFunction',
        'AWS::Lambda::Version StoppedTaskLambdaVersion',
        'AWS::Logs::LogGroup StoppedTaskLogGroup',
        'AWS::S3::Bucket ServerlessDeploymentBucket',
        'AWS::S3::BucketPolicy ServerlessDeploymentBucketPolicy',
        'AWS::SNS::Topic NotificationsTopic',
        'AWS::SNS::TopicPolicy NotificationsTopicPolicy',
        'AWS::SQS::Queue DeadLetterQueue',
        'AWS::SQS::Queue EventsQueue',
        'AWS::SQS::QueuePolicy EventsQueuePolicy',
      ].sort(),
    );
  });
});
