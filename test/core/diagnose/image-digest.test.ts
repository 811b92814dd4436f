import { describe, expect, it } from 'vitest';
import { image } from '../../../src/core/diagnose/checks/image.js';
import { pinnedImage } from '../../../src/core/diagnose/checks/image-digest.js';
import { draftsOf } from '../../../src/core/diagnose/verdict.js';
import type { LifecycleRule } from '../../../src/core/ecr-image.js';
import { type EcrImageState, ecrImageOf, type ImageCheck } from '../../../src/core/workload.js';
import { ACCOUNT, IMAGE, REGION } from '../../support/snapshot.js';

const TAG_DIGEST = 'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
const PINNED = 'sha256:3f1c2a9b7e4d5c6f8a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f';
const tagRef = ecrImageOf(IMAGE, 'app');
if (!tagRef) throw new Error('the test image is in private ECR');
const REF = { ...tagRef, pinnedDigest: PINNED };
const REPO = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/checkout`;
const BREAKS = [`image ${IMAGE} (container app)`];
const DEPLOYMENT = { cluster: 'prod', service: 'checkout' };

const found = (digest: string, extra: Partial<EcrImageState & { kind: 'found' }> = {}): EcrImageState => ({
  kind: 'found',
  digest,
  tags: digest === TAG_DIGEST ? ['1.4.2'] : [],
  ...extra,
});
const UNTAGGED_RULE: LifecycleRule = {
  priority: 1,
  description: 'Expire untagged images after 1 day',
  tagStatus: 'untagged',
  countType: 'sinceImagePushed',
  countNumber: 1,
  countUnit: 'days',
  action: 'expire',
};
const TAGGED_RULE: LifecycleRule = {
  priority: 2,
  tagStatus: 'tagged',
  countType: 'imageCountMoreThan',
  countNumber: 50,
  action: 'expire',
};
const ARCHIVE_RULE: LifecycleRule = {
  priority: 3,
  description: 'Archive what nobody pulled for 90 days',
  tagStatus: 'any',
  countType: 'sinceImagePulled',
  countNumber: 90,
  countUnit: 'days',
  action: 'transition',
};

const check = (pinned: EcrImageState | undefined, lifecycle?: readonly LifecycleRule[]): ImageCheck => ({
  ref: REF,
  state: { ok: true, value: found(TAG_DIGEST) },
  ...(pinned ? { pinned: { ok: true, value: pinned } } : {}),
  ...(lifecycle ? { lifecycle: { ok: true, value: lifecycle } } : {}),
});

describe(pinnedImage.name, () => {
  it.each([
    [
      'the pinned digest is the one the tag names',
      check(found(PINNED)),
      `${IMAGE}: the digest its deployment pinned, sha256:3f1c2a9b7e4d…, is in ECR (the tag now names sha256:9f86d081884c…)`,
    ],
    [
      'the tag still names the pinned digest',
      { ...check(found(TAG_DIGEST)), ref: { ...REF, pinnedDigest: TAG_DIGEST } },
      `${IMAGE}: the digest its deployment pinned, sha256:9f86d081884c…, is in ECR`,
    ],
  ])('passes when %s', (_, c, line) => {
    expect(image(c, undefined, DEPLOYMENT)).toContainEqual({ kind: 'ok', evidence: line });
    expect(draftsOf(image(c, undefined, DEPLOYMENT))).toEqual([]);
  });

  it('finds a tag that exists whose pinned digest a lifecycle rule could have expired', () => {
    const c = check({ kind: 'image-missing' }, [TAGGED_RULE, UNTAGGED_RULE]);

    expect(draftsOf(image(c, undefined, DEPLOYMENT))).toEqual([
      {
        id: 'image-digest-gone',
        image: IMAGE,
        repository: 'checkout',
        registryId: ACCOUNT,
        region: REGION,
        tag: '1.4.2',
        digest: PINNED,
        cluster: 'prod',
        service: 'checkout',
        rules: [
          'rule 1 ("Expire untagged images after 1 day"): untagged images, sinceImagePushed 1 days, expire',
        ],
        resources: [REPO],
        evidence: [
          `ecr:DescribeImages: checkout has the tag 1.4.2 (sha256:9f86d081884c…), but no image with the digest the task's deployment pinned, ${PINNED}`,
          'ecr:GetLifecyclePolicy: could have expired it: rule 1 ("Expire untagged images after 1 day"): untagged images, sinceImagePushed 1 days, expire',
        ],
        breaks: BREAKS,
      },
    ]);
  });

  it.each([
    [[], 'ecr:GetLifecyclePolicy: the repository has no lifecycle policy'],
    [[TAGGED_RULE], 'ecr:GetLifecyclePolicy: no rule of its lifecycle policy expired untagged images'],
  ])('names no rule when none could have expired it (%j)', (rules, said) => {
    const [draft] = draftsOf(image(check({ kind: 'image-missing' }, rules), undefined, DEPLOYMENT));

    expect(draft).toMatchObject({ id: 'image-digest-gone', rules: [] });
    expect(draft?.evidence[1]).toBe(said);
  });

  it('still finds the digest gone when the lifecycle policy could not be read, and says so', () => {
    const c: ImageCheck = {
      ...check({ kind: 'image-missing' }),
      lifecycle: { ok: false, why: 'ecr:GetLifecyclePolicy was denied' },
    };

    const [note, draft] = draftsOf(image(c, undefined, DEPLOYMENT));

    expect(note).toMatchObject({
      id: 'not-checked',
      check: 'image-lifecycle',
      why: 'ecr:GetLifecyclePolicy was denied',
    });
    expect(draft).toMatchObject({ id: 'image-digest-gone', rules: [] });
    expect(draft?.evidence[1]).toBe(
      'its lifecycle policy could not be read: ecr:GetLifecyclePolicy was denied',
    );
  });

  it('says the pinned digest was not checked when its read failed', () => {
    const c: ImageCheck = {
      ...check(undefined),
      pinned: { ok: false, why: 'ecr:DescribeImages was throttled' },
    };

    expect(draftsOf(image(c, undefined, DEPLOYMENT))).toEqual([
      {
        id: 'not-checked',
        check: 'image-digest',
        why: 'ecr:DescribeImages was throttled',
        resources: [IMAGE],
        evidence: ['ecr:DescribeImages was throttled'],
        breaks: BREAKS,
      },
    ]);
  });

  it('finds a task RunTask started with no service to redeploy', () => {
    const [draft] = draftsOf(image(check({ kind: 'image-missing' }, []), undefined, { cluster: 'batch' }));

    expect(draft).toMatchObject({ id: 'image-digest-gone', cluster: 'batch' });
    expect(draft).not.toHaveProperty('service');
  });
});

describe('an archived image', () => {
  it('finds the pinned image archived, with its size and the rule that could have archived it', () => {
    const c = check(found(PINNED, { status: 'ARCHIVED', sizeInBytes: 2 * 1024 ** 3 }), [
      UNTAGGED_RULE,
      ARCHIVE_RULE,
    ]);

    expect(draftsOf(image(c, undefined, DEPLOYMENT))).toEqual([
      {
        id: 'image-archived',
        image: IMAGE,
        repository: 'checkout',
        registryId: ACCOUNT,
        region: REGION,
        digest: PINNED,
        sizeInBytes: 2 * 1024 ** 3,
        rules: [
          'rule 3 ("Archive what nobody pulled for 90 days"): any images, sinceImagePulled 90 days, transition',
        ],
        resources: [REPO],
        evidence: [
          `ecr:DescribeImages: checkout@${PINNED} is ARCHIVED: a pull of it fails (404) until it is restored`,
          'ecr:GetLifecyclePolicy: could have archived it: rule 3 ("Archive what nobody pulled for 90 days"): any images, sinceImagePulled 90 days, transition',
        ],
        breaks: BREAKS,
      },
    ]);
  });

  it('finds an image pulled by its tag archived (no pinned digest)', () => {
    const c: ImageCheck = {
      ref: tagRef,
      state: { ok: true, value: found(TAG_DIGEST, { status: 'ARCHIVED' }) },
    };

    expect(draftsOf(image(c, undefined, DEPLOYMENT))).toMatchObject([
      { id: 'image-archived', digest: TAG_DIGEST, rules: [] },
    ]);
  });

  it('finds an image being restored (ACTIVATING) still unpullable', () => {
    const c: ImageCheck = {
      ref: tagRef,
      state: { ok: true, value: found(TAG_DIGEST, { status: 'ACTIVATING' }) },
    };

    const [draft] = draftsOf(image(c, undefined, DEPLOYMENT));

    expect(draft?.evidence[0]).toContain('is ACTIVATING: it is being restored from the archive');
  });

  it('passes an active image', () => {
    const c: ImageCheck = {
      ref: tagRef,
      state: { ok: true, value: found(TAG_DIGEST, { status: 'ACTIVE' }) },
    };

    expect(draftsOf(image(c, undefined, DEPLOYMENT))).toEqual([]);
  });
});
