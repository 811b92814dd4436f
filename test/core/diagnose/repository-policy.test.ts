import { describe, expect, it } from 'vitest';
import { repositoryPolicy } from '../../../src/core/diagnose/checks/repository-policy.js';
import { draftsOf } from '../../../src/core/diagnose/verdict.js';
import { FINDINGS } from '../../../src/core/findings/catalog.js';
import type { FindingOf } from '../../../src/core/findings/types.js';
import type { RepositoryPolicyCheck } from '../../../src/core/repository-policy.js';

const ROLE = 'arn:aws:iam::111122223333:role/ecsTaskExecutionRole';
const INSTANCE_ROLE = 'arn:aws:iam::111122223333:role/ecsInstanceRole';
const PULL = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'];

const policy = (...statements: readonly Record<string, unknown>[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement: statements });
const allow = (principal: unknown, action: unknown = PULL, extra: Record<string, unknown> = {}) => ({
  Sid: 'Pull',
  Effect: 'Allow',
  Principal: { AWS: principal },
  Action: action,
  ...extra,
});

function check(text: string | undefined): RepositoryPolicyCheck {
  return {
    image: '444455556666.dkr.ecr.us-east-1.amazonaws.com/platform/orders-api:2.3.0',
    container: 'api',
    registryId: '444455556666',
    region: 'us-east-1',
    repository: 'platform/orders-api',
    policy: { ok: true, value: text },
  };
}

const drafts = (c: RepositoryPolicyCheck, principal: string | undefined = ROLE) =>
  draftsOf(repositoryPolicy(c, principal));
const denial = (c: RepositoryPolicyCheck, principal: string = ROLE) =>
  drafts(c, principal).find((f) => f.id === 'ecr-repository-policy-denies') as
    | FindingOf<'ecr-repository-policy-denies'>
    | undefined;

describe('the cross-account repository policy check', () => {
  it.each([
    ['the role by its ARN', policy(allow(ROLE))],
    ['the role’s account by its id', policy(allow('111122223333'))],
    ['the role’s account as its root', policy(allow('arn:aws:iam::111122223333:root'))],
    ['everyone, with ecr:* ', policy(allow('*', 'ecr:*'))],
    ['the role among others', policy(allow(['arn:aws:iam::444455556666:role/ci', ROLE]))],
  ])('finds nothing to fix when the policy grants the pull to %s', (_, text) => {
    expect(drafts(check(text))).toEqual([]);
  });

  it.each([
    ['another role of the owner only', policy(allow('arn:aws:iam::444455556666:role/platform-ci')), PULL],
    ['BatchGetImage alone', policy(allow(ROLE, 'ecr:BatchGetImage')), PULL.slice(1)],
    ['another account', policy(allow('999988887777')), PULL],
  ])('finds the pull denied when the policy grants %s', (_, text, actions) => {
    expect(denial(check(text))).toMatchObject({ actions, noPolicy: false, explicit: false });
  });

  it('finds a repository with no policy grants another account nothing, and gives the whole policy to set', () => {
    const f = denial(check(undefined));
    expect(f).toMatchObject({ noPolicy: true, actions: PULL });
    expect(JSON.parse(f?.policy ?? '')).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'AllowPullFromEcsTaskRole', Effect: 'Allow', Principal: { AWS: ROLE }, Action: PULL },
      ],
    });
  });

  it('keeps the statements the policy has in the policy it recommends (set-repository-policy replaces it)', () => {
    const had = allow('arn:aws:iam::444455556666:role/platform-ci', ['ecr:PutImage']);
    const f = denial(check(policy(had)));
    expect((JSON.parse(f?.policy ?? '') as { Statement: unknown[] }).Statement).toEqual([
      had,
      expect.objectContaining({ Principal: { AWS: ROLE } }),
    ]);
  });

  it('says an explicit Deny must be removed, and gives no statement to add', () => {
    const text = policy(allow(ROLE), {
      Sid: 'NoOtherAccounts',
      Effect: 'Deny',
      Principal: '*',
      Action: 'ecr:*',
      Condition: { StringNotEquals: { 'aws:PrincipalAccount': '444455556666' } },
    });
    const f = denial(check(text));
    expect(f).toMatchObject({ explicit: true });
    expect(f?.policy).toBeUndefined();
    expect(FINDINGS['ecr-repository-policy-denies'].fix(f as never, 'us-east-1')).toContain(
      'denies "arn:aws:iam::111122223333:role/ecsTaskExecutionRole"',
    );
  });

  it('judges the instance role when it is the one that pulls', () => {
    expect(denial(check(policy(allow(ROLE))), INSTANCE_ROLE)?.principalArn).toBe(INSTANCE_ROLE);
    expect(drafts(check(policy(allow(INSTANCE_ROLE))), INSTANCE_ROLE)).toEqual([]);
  });

  it('does not check a grant that hangs on a condition key it does not know', () => {
    const text = policy(allow(ROLE, PULL, { Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } } }));
    expect(drafts(check(text))).toEqual([
      expect.objectContaining({
        id: 'not-checked',
        check: 'repository-policy',
        why: expect.stringContaining('aws:SourceVpce'),
      }),
    ]);
  });

  it('says the caller may not read another account’s policy, naming the operation, when the read is refused', () => {
    const why =
      'ecr:GetRepositoryPolicy was denied (AccessDeniedException) reading the policy of repository platform/orders-api in account 444455556666';
    const [note] = drafts({ ...check(undefined), policy: { ok: false, why } });
    expect(note).toMatchObject({ id: 'not-checked', check: 'repository-policy' });
    expect(note?.evidence[0]).toContain('ecr:GetRepositoryPolicy');
    expect(note?.evidence[0]).toContain("the caller may not read another account's repository policy");
  });

  it('does not check a policy when the role that pulls is not known', () => {
    expect(draftsOf(repositoryPolicy(check(policy(allow(ROLE))), undefined))).toEqual([
      expect.objectContaining({ id: 'not-checked', check: 'repository-policy' }),
    ]);
  });

  it('does not check a policy that is not JSON', () => {
    expect(drafts(check('{"Statement": ['))).toEqual([
      expect.objectContaining({ id: 'not-checked', why: expect.stringContaining('cannot be read') }),
    ]);
  });
});
