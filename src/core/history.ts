import type { StoppedTask } from './event.js';
import type { Finding } from './findings.js';
import { workloadOf } from './keys.js';
import type { Snapshot } from './network.js';

/**
 * The incidents kept past ECS's hour (ECS forgets a stopped task about an hour after it
 * stopped): per incident, its event, the snapshot the diagnosis read and its findings, for
 * {@link HISTORY_TTL_SECONDS}. The port is `IncidentHistory` (ports-store.ts); the DynamoDB
 * adapter bounds each item (history-evidence.ts).
 */

/** How long an incident's evidence is kept: 30 days. */
export const HISTORY_TTL_SECONDS = 30 * 24 * 3600;

/** The longest a summary's text may be, in characters: ECS names and ARNs are far shorter. */
export const SUMMARY_MAX_CHARS = 1000;

/** An incident as `history` lists it. Every text but `incidentId` and `at` came from AWS: untrusted. */
export type IncidentSummary = Readonly<{
  incidentId: string;
  /** When it was first told (ISO 8601). */
  at: string;
  account: string;
  region: string;
  clusterArn: string;
  clusterName: string;
  /** `service:NAME`, or `family:NAME` for a task no service started. */
  workload: string;
  cause: string;
  /** The root finding (`missing-endpoint:ecr.dkr`), or `none`. */
  root: string;
  /** The notice's outcome (`action-needed`, `fixed`, `no-network-problem` …). */
  outcome: string;
}>;

/** A part of the evidence that may be dropped to keep an item within DynamoDB's bound. */
export type EvidencePart = (typeof DROP_ORDER)[number];

/**
 * The parts dropped, in this order, while the compressed evidence is over its bound: the
 * snapshot's bulkiest facts that say least about the network path first (prefix-list entries,
 * the task definition, the workload's reads …), then the rest of the snapshot, then the
 * findings, then the event itself. The path's facts (endpoints, routes, NAT gateways, DNS) go
 * last, so that `replay --incident` can still say what changed.
 */
export const DROP_ORDER = [
  'snapshot.prefixLists',
  'snapshot.taskDefinition',
  'snapshot.workload',
  'snapshot.replication',
  'snapshot.efs',
  'snapshot.networkAcls',
  'snapshot.resolverRules',
  'snapshot.securityGroups',
  'snapshot.endpointSubnets',
  'snapshot.failingHop',
  'snapshot',
  'findings',
  'task',
] as const;

/** An incident's evidence as kept: its summary, what was kept of its event, snapshot and findings, and what was not. */
export type KeptIncident = IncidentSummary &
  Readonly<{
    /** The stopped task, as parsed from its event: `replay --incident` re-runs it. */
    task?: StoppedTask;
    /** What the diagnosis read: a part may have been dropped (`dropped` names it). */
    snapshot?: Partial<Snapshot>;
    findings?: readonly Finding[];
    /** The parts not kept, in the order they were dropped (empty: all kept). */
    dropped: readonly EvidencePart[];
  }>;

/** Which incidents to list, newest first. */
export type HistoryQuery = Readonly<{
  /** A cluster's name or ARN. */
  cluster?: string;
  /** A service's name (or, for a task no service started, its task definition's family). */
  service?: string;
  limit: number;
  /** Where the page starts: the `next` of the page before. */
  after?: string;
}>;

export type HistoryPage = Readonly<{
  incidents: readonly IncidentSummary[];
  /** Given when more incidents may match: the next page's `after`. */
  next?: string;
}>;

/** The evidence of an incident just told, whole (the adapter drops what its bound needs). */
export function keptIncidentOf(
  input: Readonly<{
    task: StoppedTask;
    incidentId: string;
    cause: string;
    root: string;
    outcome: string;
    snapshot?: Snapshot;
    findings: readonly Finding[];
  }>,
  now: Date,
): KeptIncident {
  const { task } = input;
  const cut = (s: string) => s.slice(0, SUMMARY_MAX_CHARS);
  return {
    incidentId: input.incidentId,
    at: now.toISOString(),
    account: cut(task.account),
    region: cut(task.region),
    clusterArn: cut(task.clusterArn),
    clusterName: cut(task.clusterName),
    workload: cut(workloadOf(task)),
    cause: input.cause,
    root: cut(input.root),
    outcome: input.outcome,
    task,
    ...(input.snapshot ? { snapshot: input.snapshot } : {}),
    findings: input.findings,
    dropped: [],
  };
}

/** Whether a summary is one the query asks for (a cluster by name or ARN; a service, or a family). */
export function matchesQuery(s: IncidentSummary, q: Pick<HistoryQuery, 'cluster' | 'service'>): boolean {
  const cluster = q.cluster === undefined || s.clusterName === q.cluster || s.clusterArn === q.cluster;
  const service =
    q.service === undefined || s.workload === `service:${q.service}` || s.workload === `family:${q.service}`;
  return cluster && service;
}

/**
 * The sort key of a kept incident, newest last in string order: its time, then its id (two
 * incidents told in one millisecond stay two). A page's `next` is the last one listed.
 */
export const historyOrderOf = (s: Pick<IncidentSummary, 'at' | 'incidentId'>): string =>
  `${s.at}#${s.incidentId}`;

/** The opaque cursor of a page that ends at `s`. */
export const cursorOf = (s: Pick<IncidentSummary, 'at' | 'incidentId'>): string =>
  Buffer.from(historyOrderOf(s), 'utf8').toString('base64url');

/** The sort key a cursor stands for; undefined when it is not one of ours. */
export function orderOfCursor(cursor: string): string | undefined {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  return /^\d{4}-\d\d-\d\dT[\d:.]+Z#inc-[0-9a-f]{16}$/.test(text) ? text : undefined;
}

/** The incident id a sort key ends with. */
export const incidentIdOfOrder = (order: string): string => order.slice(order.lastIndexOf('#') + 1);
