import { describe, expect, it } from 'vitest';
import { type Decision, evaluatePolicyText, type PolicyRequest } from '../../../src/core/policy/evaluate.js';

/*
 * The evaluator, specified by the rows of AWS's IAM documentation: each row's name cites the
 * section it comes from (IAM User Guide: "Policy evaluation logic", "IAM JSON policy elements"
 * — Effect, Principal, NotPrincipal, Action, NotAction, Resource, NotResource, Condition —,
 * "Condition operators", "Policy variables"). The request is a task's: its execution role in
 * account 111122223333 pulls checkout through an ECR endpoint of vpc-0a1b2c3d4e5f60789.
 */

const ACCOUNT = '111122223333';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/ecsTaskExecutionRole`;
const REPO = `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/checkout`;
const VPC = 'vpc-0a1b2c3d4e5f60789';
const VPCE = 'vpce-0ecrdkr1a2b3c4d5e';

const REQUEST: PolicyRequest = {
  action: 'ecr:BatchGetImage',
  resource: REPO,
  context: {
    'aws:principalaccount': ACCOUNT,
    'aws:principalarn': ROLE,
    'aws:resourceaccount': ACCOUNT,
    'aws:sourcevpc': VPC,
    'aws:sourcevpce': VPCE,
  },
};

/** `${aws:PrincipalAccount}`, as a policy writes it. */
const PRINCIPAL_ACCOUNT_VARIABLE = ['$', '{aws:PrincipalAccount}'].join('');

const ALLOW_ALL = { Sid: 'AllowAll', Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' };

/** The decision in a word or two: what a person reads off the check's evidence. */
function decide(statements: readonly object[], request: Partial<PolicyRequest> = {}): string {
  const d = evaluatePolicyText(JSON.stringify({ Version: '2012-10-17', Statement: statements }), {
    ...REQUEST,
    ...request,
  });
  return said(d);
}

function said(d: Decision | { kind: 'unreadable'; why: string }): string {
  switch (d.kind) {
    case 'allowed':
      return 'allowed';
    case 'denied':
      return d.explicit ? `explicit deny by ${d.statement}` : 'implicit deny';
    case 'undecided':
      return `undecided on ${d.dependsOn.join(', ')}`;
    case 'unreadable':
      return `unreadable: ${d.why}`;
  }
}

const allow = (extra: object) => ({ Sid: 'Pull', Effect: 'Allow', Principal: '*', ...extra });
const deny = (extra: object) => ({ Sid: 'Guard', Effect: 'Deny', Principal: '*', ...extra });
const pull = { Action: 'ecr:BatchGetImage', Resource: REPO };

describe('evaluatePolicy, row by row from the IAM User Guide', () => {
  it.each<[string, readonly object[], Partial<PolicyRequest>, string]>([
    // Policy evaluation logic
    ['evaluation logic: an Allow that applies, and no Deny, allows', [allow(pull)], {}, 'allowed'],
    [
      'evaluation logic: an explicit Deny overrides any Allow',
      [ALLOW_ALL, deny(pull)],
      {},
      'explicit deny by Guard',
    ],
    [
      'evaluation logic: no statement applies, so the request is implicitly denied',
      [allow({ Action: 's3:GetObject', Resource: '*' })],
      {},
      'implicit deny',
    ],
    ['evaluation logic: a policy with no statements denies implicitly', [], {}, 'implicit deny'],
    [
      'evaluation logic: a Deny that does not apply leaves the Allow',
      [ALLOW_ALL, deny({ Action: 'ecr:DeleteRepository', Resource: REPO })],
      {},
      'allowed',
    ],
    [
      'evaluation logic: a Deny is named by its index when it has no Sid',
      [ALLOW_ALL, { Effect: 'Deny', Principal: '*', ...pull }],
      {},
      'explicit deny by statement 2',
    ],
    // NotAction
    [
      'NotAction: an Allow with NotAction allows every action it does not list',
      [allow({ NotAction: ['ecr:Delete*', 'ecr:Put*'], Resource: '*' })],
      {},
      'allowed',
    ],
    [
      'NotAction: an Allow with NotAction does not allow the actions it lists',
      [allow({ NotAction: 'ecr:BatchGetImage', Resource: '*' })],
      {},
      'implicit deny',
    ],
    [
      'NotAction: a Deny with NotAction denies every action it does not list',
      [ALLOW_ALL, deny({ NotAction: 's3:*', Resource: '*' })],
      {},
      'explicit deny by Guard',
    ],
    // NotResource
    [
      'NotResource: a Deny with NotResource denies every resource it does not list',
      [ALLOW_ALL, deny({ Action: '*', NotResource: `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/billing` })],
      {},
      'explicit deny by Guard',
    ],
    [
      'NotResource: a Deny with NotResource leaves the resources it lists',
      [ALLOW_ALL, deny({ Action: '*', NotResource: [`arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/*`] })],
      {},
      'allowed',
    ],
    [
      'NotResource: an Allow with NotResource allows every resource it does not list',
      [allow({ Action: 'ecr:*', NotResource: `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/secret-*` })],
      {},
      'allowed',
    ],
    [
      'NotResource: an Allow with NotResource does not allow the resources it lists',
      [allow({ Action: 'ecr:*', NotResource: REPO })],
      {},
      'implicit deny',
    ],
    // Action and Resource, wildcards and case
    [
      'Action: action names are not case-sensitive',
      [allow({ Action: 'ECR:batchgetimage', Resource: REPO })],
      {},
      'allowed',
    ],
    [
      'Action: a wildcard matches the rest of the name',
      [allow({ Action: 'ecr:Batch*', Resource: REPO })],
      {},
      'allowed',
    ],
    [
      'Action: a wildcard that does not fit does not match',
      [allow({ Action: 'ecr:Get*', Resource: REPO })],
      {},
      'implicit deny',
    ],
    [
      'Action: a list of actions matches any of them',
      [allow({ Action: ['ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'], Resource: REPO })],
      {},
      'allowed',
    ],
    [
      'Resource: * matches across the parts of an ARN',
      [allow({ Action: 'ecr:*', Resource: `arn:aws:ecr:*:${ACCOUNT}:repository/*` })],
      {},
      'allowed',
    ],
    [
      'Resource: ? matches exactly one character',
      [allow({ Action: 'ecr:*', Resource: `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/checkou?` })],
      {},
      'allowed',
    ],
    [
      'Resource: ? matches no more than one character',
      [allow({ Action: 'ecr:*', Resource: `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/check?` })],
      {},
      'implicit deny',
    ],
    [
      'Resource: ARNs are case-sensitive',
      [allow({ Action: 'ecr:*', Resource: `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/Checkout` })],
      {},
      'implicit deny',
    ],
    [
      'Resource: another account’s repositories are not this one',
      [allow({ Action: 'ecr:*', Resource: 'arn:aws:ecr:eu-west-1:444455556666:repository/*' })],
      {},
      'implicit deny',
    ],
    [
      'Resource: an action on no resource matches only *',
      [
        allow({
          Action: 'ecr:GetAuthorizationToken',
          Resource: `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/*`,
        }),
      ],
      { action: 'ecr:GetAuthorizationToken', resource: '*' },
      'implicit deny',
    ],
    // Principal and NotPrincipal
    ['Principal: "*" is everyone', [allow({ ...pull, Principal: '*' })], {}, 'allowed'],
    ['Principal: {"AWS": "*"} is everyone', [allow({ ...pull, Principal: { AWS: '*' } })], {}, 'allowed'],
    [
      'Principal: an account id names every principal of the account',
      [allow({ ...pull, Principal: { AWS: ACCOUNT } })],
      {},
      'allowed',
    ],
    [
      'Principal: an account’s root ARN names every principal of the account',
      [allow({ ...pull, Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } })],
      {},
      'allowed',
    ],
    [
      'Principal: another account is not the caller',
      [allow({ ...pull, Principal: { AWS: ['444455556666'] } })],
      {},
      'implicit deny',
    ],
    ['Principal: a role ARN names that role', [allow({ ...pull, Principal: { AWS: ROLE } })], {}, 'allowed'],
    [
      'Principal: another role of the account is not the caller',
      [allow({ ...pull, Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/deploy` } })],
      {},
      'implicit deny',
    ],
    [
      'Principal: a service principal is not the caller',
      [allow({ ...pull, Principal: { Service: 'ecs-tasks.amazonaws.com' } })],
      {},
      'implicit deny',
    ],
    [
      'NotPrincipal: a Deny with NotPrincipal denies everyone it does not list',
      [
        ALLOW_ALL,
        {
          Sid: 'OnlyDeploy',
          Effect: 'Deny',
          NotPrincipal: { AWS: `arn:aws:iam::${ACCOUNT}:role/deploy` },
          ...pull,
        },
      ],
      {},
      'explicit deny by OnlyDeploy',
    ],
    [
      'NotPrincipal: a Deny with NotPrincipal leaves the principals it lists',
      [ALLOW_ALL, { Effect: 'Deny', NotPrincipal: { AWS: [ROLE] }, ...pull }],
      {},
      'allowed',
    ],
    // Condition operators
    [
      'condition operators: StringEquals holds on an equal value',
      [allow({ ...pull, Condition: { StringEquals: { 'aws:PrincipalAccount': ACCOUNT } } })],
      {},
      'allowed',
    ],
    [
      'condition operators: StringEquals fails on another value',
      [allow({ ...pull, Condition: { StringEquals: { 'aws:PrincipalAccount': '444455556666' } } })],
      {},
      'implicit deny',
    ],
    [
      'condition operators: condition keys are not case-sensitive',
      [allow({ ...pull, Condition: { StringEquals: { 'AWS:principalaccount': ACCOUNT } } })],
      {},
      'allowed',
    ],
    [
      'condition operators: a Deny on StringNotEquals this account does not apply to it',
      [
        ALLOW_ALL,
        deny({
          Action: '*',
          Resource: '*',
          Condition: { StringNotEquals: { 'aws:PrincipalAccount': ACCOUNT } },
        }),
      ],
      {},
      'allowed',
    ],
    [
      'condition operators: a Deny on StringNotEquals another account applies',
      [
        ALLOW_ALL,
        deny({
          Action: '*',
          Resource: '*',
          Condition: { StringNotEquals: { 'aws:PrincipalAccount': '444455556666' } },
        }),
      ],
      {},
      'explicit deny by Guard',
    ],
    [
      'condition operators: StringEqualsIgnoreCase ignores case',
      [allow({ ...pull, Condition: { StringEqualsIgnoreCase: { 'aws:SourceVpce': VPCE.toUpperCase() } } })],
      {},
      'allowed',
    ],
    [
      'condition operators: StringLike takes wildcards',
      [allow({ ...pull, Condition: { StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/ecs*' } } })],
      {},
      'allowed',
    ],
    [
      'condition operators: StringNotLike on a matching value does not hold',
      [ALLOW_ALL, deny({ ...pull, Condition: { StringNotLike: { 'aws:PrincipalArn': '*:role/ecs*' } } })],
      {},
      'allowed',
    ],
    [
      'condition operators: ArnLike matches each part of the ARN',
      [
        allow({
          ...pull,
          Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/ecsTaskExecution*' } },
        }),
      ],
      {},
      'allowed',
    ],
    [
      'condition operators: ArnEquals on another role fails',
      [
        allow({
          ...pull,
          Condition: { ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/deploy` } },
        }),
      ],
      {},
      'implicit deny',
    ],
    [
      'condition operators: ArnNotEquals on this role does not hold',
      [ALLOW_ALL, deny({ ...pull, Condition: { ArnNotEquals: { 'aws:PrincipalArn': ROLE } } })],
      {},
      'allowed',
    ],
    [
      'condition operators: Null "false" holds on a key the request carries',
      [allow({ ...pull, Condition: { Null: { 'aws:SourceVpc': 'false' } } })],
      {},
      'allowed',
    ],
    [
      'condition operators: Null "true" fails on a key the request carries',
      [allow({ ...pull, Condition: { Null: { 'aws:SourceVpc': 'true' } } })],
      {},
      'implicit deny',
    ],
    [
      'condition operators: …IfExists tests a key the request carries as without IfExists',
      [allow({ ...pull, Condition: { StringEqualsIfExists: { 'aws:SourceVpc': 'vpc-0ffffffffffffffff' } } })],
      {},
      'implicit deny',
    ],
    [
      'condition operators: ForAnyValue reads a single-valued key as a set of one',
      [allow({ ...pull, Condition: { 'ForAnyValue:StringEquals': { 'aws:SourceVpce': [VPCE] } } })],
      {},
      'allowed',
    ],
    [
      'condition operators: an operator on numbers is not evaluated',
      [allow({ ...pull, Condition: { NumericLessThan: { 'aws:PrincipalAccount': '2' } } })],
      {},
      'undecided on aws:PrincipalAccount',
    ],
    // Multiple keys and values
    [
      'multiple values: the values of one key are alternatives (OR)',
      [
        allow({
          ...pull,
          Condition: { StringEquals: { 'aws:SourceVpce': ['vpce-0aaaaaaaaaaaaaaaa', VPCE] } },
        }),
      ],
      {},
      'allowed',
    ],
    [
      'multiple values: a negated operator holds only when no value matches',
      [
        ALLOW_ALL,
        deny({
          ...pull,
          Condition: { StringNotEquals: { 'aws:PrincipalAccount': ['444455556666', ACCOUNT] } },
        }),
      ],
      {},
      'allowed',
    ],
    [
      'multiple keys: every key of an operator must hold (AND)',
      [
        allow({
          ...pull,
          Condition: {
            StringEquals: { 'aws:PrincipalAccount': ACCOUNT, 'aws:SourceVpc': 'vpc-0ffffffffffffffff' },
          },
        }),
      ],
      {},
      'implicit deny',
    ],
    [
      'multiple keys: every operator must hold (AND)',
      [
        allow({
          ...pull,
          Condition: {
            StringEquals: { 'aws:SourceVpc': VPC },
            ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/deploy' },
          },
        }),
      ],
      {},
      'implicit deny',
    ],
    // Policy variables
    [
      'policy variables: the variable aws:PrincipalAccount is the caller’s account',
      [
        allow({
          ...pull,
          Condition: { StringEquals: { 'aws:ResourceAccount': PRINCIPAL_ACCOUNT_VARIABLE } },
        }),
      ],
      {},
      'allowed',
    ],
    [
      'policy variables: a variable in a Resource is replaced',
      [
        allow({
          Action: 'ecr:*',
          Resource: `arn:aws:ecr:eu-west-1:${PRINCIPAL_ACCOUNT_VARIABLE}:repository/*`,
        }),
      ],
      {},
      'allowed',
    ],
  ])('%s', (_, statements, request, expected) => {
    expect(decide(statements, request)).toBe(expected);
  });
});

describe('evaluatePolicy, where the request is known only in part', () => {
  const ORG_GUARD = deny({
    Action: '*',
    Resource: '*',
    Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
  });

  it.each<[string, readonly object[], Partial<PolicyRequest>, string]>([
    [
      'a Deny on a key it cannot know leaves the decision open',
      [ALLOW_ALL, ORG_GUARD],
      {},
      'undecided on aws:PrincipalOrgID',
    ],
    [
      'an Allow only on a key it cannot know leaves the decision open',
      [allow({ ...pull, Condition: { StringEquals: { 'aws:PrincipalTag/team': 'payments' } } })],
      {},
      'undecided on aws:PrincipalTag/team',
    ],
    [
      'an unknown cannot matter when no statement could allow',
      [allow({ Action: 's3:*', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } })],
      {},
      'implicit deny',
    ],
    [
      'an explicit Deny settles it whatever the unknowns',
      [allow({ ...pull, Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } }), deny(pull)],
      {},
      'explicit deny by Guard',
    ],
    [
      '…IfExists on a key it cannot know stays open',
      [allow({ ...pull, Condition: { StringEqualsIfExists: { 'aws:SourceIp': '10.0.0.1' } } })],
      {},
      'undecided on aws:SourceIp',
    ],
    [
      'a role named as Principal when the caller (an instance role) is unknown',
      [allow({ ...pull, Principal: { AWS: ROLE } })],
      { context: { 'aws:principalaccount': ACCOUNT } },
      'undecided on aws:PrincipalArn',
    ],
    [
      'a role of another account when the caller is unknown but its account is not',
      [allow({ ...pull, Principal: { AWS: 'arn:aws:iam::444455556666:role/x' } })],
      { context: { 'aws:principalaccount': ACCOUNT } },
      'implicit deny',
    ],
  ])('%s', (_, statements, request, expected) => {
    expect(decide(statements, request)).toBe(expected);
  });

  const LAYERS = 'arn:aws:s3:::prod-eu-west-1-starport-layer-bucket/';
  const objectOfLayers: Partial<PolicyRequest> = {
    action: 's3:GetObject',
    resource: LAYERS,
    resourceTail: { chars: 'any' },
  };
  it.each([
    ['the whole bucket covers every object', `${LAYERS}*`, 'allowed'],
    ['* covers every object', '*', 'allowed'],
    ['another bucket misses every object', 'arn:aws:s3:::acme-assets/*', 'implicit deny'],
    ['a key prefix leaves it open', `${LAYERS}sha256/*`, `undecided on the resource's full ARN`],
  ])('an S3 object whose key is unknown: %s', (_, resource, expected) => {
    expect(decide([allow({ Action: 's3:GetObject', Resource: resource })], objectOfLayers)).toBe(expected);
  });

  const SECRET = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/checkout/db-';
  const partialSecret: Partial<PolicyRequest> = {
    action: 'secretsmanager:GetSecretValue',
    resource: SECRET,
    resourceTail: { chars: 'alphanumeric', length: 6 },
  };
  it.each([
    ['name-?????? covers it', `${SECRET}??????`, 'allowed'],
    ['name-* covers it', `${SECRET}*`, 'allowed'],
    ['prod/* covers it', 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/*', 'allowed'],
    ['one full ARN leaves it open', `${SECRET}Ab3dE9`, `undecided on the resource's full ARN`],
    ['seven characters miss it', `${SECRET}???????`, 'implicit deny'],
    [
      'another secret misses it',
      'arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/billing-*',
      'implicit deny',
    ],
  ])('a secret named without its suffix: %s', (_, resource, expected) => {
    expect(
      decide([allow({ Action: 'secretsmanager:GetSecretValue', Resource: resource })], partialSecret),
    ).toBe(expected);
  });
});

describe('evaluatePolicyText on text that is no policy', () => {
  it.each([
    ['{"Statement": [', 'unreadable: it is not JSON'],
    ['{"Version": "2012-10-17"}', 'unreadable: it has no Statement'],
    [
      '{"Statement": [{"Effect": "Permit", "Action": "*", "Resource": "*"}]}',
      'unreadable: statement 1 has no Effect of Allow or Deny',
    ],
    [
      '{"Statement": {"Effect": "Allow", "Resource": "*"}}',
      'unreadable: statement 1 has neither Action nor NotAction',
    ],
    [
      '{"Statement": [{"Effect": "Allow", "Action": "*", "NotAction": "s3:*"}]}',
      'unreadable: statement 1 has both Action and NotAction',
    ],
    [
      `{"Statement": [], "Pad": "${'x'.repeat(21_000)}"}`,
      'unreadable: it is longer than the 20480 characters AWS allows',
    ],
  ])('%s', (text, expected) => {
    expect(said(evaluatePolicyText(text, REQUEST))).toBe(expected);
  });

  it('reads a single statement written as an object, and a statement without Resource as every resource', () => {
    const text = JSON.stringify({
      Statement: { Effect: 'Allow', Principal: '*', Action: 'ecr:BatchGetImage' },
    });

    expect(said(evaluatePolicyText(text, REQUEST))).toBe('allowed');
  });
});
