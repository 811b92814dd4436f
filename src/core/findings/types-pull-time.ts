import type { ReplicationAdvice } from '../replication.js';

/** The finding of a pull that cannot finish before the clock ECS gave it (catalogue: ./pull-time.ts). */
export type PullTimeFinding = {
  id: 'image-pull-too-slow-for-timeout';
  /** The image that weighs most in the estimate (the largest, the one from furthest away). */
  image: string;
  registryId: string;
  repository: string;
  /** The image's Region and the task's. */
  imageRegion: string;
  taskRegion: string;
  /** The task's images' size as ECR stores them (compressed), bytes, summed. */
  imageBytes: number;
  /** Some image comes from another Region than the task's. */
  crossRegion: boolean;
  /** The NAT gateway the layers go through, when they do. */
  natId?: string;
  /** The estimate, seconds, and the rate it assumed (bytes per second, the slowest image's). */
  estimateSeconds: number;
  assumedBytesPerSecond: number;
  /** The clock that ran out: seconds, as the text wrote it (absent: the default), and whose it is. */
  timeoutSeconds: number;
  timeoutStated?: string;
  clock: 'fargate-start' | 'agent-pull';
  /** From the account's registry in another Region: whether a replication rule brings it into the task's. */
  replication?: ReplicationAdvice;
};
