import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { repositoryPolicy } from '../../src/core/diagnose/checks/repository-policy.js';
import { draftsOf } from '../../src/core/diagnose/verdict.js';
import type { FindingOf } from '../../src/core/findings/types.js';
import { setRepositoryPolicyCli } from '../../src/core/plan/recommend-cross-account.js';
import { jsonText } from '../../src/core/shell.js';
import { hostileString, runInBash } from '../support/shell.js';

/** ECR's repository name pattern (`CreateRepository`). */
const REPOSITORY = /^(?=.{2,256}$)(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const ROLE = 'arn:aws:iam::111122223333:role/ecsTaskExecutionRole';
const repository = fc.oneof(
  fc.stringMatching(/^[a-z0-9]{2,10}(?:\/[a-z0-9-]{1,8}[a-z0-9])?$/),
  hostileString,
);
const registry = fc.oneof(fc.constantFrom('444455556666', '999988887777'), hostileString);
/** A policy's text as another account may hold it: JSON of any shape, or not JSON at all. */
const policyText = fc.oneof(
  hostileString,
  fc.json(),
  fc
    .record({
      Sid: hostileString,
      Effect: fc.constantFrom('Allow', 'Deny', 'allow'),
      Principal: fc.oneof(fc.constant('*'), fc.record({ AWS: fc.oneof(fc.constant(ROLE), hostileString) })),
      Action: fc.oneof(fc.constantFrom('ecr:*', 'ecr:BatchGetImage'), hostileString),
    })
    .map((s) => JSON.stringify({ Version: '2012-10-17', Statement: [s] })),
);

describe('the cross-account repository policy, for untrusted names and policy text', () => {
  it('never throws, and says a finding, a note or nothing', () => {
    fc.assert(
      fc.property(policyText, repository, registry, (text, repo, registryId) => {
        const c = {
          image: `${registryId}.dkr.ecr.us-east-1.amazonaws.com/${repo}:1`,
          container: 'api',
          registryId,
          region: 'us-east-1',
          repository: repo,
          policy: { ok: true as const, value: text },
        };
        for (const d of draftsOf(repositoryPolicy(c, ROLE)))
          expect(['ecr-repository-policy-denies', 'not-checked']).toContain(d.id);
      }),
      { numRuns: 200 },
    );
  });

  it('sets the policy on that repository of that account, its text only in a file, or gives no command', () => {
    fc.assert(
      fc.property(repository, registry, policyText, (repo, registryId, text) => {
        const f = {
          id: 'ecr-repository-policy-denies',
          repository: repo,
          registryId,
          region: 'us-east-1',
          principalArn: ROLE,
          actions: ['ecr:BatchGetImage'],
          noPolicy: false,
          explicit: false,
          policy: jsonText(text),
        } as unknown as FindingOf<'ecr-repository-policy-denies'>;
        const run = runInBash(setRepositoryPolicyCli(f));
        expect(run.parses).toBe(true);
        const set = run.commands.map((c) => c.argv).find((a) => a[2] === 'set-repository-policy');
        if (REPOSITORY.test(repo) && /^\d{12}$/.test(registryId)) {
          expect(set).toEqual([
            'aws',
            'ecr',
            'set-repository-policy',
            '--registry-id',
            registryId,
            '--repository-name',
            repo,
            '--policy-text',
            'file://ecs-pullfix-repository-policy.json',
            '--region',
            'us-east-1',
          ]);
          expect(JSON.parse(run.files['ecs-pullfix-repository-policy.json'] ?? '')).toBe(text);
        } else expect(run.commands).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });
});
