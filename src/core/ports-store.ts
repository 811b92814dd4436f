// The incident store's ports, the leases and the notifier (re-exported by ./ports.ts).
import type { HistoryPage, HistoryQuery, KeptIncident } from './history.js';

/**
 * Short leases on a name, so that two invocations racing on one VPC do not both create an
 * endpoint (client tokens alone are not enough: some endpoints, moto included, ignore them).
 */
export interface LeaseStore {
  /** True when `owner` now holds `key` (free, expired, or already its own) until `ttlSeconds` from `now`. */
  acquire(key: string, owner: string, ttlSeconds: number, now: Date): Promise<boolean>;
  release(key: string, owner: string): Promise<void>;
}

/**
 * The incident store: what makes notifications once per incident and fixes once per
 * window, across invocations — four narrow ports, each step of the pipeline given only
 * those it uses. One DynamoDB adapter (conditional writes, TTL: `src/aws/incident-store.ts`)
 * and one in memory (the CLI, the demo and the tests: `src/sim/incident-store.ts`) implement
 * all four; `test/support/store-contract.ts` holds both to the same semantics. The keys are
 * pure functions of the task (`src/core/keys.ts`).
 */
export type IncidentStore = DeliveryLog & IncidentWindow & FixLedger & LeaseStore;

/** Each event delivery handled once. */
export interface DeliveryLog {
  /**
   * True the first time a delivery (task ARN + event version) is seen within `ttlSeconds`;
   * false for a duplicate. The claim is held for as long as the invocation may run, so that
   * an invocation killed before it could give the delivery back does not lose the event.
   */
  claimDelivery(deliveryKey: string, now: Date, ttlSeconds: number): Promise<boolean>;
  /** Remembers a handled delivery for `ttlSeconds`, so that a late redelivery is absorbed. */
  completeDelivery(deliveryKey: string, now: Date, ttlSeconds: number): Promise<void>;
  /** Forgets a claimed delivery whose handling failed, so that Lambda's retry is not taken for a duplicate. */
  releaseDelivery(deliveryKey: string): Promise<void>;
}

/** What claiming a group's diagnosis found. */
export type GroupClaim = Readonly<
  | { claimed: false }
  | {
      claimed: true;
      /** The stops counted into the group before this claim, since its last notice. */
      folded: number;
      /** The incident of the group's last notice, if any. */
      incidentId?: string;
      /** A notice of the group that an earlier attempt built but could not send. */
      unsent?: UnsentNotice;
    }
>;

/** A notice that could not be sent, kept on its group for the group's next event to send. */
export type UnsentNotice = PendingNotice & Readonly<{ incidentId: string }>;

/** When a group is busy: told within the window, or being diagnosed by another than `owner`. */
export type Busy = Readonly<{ owner: string; now: Date; windowSeconds: number }>;

/** A group's notice window (one notice per incident per window, repeats folded) and the fixes made in it. */
export interface IncidentWindow {
  /**
   * Before any AWS read, one write: claim the group's diagnosis for `owner` for
   * `claimSeconds`, unless a notice of the group went out within the window or another
   * invocation holds the claim. `others` more stops of the group (a batch's) are counted into
   * it with the claim. Concurrent stops of a crash-looping service cost one inspection.
   */
  claimGroup(
    groupKey: string,
    owner: string,
    now: Date,
    windowSeconds: number,
    claimSeconds: number,
    others?: number,
  ): Promise<GroupClaim>;
  /**
   * Counts `stops` stopped tasks into the group (its next notice says how many). Given
   * `busy`, only when the group is busy (told within the window, or claimed by another):
   * false, and nothing counted, when it is free to claim.
   */
  foldInto(groupKey: string, stops: number, busy?: Busy): Promise<boolean>;
  /** Gives back a diagnosis claim whose invocation failed, so that the retry is not folded. */
  releaseClaim(groupKey: string, owner: string): Promise<void>;
  /**
   * After the diagnosis, while its notice is sent: open a new notice window for the group and
   * its incident, ending `owner`'s claim and taking the `told` stops (those the notice
   * counts) off the group; stops counted since stay for the next notice. False when another
   * invocation opened the window for the same incident first (possible only once `owner`'s
   * claim had lapsed): the notice sent is then a repeat.
   */
  claimNotice(
    groupKey: string,
    incidentId: string,
    owner: string,
    now: Date,
    windowSeconds: number,
    told: number,
  ): Promise<boolean>;
  /**
   * A notice that could not be sent: kept on the group and its window withdrawn, so that the
   * group's next event (Lambda's retry of this one) claims the group and sends it.
   */
  keepUnsentNotice(groupKey: string, notice: UnsentNotice): Promise<void>;
  /** Forgets a group's notice window, so that its next stop is diagnosed and told afresh. */
  reopenGroup(groupKey: string): Promise<void>;
  /** True when auto-fix already applied its writes for the incident within the window. */
  fixedRecently(incidentId: string, now: Date, windowSeconds: number): Promise<boolean>;
  markFixed(incidentId: string, now: Date, windowSeconds: number): Promise<void>;
}

/** Auto-fixes waiting for their verdict: a task of the workload running (resolved), or failing again. */
export interface FixLedger {
  /**
   * Records an auto-fix whose effect is not known yet, for its workload (one per workload:
   * a later fix replaces it): open until a task of the workload runs (resolved) or fails
   * again with the same cause (the fix did not help), or `ttlSeconds` pass.
   */
  openFix(workloadKey: string, fix: OpenFix, now: Date, ttlSeconds: number): Promise<void>;
  /**
   * Takes the workload's open fix, atomically (of concurrent callers, one gets it), when it
   * was applied before `createdAfter` (a task created after the fix pulled with it in place)
   * and, when `cause` is given, was a fix for that cause. Cheap when there is none: one read.
   */
  takeOpenFix(
    workloadKey: string,
    now: Date,
    createdAfter: Date,
    cause?: string,
  ): Promise<OpenFix | undefined>;
}

/** An auto-fix waiting for its verdict: a task of the workload running, or failing again. */
export type OpenFix = Readonly<{
  incidentId: string;
  cause: string;
  /** When the fix was applied (ISO 8601). */
  fixedAt: string;
  clusterArn: string;
  clusterName: string;
  /** The workload (`service:NAME`). */
  workload: string;
  /** The root finding the fix answered (`missing-endpoint:ecr.dkr`). */
  root: string;
  /** What the fix changed, one line each. */
  changes: readonly string[];
}>;

/** A notice as SNS takes it. */
export type PendingNotice = Readonly<{
  subject: string;
  message: string;
  attributes: Readonly<Record<string, string>>;
  /** The notice for chat channels: a plain JSON message for the chat topic, when there is one. */
  chat?: string;
}>;

/** Where notifications go (SNS). */
export interface Notifier {
  publish(message: PendingNotice): Promise<string>;
}

/**
 * The incidents kept past ECS's hour (issue 21): each incident's event, snapshot and findings
 * for 30 days. One DynamoDB adapter (`src/aws/incident-history.ts`: the incident table, a
 * sparse index for the list) and one in memory (`src/sim/incident-history.ts`);
 * `test/support/history-contract.ts` holds both to the same semantics.
 */
export interface IncidentHistory {
  /**
   * Keeps the incident for `ttlSeconds` from `now`, unless it is kept already: the first
   * notice's evidence stays (false), so a repeat of the incident shows how it began.
   */
  keep(incident: KeptIncident, now: Date, ttlSeconds: number): Promise<boolean>;
  /** The incidents kept, newest first, a page at a time. An `after` that is not a page's `next` is an `InvalidInputError`. */
  list(query: HistoryQuery, now: Date): Promise<HistoryPage>;
  /** An incident kept and not expired, by its id; undefined when there is none. */
  get(incidentId: string, now: Date): Promise<KeptIncident | undefined>;
}
