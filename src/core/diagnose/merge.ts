import type { TaskPeer } from '../findings.js';
import type { Draft } from './verdict.js';

const UNION_KEYS = ['resources', 'evidence', 'breaks', 'subnetIds', 'routeTableIds'] as const;

/** Merges findings that differ only in which subnet, route table or feature they concern. */
export function mergeDrafts(drafts: readonly Draft[]): Draft[] {
  const merged = new Map<string, Draft>();
  for (const d of drafts) {
    const identity = JSON.stringify(
      Object.entries(d)
        .filter(([k]) => !(UNION_KEYS as readonly string[]).includes(k) && k !== 'task')
        .sort(([a], [b]) => a.localeCompare(b)),
    );
    const prior = merged.get(identity);
    merged.set(identity, prior ? union(prior, d) : d);
  }
  return [...merged.values()];
}

function union(prior: Draft, d: Draft): Draft {
  const union: Record<string, unknown> = { ...prior };
  for (const k of UNION_KEYS) {
    const a = (prior as Record<string, unknown>)[k];
    const b = (d as Record<string, unknown>)[k];
    if (Array.isArray(a) && Array.isArray(b)) union[k] = [...new Set([...a, ...b])];
  }
  const priorTask = (prior as { task?: TaskPeer }).task;
  const task = (d as { task?: TaskPeer }).task;
  if (priorTask && task)
    union.task = { ...priorTask, cidrs: [...new Set([...priorTask.cidrs, ...task.cidrs])] };
  return union as Draft;
}
