import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pullThrough } from '../../src/core/diagnose/checks/pull-through.js';
import { FINDINGS } from '../../src/core/findings/catalog.js';
import type { FindingOf } from '../../src/core/findings/types.js';
import { createRuleCli, credentialCli, grantImportCli } from '../../src/core/plan/recommend-pull-through.js';
import { ruleOf } from '../../src/core/pull-through.js';
import type { ImageCheck } from '../../src/core/workload.js';
import { CONTROL, hostileString, runInBash } from '../support/shell.js';

/** ECR's prefix pattern (`DescribePullThroughCacheRules`), as a repository name's segments. */
const PREFIX = /^(?=.{2,256}$)(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const prefix = fc.oneof(fc.stringMatching(/^[a-z0-9]{2,12}(?:-[a-z0-9]{1,6})?$/), hostileString);
const region = fc.oneof(fc.constantFrom('us-east-1', 'eu-west-1'), hostileString);

describe('the pull-through cache commands, for names from the registry and the task definition', () => {
  it('create the rule with its prefix and region as one argument each, or give no command', () => {
    fc.assert(
      fc.property(prefix, region, fc.boolean(), (p, r, credentials) => {
        const f = {
          id: 'pull-through-rule-missing',
          prefix: p,
          region: r,
          repository: `${p}/library/nginx`,
          upstreamUrl: 'registry-1.docker.io',
          upstreamName: 'Docker Hub',
          credentials,
        } as unknown as FindingOf<'pull-through-rule-missing'>;
        const run = runInBash(createRuleCli(f), { SECRET_ARN: 'arn:stub' });
        expect(run.parses).toBe(true);
        const rule = run.commands.map((c) => c.argv).find((a) => a[2] === 'create-pull-through-cache-rule');
        if (PREFIX.test(p) && /^[a-z]{2}-[a-z]+-\d$/.test(r)) {
          expect(rule?.[4]).toBe(p);
          expect(rule?.at(-1)).toBe(r);
        } else expect(run.commands).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });

  it('point the rule at a new credential named ecr-pullthroughcache/<prefix>, or give no command', () => {
    fc.assert(
      fc.property(prefix, (p) => {
        const f = {
          id: 'pull-through-credential-missing',
          prefix: p,
          region: 'eu-west-1',
          problem: 'missing',
          upstreamUrl: 'ghcr.io',
        } as unknown as FindingOf<'pull-through-credential-missing'>;
        const run = runInBash(credentialCli(f), { SECRET_ARN: 'arn:stub' });
        expect(run.parses).toBe(true);
        const update = run.commands.map((c) => c.argv).find((a) => a[2] === 'update-pull-through-cache-rule');
        if (PREFIX.test(p)) expect(update?.slice(3, 5)).toEqual(['--ecr-repository-prefix', p]);
        else expect(run.commands).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });

  it('grant the role the import on the cached repository, the policy never breaking out of its document', () => {
    fc.assert(
      fc.property(prefix, (p) => {
        const f = {
          id: 'pull-through-role-cannot-import',
          roleArn: 'arn:aws:iam::111122223333:role/ecsTaskExecutionRole',
          actions: ['ecr:BatchImportUpstreamImage'],
          repositoryArn: `arn:aws:ecr:eu-west-1:111122223333:repository/${p}/library/nginx`,
        } as unknown as FindingOf<'pull-through-role-cannot-import'>;
        const run = runInBash(grantImportCli(f));
        expect(run.parses).toBe(true);
        // The here-document that writes the policy, then IAM's command: nothing else runs.
        for (const c of run.commands) expect(['cat', 'aws']).toContain(c.argv[0]);
      }),
      { numRuns: 40 },
    );
  });
});

describe(pullThrough.name, () => {
  it('never throws, and shows no control character, for any rule and repository', () => {
    fc.assert(
      fc.property(prefix, hostileString, hostileString, (p, url, secret) => {
        const c: ImageCheck = {
          ref: {
            image: `111122223333.dkr.ecr.eu-west-1.amazonaws.com/${p}/x:1`,
            container: 'app',
            registryId: '111122223333',
            region: 'eu-west-1',
            repository: `${p}/x`,
            tag: '1',
          },
          state: { ok: true, value: { kind: 'repository-missing' } },
          pullThrough: {
            rules: { ok: true, value: [{ prefix: p, upstreamUrl: url, credentialArn: secret }] },
          },
        };
        const rules = c.pullThrough?.rules.ok ? c.pullThrough.rules.value : [];
        // A repository under the prefix is the rule's (ECR's prefixes are never empty).
        if (p !== '') expect(ruleOf(c.ref.repository, rules)?.prefix).toBe(p);
        for (const v of pullThrough(c))
          if (v.kind === 'finding') {
            const spec = FINDINGS[v.draft.id] as { fix: (f: unknown, r: string) => string };
            expect(spec.fix({ ...v.draft, fix: '' }, 'eu-west-1')).not.toMatch(CONTROL);
          }
      }),
      { numRuns: 60 },
    );
  });
});
