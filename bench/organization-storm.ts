/**
 * An organisation's storm (issue 20): one hub diagnosing the start failures of many member
 * accounts in several regions, through the queue. Each member account × region is a
 * simulated account of its own (the storm scenario under its account id and region); the hub
 * reaches it through the real `memberAccess` (its credential cache, its clock), with STS and
 * IAM answered by `aws-sdk-client-mock` (each `AssumeRole` counted per account and region,
 * credentials that expire one lifetime after they were issued on the storm's clock), and
 * reads it through its simulated ports. The storm's events are shuffled with a seeded RNG,
 * some delivered twice, and cut into batches by the simulated event source mapping.
 *
 * Reads "as for one": every member's reads equal those of its region's first member with its
 * events handled alone, by a hub of that one member (the members are the same scenario). Memory:
 * `process.memoryUsage()` sampled at every batch and every 20 ms in this process (its peaks count
 * garbage not yet collected), and the heap kept at the storm's end after a full collection —
 * the bench's own recording (every notice, the queue's 100,000 bodies, the log lines) included.
 */
import { memberAccess, REFRESH_BEFORE_MS } from '../src/aws/member-access.js';
import type { AccountPortsOf } from '../src/core/account-reach.js';
import { DEFAULT_DEPLOYMENT_POLICY } from '../src/core/mode.js';
import { SimulatedAccount } from '../src/sim/account.js';
import { portsOf } from '../src/sim/accounts.js';
import { simulatedBatchLambda } from '../src/sim/batch-lambda.js';
import { loadScenario } from '../src/sim/scenario.js';
import { drainThroughEventSource, messagesOf } from '../src/sim/sqs-event.js';
import { type Figure, figure } from './figures.js';
import {
  CREDENTIAL_LIFETIME_MS,
  liveHeapMb,
  type Member,
  membersOf,
  memoryPeaks,
  ORGANIZATION,
  ORGANIZATION_STORM,
  type OrganizationShape,
  type StormEvent,
  simulatedSts,
  stormEvents,
} from './organization-members.js';
import { STORM_SCENARIO } from './storm.js';
import { CountingStore, EVENT_SOURCE } from './storm-batch.js';

/** The hub: the simulated Lambda's account and region. */
const HUB = '111122223333';
/** How fast the storm arrives: 1,000 events every 30 s, so that 100,000 take 50 minutes (under one lifetime). */
const ARRIVAL_MS = 30;
const START = Date.parse('2026-11-20T09:20:00Z');

export type OrganizationStorm = Readonly<{
  members: number;
  incidents: number;
  events: number;
  notices: number;
  /** Incidents told more than once. */
  repeatedNotices: number;
  assumptions: number;
  /** Role assumptions of the member assumed most often. */
  mostAssumptions: number;
  /** The storm's length on its clock. */
  stormMs: number;
  /** Reads of each member account × region: the most, the fewest. */
  mostReads: number;
  fewestReads: number;
  /** Reads of a member's events handled alone, by a hub of that one member (the most of the regions'). */
  baseline: number;
  /** Members whose reads differ from their events' handled alone (the first member of each region, alone). */
  offBaseline: number;
  /** Reads beyond the single-member baseline's, over all members. */
  extraReads: number;
  writes: number;
  invocations: number;
  deadLettered: number;
  seconds: number;
  peakRssMb: number;
  peakHeapMb: number;
  /** The heap kept at the storm's end (every notice, the queue's bodies, the members), after a full collection. */
  liveHeapMb: number;
}>;

type Run = Readonly<{
  lambda: ReturnType<typeof simulatedBatchLambda>;
  store: CountingStore;
  assumed: ReadonlyMap<string, number>;
  invocations: number;
  deadLettered: number;
  stormMs: number;
}>;

/** The events through the event source mapping to a hub whose members are `members`. */
async function throughHub(
  members: readonly Member[],
  events: readonly StormEvent[],
  arrivalMs: number,
  onBatch = () => {},
) {
  let now = START;
  const sts = simulatedSts(() => now);
  try {
    const hub = new SimulatedAccount({ ...loadScenario(STORM_SCENARIO), account: HUB });
    const byKey = new Map(members.map((m) => [m.key, m.account]));
    const access = memberAccess(portsOf(hub), {
      organization: ORGANIZATION,
      deployment: DEFAULT_DEPLOYMENT_POLICY,
      now: () => now,
    });
    const accounts: AccountPortsOf = (task, home, session) => {
      const reached = access(task, home, session);
      const member = byKey.get(`${task.account}/${task.region}`);
      return member ? { ...reached, ports: portsOf(member) } : reached;
    };
    const store = new CountingStore();
    const lambda = simulatedBatchLambda(hub, { store, accounts, now: () => new Date(now) });
    const messages = messagesOf(events.map((e) => e.body)).map((m, i) => ({
      ...m,
      sentTimestamp: START + i * arrivalMs,
    }));
    const drained = await drainThroughEventSource(messages, lambda.invoke, {
      ...EVENT_SOURCE,
      onBatch: (_, closedAtMs) => {
        now = Math.max(now, closedAtMs);
        onBatch();
      },
    });
    const run: Run = {
      ...{ lambda, store, assumed: sts.assumed, invocations: drained.invocations },
      ...{ deadLettered: drained.deadLettered.length, stormMs: now - START },
    };
    return run;
  } finally {
    sts.restore();
  }
}

/** The calls of one member's events handled alone, by a hub of that one member. */
async function aloneReads(member: Member, events: readonly StormEvent[], arrivalMs: number): Promise<number> {
  const own = events.filter((e) => e.key === member.key);
  const fresh = { ...member, account: new SimulatedAccount(member.account.scenario) };
  await throughHub([fresh], own, arrivalMs);
  return fresh.account.calls.length;
}

/** The storm of `shape` through the queue to an organisation's hub, and its counts. */
export async function organizationStorm(
  shape: OrganizationShape = ORGANIZATION_STORM,
): Promise<OrganizationStorm> {
  const members = membersOf(shape);
  const events = stormEvents(members, shape);
  const arrivalMs = shape.arrivalMs ?? ARRIVAL_MS;
  // Each region's first member alone, first: the storm's garbage would slow them.
  const baselines = new Map<string, number>();
  for (const m of members) {
    const region = m.key.split('/')[1] ?? '';
    if (!baselines.has(region)) baselines.set(region, await aloneReads(m, events, arrivalMs));
  }
  const memory = memoryPeaks();
  const started = process.hrtime.bigint();
  const run = await throughHub(members, events, arrivalMs, memory.sample);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const peaks = memory.stop();
  const live = liveHeapMb();
  const baselineOf = (m: Member) => baselines.get(m.key.split('/')[1] ?? '') ?? 0;
  const reads = members.map((m) => m.account.calls.length);
  // An incident's id is its account, region, cluster, workload and cause: the same on each notice of it.
  const told = run.lambda.notifier.documents().map((d) => (d as { incident: { id: string } }).incident.id);
  const counts = [...run.assumed.values()];
  return {
    ...{ members: members.length, incidents: members.length * shape.services, events: events.length },
    notices: told.length,
    repeatedNotices: told.length - new Set(told).size,
    assumptions: counts.reduce((a, b) => a + b, 0),
    mostAssumptions: Math.max(0, ...counts),
    stormMs: run.stormMs,
    mostReads: Math.max(...reads),
    fewestReads: Math.min(...reads),
    offBaseline: members.filter((m) => m.account.calls.length !== baselineOf(m)).length,
    extraReads: members.reduce((sum, m) => sum + Math.max(0, m.account.calls.length - baselineOf(m)), 0),
    writes: run.store.writes,
    invocations: run.invocations,
    deadLettered: run.deadLettered,
    seconds,
    peakRssMb: Math.round(peaks.rss / 2 ** 20),
    peakHeapMb: Math.round(peaks.heap / 2 ** 20),
    liveHeapMb: live,
    baseline: Math.max(...baselines.values()),
  };
}

/** Credential lifetimes a storm of `ms` spans: credentials are used until 5 minutes before they expire. */
export const lifetimesOf = (ms: number) =>
  Math.max(1, Math.ceil(ms / (CREDENTIAL_LIFETIME_MS - REFRESH_BEFORE_MS)));

/** The organisation's storm against issue 20's goals. */
export async function organizationStormFigures(): Promise<Figure[]> {
  const s = await organizationStorm();
  const name = (what: string) =>
    `organisation storm, ${ORGANIZATION_STORM.accounts} accounts × ${ORGANIZATION_STORM.regions} regions, 100,000 events through SQS: ${what}`;
  const lifetimes = lifetimesOf(s.stormMs);
  const most = s.members * lifetimes;
  return [
    figure(
      name('notices'),
      s.notices,
      'notices',
      `= ${s.incidents} (one per incident)`,
      s.notices === s.incidents,
    ),
    figure(
      name('incidents told more than once'),
      s.repeatedNotices,
      'incidents',
      '0',
      s.repeatedNotices === 0,
    ),
    figure(
      name(`role assumptions (storm of ${Math.round(s.stormMs / 60_000)} min, 1 h credentials)`),
      s.assumptions,
      'AssumeRole',
      `<= ${most} (one per account × region per lifetime)`,
      s.assumptions <= most && s.mostAssumptions <= lifetimes,
    ),
    figure(
      name('reads of an account × region, most'),
      s.mostReads,
      'calls',
      `= its events alone (${s.fewestReads}–${s.baseline})`,
      s.offBaseline === 0,
    ),
    figure(name('reads beyond each member alone'), s.extraReads, 'calls', '0', s.extraReads === 0),
    figure(name('DynamoDB writes'), s.writes, 'writes', '(reported)', true),
    figure(name('invocations'), s.invocations, 'invocations', '(reported)', true),
    figure(name('dead-lettered'), s.deadLettered, 'messages', '0', s.deadLettered === 0),
    figure(
      name('events handled per second'),
      Math.round(s.events / s.seconds),
      'events/s',
      '(reported)',
      true,
    ),
    figure(name('peak RSS (sampled each batch)'), s.peakRssMb, 'MB', '(reported)', true),
    figure(name('peak heap used (sampled each batch)'), s.peakHeapMb, 'MB', '(reported)', true),
    figure(name("heap kept at the storm's end (after a full GC)"), s.liveHeapMb, 'MB', '(reported)', true),
  ];
}
