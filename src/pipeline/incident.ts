import type { Classification } from '../core/causes.js';
import { classify } from '../core/classify.js';
import { notStoppedReason, type StoppedTask, stopRecordOf } from '../core/event.js';
import { workloadOf } from '../core/incident.js';
import { buildNotification, buildResolvedNotification, type Notification } from '../core/notification.js';
import type { IncidentStore, Notifier, OpenFix, ReadPorts } from '../core/ports.js';
import { RetryLaterError } from '../errors.js';
import { diagnoseTask, type PipelineOptions, type Report, remediate } from './run.js';

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
const OPEN_FIX_SECONDS = 24 * 3600;
/** An invocation's claims when it does not say how long it may run (more than the Lambda's timeout). */
const DEFAULT_CLAIM_SECONDS = 180;

/**
 * One stopped-task event, handled as the Lambda handles it: ordinary stops are ignored;
 * duplicate deliveries (same task ARN and `detail.version`) are absorbed; repeats of an
 * incident told within the window are folded before any AWS read; otherwise the task is
 * diagnosed (concurrent stops of the workload fold into the first), the fix applied (once
 * per window; a write AWS fails transiently fails the invocation once, so that Lambda's
 * retry completes it), the incident's notice claimed and sent. A failure before the notice
 * is built gives the delivery back, so that Lambda's retry does it all again; a notice that
 * cannot be sent is kept, and the retry sends it — without repeating the fix.
 */
export async function handleStoppedTask(
  task: StoppedTask,
  ports: ReadPorts,
  options: IncidentOptions,
): Promise<Handled> {
  const { store, now, windowSeconds } = options;
  // Before any AWS read or store write: a task that did not stop, or stopped for an
  // ordinary reason, costs nothing.
  const { classification, nothingToDiagnose } = triage(task);
  if (nothingToDiagnose !== undefined) return { classification, kind: 'ignored', reason: nothingToDiagnose };

  const delivery = `${task.taskArn}#${task.version ?? 'unversioned'}`;
  const owner = options.owner ?? delivery;
  const claimSeconds = options.claimSeconds ?? DEFAULT_CLAIM_SECONDS;
  if (!(await store.claimDelivery(delivery, now(), claimSeconds))) {
    const pending = options.notifier ? await store.pendingNotice(delivery) : undefined;
    if (!pending || !options.notifier) return { classification, kind: 'duplicate' };
    const messageId = await options.notifier.publish(pending);
    await store.clearPendingNotice(delivery);
    return { classification, kind: 'resent', subject: pending.subject, messageId };
  }

  const done = async <T>(handled: T): Promise<T> => {
    await store.completeDelivery(delivery, now(), DELIVERY_TTL_SECONDS);
    return handled;
  };
  const group = groupKeyOf(task, classification.cause);
  let built: { report: Report; notification: Notification } | undefined;
  // A task created after an auto-fix of this service failed with the same cause: the fix did
  // not help. Told, not folded into the notice that announced the fix.
  let priorFix: OpenFix | undefined;
  try {
    priorFix =
      task.serviceName && task.createdAt && !Number.isNaN(Date.parse(task.createdAt))
        ? await store.takeOpenFix(workloadKeyOf(task), now(), new Date(task.createdAt), classification.cause)
        : undefined;
    if (priorFix) await store.reopenGroup(group);
    if (await store.foldOrClaim(group, owner, now(), windowSeconds, claimSeconds))
      return await done({ classification, kind: 'folded', stage: 'before-inspection' });

    const diagnosis = await diagnoseTask(task, ports, classification, options.deadline);
    const incidentId = diagnosis.incident?.id ?? '';
    const report = await remediate(diagnosis, ports, {
      ...options,
      owner,
      leases: store,
      holdBack: async (id) =>
        (await store.fixedRecently(id, now(), windowSeconds))
          ? 'auto-fix already applied its changes for this incident within the window'
          : undefined,
    });
    const outcomes = report.outcomes ?? [];
    // A write AWS failed transiently (after the SDK's retries): fail the invocation once, so
    // that Lambda's retry, minutes later, completes the fix (the executor does not repeat
    // what is done); if the retry's write fails too, the notice tells what was done and not.
    if (
      options.retriedOnFailure !== false &&
      outcomes.some((o) => o.status === 'failed' && o.retryable) &&
      (await store.claimDelivery(`${delivery}#fix-retry`, now(), DELIVERY_TTL_SECONDS))
    ) {
      const failed = outcomes.find((o) => o.status === 'failed');
      throw new RetryLaterError(`auto-fix did not finish, Lambda's retry will: ${failed?.detail ?? ''}`);
    }
    const applied = outcomes.filter((o) => o.status === 'applied' || o.status === 'verified');
    if (applied.length > 0 && !outcomes.some((o) => o.status === 'failed')) {
      await store.markFixed(incidentId, now(), windowSeconds);
      // Open until a task of the service runs (a "resolved" notice) or fails again.
      if (task.serviceName)
        await store.openFix(
          workloadKeyOf(task),
          {
            incidentId,
            cause: classification.cause,
            fixedAt: now().toISOString(),
            clusterArn: task.clusterArn,
            clusterName: task.clusterName,
            workload: workloadOf(task),
            root: diagnosis.incident?.key.root ?? 'none',
            changes: applied.map(
              (o) => `${o.id}${o.resourceIds.length > 0 ? ` (${o.resourceIds.join(', ')})` : ''}`,
            ),
          },
          now(),
          OPEN_FIX_SECONDS,
        );
    }
    const claim = await store.claimNotice(group, incidentId, now(), windowSeconds);
    if (!claim.notify)
      return await done({ classification, kind: 'folded', stage: 'after-diagnosis', incidentId });
    const notification = buildNotification({
      task,
      classification,
      findings: report.findings,
      incidentId,
      mode: report.plan?.mode ?? 'notify',
      plan: report.plan ?? { mode: 'notify', actions: [], notes: [] },
      outcomes: report.outcomes ?? [],
      ...(report.after ? { after: report.after } : {}),
      folded: claim.folded,
      now: now(),
      ...(priorFix ? { priorFix } : {}),
    });
    built = { report, notification };
  } catch (e) {
    // Best effort: if the store itself is failing, the claims lapse with the invocation.
    await Promise.allSettled([
      store.releaseClaim(group, owner),
      store.releaseDelivery(delivery),
      // Lambda's retry must still tell that the fix did not help.
      ...(priorFix ? [store.openFix(workloadKeyOf(task), priorFix, now(), OPEN_FIX_SECONDS)] : []),
    ]);
    throw e;
  }
  let messageId: string | undefined;
  try {
    messageId = options.notifier ? await options.notifier.publish(built.notification) : undefined;
  } catch (e) {
    const { subject, message, attributes } = built.notification;
    await store.savePendingNotice(delivery, { subject, message, attributes }, now(), DELIVERY_TTL_SECONDS);
    await store.completeDelivery(delivery, now(), DELIVERY_TTL_SECONDS);
    throw e;
  }
  return await done({ classification, kind: 'notified', ...built, messageId });
}

/**
 * Whether there is anything to diagnose in the task, decided on the event alone (pure: no
 * AWS read, no store write): a task that did not stop (`RUNNING`, `PENDING`, `STOPPING`…) is
 * no start failure, and neither is an ordinary stop. `nothingToDiagnose` says why, when so.
 */
export function triage(
  task: StoppedTask,
): Readonly<{ classification: Classification; nothingToDiagnose?: string }> {
  const notStopped = notStoppedReason(task);
  if (notStopped !== undefined)
    return {
      // The classifier reads stop reasons; a task that has none yet is, so far, no start failure.
      classification: {
        cause: 'not-a-start-failure',
        service: 'none',
        networkRelated: false,
        registry: null,
        evidence: [],
        summary: 'The task has not stopped: it is not a start failure.',
      },
      nothingToDiagnose: notStopped,
    };
  const classification = classify(stopRecordOf(task));
  return classification.cause === 'not-a-start-failure'
    ? { classification, nothingToDiagnose: 'not a start failure: the task stopped for an ordinary reason' }
    : { classification };
}

/** The incident's group: what folds before inspection (cluster, workload, cause). */
function groupKeyOf(task: StoppedTask, cause: string): string {
  return `${workloadKeyOf(task)}|${cause}`;
}

/** The workload: (cluster, service or task-definition family). */
function workloadKeyOf(task: StoppedTask): string {
  return `${task.clusterArn}|${workloadOf(task)}`;
}

/** What became of a RUNNING event. */
export type HandledRunning = Readonly<
  | { kind: 'ignored'; reason: string }
  | { kind: 'resolved'; incidentId: string; notification: Notification; messageId: string | undefined }
>;

/**
 * A task reached RUNNING: if its service has an open auto-fix applied before the task was
 * created, the incident is resolved — one notice, whoever takes the open fix first sends it.
 * A service with no open fix costs one read of the store and nothing else.
 */
export async function handleRunningTask(
  task: StoppedTask,
  options: Readonly<{ store: IncidentStore; notifier?: Notifier; now: () => Date }>,
): Promise<HandledRunning> {
  const { store, now } = options;
  if (!task.serviceName) return { kind: 'ignored', reason: 'not a task of a service' };
  const created = task.createdAt ?? task.startedAt;
  if (!created || Number.isNaN(Date.parse(created)))
    return { kind: 'ignored', reason: 'the event does not say when the task was created' };
  const fix = await store.takeOpenFix(workloadKeyOf(task), now(), new Date(created));
  if (!fix) return { kind: 'ignored', reason: 'no open fix for the service' };
  const notification = buildResolvedNotification({ fix, task, now: now() });
  try {
    const messageId = options.notifier ? await options.notifier.publish(notification) : undefined;
    return { kind: 'resolved', incidentId: fix.incidentId, notification, messageId };
  } catch (e) {
    // Put it back, so that Lambda's retry sends the notice.
    await store.openFix(workloadKeyOf(task), fix, now(), OPEN_FIX_SECONDS);
    throw e;
  }
}
