import { type AccountReach, unreadableFinding } from '../core/account-reach.js';
import type { Classification } from '../core/causes.js';
import type { StoppedTask } from '../core/event.js';
import type { HandoffSender } from '../core/handoff.js';
import { deliveryKeyOf, fixRetryKeyOf, groupKeyOf, workloadKeyOf } from '../core/keys.js';
import type {
  DeliveryLog,
  IncidentStore,
  IncidentWindow,
  LeaseStore,
  Notifier,
  ReadPorts,
} from '../core/ports.js';
import type { IncidentHistory } from '../core/ports-store.js';
import type { Notification } from '../core/present/index.js';
import { RetryLaterError } from '../errors.js';
import type { ActionOutcome } from './apply.js';
import type { RecentGroups } from './recent-groups.js';
import type { Diagnosis, PipelineOptions, Report } from './run.js';

/**
 * The steps of a stopped task's handling (`handleStoppedTask` in incident.ts): admit → fold →
 * diagnose and fix → record → tell, each given only the ports of the incident store it uses.
 */

/** What became of one stopped-task event. */
export type Handled = Readonly<{ classification: Classification }> &
  Readonly<
    | { kind: 'ignored'; reason: string }
    | { kind: 'duplicate' }
    /** Counted into the incident's group: `stops` stopped tasks (a batch's, or one). */
    | { kind: 'folded'; stops: number }
    | {
        kind: 'notified';
        report: Report;
        notification: Notification;
        messageId: string | undefined;
        /** Another invocation had told the incident first (only once this one's claim lapsed). */
        repeat?: true;
      }
    /** A retry sent the notice an earlier attempt built but could not send. */
    | { kind: 'resent'; subject: string; messageId: string | undefined }
  >;

export type IncidentOptions = PipelineOptions &
  Readonly<{
    store: IncidentStore;
    /** Where notices go; without one the notice is built and returned, not sent (the CLI prints it). */
    notifier?: Notifier;
    /** Where incidents we could not pin go to an AI agent, once each (`handOff`); none: not handed off. */
    handoff?: HandoffSender;
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
    /**
     * The groups this container saw busy (the Lambda's, kept across its invocations). Given, a
     * lone stop of a group not seen busy starts the inspection's first reads while the store
     * decides (`prefetchRoundOne`): one sequential round less from event to notice.
     */
    recent?: RecentGroups;
    /**
     * Whether a lone stop may read early at all (default: yes). A batch of several groups says
     * no: behind the queue's batching window a round saves little, and another execution
     * environment may well hold those groups already.
     */
    prefetch?: boolean;
    /**
     * The stops come from a batch of the queue, de-duplicated by the caller: no delivery log
     * (a copy of a delivery in another batch is counted once more into its group, never told
     * again), and a lone stop of a group seen busy folds in one write.
     */
    batched?: boolean;
    /**
     * How the hub reaches the task's account (an organisation's member): asked once the
     * stop is to be diagnosed (a folded stop never asks). Readable, its policy replaces the
     * deployment's; not, the notice says why, and nothing is read.
     */
    reach?: () => Promise<AccountReach>;
    /** Where each incident's event, snapshot and findings are kept for 30 days (`keepEvidence`); none: not kept. */
    history?: IncidentHistory;
  }>;

/** How long a delivery is remembered: EventBridge redelivers within minutes, Lambda retries within hours. */
export const DELIVERY_TTL_SECONDS = 24 * 3600;
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
  /** The stopped tasks of the group this handling stands for (a batch's, de-duplicated): 1 or more. */
  stops: number;
  /** Whether the delivery log keeps this delivery (a lone event invoked directly): duplicates absorbed. */
  logged: boolean;
}>;

export function stopOf(
  task: StoppedTask,
  classification: Classification,
  options: IncidentOptions,
  stops = 1,
): Stop {
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
    stops,
    logged: stops === 1 && options.batched !== true,
  };
}

export type Fixed = Readonly<{ diagnosis: Diagnosis; report: Report; incidentId: string; alias?: string }>;

/** Diagnose and fix: the pipeline, with the leases, and no fix an incident had within the window. */
export async function diagnoseAndFix(
  stop: Stop,
  ports: ReadPorts,
  store: IncidentWindow & DeliveryLog & LeaseStore,
): Promise<Fixed> {
  const { task, classification, owner, now } = stop;
  const reach = await stop.options.reach?.();
  if (reach?.readable === false) return await unreadable(stop, reach.why);
  const options = reach ? withAccountPolicy(stop.options, reach) : stop.options;
  // The pipeline is loaded on the first diagnosis, not at the Lambda's init: a folded, ignored
  // or RUNNING event never needs it (the bench's "loaded at init").
  const { diagnoseTask, remediate } = await import('./run.js');
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
  return { diagnosis, report, incidentId, ...(reach?.alias ? { alias: reach.alias } : {}) };
}

/** The member account's policy over the deployment's: its default mode, services, endpoint ceiling and mode ceiling. */
function withAccountPolicy(
  options: IncidentOptions,
  reach: AccountReach & { readable: true },
): IncidentOptions {
  return { ...options, deployment: reach.deployment, ...(reach.ceiling ? { ceiling: reach.ceiling } : {}) };
}

/** An account the hub cannot read: one note says why, as the incident's notice (folded as any other). */
async function unreadable(stop: Stop, why: string): Promise<Fixed> {
  // Loaded here, not at the Lambda's init: the incident's key reads the findings' catalogue.
  const { incidentIdOf, incidentKeyOf } = await import('../core/incident.js');
  const { task, classification } = stop;
  const findings = [unreadableFinding(why)];
  const key = incidentKeyOf(task, classification.cause, findings);
  const incident = { key, id: incidentIdOf(key) };
  const diagnosis: Diagnosis = { task, classification, findings, checks: [], incident };
  return { diagnosis, report: diagnosis, incidentId: incident.id };
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
