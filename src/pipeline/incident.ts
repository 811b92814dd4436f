import type { Classification } from '../core/causes.js';
import { classify } from '../core/classify.js';
import { type StoppedTask, stopRecordOf } from '../core/event.js';
import { buildNotification, type Notification } from '../core/notification.js';
import type { IncidentStore, Notifier, ReadPorts } from '../core/ports.js';
import { diagnoseTask, type PipelineOptions, type Report, remediate } from './run.js';

/** What became of one stopped-task event. */
export type Handled = Readonly<{ classification: Classification }> &
  Readonly<
    | { kind: 'ignored'; reason: string }
    | { kind: 'duplicate' }
    | { kind: 'folded'; stage: 'before-inspection' | 'after-diagnosis'; incidentId?: string }
    | { kind: 'notified'; report: Report; notification: Notification; messageId: string | undefined }
  >;

export type IncidentOptions = PipelineOptions &
  Readonly<{
    store: IncidentStore;
    /** Where notices go; without one the notice is built and returned, not sent (the CLI prints it). */
    notifier?: Notifier;
    /** The window within which repeats of an incident are folded and its fix not repeated. */
    windowSeconds: number;
    now: () => Date;
  }>;

/** How long a delivery is remembered: EventBridge redelivers within minutes, Lambda retries within hours. */
const DELIVERY_TTL_SECONDS = 24 * 3600;

/**
 * One stopped-task event, handled as the Lambda handles it: ordinary stops are ignored;
 * duplicate deliveries (same task ARN and `detail.version`) are absorbed; repeats of an
 * incident told within the window are folded before any AWS read; otherwise the task is
 * diagnosed, the incident's notice is claimed, the fix applied (once per window) and the
 * notice sent. If the notice cannot be sent, the claims are given back and the error
 * surfaces, so that Lambda's retry notifies (and does not repeat the fix).
 */
export async function handleStoppedTask(
  task: StoppedTask,
  ports: ReadPorts,
  options: IncidentOptions,
): Promise<Handled> {
  const { store, now, windowSeconds } = options;
  const classification = classify(stopRecordOf(task));
  if (classification.cause === 'not-a-start-failure')
    return { classification, kind: 'ignored', reason: 'not a start failure' };

  const delivery = `${task.taskArn}#${task.version ?? 'unversioned'}`;
  if (!(await store.claimDelivery(delivery, now(), DELIVERY_TTL_SECONDS)))
    return { classification, kind: 'duplicate' };
  try {
    const group = groupKeyOf(task, classification.cause);
    if (await store.foldIfRecent(group, now(), windowSeconds))
      return { classification, kind: 'folded', stage: 'before-inspection' };

    const diagnosis = await diagnoseTask(task, ports, classification);
    const incidentId = diagnosis.incident?.id ?? '';
    const claim = await store.claimNotice(group, incidentId, now(), windowSeconds);
    if (!claim.notify) return { classification, kind: 'folded', stage: 'after-diagnosis', incidentId };

    try {
      const report = await remediate(diagnosis, ports, {
        ...options,
        leases: store,
        holdBack: async (id) =>
          (await store.fixedRecently(id, now(), windowSeconds))
            ? 'auto-fix already applied its changes for this incident within the window'
            : undefined,
      });
      if (report.outcomes?.some((o) => o.status === 'applied' || o.status === 'verified')) {
        await store.markFixed(incidentId, now(), windowSeconds);
      }
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
      });
      const messageId = options.notifier ? await options.notifier.publish(notification) : undefined;
      return { classification, kind: 'notified', report, notification, messageId };
    } catch (e) {
      await store.releaseNotice(group, incidentId, now());
      throw e;
    }
  } catch (e) {
    await store.releaseDelivery(delivery);
    throw e;
  }
}

/** The incident's group: what folds before inspection (cluster, workload, cause). */
function groupKeyOf(task: StoppedTask, cause: string): string {
  return [
    task.clusterArn,
    task.serviceName ? `service:${task.serviceName}` : `family:${task.family}`,
    cause,
  ].join('|');
}
