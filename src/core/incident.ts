import { createHash } from 'node:crypto';
import type { Cause } from './causes.js';
import type { StoppedTask } from './event.js';
import { type Finding, findingKey, isProblem } from './findings.js';
import { joinKey, workloadOf } from './keys.js';

/**
 * The incident a stopped task belongs to: (cluster, service or task-definition family,
 * cause, root finding). A crash-looping service stops tasks every few seconds; they are one
 * incident, told once (design.md, "Notifications"). Keys are policy, so they are pure.
 */
export type IncidentKey = Readonly<{ cluster: string; workload: string; cause: Cause; root: string }>;

/**
 * The root finding: the first one a person should read, or `none` — not-checked notes and
 * information (duplicate endpoints) aside: they never are what stopped the task.
 */
export function rootFindingOf(findings: readonly Finding[]): string {
  const root = findings.find((f) => isProblem(f) || f.id === 'path-ok');
  return root ? findingKey(root) : 'none';
}

export function incidentKeyOf(task: StoppedTask, cause: Cause, findings: readonly Finding[]): IncidentKey {
  return {
    cluster: task.clusterArn,
    workload: workloadOf(task),
    cause,
    root: rootFindingOf(findings),
  };
}

/** A short, stable id for an incident key, to tag what auto-fix creates and to name the incident. */
export function incidentIdOf(key: IncidentKey): string {
  const text = joinKey([key.cluster, key.workload, key.cause, key.root]);
  return `inc-${createHash('sha256').update(text).digest('hex').slice(0, 16)}`;
}
