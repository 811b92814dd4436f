import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classify } from '../../../src/core/classify.js';
import { pullTimeout } from '../../../src/core/diagnose/checks/pull-timeout.js';
import { diagnose } from '../../../src/core/diagnose/index.js';
import { draftsOf } from '../../../src/core/diagnose/verdict.js';
import { stopRecordOf } from '../../../src/core/event.js';
import type { Snapshot } from '../../../src/core/network.js';
import { goDurationSeconds, pullClockOf } from '../../../src/core/pull-time.js';
import { ecrImageOf, type ImageCheck } from '../../../src/core/workload.js';
import { ACCOUNT, BEHIND_PUBLIC_NAT, HEALTHY, NAT, REGION } from '../../support/snapshot.js';

const GB = 1e9;
const STARTED_3M = 'DockerTimeoutError: Could not transition to started; timed out after waiting 3m0s';

/** The task's image in `region`'s ECR (the task runs in eu-west-1), `bytes` compressed. */
const imageIn = (region: string, bytes: number | undefined): ImageCheck => {
  const ref = ecrImageOf(`${ACCOUNT}.dkr.ecr.${region}.amazonaws.com/models/inference:2.0.1`, 'app');
  if (!ref) throw new Error('the test image is in private ECR');
  return {
    ref,
    state: {
      ok: true,
      value: {
        kind: 'found',
        digest: `sha256:${'4c'.repeat(32)}`,
        tags: ['2.0.1'],
        ...(bytes === undefined ? {} : { sizeInBytes: bytes }),
      },
    },
  };
};

/** The task behind a NAT gateway, stopped with `reason`, pulling `images`. */
const stopped = (reason: string, launchType: string, images: readonly ImageCheck[]): Snapshot => ({
  ...BEHIND_PUBLIC_NAT,
  task: {
    ...HEALTHY.task,
    launchType,
    stoppedReason: reason,
    containers: images.map((i) => ({ name: 'app', image: i.ref.image })),
  },
  workload: { checks: ['image'], images, secrets: [] },
});

const ids = (s: Snapshot) => draftsOf(pullTimeout(s, s.task.stoppedReason ?? '')).map((d) => d.id);

describe(pullTimeout.name, () => {
  it.each([
    // [what, stop reason, launch type, image's Region, GB compressed, finding?]
    ['9 GB from another Region on Fargate, 3m0s (about 6 min)', STARTED_3M, 'FARGATE', 'us-east-1', 9, true],
    ['9 GB within the Region on Fargate, 3m0s (about 90 s)', STARTED_3M, 'FARGATE', REGION, 9, false],
    ['30 GB within the Region on Fargate, 3m0s (about 5 min)', STARTED_3M, 'FARGATE', REGION, 30, true],
    ['2 GB from another Region on Fargate, 3m0s (about 80 s)', STARTED_3M, 'FARGATE', 'us-east-1', 2, false],
    [
      'no duration in the text: Fargate’s default 3 minutes',
      'DockerTimeoutError: Could not transition to started',
      'FARGATE',
      'us-east-1',
      9,
      true,
    ],
    ['EC2’s start timeout times Docker’s start, after the pull', STARTED_3M, 'EC2', 'us-east-1', 9, false],
    [
      'EC2’s pull timeout at 5m0s',
      'DockerTimeoutError: Could not transition to pulled; timed out after waiting 5m0s',
      'EC2',
      'us-east-1',
      9,
      true,
    ],
    [
      'EC2’s pull timeout at its default 2h0m0s',
      'DockerTimeoutError: Could not transition to pulled; timed out after waiting 2h0m0s',
      'EC2',
      'us-east-1',
      9,
      false,
    ],
    [
      'the runtime’s 1m clock (after the pull)',
      'ContainerRuntimeTimeoutError: Could not transition to running; timed out after waiting 1m: context deadline exceeded',
      'FARGATE',
      'us-east-1',
      9,
      false,
    ],
    [
      'a stop that is no timeout',
      'CannotPullContainerError: no space left on device',
      'FARGATE',
      'us-east-1',
      90,
      false,
    ],
  ] as const)('%s', (_, reason, launchType, region, gb, found) => {
    expect(ids(stopped(reason, launchType, [imageIn(region, gb * GB)]))).toEqual(
      found ? ['image-pull-too-slow-for-timeout'] : [],
    );
  });

  it('gives the estimate, the clock, the route through the NAT gateway and the assumption', () => {
    const [draft] = draftsOf(
      pullTimeout(stopped(STARTED_3M, 'FARGATE', [imageIn('us-east-1', 9 * GB)]), STARTED_3M),
    );

    expect(draft).toMatchObject({
      id: 'image-pull-too-slow-for-timeout',
      imageRegion: 'us-east-1',
      taskRegion: REGION,
      crossRegion: true,
      natId: NAT,
      imageBytes: 9 * GB,
      estimateSeconds: 360,
      timeoutSeconds: 180,
      timeoutStated: '3m0s',
      clock: 'fargate-start',
    });
    expect(draft?.evidence).toEqual([
      'the stop reason: could not transition to started within Fargate’s start timeout, 3m0s, as the stop reason says',
      `ecr:DescribeImages: ${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/models/inference:2.0.1 is 9.00 GB compressed (9000000000 bytes), in us-east-1, not the task’s ${REGION}`,
      `the pull goes through NAT gateway ${NAT} (the task subnet’s default route)`,
      'estimated pull: about 6 min for 9.00 GB compressed, assuming a pull within the Region at 100 MB/s, from another Region at 25 MB/s (compressed bytes, download and unpacking together): our generous guesses, AWS gives no figure',
    ]);
  });

  it('says the pull fits when it does, and judges nothing when an image’s size is unknown', () => {
    expect(pullTimeout(stopped(STARTED_3M, 'FARGATE', [imageIn(REGION, 2 * GB)]), STARTED_3M)).toEqual([
      { kind: 'ok', evidence: 'pull estimate: about 20 s for 2.00 GB compressed, within the 3m0s timeout' },
    ]);
    expect(
      pullTimeout(
        stopped(STARTED_3M, 'FARGATE', [imageIn('us-east-1', 9 * GB), imageIn(REGION, undefined)]),
        STARTED_3M,
      ),
    ).toEqual([]);
  });

  it('never throws, and finds only an estimate beyond the clock, for any sizes ECR or a hostile text gives', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.double(), fc.integer(), fc.constant(undefined)), { maxLength: 3 }),
        fc.constantFrom(REGION, 'us-east-1'),
        fc.string({ maxLength: 200 }),
        (sizes, region, tail) => {
          const reason = `${STARTED_3M}${tail}`;
          const s = stopped(
            reason,
            'FARGATE',
            sizes.map((b) => imageIn(region, b)),
          );
          for (const d of draftsOf(pullTimeout(s, reason))) {
            if (d.id !== 'image-pull-too-slow-for-timeout') throw new Error(d.id);
            expect(d.estimateSeconds).toBeGreaterThanOrEqual(d.timeoutSeconds);
            expect(Number.isFinite(d.estimateSeconds)).toBe(true);
          }
        },
      ),
    );
  });
});

describe(pullClockOf.name, () => {
  it.each([
    [
      'DockerTimeoutError: Could not transition to started; timed out after waiting 3m0s',
      'FARGATE',
      180,
      '3m0s',
    ],
    [
      'DockerTimeoutError: Could not tranisition to started; timed out after waiting 8m0s',
      'FARGATE',
      480,
      '8m0s',
    ],
    [
      'DockerTimeoutError: Could not transition to pulled; timed out after waiting 2h0m0s',
      'EC2',
      7200,
      '2h0m0s',
    ],
    ['Could not transition to pulled; timed out after waiting 1m0.5s', 'EC2', 60.5, '1m0.5s'],
    ['DockerTimeoutError: Could not transition to pulled', 'EC2', 7200, undefined],
  ] as const)('reads %s on %s as %d seconds', (text, launchType, seconds, stated) => {
    const clock = pullClockOf(text, launchType);

    expect({ seconds: clock?.seconds, stated: clock?.stated }).toEqual({ seconds, stated });
  });

  it('never throws, gives a finite clock or none, and reads only the head of a long text, fast', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), fc.constantFrom('FARGATE', 'EC2', undefined), (text, lt) => {
        const clock = pullClockOf(text, lt);
        if (clock) expect(Number.isFinite(clock.seconds)).toBe(true);
        expect(goDurationSeconds(text) ?? 0).not.toBeNaN();
      }),
    );
    const hostile = `Could not transition to started; timed out after waiting ${'9'.repeat(500_000)}m${'0s'.repeat(500_000)}`;
    const started = performance.now();
    pullClockOf(hostile, 'FARGATE');
    pullClockOf(`${'Could not tran'.repeat(200_000)}sition to started`, 'FARGATE');
    expect(performance.now() - started).toBeLessThan(200);
  });
});

describe('the diagnosis of a start that timed out', () => {
  it('finds a 9 GB image pulled from another Region through a NAT gateway too slow for Fargate’s 3 minutes', () => {
    const s = stopped(STARTED_3M, 'FARGATE', [imageIn('us-east-1', 9 * GB)]);
    const findings = diagnose(s, classify(stopRecordOf(s.task)));
    const slow = findings.find((f) => f.id === 'image-pull-too-slow-for-timeout');

    expect(slow?.fix).toContain('takes about 6 min');
    expect(slow?.fix).toContain(
      `a replication rule on registry ${ACCOUNT} in us-east-1 with destination ${REGION}`,
    );
    expect(slow?.fix).toContain("AWS documents no setting for Fargate's start timeout");
  });
});
