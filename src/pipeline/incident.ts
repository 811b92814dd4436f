import type { Classification } from '../core/causes.js';
import { classify } from '../core/classify.js';
import { notStoppedReason, type StoppedTask, stopRecordOf } from '../core/event.js';
import { workloadKeyOf } from '../core/keys.js';
import type { FixLedger, Notifier, ReadPorts } from '../core/ports.js';
import type { Notification } from '../core/present/index.js';
import { awaitedLater } from './awaited-later.js';
import { admit } from './incident-admit.js';
import {
  diagnoseAndFix,
  type Handled,
  type IncidentOptions,
  OPEN_FIX_SECONDS,
  stopOf,
} from './incident-steps.js';
import { giveBack, noticeOf, resend, tell, toldOf } from './incident-tell.js';
import { prefetchRoundOne } from './prefetch.js';

export type { Handled, IncidentOptions };

/**
 * One stopped-task event, handled as the Lambda handles it: ordinary stops are ignored;
 * duplicate deliveries (same task ARN and `detail.version`) are absorbed; repeats of an
 * incident told within the window are folded before any AWS read; otherwise the task is
 * diagnosed (concurrent stops of the workload fold into the first), the fix applied (once
 * per window; a write AWS fails transiently fails the invocation once, so that Lambda's
 * retry completes it), and the incident's notice sent. A failure before the notice is sent
 * gives the claims back, so that Lambda's retry does it all again; a notice that cannot be
 * sent is kept, and the retry sends it — without repeating the fix.
 */
export function handleStoppedTask(
  task: StoppedTask,
  ports: ReadPorts,
  options: IncidentOptions,
): Promise<Handled> {
  return handleStoppedTasks([task], ports, options);
}

/**
 * Stopped tasks of one incident group (cluster, workload, cause — a batch's, its duplicate
 * deliveries already dropped), handled as one: the first stands for them all, the others
 * are counted into the group with its claim, or folded with it in one write. Their notice
 * and fold counts are those the same events would have had one by one.
 * The steps: admit → diagnose and fix → tell (with the record).
 */
export async function handleStoppedTasks(
  tasks: readonly [StoppedTask, ...StoppedTask[]],
  ports: ReadPorts,
  options: IncidentOptions,
): Promise<Handled> {
  // Before any AWS read or store write: a task that did not stop, or stopped for an
  // ordinary reason, costs nothing.
  const { classification, nothingToDiagnose } = triage(tasks[0]);
  if (nothingToDiagnose !== undefined) return { classification, kind: 'ignored', reason: nothingToDiagnose };
  const { store, recent } = options;
  // The diagnosis's modules and the notice's renderer, loaded while the store decides (they
  // are not at the Lambda's init: a folded, ignored or RUNNING event never needs them).
  awaitedLater(import('./run.js'));
  awaitedLater(import('../core/present/index.js'));
  const stop = stopOf(tasks[0], classification, options, tasks.length);
  const seenBusy = recent?.busy(stop.group, stop.now()) === true;
  const early = recent && options.prefetch !== false && tasks.length === 1 && !seenBusy;
  // Likely folded: a batch's several stops, or a batched stop of a group seen busy here.
  const foldFirst = tasks.length > 1 || (options.batched === true && seenBusy);
  // Claimed, folded or told from now on: busy for this container until the window ends, so
  // that its concurrent stops of the group wait for the store instead of reading too.
  recent?.remember(stop.group, new Date(stop.now().getTime() + options.windowSeconds * 1000));
  const reads = early ? prefetchRoundOne(tasks[0], ports) : ports;
  const admitted = await admit(stop, store, foldFirst);
  if ('handled' in admitted) return admitted.handled;
  const { claim, priorFix } = admitted;
  if (claim.unsent) return resend(stop, store, claim.unsent);
  let fixed: Awaited<ReturnType<typeof diagnoseAndFix>>;
  try {
    fixed = await diagnoseAndFix(stop, reads, store);
  } catch (e) {
    recent?.forget(stop.group);
    await giveBack(stop, store, priorFix);
    throw e;
  }
  const told = toldOf(claim, fixed.incidentId);
  return tell(stop, store, fixed, await noticeOf(stop, fixed, told, priorFix), claim.folded);
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
  options: Readonly<{ store: FixLedger; notifier?: Notifier; now: () => Date }>,
): Promise<HandledRunning> {
  const { store, now } = options;
  if (!task.serviceName) return { kind: 'ignored', reason: 'not a task of a service' };
  const created = task.createdAt ?? task.startedAt;
  if (!created || Number.isNaN(Date.parse(created)))
    return { kind: 'ignored', reason: 'the event does not say when the task was created' };
  const fix = await store.takeOpenFix(workloadKeyOf(task), now(), new Date(created));
  if (!fix) return { kind: 'ignored', reason: 'no open fix for the service' };
  const { buildResolvedNotification } = await import('../core/present/index.js');
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
