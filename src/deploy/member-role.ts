// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${…} here is CloudFormation's Fn::Sub (or osls's variables), not a template literal's
import { LAMBDA_ACTIONS } from '../aws/permissions.js';
import { MEMBER_POLICY_LIST_SEPARATOR, MEMBER_POLICY_TAGS } from '../core/member-policy.js';
import type { CfnValue } from './cfn-yaml.js';
import type { HubStatement } from './hub-source.js';

/**
 * The role the hub's Lambda assumes in a member account: the hub role's own statements, those
 * of the reads always and those of auto-fix's writes only where the StackSet allows auto-fix;
 * never the statements on the hub's own resources (its topic, table, queue and key).
 */

/**
 * What the member role may do beyond the hub's reads and writes: read its own tags (the
 * account's policy) and the account's alias (`LAMBDA_ACTIONS.member`).
 */
export const MEMBER_ONLY_ACTIONS = LAMBDA_ACTIONS.member;

type Kind = 'reads' | 'writes' | 'own';

function kindOf(action: string): Kind {
  const has = (list: readonly string[]) => list.includes(action);
  if (has(LAMBDA_ACTIONS.reads)) return 'reads';
  if (has(LAMBDA_ACTIONS.writes)) return 'writes';
  if (has(LAMBDA_ACTIONS.own) || has(LAMBDA_ACTIONS.viaSns)) return 'own';
  throw new Error(`${action} is in serverless.yml's role but not in LAMBDA_ACTIONS (src/aws/permissions.ts)`);
}

/** The hub role's statements by what they grant; a statement mixing two kinds throws. */
export function statementsByKind(statements: readonly HubStatement[]): Record<Kind, HubStatement[]> {
  const out: Record<Kind, HubStatement[]> = { reads: [], writes: [], own: [] };
  for (const s of statements) {
    const kinds = new Set((Array.isArray(s.Action) ? s.Action : [s.Action]).map(kindOf));
    const [kind] = kinds;
    if (kinds.size !== 1 || !kind) throw new Error(`${s.Sid} mixes ${[...kinds].join(' and ')}`);
    out[kind].push(s);
  }
  return out;
}

/** The role's name: one per region, as its statements name that region's resources (docs/organization.md). */
const ROLE_NAME: CfnValue = { 'Fn::Sub': '${MemberRoleName}-${AWS::Region}' };

/** Who may assume the role: the hub's Lambda role, by ARN, from inside the organisation. */
const TRUST_POLICY: CfnValue = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'TheHubsLambdaInTheOrganization',
      Effect: 'Allow',
      // The hub account, narrowed to one role by aws:PrincipalArn: naming the role itself as the
      // principal would break the trust for good when the hub's stack replaces the role (IAM
      // stores the principal by its unique id).
      Principal: { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${HubAccountId}:root' } },
      Action: 'sts:AssumeRole',
      Condition: {
        ArnEquals: {
          'aws:PrincipalArn': {
            'Fn::Sub': 'arn:${AWS::Partition}:iam::${HubAccountId}:role/${HubLambdaRoleName}',
          },
        },
        StringEquals: { 'aws:PrincipalOrgID': { Ref: 'OrganizationId' } },
      },
    },
  ],
};

/** The account's policy (the StackSet's parameters) as the role's tags: `MEMBER_POLICY_TAGS`. */
const POLICY_TAGS: CfnValue = [
  { Key: MEMBER_POLICY_TAGS.defaultMode, Value: { Ref: 'DefaultMode' } },
  {
    Key: MEMBER_POLICY_TAGS.allowedServices,
    Value: { 'Fn::Join': [MEMBER_POLICY_LIST_SEPARATOR, { 'Fn::Split': [',', { Ref: 'AllowedServices' }] }] },
  },
  { Key: MEMBER_POLICY_TAGS.maxEndpointsPerVpc, Value: { Ref: 'MaxEndpointsPerVpc' } },
  { Key: MEMBER_POLICY_TAGS.autoFix, Value: { Ref: 'AllowAutoFix' } },
];

const policy = (statements: readonly CfnValue[]) => ({ Version: '2012-10-17', Statement: statements });

/**
 * The role, with its reads, and auto-fix's writes as a policy of their own created only under
 * the `AutoFixAllowed` condition. An AWS::IAM::Policy rather than an `Fn::If` among the role's
 * policies or the newer AWS::IAM::RolePolicy: moto's CloudFormation creates neither of those
 * two correctly, and the integration tests deploy this template there.
 */
export function memberRoleResources(statements: readonly HubStatement[]): Record<string, CfnValue> {
  const { reads, writes } = statementsByKind(statements);
  const readOwnTags = {
    Sid: 'ReadThisAccountsPolicy',
    Effect: 'Allow',
    Action: ['iam:ListRoleTags'],
    Resource: {
      'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${MemberRoleName}-${AWS::Region}',
    },
  };
  // A List action with no resource type (docs/iam.md): the caller's own account's alias only.
  const readAlias = {
    Sid: 'ReadThisAccountsAlias',
    Effect: 'Allow',
    Action: ['iam:ListAccountAliases'],
    Resource: '*',
  };
  return {
    MemberRole: {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: ROLE_NAME,
        Description:
          "Assumed by ecs-pullfix's hub Lambda to diagnose this account's ECS tasks in this region.",
        AssumeRolePolicyDocument: TRUST_POLICY,
        Policies: [{ PolicyName: 'diagnose', PolicyDocument: policy([...reads, readOwnTags, readAlias]) }],
        Tags: POLICY_TAGS,
      },
    },
    MemberRoleAutoFix: {
      Type: 'AWS::IAM::Policy',
      Condition: 'AutoFixAllowed',
      Properties: { PolicyName: 'auto-fix', Roles: [{ Ref: 'MemberRole' }], PolicyDocument: policy(writes) },
    },
  };
}
