import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IMAGE_DIGEST, lifecycleRulesOf } from '../../src/core/ecr-image.js';
import { parseTaskStateChange } from '../../src/core/event.js';
import type { FindingOf } from '../../src/core/findings/types.js';
import { redeployCli, restoreCli } from '../../src/core/plan/recommend-image.js';
import { CONTROL, hostileString, runInBash } from '../support/shell.js';

/**
 * The digest an event says ECS pinned, the lifecycle policy's text and the names the two new
 * commands carry are untrusted: a digest that is not `sha256:` and 64 hex digits is dropped
 * (never an invalid event), a policy never throws and its descriptions never carry a control
 * character, and a command either carries each name as exactly one argument or is not given.
 */

const ECS_NAME = /^[A-Za-z0-9_-]{1,255}$/;
const REPOSITORY = /^(?=.{2,256}$)(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const DIGEST = 'sha256:3f1c2a9b7e4d5c6f8a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f';

const eventWith = (imageDigest: unknown) => ({
  'detail-type': 'ECS Task State Change',
  source: 'aws.ecs',
  region: 'eu-west-1',
  account: '123456789012',
  detail: {
    clusterArn: 'arn:aws:ecs:eu-west-1:123456789012:cluster/prod',
    taskArn: 'arn:aws:ecs:eu-west-1:123456789012:task/prod/0b6e8d1c2f3a4b5c',
    taskDefinitionArn: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/checkout:18',
    lastStatus: 'STOPPED',
    containers: [
      { name: 'app', image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/checkout:1.4.2', imageDigest },
    ],
  },
});

const digestLike = fc.oneof(
  fc.constant(DIGEST),
  hostileString,
  fc.string().map((s) => `sha256:${s}`),
  fc.stringMatching(/^sha256:[0-9a-fA-F]{60,68}$/),
  fc.anything(),
);

describe('the pinned digest of an event', () => {
  it('keeps a digest only when it is sha256 and 64 lower-case hex digits, and never rejects the event for it', () => {
    fc.assert(
      fc.property(digestLike, (d) => {
        const [app] = parseTaskStateChange(eventWith(d)).containers;
        if (typeof d === 'string' && IMAGE_DIGEST.test(d)) expect(app?.imageDigest).toBe(d);
        else expect(app).not.toHaveProperty('imageDigest');
      }),
    );
  });
});

describe(lifecycleRulesOf.name, () => {
  const rule = fc.record(
    {
      rulePriority: fc.oneof(fc.integer(), fc.string()),
      description: hostileString,
      selection: fc.record({
        tagStatus: fc.oneof(fc.constantFrom('tagged', 'untagged', 'any'), hostileString),
        countType: fc.oneof(fc.constantFrom('imageCountMoreThan', 'sinceImagePushed'), hostileString),
        countNumber: fc.oneof(fc.integer(), fc.string()),
        countUnit: fc.constant('days'),
      }),
      action: fc.record({ type: fc.oneof(fc.constantFrom('expire', 'transition'), hostileString) }),
    },
    { requiredKeys: [] },
  );

  it('never throws, and keeps descriptions one clean line of at most 120 characters', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.array(rule).map((rules) => JSON.stringify({ rules })),
          fc.anything().map((x) => JSON.stringify(x) ?? ''),
        ),
        (text) => {
          for (const r of lifecycleRulesOf(text)) {
            expect(['tagged', 'untagged', 'any']).toContain(r.tagStatus);
            expect(['expire', 'transition']).toContain(r.action);
            if (r.description !== undefined) {
              expect(r.description).not.toMatch(CONTROL);
              expect(r.description.length).toBeLessThanOrEqual(120);
            }
          }
        },
      ),
    );
  });
});

const name = fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/), hostileString);

describe('the commands for a pinned digest gone and an archived image', () => {
  it('redeploys the service with its cluster and service as one argument each, or gives no command', () => {
    fc.assert(
      fc.property(name, name, (cluster, service) => {
        const f = {
          id: 'image-digest-gone',
          cluster,
          service,
          tag: '1.4.2',
          repository: 'checkout',
          digest: DIGEST,
          rules: [],
        };
        const run = runInBash(redeployCli(f as unknown as FindingOf<'image-digest-gone'>));
        expect(run.parses).toBe(true);
        const argv = run.commands.map((c) => c.argv);
        if (ECS_NAME.test(cluster) && ECS_NAME.test(service))
          expect(argv).toEqual([
            [
              'aws',
              'ecs',
              'update-service',
              '--cluster',
              cluster,
              '--service',
              service,
              '--force-new-deployment',
            ],
          ]);
        else expect(argv).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });

  it('restores the archived image with its repository as one argument, or gives no command', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.stringMatching(/^[a-z0-9]{2,12}(?:\/[a-z0-9]{1,8})?$/), hostileString),
        (repository) => {
          const f = {
            id: 'image-archived',
            registryId: '123456789012',
            repository,
            digest: DIGEST,
            region: 'eu-west-1',
            sizeInBytes: 512 * 1024 ** 2,
            rules: [],
          };
          const run = runInBash(restoreCli(f as unknown as FindingOf<'image-archived'>));
          expect(run.parses).toBe(true);
          const argv = run.commands.map((c) => c.argv);
          if (REPOSITORY.test(repository))
            expect(argv).toEqual([
              [
                'aws',
                'ecr',
                'update-image-storage-class',
                '--registry-id',
                '123456789012',
                '--repository-name',
                repository,
                '--image-id',
                `imageDigest=${DIGEST}`,
                '--target-storage-class',
                'STANDARD',
                '--region',
                'eu-west-1',
              ],
            ]);
          else expect(argv).toEqual([]);
        },
      ),
      { numRuns: 40 },
    );
  });
});
