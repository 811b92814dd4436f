import type { Classification } from '../core/causes.js';
import type { StoppedTask } from '../core/event.js';
import { deliveryKeyOf, fixRetryKeyOf, groupKeyOf, workloadKeyOf, workloadOf } from '../core/keys.js';
import type {
  DeliveryLog,
  FixLedger,
  IncidentStore,
  IncidentWindow,
  LeaseStore,
  Notifier,
  OpenFix,
  ReadPorts,
} from '../core/ports.js';
import { buildNotification, type Notification } from '../core/present/index.js';
import { pullLoopOf } from '../core/pull-loop.js';
import { RetryLaterError } from '../errors.js';
import type { ActionOutcome } from './apply.js';
import { type Diagnosis, diagnoseTask, type PipelineOptions, type Report, remediate } from './run.js';

/**
 * The steps of a stopped task's handling (`handleStoppedTask` in incident.ts): admit → fold →
 * diagnose and fix → record → tell, each given only the ports of the incident store it uses.
 */

/** What became of one stopped-task event. */
export type Handled = Readonly<{ classification: Classification }> &
  Readonly<
    | { kind: 'ignored'; reason: string }
    | { kind: 'duplicate' }
    | { kind: 'folded'; stage: 'before-inspection' | 'after-diagnosis'; incidentId?: string }
    | { kind: 'notified'; report: Report; notification: Notification; messageId: string | undefined }
    /** A retry sent the notice an earlier attempt built but could not send. */
    | { kind: 'resent'; subject: string; messageId: string }
  >;

export type IncidentOptions = PipelineOptions &
  Readonly<{
    store: IncidentStore;
    /** Where notices go; without one the notice is built and returned, not sent (the CLI prints it). */
    notifier?: Notifier;
    /** The window within which repeats of an incident are folded and its fix not repeated. */
    windowSeconds: number;
    /** How long this invocation may run: its claims on the delivery and the diagnosis last that long. */
    claimSeconds?: number;
    /**
     * The caller retries a failed invocation (Lambda, the default): a write AWS failed
     * transiently fails the invocation once, so that the retry completes the fix. The CLI
     * has no retry: it reports the failed write instead.
     */
    retriedOnFailure?: boolean;
    now: () => Date;
  }>;

/** How long a delivery is remembered: EventBridge redelivers within minutes, Lambda retries within hours. */
const DELIVERY_TTL_SECONDS = 24 * 3600;
/** How long an auto-fix waits for its verdict (a task of the service running, or failing again). */
export const OPEN_FIX_SECONDS = 24 * 3600;
/** An invocation's claims when it does not say how long it may run (more than the Lambda's timeout). */
const DEFAULT_CLAIM_SECONDS = 180;

/** One stopped task being handled: what every step needs, its keys computed once. */
export type Stop = Readonly<{
  task: StoppedTask;
  classification: Classification;
  options: IncidentOptions;
  now: () => Date;
  /** This delivery of the event; its group (cluster, workload, cause); its workload. */
  delivery: string;
  group: string;
  workload: string;
  /** Who holds the claims on the delivery and the group: this invocation. */
  owner: string;
  claimSeconds: number;
}>;

export function stopOf(task: StoppedTask, classification: Classification, options: IncidentOptions): Stop {
  const delivery = deliveryKeyOf(task);
  return {
    task,
    classification,
    options,
    now: options.now,
    delivery,
    group: groupKeyOf(task, classification.cause),
    workload: workloadKeyOf(task),
    owner: options.owner ?? delivery,
    claimSeconds: options.claimSeconds ?? DEFAULT_CLAIM_SECONDS,
  };
}

/**
 * Admit: claim the delivery. A duplicate is turned away, unless an earlier attempt at it left
 * a notice it could not send: then this is Lambda's retry, and it sends that notice.
 */
export async function admit(stop: Stop, log: DeliveryLog, notifier?: Notifier): Promise<Handled | undefined> {
  const { delivery, classification } = stop;
  if (await log.claimDelivery(delivery, stop.now(), stop.claimSeconds)) return undefined;
  const pending = notifier ? await log.pendingNotice(delivery) : undefined;
  if (!pending || !notifier) return { classification, kind: 'duplicate' };
  const messageId = await notifier.publish(pending);
  await log.clearPendingNotice(delivery);
  return { classification, kind: 'resent', subject: pending.subject, messageId };
}

/** The workload's open fix, when this task was created after it and failed with the same cause. */
export async function takePriorFix(stop: Stop, ledger: FixLedger): Promise<OpenFix | undefined> {
  const { task } = stop;
  return task.serviceName && task.createdAt && !Number.isNaN(Date.parse(task.createdAt))
    ? await ledger.takeOpenFix(stop.workload, stop.now(), new Date(task.createdAt), stop.classification.cause)
    : undefined;
}

/**
 * Fold: true when the stop is counted into its group (told within the window, or being
 * diagnosed by another invocation); otherwise this invocation claims the diagnosis. A fix
 * that did not help reopens the group, so that its failure is told.
 */
export async function fold(
  stop: Stop,
  window: IncidentWindow,
  priorFix: OpenFix | undefined,
): Promise<boolean> {
  if (priorFix) await window.reopenGroup(stop.group);
  const { windowSeconds } = stop.options;
  return window.foldOrClaim(stop.group, stop.owner, stop.now(), windowSeconds, stop.claimSeconds);
}

export type Fixed = Readonly<{ diagnosis: Diagnosis; report: Report; incidentId: string }>;

/** Diagnose and fix: the pipeline, with the leases, and no fix an incident had within the window. */
export async function diagnoseAndFix(
  stop: Stop,
  ports: ReadPorts,
  store: IncidentWindow & DeliveryLog & LeaseStore,
): Promise<Fixed> {
  const { task, classification, options, owner, now } = stop;
  const diagnosis = await diagnoseTask(task, ports, classification, options.deadline);
  const incidentId = diagnosis.incident?.id ?? '';
  const report = await remediate(diagnosis, ports, {
    ...options,
    owner,
    leases: store,
    holdBack: async (id) =>
      (await store.fixedRecently(id, now(), options.windowSeconds))
        ? 'auto-fix already applied its changes for this incident within the window'
        : undefined,
  });
  await failForRetry(stop, store, report.outcomes ?? []);
  return { diagnosis, report, incidentId };
}

/**
 * A write AWS failed transiently (after the SDK's retries): fail the invocation once, so
 * that Lambda's retry, minutes later, completes the fix (the executor does not repeat what
 * is done); if the retry's write fails too, the notice tells what was done and not.
 */
async function failForRetry(stop: Stop, log: DeliveryLog, outcomes: readonly ActionOutcome[]): Promise<void> {
  if (
    stop.options.retriedOnFailure !== false &&
    outcomes.some((o) => o.status === 'failed' && o.retryable) &&
    (await log.claimDelivery(fixRetryKeyOf(stop.delivery), stop.now(), DELIVERY_TTL_SECONDS))
  ) {
    const failed = outcomes.find((o) => o.status === 'failed');
    throw new RetryLaterError(`auto-fix did not finish, Lambda's retry will: ${failed?.detail ?? ''}`);
  }
}

/**
 * Record: a fix that took is marked for the window and opened for its verdict (until a task
 * of the service runs — a "resolved" notice — or fails again); then the notice is claimed.
 */
export async function record(
  stop: Stop,
  store: IncidentWindow & FixLedger,
  fixed: Fixed,
): Promise<Readonly<{ notify: boolean; folded: number }>> {
  const { task, now, options } = stop;
  const outcomes = fixed.report.outcomes ?? [];
  const applied = outcomes.filter((o) => o.status === 'applied' || o.status === 'verified');
  if (applied.length > 0 && !outcomes.some((o) => o.status === 'failed')) {
    await store.markFixed(fixed.incidentId, now(), options.windowSeconds);
    if (task.serviceName)
      await store.openFix(stop.workload, openFixOf(stop, fixed, applied), now(), OPEN_FIX_SECONDS);
  }
  return store.claimNotice(stop.group, fixed.incidentId, now(), options.windowSeconds);
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

export type Notice = Readonly<{ report: Report; notification: Notification }>;

export function noticeOf(
  stop: Stop,
  { report, incidentId }: Fixed,
  folded: number,
  priorFix?: OpenFix,
): Notice {
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
  });
  return { report, notification };
}

/** Tell: send the notice; one that cannot be sent is kept for Lambda's retry of the delivery. */
export async function tell(stop: Stop, log: DeliveryLog, notice: Notice): Promise<Handled> {
  const { notifier } = stop.options;
  let messageId: string | undefined;
  try {
    messageId = notifier ? await notifier.publish(notice.notification) : undefined;
  } catch (e) {
    const { subject, message, attributes } = notice.notification;
    await log.savePendingNotice(
      stop.delivery,
      { subject, message, attributes },
      stop.now(),
      DELIVERY_TTL_SECONDS,
    );
    await log.completeDelivery(stop.delivery, stop.now(), DELIVERY_TTL_SECONDS);
    throw e;
  }
  return done(stop, log, { classification: stop.classification, kind: 'notified', ...notice, messageId });
}

/** The delivery handled: remembered, so that a late redelivery is absorbed. */
export async function done<T>(stop: Stop, log: DeliveryLog, handled: T): Promise<T> {
  await log.completeDelivery(stop.delivery, stop.now(), DELIVERY_TTL_SECONDS);
  return handled;
}

/**
 * A failure before the notice was built gives back what this invocation holds, so that
 * Lambda's retry does it all again and still tells that a fix did not help. Best effort: if
 * the store itself is failing, the claims lapse with the invocation.
 */
export async function giveBack(
  stop: Stop,
  store: IncidentStore,
  priorFix: OpenFix | undefined,
): Promise<void> {
  await Promise.allSettled([
    store.releaseClaim(stop.group, stop.owner),
    store.releaseDelivery(stop.delivery),
    ...(priorFix ? [store.openFix(stop.workload, priorFix, stop.now(), OPEN_FIX_SECONDS)] : []),
  ]);
}
