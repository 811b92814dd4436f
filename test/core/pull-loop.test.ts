import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/findings.js';
import type { Snapshot } from '../../src/core/network.js';
import { loopNatCost, pullLoopOf, pullPathOf } from '../../src/core/pull-loop.js';
import { ecrImageOf, type ImageCheck } from '../../src/core/workload.js';
import { BEHIND_PUBLIC_NAT, HEALTHY, IMAGE, NAT, s3Gateway, snapshotWith } from '../support/snapshot.js';

/** An image ECR holds, of `bytes` compressed. */
function imageOf(bytes: number | undefined): ImageCheck {
  const ref = ecrImageOf(IMAGE, 'app');
  if (!ref) throw new Error('not an ECR image');
  const digest = `sha256:${'ab'.repeat(32)}`;
  return {
    ref,
    state: {
      ok: true,
      value: {
        kind: 'found',
        digest,
        tags: ['1.4.2'],
        ...(bytes === undefined ? {} : { sizeInBytes: bytes }),
      },
    },
  };
}

const withImages = (s: Snapshot, images: readonly ImageCheck[]): Snapshot => ({
  ...s,
  workload: { checks: ['image'], images, secrets: [] },
});

const GROUP = 'arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/checkout';
const ROLE_DENIED: Finding = {
  id: 'execution-role-denies',
  roleArn: 'arn:aws:iam::123456789012:role/checkout-execution',
  action: 'logs:CreateLogStream',
  resource: `${GROUP}:log-stream:ecs/app/5f2b0c8e9a7d4e3f8b1a6c2d9e0f7a4b`,
  decision: 'implicitDeny',
  statement: JSON.stringify({ Effect: 'Allow', Action: 'logs:CreateLogStream', Resource: `${GROUP}:*` }),
  resources: ['arn:aws:iam::123456789012:role/checkout-execution'],
  evidence: ['iam:SimulatePrincipalPolicy: logs:CreateLogStream is implicitDeny'],
  breaks: ['the awslogs log driver (container app, log group /ecs/checkout)'],
  fix: 'Allow the execution role logs:CreateLogStream on the log group.',
};

describe(pullPathOf.name, () => {
  it('sends an ECR image through the NAT gateway when no S3 gateway endpoint carries its layers', () => {
    expect(pullPathOf(BEHIND_PUBLIC_NAT)).toEqual({ kind: 'nat', natId: NAT });
  });

  it('keeps an ECR image off the NAT gateway when an S3 gateway endpoint is on the task subnet’s route table', () => {
    const s = snapshotWith({ ...BEHIND_PUBLIC_NAT, endpoints: { ok: true, value: [s3Gateway()] } });

    expect(pullPathOf(s)).toEqual({ kind: 'not-nat' });
  });

  it('sends a Docker Hub image through the NAT gateway, S3 gateway endpoint or not', () => {
    const s = snapshotWith({
      ...BEHIND_PUBLIC_NAT,
      endpoints: { ok: true, value: [s3Gateway()] },
      task: { ...BEHIND_PUBLIC_NAT.task, containers: [{ name: 'web', image: 'nginx:1.27' }] },
    });

    expect(pullPathOf(s)).toEqual({ kind: 'nat', natId: NAT });
  });

  it('says a subnet with endpoints and no default route pulls through no NAT gateway', () => {
    expect(pullPathOf(HEALTHY)).toEqual({ kind: 'not-nat' });
  });

  it('does not guess when the route tables could not be read', () => {
    const s = snapshotWith({
      ...BEHIND_PUBLIC_NAT,
      routeTables: { ok: false, why: 'ec2:DescribeRouteTables: AccessDenied' },
    });

    expect(pullPathOf(s)).toEqual({ kind: 'unknown' });
  });
});

describe(pullLoopOf.name, () => {
  it('counts this task and those folded into the notice, and prices 50 pulls of 2 GB through NAT at $4.50', () => {
    const loop = pullLoopOf(
      withImages(BEHIND_PUBLIC_NAT, [imageOf(2_000_000_000)]),
      [ROLE_DENIED],
      49,
      'iam-execution-role',
    );

    expect(loop).toMatchObject({
      attempts: 50,
      imageBytes: 2_000_000_000,
      permanent: 'execution-role-denies',
    });
    expect(loopNatCost(loop)).toEqual({ gb: 100, usd: 4.5 });
  });

  it('calls a pull too slow for its clock a loop no retry cures: each attempt pulls the same image the same way', () => {
    const slow: Finding = {
      id: 'image-pull-too-slow-for-timeout',
      image: IMAGE,
      registryId: '123456789012',
      repository: 'checkout',
      imageRegion: 'us-east-1',
      taskRegion: 'eu-west-1',
      imageBytes: 9_000_000_000,
      crossRegion: true,
      natId: NAT,
      estimateSeconds: 360,
      assumedBytesPerSecond: 25e6,
      timeoutSeconds: 180,
      timeoutStated: '3m0s',
      clock: 'fargate-start',
      resources: [],
      evidence: ['estimated pull: about 6 min'],
      breaks: [`image ${IMAGE} (container app)`],
      fix: 'Bring the image into eu-west-1.',
    };

    const loop = pullLoopOf(
      withImages(BEHIND_PUBLIC_NAT, [imageOf(9_000_000_000)]),
      [slow],
      9,
      'network-timeout',
    );

    expect(loop).toMatchObject({
      attempts: 10,
      permanent: 'image-pull-too-slow-for-timeout',
      beforeLayers: false,
    });
  });

  it('prices nothing when an image’s size is unknown, rather than a part of the images', () => {
    const loop = pullLoopOf(
      withImages(BEHIND_PUBLIC_NAT, [imageOf(2_000_000_000), imageOf(undefined)]),
      [ROLE_DENIED],
      49,
      'iam-execution-role',
    );

    expect(loop.imageBytes).toBeUndefined();
    expect(loopNatCost(loop)).toBeUndefined();
  });

  it('prices nothing for attempts that failed before a layer was pulled (the registry refused the manifest)', () => {
    const loop = pullLoopOf(
      withImages(BEHIND_PUBLIC_NAT, [imageOf(2_000_000_000)]),
      [],
      49,
      'image-not-found',
    );

    expect(loop.beforeLayers).toBe(true);
    expect(loopNatCost(loop)).toBeUndefined();
  });
});
