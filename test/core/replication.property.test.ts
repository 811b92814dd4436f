import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { replicationCli, replicationWords } from '../../src/core/plan/recommend-replication.js';
import { type ReplicationRule, replicationAdvice } from '../../src/core/replication.js';
import type { ContainerFacts } from '../../src/core/task-definition.js';
import { CONTROL, hostileString, runInBash } from '../support/shell.js';

const ACCOUNT = '111122223333';
/** ECR's repository name pattern (`CreateRepository`). */
const REPOSITORY = /^(?=.{2,256}$)(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const repository = fc.oneof(
  fc.stringMatching(/^[a-z0-9]{2,10}(?:\/[a-z0-9-]{1,8}[a-z0-9])?$/),
  hostileString,
);
const tag = fc.oneof(fc.stringMatching(/^[a-z0-9][a-z0-9.-]{0,8}$/), hostileString);
/** The registry's rules as DescribeRegistry gives them: any text in any field. */
const rules = fc.array(
  fc.record({
    destinations: fc.array(
      fc.record({
        region: fc.oneof(fc.constantFrom('us-east-1', 'eu-west-1'), hostileString),
        registryId: fc.oneof(fc.constant(ACCOUNT), hostileString),
      }),
      { maxLength: 3 },
    ),
    repositoryFilters: fc.array(
      fc.record({ filter: hostileString, filterType: fc.oneof(fc.constant('PREFIX_MATCH'), hostileString) }),
      { maxLength: 2 },
    ),
  }),
  { maxLength: 3 },
);

const container = (image: string): ContainerFacts => ({
  name: 'app',
  image,
  essential: true,
  logOptions: {},
  secrets: [],
  environmentFiles: [],
});

describe('replication advice, for untrusted names and rules', () => {
  it('puts the registry’s rules, kept exactly, and one for the repository, in a file; runs only put-replication-configuration in the image’s Region', () => {
    fc.assert(
      fc.property(repository, tag, rules, (repo, t, existing: ReplicationRule[]) => {
        const image = `${ACCOUNT}.dkr.ecr.us-west-2.amazonaws.com/${repo}:${t}`;
        const advice = replicationAdvice(
          [{ region: 'us-west-2', registryId: ACCOUNT, rules: { ok: true, value: existing } }],
          [container(image)],
          { imageRegion: 'us-west-2', taskRegion: 'us-east-1' },
        );
        if (advice === undefined) return;
        expect(REPOSITORY.test(advice.kind === 'unread' ? '' : (advice.images[0]?.repository ?? ''))).toBe(
          true,
        );
        expect(replicationWords(advice)).not.toMatch(CONTROL);
        const cli = replicationCli(advice);
        if (cli === undefined) return;
        const run = runInBash(cli);
        expect(run.parses).toBe(true);
        expect(run.errors).toBe('');
        const argvs = run.commands.map((c) => c.argv);
        if (advice.kind !== 'no-rule') {
          expect(argvs).toEqual([]);
          return;
        }
        expect(argvs).toEqual([
          ['cat'],
          [
            'aws',
            'ecr',
            'put-replication-configuration',
            '--replication-configuration',
            'file://ecs-pullfix-replication.json',
            '--region',
            'us-west-2',
          ],
        ]);
        const written = JSON.parse(run.files['ecs-pullfix-replication.json'] ?? '') as { rules: unknown[] };
        expect(written.rules.slice(0, -1)).toEqual(existing);
        expect(written.rules.at(-1)).toEqual({
          destinations: [{ region: 'us-east-1', registryId: ACCOUNT }],
          repositoryFilters: [{ filter: advice.repositories[0], filterType: 'PREFIX_MATCH' }],
        });
      }),
      { numRuns: 150 },
    );
  });
});
