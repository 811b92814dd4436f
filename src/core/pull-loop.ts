import type { Cause } from './causes.js';
import { isAnywhere } from './cidr.js';
import { routeTableOf } from './diagnose/route.js';
import { type Finding, type FindingId, isProblem } from './findings.js';
import type { Snapshot } from './network.js';
import { NAT_GATEWAY_USD_PER_GB } from './prices.js';
import { ecrImageOf } from './workload.js';

/*
 * What a failure loop costs (issue 18, item 7). A service whose tasks cannot start is retried
 * by ECS without end, and Fargate keeps no image cache: each attempt pulls the image afresh,
 * and through a NAT gateway each gigabyte is billed as data processed. For a cause no retry
 * cures, the notice says so and shows the command that stops the loop. Pure.
 */

/** How the task's image layers left the VPC. */
export type PullPath = Readonly<
  | { kind: 'nat'; natId: string }
  /** Not through a NAT gateway: an internet gateway, endpoints, or another way out. */
  | { kind: 'not-nat' }
  | { kind: 'unknown' }
>;

/** The loop an incident's notice tells of: attempts, the image, the way it was pulled. */
export type PullLoop = Readonly<{
  /** Stopped tasks of the incident this notice covers: this one and those folded into it. */
  attempts: number;
  /** The task's images' size as ECR stores them (compressed), when ECR said for each of them. */
  imageBytes?: number;
  path: PullPath;
  /** The attempts failed before any layer was pulled (the cause says so): the loop moved next to no data. */
  beforeLayers: boolean;
  /** The root finding, when no retry cures it (it needs a change by a person). */
  permanent?: FindingId;
  /** The service whose loop it is (a task RunTask started is not retried by ECS). */
  service?: string;
  cluster: string;
}>;

/**
 * Root findings no retry cures: each needs a change ecs-pullfix never makes (an image pushed or
 * re-resolved, a secret created, a permission granted). Left out: the network path (auto-fix
 * may mend it, and the next retry then starts) and `image-archived` (a restore in progress,
 * ACTIVATING, is cured by waiting).
 */
export const PERMANENT_FINDINGS: ReadonlySet<FindingId> = new Set<FindingId>([
  'image-digest-gone',
  'image-tag-missing',
  'ecr-repository-missing',
  'image-platform-mismatch',
  'secret-missing',
  'execution-role-missing',
  'execution-role-denies',
  'endpoint-policy-denies',
  'efs-access-point-missing',
  'efs-iam-no-task-role',
  'efs-iam-denied',
  'ephemeral-storage-too-small',
  // Every retry pulls the same image the same way, against the same clock.
  'image-pull-too-slow-for-timeout',
  'managed-instances-role-not-passable',
]);

/**
 * Causes whose attempts fail before a layer is pulled: the registry refused the manifest or the
 * credentials, or the task's secrets could not be fetched (ECS fetches them while it prepares the
 * task's resources, before it pulls). Other causes may pull some or all of the layers first (a
 * pull that times out, a log stream the role may not create, a disk too small to unpack).
 */
const BEFORE_LAYERS: ReadonlySet<Cause> = new Set<Cause>([
  'image-not-found',
  'image-platform',
  'registry-auth',
  'registry-rate-limit',
  'secret-not-found',
  'kms-denied',
]);

/** The loop of a notice: `folded` more stopped tasks of the incident since the last one. */
export function pullLoopOf(
  snapshot: Snapshot | undefined,
  findings: readonly Finding[],
  folded: number,
  cause: Cause,
): PullLoop {
  const root = findings.find(isProblem);
  const task = snapshot?.task;
  const bytes = snapshot ? imageBytesOf(snapshot) : undefined;
  return {
    attempts: Math.max(0, Math.trunc(folded)) + 1,
    ...(bytes !== undefined ? { imageBytes: bytes } : {}),
    path: snapshot ? pullPathOf(snapshot) : { kind: 'unknown' },
    beforeLayers: BEFORE_LAYERS.has(cause),
    ...(root && PERMANENT_FINDINGS.has(root.id) ? { permanent: root.id } : {}),
    ...(task?.serviceName ? { service: task.serviceName } : {}),
    cluster: task?.clusterName ?? '',
  };
}

/** The sum of the task's images' sizes, when ECR gave the size of each one checked. */
function imageBytesOf(s: Snapshot): number | undefined {
  const images = s.workload?.images ?? [];
  if (images.length === 0) return undefined;
  let sum = 0;
  for (const c of images) {
    const state = c.state.ok ? c.state.value : undefined;
    if (state?.kind !== 'found' || state.sizeInBytes === undefined) return undefined;
    sum += state.sizeInBytes;
  }
  return sum;
}

/**
 * Whether the image's layers went through a NAT gateway: the subnet the task ran in sends
 * 0.0.0.0/0 to an available NAT gateway, and — for an image in private ECR, whose layers come
 * from S3 — no S3 gateway endpoint is on its route table (one that is carries the layers).
 */
export function pullPathOf(s: Snapshot): PullPath {
  if (!s.subnets.ok) return { kind: 'unknown' };
  const subnet = s.subnets.value.find((n) => n.id === s.task.eni.subnetId) ?? s.subnets.value[0];
  if (!subnet) return { kind: 'unknown' };
  const table = routeTableOf(s, subnet);
  if (!table.ok) return { kind: 'unknown' };
  const route = table.value.routes.find(
    (r) => r.destinationCidr !== undefined && isAnywhere(r.destinationCidr) && r.state === 'active',
  );
  if (route?.target.kind !== 'nat-gateway') return { kind: 'not-nat' };
  const natId = route.target.id;
  if (!s.natGateways.ok) return { kind: 'unknown' };
  if (s.natGateways.value.find((n) => n.id === natId)?.state !== 'available') return { kind: 'not-nat' };
  const fromEcr = s.task.containers.some((c) => c.image !== undefined && ecrImageOf(c.image, c.name));
  const s3Gateway =
    s.endpoints.ok &&
    s.endpoints.value.some(
      (e) =>
        e.type === 'Gateway' &&
        e.state === 'available' &&
        e.serviceName.endsWith('.s3') &&
        e.routeTableIds.includes(table.value.id),
    );
  return fromEcr && s3Gateway ? { kind: 'not-nat' } : { kind: 'nat', natId };
}

/** The data the loop pulled through the NAT gateway and its price, or undefined when unknown or none. */
export function loopNatCost(loop: PullLoop): Readonly<{ gb: number; usd: number }> | undefined {
  if (loop.path.kind !== 'nat' || loop.imageBytes === undefined || loop.beforeLayers) return undefined;
  const gb = (loop.imageBytes * loop.attempts) / 1e9;
  return { gb, usd: Math.round(gb * NAT_GATEWAY_USD_PER_GB * 100) / 100 };
}
