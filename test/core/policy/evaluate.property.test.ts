import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluatePolicyText, type PolicyRequest } from '../../../src/core/policy/evaluate.js';
import { parsePolicy } from '../../../src/core/policy/parse.js';

/*
 * Properties of IAM's evaluation logic the evaluator must keep for any policy and any request
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html),
 * and the promise every reader of untrusted text makes: it never throws.
 */

const ACCOUNTS = ['111122223333', '444455556666'];
const ACTIONS = [
  'ecr:BatchGetImage',
  'ecr:GetAuthorizationToken',
  's3:GetObject',
  'logs:PutLogEvents',
  'ssm:GetParameters',
];
const RESOURCES = [
  '*',
  'arn:aws:ecr:eu-west-1:111122223333:repository/checkout',
  'arn:aws:s3:::prod-eu-west-1-starport-layer-bucket/',
  'arn:aws:logs:eu-west-1:111122223333:log-group:/ecs/checkout:log-stream:ecs/app/5f2b',
  'arn:aws:ssm:eu-west-1:111122223333:parameter/checkout/db-url',
];
const KEYS = [
  'aws:PrincipalAccount',
  'aws:PrincipalArn',
  'aws:ResourceAccount',
  'aws:SourceVpc',
  'aws:SourceVpce',
  'aws:PrincipalOrgID',
  'aws:SourceIp',
];
const OPERATORS = [
  'StringEquals',
  'StringNotEquals',
  'StringLike',
  'StringNotLike',
  'StringEqualsIgnoreCase',
  'ArnLike',
  'ArnNotEquals',
  'Bool',
  'Null',
  'StringEqualsIfExists',
  'ForAnyValue:StringLike',
  'ForAllValues:StringNotEquals',
  'NumericEquals',
];

/** A pattern as policies write them: a real value, a wildcard, or a piece of one with `*` or `?`. */
const pattern = (values: readonly string[]) =>
  fc.oneof(
    fc.constantFrom(...values, '*'),
    fc
      .tuple(fc.constantFrom(...values), fc.nat(), fc.constantFrom('*', '?', ''))
      .map(([v, n, w]) => v.slice(0, n % (v.length + 1)) + w),
  );
const oneOrMany = <T>(a: fc.Arbitrary<T>) => fc.oneof(a, fc.array(a, { minLength: 1, maxLength: 3 }));

const condition = fc.dictionary(
  fc.constantFrom(...OPERATORS),
  fc.dictionary(
    fc.constantFrom(...KEYS),
    oneOrMany(pattern([...ACCOUNTS, 'vpc-0a1b2c3d4e5f60789', 'o-a1b2c3d4e5', 'true', 'false'])),
    { minKeys: 1, maxKeys: 2 },
  ),
  { minKeys: 1, maxKeys: 2 },
);

const principal = fc.oneof(
  fc.constant('*'),
  fc.record({
    AWS: oneOrMany(
      fc.constantFrom(
        '*',
        ...ACCOUNTS,
        'arn:aws:iam::111122223333:role/ecsTaskExecutionRole',
        'arn:aws:iam::111122223333:root',
      ),
    ),
  }),
  fc.record({ Service: fc.constant('ecs-tasks.amazonaws.com') }),
);

const statement = (effect: fc.Arbitrary<'Allow' | 'Deny'>) =>
  fc
    .record(
      {
        Sid: fc.stringMatching(/^[A-Za-z0-9]{1,12}$/),
        Effect: effect,
        action: fc.tuple(fc.boolean(), oneOrMany(pattern(ACTIONS))),
        resource: fc.tuple(fc.boolean(), oneOrMany(pattern(RESOURCES))),
        principal: fc.tuple(fc.boolean(), principal),
        Condition: condition,
      },
      { requiredKeys: ['Effect', 'action'] },
    )
    .map(({ action, resource, principal: p, ...rest }) => ({
      ...rest,
      [action[0] ? 'NotAction' : 'Action']: action[1],
      ...(resource ? { [resource[0] ? 'NotResource' : 'Resource']: resource[1] } : {}),
      ...(p ? { [p[0] ? 'NotPrincipal' : 'Principal']: p[1] } : {}),
    }));

const policy = fc.array(statement(fc.constantFrom('Allow', 'Deny')), { maxLength: 4 });

/** A request: some of its keys known, some not; its resource whole or known only in part. */
const request: fc.Arbitrary<PolicyRequest> = fc.record(
  {
    action: fc.oneof(fc.constantFrom(...ACTIONS), fc.string()),
    resource: fc.oneof(fc.constantFrom(...RESOURCES), fc.string()),
    resourceTail: fc.oneof(
      fc.constant({ chars: 'any' as const }),
      fc.constant({ chars: 'alphanumeric' as const, length: 6 }),
    ),
    context: fc.dictionary(
      fc.constantFrom(...KEYS.map((k) => k.toLowerCase())),
      fc.oneof(
        fc.constantFrom(...ACCOUNTS, 'arn:aws:iam::111122223333:role/ecsTaskExecutionRole'),
        fc.string(),
      ),
    ),
  },
  { requiredKeys: ['action', 'resource', 'context'] },
);

const decide = (statements: readonly object[], r: PolicyRequest) =>
  evaluatePolicyText(JSON.stringify({ Version: '2012-10-17', Statement: statements }), r);

describe('evaluatePolicy, for any policy and request', () => {
  it('never denies what a policy allowing * on * (no condition) is asked', () => {
    const allowAll = fc.constantFrom(
      { Effect: 'Allow', Action: '*', Resource: '*' },
      { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
      { Effect: 'Allow', Principal: { AWS: '*' }, Action: '*', Resource: '*' },
    );
    fc.assert(
      fc.property(allowAll, request, (statement, r) => {
        expect(decide([statement], r).kind).toBe('allowed');
      }),
    );
  });

  it('never turns a denial into an allowance when a Deny statement is added', () => {
    fc.assert(
      fc.property(policy, statement(fc.constant('Deny')), fc.nat(), request, (statements, added, at, r) => {
        const before = decide(statements, r);
        const withDeny = [...statements];
        withDeny.splice(at % (statements.length + 1), 0, added);
        const after = decide(withDeny, r);
        if (before.kind === 'denied') expect(after.kind).toBe('denied');
        if (after.kind === 'allowed') expect(before.kind).toBe('allowed');
      }),
      { numRuns: 500 },
    );
  });

  it('denies explicitly every request once a Deny of * on * (no condition) is added', () => {
    const denyAll = { Sid: 'DenyAll', Effect: 'Deny' as const, Principal: '*', Action: '*', Resource: '*' };
    fc.assert(
      fc.property(policy, fc.nat(), request, (statements, at, r) => {
        const withDeny = [...statements];
        withDeny.splice(at % (statements.length + 1), 0, denyAll);
        expect(decide(withDeny, r)).toMatchObject({ kind: 'denied', explicit: true });
      }),
    );
  });

  it('never allows without a statement that allows, nor denies explicitly without a Deny', () => {
    fc.assert(
      fc.property(policy, request, (statements, r) => {
        const d = decide(statements, r);
        const effects = statements.map((s) => s.Effect);
        if (d.kind === 'allowed') expect(effects).toContain('Allow');
        if (d.kind === 'denied' && d.explicit) expect(effects).toContain('Deny');
      }),
    );
  });

  it('never throws, whatever JSON it is given as a policy', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.string()), request, (text, r) => {
        expect(() => evaluatePolicyText(text, r)).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on statements whose fields hold any JSON value', () => {
    const field = fc.constantFrom(
      'Sid',
      'Effect',
      'Action',
      'NotAction',
      'Resource',
      'NotResource',
      'Principal',
      'NotPrincipal',
      'Condition',
    );
    const wild = fc.dictionary(field, fc.jsonValue(), { maxKeys: 6 });
    fc.assert(
      fc.property(
        fc.array(fc.oneof(wild, statement(fc.constantFrom('Allow', 'Deny')))),
        request,
        (statements, r) => {
          expect(() => decide(statements, r)).not.toThrow();
          expect(() => parsePolicy(JSON.stringify({ Statement: statements }))).not.toThrow();
        },
      ),
      { numRuns: 300 },
    );
  });
});
