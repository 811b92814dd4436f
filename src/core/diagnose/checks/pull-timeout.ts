import type { Snapshot } from '../../network.js';
import { pullPathOf } from '../../pull-loop.js';
import {
  CROSS_REGION_PULL_BYTES_PER_SECOND,
  humanSeconds,
  PULL_TIME_ASSUMPTION,
  type PullClock,
  pullClockOf,
  pullSeconds,
  SAME_REGION_PULL_BYTES_PER_SECOND,
} from '../../pull-time.js';
import type { EcrImageRef } from '../../workload.js';
import { finding, ok, type Verdict } from '../verdict.js';
import { replicationOf } from './replication.js';

/** One image the task pulled, with its size as ECR stores it. */
type Sized = Readonly<{ ref: EcrImageRef; bytes: number; crossRegion: boolean; seconds: number }>;

/**
 * A stop that says the clock holding the pull ran out (`Could not transition to started;
 * timed out after waiting 3m0s` on Fargate, `… to pulled …` anywhere) against the task's
 * images' sizes and where they come from: a finding when even a generous estimate of the pull
 * outlasts the clock. Nothing is said when the stop names another clock, or a size is unknown.
 */
export function pullTimeout(snapshot: Snapshot, stopText: string): Verdict[] {
  const clock = pullClockOf(stopText, snapshot.task.launchType);
  if (!clock) return [];
  const images = sizedImages(snapshot);
  if (!images || images.length === 0) return [];
  const bytes = images.reduce((sum, i) => sum + i.bytes, 0);
  const seconds = images.reduce((sum, i) => sum + i.seconds, 0);
  if (!Number.isFinite(seconds) || !Number.isSafeInteger(bytes)) return [];
  const slowest = [...images].sort((a, b) => b.seconds - a.seconds)[0];
  if (!slowest) return [];
  const crossRegion = images.some((i) => i.crossRegion);
  const natId = natOf(snapshot, crossRegion);
  const size = `${(bytes / 1e9).toFixed(2)} GB compressed`;
  const limit = clock.stated ?? humanSeconds(clock.seconds);
  if (seconds <= clock.seconds)
    return [ok(`pull estimate: about ${humanSeconds(seconds)} for ${size}, within the ${limit} timeout`)];
  const rate = crossRegion ? CROSS_REGION_PULL_BYTES_PER_SECOND : SAME_REGION_PULL_BYTES_PER_SECOND;
  const replication = crossRegion ? replicationOf(snapshot, slowest.ref.region) : undefined;
  return [
    finding({
      id: 'image-pull-too-slow-for-timeout',
      image: slowest.ref.image,
      registryId: slowest.ref.registryId,
      repository: slowest.ref.repository,
      imageRegion: slowest.ref.region,
      taskRegion: snapshot.region,
      imageBytes: bytes,
      crossRegion,
      ...(natId ? { natId } : {}),
      estimateSeconds: Math.round(seconds),
      assumedBytesPerSecond: rate,
      timeoutSeconds: clock.seconds,
      ...(clock.stated ? { timeoutStated: clock.stated } : {}),
      clock: clock.clock,
      ...(replication ? { replication } : {}),
      resources: images.map(
        (i) => `arn:aws:ecr:${i.ref.region}:${i.ref.registryId}:repository/${i.ref.repository}`,
      ),
      evidence: evidenceOf(snapshot, images, clock, { seconds, size, natId }),
      breaks: images.map((i) => `image ${i.ref.image} (container ${i.ref.container})`),
    }),
  ];
}

/** The images with the size ECR gave, or undefined when one's size is unknown (nothing is judged). */
function sizedImages(snapshot: Snapshot): Sized[] | undefined {
  const out: Sized[] = [];
  for (const c of snapshot.workload?.images ?? []) {
    const state = c.state.ok ? c.state.value : undefined;
    const bytes = state?.kind === 'found' ? state.sizeInBytes : undefined;
    if (bytes === undefined || !Number.isSafeInteger(bytes) || bytes < 0) return undefined;
    const crossRegion = c.ref.region !== snapshot.region;
    out.push({ ref: c.ref, bytes, crossRegion, seconds: pullSeconds(bytes, crossRegion) });
  }
  return out;
}

/**
 * The NAT gateway the layers go through. From another Region they cannot take this Region's
 * S3 gateway endpoint (gateway endpoints serve their own Region's buckets), so it is left out.
 */
function natOf(snapshot: Snapshot, crossRegion: boolean): string | undefined {
  const s = crossRegion ? { ...snapshot, endpoints: { ok: true as const, value: [] } } : snapshot;
  const path = pullPathOf(s);
  return path.kind === 'nat' ? path.natId : undefined;
}

function evidenceOf(
  snapshot: Snapshot,
  images: readonly Sized[],
  clock: PullClock,
  e: Readonly<{ seconds: number; size: string; natId: string | undefined }>,
): string[] {
  const whose = clock.clock === 'fargate-start' ? 'Fargate’s start timeout' : 'the ECS agent’s pull timeout';
  const limit = clock.stated
    ? `${clock.stated}, as the stop reason says`
    : `${humanSeconds(clock.seconds)}, the default (the stop reason gives none)`;
  return [
    `the stop reason: could not transition to ${clock.transition} within ${whose}, ${limit}`,
    ...images.map(
      (i) =>
        `ecr:DescribeImages: ${i.ref.image} is ${(i.bytes / 1e9).toFixed(2)} GB compressed (${i.bytes} bytes), in ${i.ref.region}${i.crossRegion ? `, not the task’s ${snapshot.region}` : ''}`,
    ),
    ...(e.natId ? [`the pull goes through NAT gateway ${e.natId} (the task subnet’s default route)`] : []),
    `estimated pull: about ${humanSeconds(e.seconds)} for ${e.size}, assuming ${PULL_TIME_ASSUMPTION}`,
  ];
}
