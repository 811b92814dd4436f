// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${…} here is CloudFormation's Fn::Sub (or osls's variables), not a template literal's
import { MODES } from '../core/mode.js';
import { INTERFACE_SERVICES } from '../core/network.js';
import { type CfnValue, parseCloudFormationYaml, stringifyTemplate } from './cfn-yaml.js';
import { hubEcsEventPatterns, hubParameterDefaults, hubRoleStatements } from './hub-source.js';
import { memberRoleResources } from './member-role.js';

/**
 * The member side of an organisation deployment, as one CloudFormation template for a
 * service-managed StackSet (docs/organization.md): in each account and region, a rule that
 * forwards the ECS events the hub's rules match to the hub's event bus, and the role the hub's
 * Lambda assumes there. Generated from `serverless.yml` (the role's statements, the event
 * patterns, the parameters' defaults) and `src/aws/permissions.ts`, so the hub's role and the
 * member's cannot drift: `npm run member-template` writes `deploy/member.yml`, and a test fails
 * when the committed file differs.
 */

/** Where the generated template is committed, relative to the project. */
export const MEMBER_TEMPLATE_PATH = 'deploy/member.yml';

const SERVICE_PATTERN = [...INTERFACE_SERVICES, 's3'].map((s) => s.replace('.', '\\.')).join('|');

/** Where the hub is, and whom the member role trusts: the same for every account of the StackSet. */
const HUB_PARAMETERS: Record<string, CfnValue> = {
  HubAccountId: {
    Type: 'String',
    Description: "The hub's account id (where `osls deploy` put ecs-pullfix).",
    AllowedPattern: '^\\d{12}$',
  },
  HubRegion: {
    Type: 'String',
    Description: "The hub's region: its event bus is there.",
    AllowedPattern: '^[a-z]{2}(-[a-z]+)+-\\d$',
  },
  HubEventBusName: {
    Type: 'String',
    Description: "The hub's event bus (the hub stack's output), where this account's ECS events go.",
    AllowedPattern: '^[\\w.\\-/]{1,256}$',
  },
  HubLambdaRoleName: {
    Type: 'String',
    Description: "The hub Lambda's role (the hub stack's output), the only principal the member role trusts.",
    AllowedPattern: '^[\\w+=,.@-]{1,64}$',
  },
  OrganizationId: {
    Type: 'String',
    Description: 'The organisation id (o-…): the trust admits the hub role only from inside it.',
    AllowedPattern: '^o-[a-z0-9]{10,32}$',
  },
  MemberRoleName: {
    Type: 'String',
    Description:
      'The role the hub assumes, named <this>-<region> (IAM is global; each region has its own role).',
    Default: 'ecs-pullfix-member',
    AllowedPattern: '^[\\w+=,.@-]{1,48}$',
  },
};

/** The account's policy (overridable per account), its defaults the hub's (`params.default`). */
function policyParameters(defaults: ReturnType<typeof hubParameterDefaults>): Record<string, CfnValue> {
  return {
    AllowAutoFix: {
      Type: 'String',
      Description: "Whether the role holds auto-fix's tag-conditioned writes in this account.",
      AllowedValues: ['true', 'false'],
      Default: 'false',
    },
    DefaultMode: {
      Type: 'String',
      Description: 'The mode of clusters without an ecs-pullfix:mode tag (auto-fix needs AllowAutoFix=true).',
      AllowedValues: [...MODES],
      Default: defaults.defaultMode,
    },
    AllowedServices: {
      Type: 'String',
      Description: 'Endpoint services auto-fix may create, comma-separated (empty: all of them).',
      AllowedPattern: `^((${SERVICE_PATTERN})(,(${SERVICE_PATTERN}))*)?$`,
      Default: defaults.allowedServices,
    },
    MaxEndpointsPerVpc: {
      Type: 'String',
      Description: 'The most VPC endpoints auto-fix may have created in one VPC.',
      AllowedPattern: '^\\d{1,3}$',
      Default: defaults.maxEndpointsPerVpc,
    },
    SimulatedRoles: {
      Type: 'String',
      Description: 'The roles the role check may simulate: up to five comma-separated name patterns.',
      Default: defaults.simulatedRoles,
    },
  };
}

/** The hub's bus, from its account, region and name (so that the three cannot disagree). */
const HUB_BUS_ARN: CfnValue = {
  'Fn::Sub': 'arn:${AWS::Partition}:events:${HubRegion}:${HubAccountId}:event-bus/${HubEventBusName}',
};

const CONDITIONS: CfnValue = {
  AutoFixAllowed: { 'Fn::Equals': [{ Ref: 'AllowAutoFix' }, 'true'] },
  // The hub's own account and region: its deployment's rule on the default bus sees those
  // events already; a second rule would send each one twice.
  IsTheHub: {
    'Fn::And': [
      { 'Fn::Equals': [{ Ref: 'AWS::AccountId' }, { Ref: 'HubAccountId' }] },
      { 'Fn::Equals': [{ Ref: 'AWS::Region' }, { Ref: 'HubRegion' }] },
    ],
  },
  ForwardsEvents: { 'Fn::Not': [{ Condition: 'IsTheHub' }] },
};

const RULES: CfnValue = {
  AutoFixModeNeedsAutoFix: {
    RuleCondition: { 'Fn::Equals': [{ Ref: 'DefaultMode' }, 'auto-fix'] },
    Assertions: [
      {
        Assert: { 'Fn::Equals': [{ Ref: 'AllowAutoFix' }, 'true'] },
        AssertDescription:
          'DefaultMode auto-fix needs AllowAutoFix=true (the role would refuse every write).',
      },
    ],
  },
};

/** The role EventBridge puts events on the hub's bus with (needed across accounts and regions). */
const FORWARDER_ROLE: CfnValue = {
  Type: 'AWS::IAM::Role',
  Condition: 'ForwardsEvents',
  Properties: {
    Description: "Lets EventBridge put this region's ECS task events on ecs-pullfix's hub bus.",
    AssumeRolePolicyDocument: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
        },
      ],
    },
    Policies: [
      {
        PolicyName: 'put-on-the-hub-bus',
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'events:PutEvents', Resource: HUB_BUS_ARN }],
        },
      },
    ],
  },
};

/** One forwarding rule per hub pattern, named after the task status it matches. */
function forwardingRules(patterns: readonly CfnValue[]): Record<string, CfnValue> {
  const rules: Record<string, CfnValue> = {};
  for (const pattern of patterns) {
    const status = String(
      (pattern as { detail?: { lastStatus?: string[] } }).detail?.lastStatus?.[0] ?? 'Ecs',
    );
    const name = `Forward${status.charAt(0)}${status.slice(1).toLowerCase()}Tasks`;
    if (name in rules) throw new Error(`two hub patterns match ${status} tasks: name their rules apart`);
    rules[name] = {
      Type: 'AWS::Events::Rule',
      Condition: 'ForwardsEvents',
      Properties: {
        Description: `Forwards the ECS ${status} task events ecs-pullfix's hub rule matches to the hub's bus.`,
        State: 'ENABLED',
        EventPattern: pattern,
        Targets: [{ Id: 'hub', Arn: HUB_BUS_ARN, RoleArn: { 'Fn::GetAtt': ['ForwarderRole', 'Arn'] } }],
      },
    };
  }
  return rules;
}

/** The member template, from the parsed `serverless.yml`. */
export function memberTemplate(serverless: CfnValue): CfnValue {
  const patterns = hubEcsEventPatterns(serverless);
  if (patterns.length === 0) throw new Error('serverless.yml has no rule on ECS events to forward');
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description:
      "ecs-pullfix, member side: forwards this region's ECS start failures to the hub, and lets the hub's Lambda diagnose them here.",
    Parameters: { ...HUB_PARAMETERS, ...policyParameters(hubParameterDefaults(serverless)) },
    Rules: RULES,
    Conditions: CONDITIONS,
    Resources: {
      ...memberRoleResources(hubRoleStatements(serverless)),
      ForwarderRole: FORWARDER_ROLE,
      ...forwardingRules(patterns),
    },
    Outputs: {
      MemberRoleArn: { Value: { 'Fn::GetAtt': ['MemberRole', 'Arn'] } },
    },
  };
}

/** `deploy/member.yml` as it must read, from the text of `serverless.yml`. */
export function memberTemplateText(serverlessYaml: string): string {
  return stringifyTemplate(memberTemplate(parseCloudFormationYaml(serverlessYaml)), [
    'ecs-pullfix, the member side of an organisation deployment (docs/organization.md).',
    'Generated by `npm run member-template` from serverless.yml and src/aws/permissions.ts: do not',
    'edit; test/deploy/member-template.test.ts fails when this file differs from what they give.',
  ]);
}
