import { replicationWords } from '../plan/recommend-replication.js';
import { humanSeconds, PULL_TIME_ASSUMPTION } from '../pull-time.js';
import { isValidName } from '../shell.js';
import type { Entries } from './spec.js';
import type { FindingOf } from './types.js';

type SlowPull = FindingOf<'image-pull-too-slow-for-timeout'>;

/** Where the layers come from and the way they take, in a phrase. */
function route(f: SlowPull): string {
  const from = f.crossRegion ? `from ${f.imageRegion} into ${f.taskRegion}` : `within ${f.taskRegion}`;
  return f.natId ? `${from} through NAT gateway ${f.natId}` : from;
}

/** The clock that ran out, in a phrase. */
function clockWords(f: SlowPull): string {
  const after =
    f.timeoutStated ?? `${humanSeconds(f.timeoutSeconds)} (the default: the stop reason gives none)`;
  return f.clock === 'fargate-start'
    ? `Fargate's start timeout (${after}), which holds the pull,`
    : `the ECS agent's pull timeout (${after}, ECS_IMAGE_PULL_TIMEOUT)`;
}

/** The fixes, most lasting first: bring the image near, make it smaller, then the clock. */
function slowPullFix(f: SlowPull): string {
  const gb = (f.imageBytes / 1e9).toFixed(2);
  const estimate = `Pulling ${gb} GB (compressed) ${route(f)} takes about ${humanSeconds(f.estimateSeconds)}, assuming ${PULL_TIME_ASSUMPTION}; ${clockWords(f)} ran out first.`;
  const repository = isValidName('ECR repository name', f.repository) ? f.repository : 'the repository';
  const known = f.replication?.kind === 'unread' ? undefined : f.replication;
  const near = known
    ? ` Bring the image into ${f.taskRegion}.${replicationWords(known)} Or serve it by a pull-through cache rule in ${f.taskRegion} whose upstream is that registry.`
    : f.crossRegion
      ? ` Bring the image into ${f.taskRegion}: a replication rule on registry ${f.registryId} in ${f.imageRegion} with destination ${f.taskRegion} (aws ecr put-replication-configuration replaces the registry's rules: read them first with aws ecr describe-registry --region ${f.imageRegion}), or a pull-through cache rule in ${f.taskRegion} whose upstream is that registry; then point the task definition at ${f.registryId}.dkr.ecr.${f.taskRegion}.amazonaws.com/${repository}.`
      : ` Pull it through ECR's VPC endpoints (ecr.dkr, ecr.api and the S3 gateway) rather than the internet.`;
  const unread = f.replication?.kind === 'unread' ? replicationWords(f.replication) : '';
  const smaller =
    ' Make the image smaller (a slimmer base, fewer and zstd-compressed layers), or lazy-load it with SOCI on Fargate.';
  const clock =
    f.clock === 'agent-pull'
      ? ' On the container instances, ECS_IMAGE_PULL_TIMEOUT in /etc/ecs/ecs.config can be raised.'
      : " AWS documents no setting for Fargate's start timeout.";
  return `${estimate}${near}${unread}${smaller}${clock} (Recommended only: ecs-pullfix changes none of this.)`;
}

/** The pull against the clock ECS gave it (AWS checklist P16). */
export const PULL_TIME = {
  'image-pull-too-slow-for-timeout': {
    rank: 199,
    scope: 'workload',
    autoFix: false,
    key: (f) => f.id,
    fix: slowPullFix,
    remedy: () => undefined,
  },
} as const satisfies Entries<'image-pull-too-slow-for-timeout'>;
