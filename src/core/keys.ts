import type { StoppedTask } from './event.js';

/**
 * The keys the incident store is addressed by. Keys are policy (conventions, 10), so they
 * are pure: the same task always has the same key, and tasks that must not share a record
 * never do, whatever their names hold. The incident's key and id are in `incident.ts` (they
 * use {@link joinKey} too); the client token of each write is `clientTokenOf` (plan.ts).
 */

/**
 * Parts joined with `|`, each `|` in a part doubled. Names ECS accepts hold no `|`, so their
 * keys are the parts joined as they are. An event's names are not checked against ECS's
 * rules, though (`arn:aws:ecs:…:cluster/a|service:x`), and a bare join lets two workloads
 * share a key. Doubled, a run of `|` holds a separator only when its length is odd, and then
 * as its last character, since no part but the first is empty or begins with `|` (a
 * workload begins with its kind, a cause and a root finding with a letter): the join reads
 * back one way only.
 */
export function joinKey(parts: readonly string[]): string {
  return parts.map((p) => p.replaceAll('|', '||')).join('|');
}

/** The workload a task belongs to: `service:NAME`, or `family:FAMILY` for a task started by RunTask. */
export function workloadOf(task: Pick<StoppedTask, 'serviceName' | 'family'>): string {
  return task.serviceName ? `service:${task.serviceName}` : `family:${task.family}`;
}

type WorkloadFields = Pick<StoppedTask, 'clusterArn' | 'serviceName' | 'family'>;

/** The workload's key (cluster, service or task-definition family): where its open fix is kept. */
export function workloadKeyOf(task: WorkloadFields): string {
  return joinKey([task.clusterArn, workloadOf(task)]);
}

/** The incident's group (cluster, workload, cause): what folds before any AWS read. */
export function groupKeyOf(task: WorkloadFields, cause: string): string {
  return joinKey([task.clusterArn, workloadOf(task), cause]);
}

/**
 * One delivery of an event: the task ARN and `detail.version` (duplicates share both). The
 * version is a number (or `unversioned`), so the last `#` separates it whatever the ARN holds.
 */
export function deliveryKeyOf(task: Pick<StoppedTask, 'taskArn' | 'version'>): string {
  return `${task.taskArn}#${task.version ?? 'unversioned'}`;
}

/** The one retry a delivery's failed fix gets (never a delivery's key: no version is `fix-retry`). */
export function fixRetryKeyOf(deliveryKey: string): string {
  return `${deliveryKey}#fix-retry`;
}
