import { workloadOf } from '../core/keys.js';
import type {
  DeliveryLog,
  FixLedger,
  GroupClaim,
  IncidentStore,
  IncidentWindow,
  OpenFix,
  PendingNotice,
  UnsentNotice,
} from '../core/ports.js';
import type { Notification } from '../core/present/index.js';
import type { ActionOutcome } from './apply.js';
import { outlets } from './incident-outlets.js';
import {
  DELIVERY_TTL_SECONDS,
  type Fixed,
  type Handled,
  OPEN_FIX_SECONDS,
  type Stop,
} from './incident-steps.js';
import type { Report } from './run.js';

/** The incident's last steps (`handleStoppedTasks` in incident.ts): tell, with the record; give back on failure. */

/**
 * Record a fix that took: marked for the window (not repeated within it) and opened for its
 * verdict (a task of the service running — a "resolved" notice — or failing again).
 */
async function recordFix(stop: Stop, store: IncidentWindow & FixLedger, fixed: Fixed): Promise<void> {
  const { task, now, options } = stop;
  const outcomes = fixed.report.outcomes ?? [];
  const applied = outcomes.filter((o) => o.status === 'applied' || o.status === 'verified');
  if (applied.length === 0 || outcomes.some((o) => o.status === 'failed')) return;
  await Promise.all([
    store.markFixed(fixed.incidentId, now(), options.windowSeconds),
    ...(task.serviceName
      ? [store.openFix(stop.workload, openFixOf(stop, fixed, applied), now(), OPEN_FIX_SECONDS)]
      : []),
  ]);
}

function openFixOf(stop: Stop, fixed: Fixed, applied: readonly ActionOutcome[]): OpenFix {
  const { task } = stop;
  return {
    incidentId: fixed.incidentId,
    cause: stop.classification.cause,
    fixedAt: stop.now().toISOString(),
    clusterArn: task.clusterArn,
    clusterName: task.clusterName,
    workload: workloadOf(task),
    root: fixed.diagnosis.incident?.key.root ?? 'none',
    changes: applied.map((o) => `${o.id}${o.resourceIds.length > 0 ? ` (${o.resourceIds.join(', ')})` : ''}`),
  };
}

export type Notice = Readonly<{ report: Report; notification: Notification; incidentId: string }>;

/** The stops the notice counts: those counted into the group since its last notice of this incident. */
export function toldOf(claim: GroupClaim & { claimed: true }, incidentId: string): number {
  return claim.incidentId === undefined || claim.incidentId === incidentId ? claim.folded : 0;
}

/** The incident's notice. Its renderer is loaded with the first notice, not at the Lambda's init. */
export async function noticeOf(
  stop: Stop,
  { report, incidentId, alias }: Fixed,
  folded: number,
  priorFix?: OpenFix,
): Promise<Notice> {
  const [{ buildNotification }, { pullLoopOf }] = await Promise.all([
    import('../core/present/index.js'),
    import('../core/pull-loop.js'),
  ]);
  const notification = buildNotification({
    task: stop.task,
    classification: stop.classification,
    findings: report.findings,
    incidentId,
    mode: report.plan?.mode ?? 'notify',
    plan: report.plan ?? { mode: 'notify', actions: [], notes: [] },
    outcomes: report.outcomes ?? [],
    ...(report.after ? { after: report.after } : {}),
    checks: report.checks,
    folded,
    loop: pullLoopOf(report.snapshot, report.findings, folded, stop.classification.cause),
    now: stop.now(),
    ...(priorFix ? { priorFix } : {}),
    ...(alias ? { accountAlias: alias } : {}),
  });
  return { report, notification, incidentId };
}

/**
 * Tell, in one round with what it records: the notice is sent while the group's notice window
 * is opened (the claim this invocation holds makes that write's answer certain) and a fix that
 * took is recorded. A notice that cannot be sent is kept on the group, its window withdrawn,
 * and the failure thrown: Lambda's retry sends it — without repeating the fix.
 */
export async function tell(stop: Stop, store: IncidentStore, fixed: Fixed, notice: Notice, told: number) {
  const [sent, noticed, recorded, also] = await Promise.allSettled([
    publish(stop, notice.notification),
    store.claimNotice(
      stop.group,
      notice.incidentId,
      stop.owner,
      stop.now(),
      stop.options.windowSeconds,
      told,
    ),
    recordFix(stop, store, fixed),
    outlets(stop, fixed, notice.notification),
  ]);
  if (sent.status === 'rejected') {
    await unsent(stop, store, notice);
    throw sent.reason;
  }
  // The notice went out: a store failure now is thrown for Lambda's retry, which may repeat it.
  if (noticed.status === 'rejected') throw noticed.reason;
  if (recorded.status === 'rejected') throw recorded.reason;
  if (also.status === 'rejected') throw also.reason;
  const repeat = noticed.value ? {} : { repeat: true as const };
  const handled: Handled = {
    classification: stop.classification,
    kind: 'notified',
    report: notice.report,
    notification: notice.notification,
    messageId: sent.value,
    ...repeat,
  };
  return done(stop, store, handled, stop.logged);
}

/** A notice an earlier attempt built but could not send, sent now (the group's claim is this invocation's). */
export async function resend(stop: Stop, store: IncidentStore, notice: UnsentNotice): Promise<Handled> {
  const [sent, noticed] = await Promise.allSettled([
    publish(stop, notice),
    store.claimNotice(stop.group, notice.incidentId, stop.owner, stop.now(), stop.options.windowSeconds, 0),
  ]);
  if (sent.status === 'rejected') {
    await unsent(stop, store, { notification: notice, incidentId: notice.incidentId });
    throw sent.reason;
  }
  if (noticed.status === 'rejected') throw noticed.reason;
  const handled: Handled = {
    classification: stop.classification,
    kind: 'resent',
    subject: notice.subject,
    messageId: sent.value,
  };
  return done(stop, store, handled, stop.logged);
}

function publish(stop: Stop, notice: PendingNotice) {
  const { notifier } = stop.options;
  return notifier ? notifier.publish(notice) : Promise.resolve(undefined);
}

/** Keeps a notice that could not be sent on its group, and gives the delivery back for the retry. */
async function unsent(
  stop: Stop,
  store: IncidentStore,
  notice: Readonly<{ notification: PendingNotice; incidentId: string }>,
): Promise<void> {
  const { subject, message, attributes, chat } = notice.notification;
  await Promise.all([
    store.keepUnsentNotice(stop.group, {
      subject,
      message,
      attributes,
      ...(chat === undefined ? {} : { chat }),
      incidentId: notice.incidentId,
    }),
    ...(stop.logged ? [store.releaseDelivery(stop.delivery)] : []),
  ]);
}

/** The delivery handled: remembered (a single event's), so that a late redelivery is absorbed. */
export async function done<T>(stop: Stop, log: DeliveryLog, handled: T, delivery: boolean): Promise<T> {
  if (delivery) await log.completeDelivery(stop.delivery, stop.now(), DELIVERY_TTL_SECONDS);
  return handled;
}

/**
 * A failure before the notice was sent gives back what this invocation holds, so that
 * Lambda's retry does it all again and still tells that a fix did not help. Best effort: if
 * the store itself is failing, the claims lapse with the invocation.
 */
export async function giveBack(
  stop: Stop,
  store: IncidentStore,
  priorFix: OpenFix | undefined,
  held: Readonly<{ claimed: boolean; delivery: boolean }> = { claimed: true, delivery: stop.logged },
): Promise<void> {
  await Promise.allSettled([
    ...(held.claimed ? [store.releaseClaim(stop.group, stop.owner)] : []),
    ...(held.delivery ? [store.releaseDelivery(stop.delivery)] : []),
    ...(priorFix ? [store.openFix(stop.workload, priorFix, stop.now(), OPEN_FIX_SECONDS)] : []),
  ]);
}
