import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classify } from '../../../src/core/classify.js';
import { ephemeralStorage } from '../../../src/core/diagnose/checks/ephemeral-storage.js';
import { diagnose } from '../../../src/core/diagnose/index.js';
import { draftsOf } from '../../../src/core/diagnose/verdict.js';
import { stopRecordOf } from '../../../src/core/event.js';
import type { Snapshot } from '../../../src/core/network.js';
import { ecrImageOf, type ImageCheck } from '../../../src/core/workload.js';
import { HEALTHY, IMAGE, snapshotWith, TASK_DEFINITION } from '../../support/snapshot.js';

const GIB = 1024 ** 3;
const ref = ecrImageOf(IMAGE, 'app');
if (!ref) throw new Error('the test image is in private ECR');

/** The task's image as ECR describes it, `bytes` compressed (undefined: ECR gave no size). */
const imageOf = (bytes: number | undefined): ImageCheck => ({
  ref,
  state: {
    ok: true,
    value: {
      kind: 'found',
      digest: `sha256:${'9f'.repeat(32)}`,
      tags: ['1.4.2'],
      ...(bytes === undefined ? {} : { sizeInBytes: bytes }),
    },
  },
});

const withStorage = (gib: number | undefined) => ({
  ...TASK_DEFINITION,
  ...(gib === undefined ? {} : { ephemeralStorageGiB: gib }),
});

describe(ephemeralStorage.name, () => {
  it.each([
    // [what, storage GiB (undefined: Fargate's default 20), compressed GiB, finding?]
    ['an 8 GiB image on the default 20 GiB (about 24 GiB needed)', undefined, 8, true],
    ['an 8 GiB image on 30 GiB', 30, 8, false],
    ['a 6 GiB image on the default 20 GiB (18 GiB needed)', undefined, 6, false],
    ['a 60 GiB image on the largest 200 GiB (180 GiB needed)', 200, 60, false],
    ['a 70 GiB image on the largest 200 GiB (210 GiB needed)', 200, 70, true],
  ] as const)('%s', (_, storage, compressedGiB, found) => {
    const verdicts = ephemeralStorage(withStorage(storage), [imageOf(compressedGiB * GIB)], 'FARGATE');

    expect(draftsOf(verdicts).map((d) => d.id)).toEqual(found ? ['ephemeral-storage-too-small'] : []);
  });

  it('says how much the image needs, what the task has, the assumption, and what to ask for', () => {
    const [draft] = draftsOf(ephemeralStorage(withStorage(undefined), [imageOf(8 * GIB)], 'FARGATE'));

    expect(draft).toMatchObject({
      id: 'ephemeral-storage-too-small',
      taskDefinition: 'checkout:17',
      storageGiB: 20,
      defaulted: true,
      neededGiB: 24,
      suggestedGiB: 30,
    });
    expect(draft?.evidence).toEqual([
      `ecr:DescribeImages: the task's images are 8.00 GiB compressed (${8 * GIB} bytes)`,
      'checkout:17: ephemeral storage 20 GiB (Fargate’s default: the task definition sets no ephemeralStorage)',
      'needed: about 24 GiB, assuming the image takes its compressed size, as ECR gives it, plus its unpacked size, assumed 2× the compressed one — layers commonly unpack to 2–3×, the low end is taken',
    ]);
  });

  it('sums the images of every container', () => {
    const verdicts = ephemeralStorage(
      withStorage(undefined),
      [imageOf(4 * GIB), imageOf(3 * GIB)],
      'FARGATE',
    );

    expect(draftsOf(verdicts)[0]).toMatchObject({ imageBytes: 7 * GIB, neededGiB: 21 });
  });

  it('judges nothing when an image’s size is unknown, or on EC2 (the instance’s volume holds the image)', () => {
    expect(
      ephemeralStorage(withStorage(undefined), [imageOf(8 * GIB), imageOf(undefined)], 'FARGATE'),
    ).toEqual([]);
    expect(ephemeralStorage(withStorage(undefined), [imageOf(80 * GIB)], 'EC2')).toEqual([]);
  });

  it('never throws, and finds only what cannot fit, for any size and storage a task definition or ECR gives', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.double(), fc.integer(), fc.constant(undefined)), { minLength: 0, maxLength: 4 }),
        fc.option(fc.oneof(fc.double(), fc.integer()), { nil: undefined }),
        (sizes, storage) => {
          const verdicts = ephemeralStorage(withStorage(storage), sizes.map(imageOf), 'FARGATE');
          for (const d of draftsOf(verdicts)) {
            if (d.id !== 'ephemeral-storage-too-small') throw new Error(d.id);
            expect(d.neededGiB).toBeGreaterThan(d.storageGiB);
            expect(Number.isFinite(d.neededGiB)).toBe(true);
            expect(d.suggestedGiB).toBeGreaterThanOrEqual(21);
            expect(d.suggestedGiB).toBeLessThanOrEqual(200);
          }
        },
      ),
    );
  });
});

describe('the diagnosis of a full disk', () => {
  const DISK_FULL =
    'CannotPullContainerError: failed to register layer: Error processing tar file(exit status 1): write /opt/models/weights.bin: no space left on device';
  const snapshotOf = (gib: number | undefined, compressedGiB: number): Snapshot =>
    snapshotWith({
      task: { ...HEALTHY.task, stoppedReason: DISK_FULL },
      taskDefinition: { ok: true, value: withStorage(gib) },
      workload: { checks: ['image'], images: [imageOf(compressedGiB * GIB)], secrets: [] },
    });

  it('finds an 8 GiB image too large for the default 20 GiB, first', () => {
    const s = snapshotOf(undefined, 8);
    const findings = diagnose(s, classify(stopRecordOf(s.task)));

    expect(classify(stopRecordOf(s.task)).cause).toBe('capacity-or-platform');
    expect(findings[0]?.id).toBe('ephemeral-storage-too-small');
    expect(findings[0]?.fix).toContain('"ephemeralStorage": {"sizeInGiB": 30}');
  });

  it('says the storage holds the image when 30 GiB is enough', () => {
    const s = snapshotOf(30, 8);
    const findings = diagnose(s, classify(stopRecordOf(s.task)));
    const pathOk = findings.find((f) => f.id === 'path-ok');

    expect(findings.map((f) => f.id)).not.toContain('ephemeral-storage-too-small');
    expect(pathOk?.id === 'path-ok' && pathOk.checked).toContain(
      'ephemeral storage 30 GiB: the image, 8.00 GiB compressed, needs about 24 GiB',
    );
  });
});
