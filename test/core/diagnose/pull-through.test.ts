import { describe, expect, it } from 'vitest';
import { image } from '../../../src/core/diagnose/checks/image.js';
import { draftsOf } from '../../../src/core/diagnose/verdict.js';
import type { PullThroughCheck, PullThroughRule } from '../../../src/core/pull-through.js';
import { type EcrImageState, ecrImageOf, type ImageCheck } from '../../../src/core/workload.js';

const NGINX = '111122223333.dkr.ecr.us-east-1.amazonaws.com/docker-hub/library/nginx:1.27';
const ROLE = 'arn:aws:iam::111122223333:role/ecsTaskExecutionRole';
const REPOSITORY_ARN = 'arn:aws:ecr:us-east-1:111122223333:repository/docker-hub/library/nginx';
const SECRET = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:ecr-pullthroughcache/docker-hub-Xy12Ab';
const DOCKER_HUB: PullThroughRule = {
  prefix: 'docker-hub',
  upstreamUrl: 'registry-1.docker.io',
  upstreamRegistry: 'docker-hub',
  credentialArn: SECRET,
};
const DEPLOYMENT = { cluster: 'prod', service: 'edge-proxy' };
const SECRET_FOUND = {
  ok: true,
  value: { kind: 'secret', arn: SECRET, versions: { v1: ['AWSCURRENT'] } },
} as const;

const decisions = (
  denied: readonly string[],
  actions = ['ecr:BatchImportUpstreamImage', 'ecr:CreateRepository'],
) =>
  actions.map((action) => ({
    action,
    resource: REPOSITORY_ARN,
    decision: denied.includes(action) ? ('implicitDeny' as const) : ('allowed' as const),
  }));

function check(state: EcrImageState, pullThrough: PullThroughCheck, image = NGINX): ImageCheck {
  const ref = ecrImageOf(image, 'proxy');
  if (!ref) throw new Error('the test image is in private ECR');
  return { ref, state: { ok: true, value: state }, pullThrough };
}

const ids = (c: ImageCheck) => draftsOf(image(c, 'linux/amd64', DEPLOYMENT)).map((f) => f.id);

describe('the pull-through cache check', () => {
  it.each([
    ['a first pull the role may make finds nothing to fix', { kind: 'repository-missing' }, [], []],
    [
      'a first pull without ecr:CreateRepository cannot create the cached repository',
      { kind: 'repository-missing' },
      ['ecr:CreateRepository'],
      ['pull-through-role-cannot-import'],
    ],
    [
      'a tag not cached yet without ecr:BatchImportUpstreamImage cannot be imported',
      { kind: 'image-missing' },
      ['ecr:BatchImportUpstreamImage'],
      ['pull-through-role-cannot-import'],
    ],
    [
      'a cached image needs no import: the role’s lack of it stops nothing',
      { kind: 'found', digest: `sha256:${'a'.repeat(64)}`, tags: ['1.27'] },
      ['ecr:BatchImportUpstreamImage'],
      [],
    ],
  ] as const)('%s', (_, state, denied, expected) => {
    const c = check(state, {
      rules: { ok: true, value: [DOCKER_HUB] },
      credential: SECRET_FOUND,
      role: { roleArn: ROLE, decisions: { ok: true, value: decisions(denied) } },
    });
    expect(ids(c)).toEqual(expected);
  });

  it('names the actions denied, the repository and that the pull is a first one', () => {
    const c = check(
      { kind: 'repository-missing' },
      {
        rules: { ok: true, value: [DOCKER_HUB] },
        credential: SECRET_FOUND,
        role: {
          roleArn: ROLE,
          decisions: { ok: true, value: decisions(['ecr:BatchImportUpstreamImage', 'ecr:CreateRepository']) },
        },
      },
    );
    const [f] = draftsOf(image(c, 'linux/amd64', DEPLOYMENT));
    expect(f).toMatchObject({
      id: 'pull-through-role-cannot-import',
      roleArn: ROLE,
      actions: ['ecr:BatchImportUpstreamImage', 'ecr:CreateRepository'],
      repositoryArn: REPOSITORY_ARN,
      firstPull: true,
    });
  });

  it('says a first pull needs no egress from the task to the upstream', () => {
    const c = check(
      { kind: 'repository-missing' },
      { rules: { ok: true, value: [DOCKER_HUB] }, credential: SECRET_FOUND },
    );
    const said = image(c, 'linux/amd64', DEPLOYMENT).flatMap((v) => (v.kind === 'ok' ? [v.evidence] : []));
    expect(said[0]).toContain('the task needs no egress to registry-1.docker.io');
  });

  it.each([
    ['the rule names no credential', { ...DOCKER_HUB, credentialArn: undefined }, undefined, 'none'],
    [
      'the credential is not named ecr-pullthroughcache/…',
      {
        ...DOCKER_HUB,
        credentialArn: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:dockerhub-Xy12Ab',
      },
      undefined,
      'misnamed',
    ],
    ['the credential does not exist', DOCKER_HUB, { ok: true, value: { kind: 'missing' } }, 'missing'],
  ] as const)('finds the credential missing when %s', (_, rule, credential, problem) => {
    const { credentialArn, ...rest } = rule;
    const c = check(
      { kind: 'repository-missing' },
      {
        rules: { ok: true, value: [credentialArn ? { ...rest, credentialArn } : rest] },
        ...(credential ? { credential } : {}),
      },
    );
    const [f] = draftsOf(image(c, 'linux/amd64', DEPLOYMENT));
    expect(f).toMatchObject({ id: 'pull-through-credential-missing', problem, prefix: 'docker-hub' });
  });

  it('asks no credential of an upstream that needs none (ECR Public)', () => {
    const c = check(
      { kind: 'repository-missing' },
      { rules: { ok: true, value: [{ prefix: 'ecr-public', upstreamUrl: 'public.ecr.aws' }] } },
      '111122223333.dkr.ecr.us-east-1.amazonaws.com/ecr-public/nginx/nginx:1.27',
    );
    expect(ids(c)).toEqual([]);
  });

  it('finds the rule missing for a repository under an upstream’s usual prefix, instead of the repository', () => {
    const c = check({ kind: 'repository-missing' }, { rules: { ok: true, value: [] } });
    const [f] = draftsOf(image(c, 'linux/amd64', DEPLOYMENT));
    expect(f).toMatchObject({
      id: 'pull-through-rule-missing',
      prefix: 'docker-hub',
      upstreamUrl: 'registry-1.docker.io',
      credentials: true,
    });
  });

  it('says only that it is not known whether a rule would fetch a missing repository, when the rules were not read', () => {
    const why =
      'ecr:DescribePullThroughCacheRules was denied (AccessDeniedException) reading the pull-through cache rules of registry 111122223333';
    const c = check({ kind: 'repository-missing' }, { rules: { ok: false, why } });
    const found = draftsOf(image(c, 'linux/amd64', DEPLOYMENT));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      id: 'not-checked',
      check: 'pull-through-cache',
      why: `${why}: docker-hub/library/nginx does not exist, and whether a pull-through cache rule would fetch it is not known`,
    });
  });

  it('still finds a repository under a team’s own prefix missing when the rules were not read, beside the note', () => {
    const why =
      'ecr:DescribePullThroughCacheRules failed (InternalFailure) reading the pull-through cache rules of registry 111122223333';
    const c = check(
      { kind: 'repository-missing' },
      { rules: { ok: false, why } },
      '111122223333.dkr.ecr.us-east-1.amazonaws.com/payments/ledger:2.1.0',
    );
    expect(ids(c)).toEqual(['not-checked', 'ecr-repository-missing']);
  });
});
