/*
 * How long a pull takes against the clock ECS gave it (AWS checklist P16; issue 18, item 5).
 * The ECS agent stops a container whose step outlives its clock with
 * `DockerTimeoutError: Could not transition to <step>; timed out after waiting <Go duration>`
 * (aws/amazon-ecs-agent, agent/dockerclient/dockerapi/errors.go). Two of those clocks hold
 * the pull:
 * - `pulled`: the pull's own clock, ECS_IMAGE_PULL_TIMEOUT on an EC2 container instance
 *   (default 2h: agent/config/config.go, DefaultImagePullTimeout);
 * - `started` on Fargate: AWS says a Fargate task that does not go from PENDING to RUNNING
 *   within the start timeout, 3 minutes by default, is stopped
 *   (https://repost.aws/knowledge-center/ecs-fargate-docker-timeout-error).
 * On EC2, `created` and `started` time Docker's create and start, after the pull
 * (ECS_CONTAINER_CREATE_TIMEOUT 4m, ECS_CONTAINER_START_TIMEOUT 3m); `running` (Fargate's
 * ContainerRuntimeTimeoutError, 1m in AWS's example) and `inspecting` are the runtime's:
 * the image's size does not explain those. Pure.
 */

/** Fargate's start timeout when the text does not say it. */
export const FARGATE_START_TIMEOUT_SECONDS = 180;
/** The agent's pull timeout on EC2 when the text does not say it (ECS_IMAGE_PULL_TIMEOUT's default). */
export const EC2_PULL_TIMEOUT_SECONDS = 7200;

/**
 * Assumed pull rates, bytes of compressed image per second, download and unpacking together.
 * AWS gives no figure: it says a pull across Regions or over the internet takes longer, and a
 * VPC endpoint shortens it (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-pull-behavior.html).
 * These are ours and generous (a 2.7 GB image has been seen to start on Fargate in 55 s,
 * about 50 MB/s): the finding is made only when even they cannot beat the clock.
 */
export const SAME_REGION_PULL_BYTES_PER_SECOND = 100e6;
export const CROSS_REGION_PULL_BYTES_PER_SECOND = 25e6;

export const PULL_TIME_ASSUMPTION =
  'a pull within the Region at 100 MB/s, from another Region at 25 MB/s (compressed bytes, download and unpacking together): our generous guesses, AWS gives no figure';

/** The clock a stop text says ran out, when that clock holds the pull. */
export type PullClock = Readonly<{
  /** The agent's word for the step: `pulled` or `started`. */
  transition: 'pulled' | 'started';
  seconds: number;
  /** The duration as the text wrote it (`3m0s`), or undefined when it gave none and the default is taken. */
  stated?: string;
  /** Which clock: Fargate's start timeout, or the EC2 agent's pull timeout. */
  clock: 'fargate-start' | 'agent-pull';
}>;

/** Stop texts are untrusted: only this much of one is searched. */
const TEXT_MAX_CHARS = 8192;
const DURATION = /(\d{1,9}(?:\.\d{1,9})?)(h|ms|m|s|us|µs|ns)/g;
const TRANSITION =
  /Could not tran\w{0,4}tion to (\w{1,24})(?:; timed out after waiting ((?:\d{1,9}(?:\.\d{1,9})?(?:h|ms|m|s|us|µs|ns)){1,8}))?/i;
const UNIT_SECONDS: Readonly<Record<string, number>> = {
  h: 3600,
  m: 60,
  s: 1,
  ms: 1e-3,
  us: 1e-6,
  µs: 1e-6,
  ns: 1e-9,
};

/** Seconds in a Go duration (`3m0s`, `2h0m0s`, `1m0.5s`); undefined when it has no whole part. */
export function goDurationSeconds(text: string): number | undefined {
  let seconds = 0;
  let parts = 0;
  for (const [, n, unit] of text.slice(0, 120).matchAll(DURATION)) {
    seconds += Number(n) * (UNIT_SECONDS[unit ?? ''] ?? Number.NaN);
    parts += 1;
  }
  return parts > 0 && Number.isFinite(seconds) ? seconds : undefined;
}

/** The clock holding the pull that a stop text says ran out, or undefined (another step, or no timeout). */
export function pullClockOf(text: string, launchType: string | undefined): PullClock | undefined {
  const m = TRANSITION.exec(text.slice(0, TEXT_MAX_CHARS));
  if (!m) return undefined;
  const transition = (m[1] ?? '').toLowerCase();
  const stated = m[2];
  const seconds = stated === undefined ? undefined : goDurationSeconds(stated);
  const fargate = launchType === 'FARGATE';
  if (transition === 'started' && fargate)
    return clock('started', seconds ?? FARGATE_START_TIMEOUT_SECONDS, stated, 'fargate-start');
  if (transition === 'pulled')
    return fargate
      ? clock('pulled', seconds ?? FARGATE_START_TIMEOUT_SECONDS, stated, 'fargate-start')
      : clock('pulled', seconds ?? EC2_PULL_TIMEOUT_SECONDS, stated, 'agent-pull');
  return undefined;
}

const clock = (
  transition: PullClock['transition'],
  seconds: number,
  stated: string | undefined,
  kind: PullClock['clock'],
): PullClock => ({ transition, seconds, ...(stated === undefined ? {} : { stated }), clock: kind });

/** The assumed seconds a pull of `bytes` takes, from the image's Region into the task's. */
export function pullSeconds(bytes: number, crossRegion: boolean): number {
  return bytes / (crossRegion ? CROSS_REGION_PULL_BYTES_PER_SECOND : SAME_REGION_PULL_BYTES_PER_SECOND);
}

/** A duration as people read it: `45 s`, `6 min`, `1 h 20 min`. */
export function humanSeconds(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 90) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 120) return `${min} min`;
  return `${Math.floor(min / 60)} h ${min % 60} min`;
}
