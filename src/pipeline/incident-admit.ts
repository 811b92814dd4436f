import type { FixLedger, GroupClaim, IncidentStore, OpenFix } from '../core/ports.js';
import { type Handled, OPEN_FIX_SECONDS, type Stop } from './incident-steps.js';
import { done, giveBack } from './incident-tell.js';

/** What admission decided: turned away (`handled`), or the diagnosis is this invocation's. */
export type Admitted = Readonly<
  | { handled: Handled }
  | { claim: GroupClaim & { claimed: true }; priorFix: OpenFix | undefined; delivery: boolean }
>;

/**
 * Admit, before any AWS read, in one round of the store (the floor: README, "Performance"):
 * the group's claim, the delivery's and the workload's open fix at once. Stops of a group
 * likely busy — a batch's several, or one of a group this execution environment saw busy —
 * first try to fold in one write, beside the open fix's read (a storm's later batches stop
 * there). A duplicate delivery is turned away; a stop of a busy group is folded; a task
 * created after an auto-fix of its workload that failed with the same cause reopens the
 * group, so that the fix that did not help is told.
 */
export async function admit(stop: Stop, store: IncidentStore, foldFirst: boolean): Promise<Admitted> {
  const { group, owner, stops, classification, now } = stop;
  const { windowSeconds } = stop.options;
  const folded: Handled = { classification, kind: 'folded', stops };
  let fix: OpenFix | undefined;
  if (foldFirst) {
    const [busy, taken] = await settled([
      store.foldInto(group, stops, { owner, now: now(), windowSeconds }),
      takePriorFix(stop, store),
    ] as const);
    if (busy.failed || taken.failed) {
      await giveBack(stop, store, taken.value, { claimed: false, delivery: false });
      throw busy.failed ? busy.reason : taken.reason;
    }
    if (busy.value && !taken.value) return { handled: folded };
    fix = taken.value;
  }
  const [delivery, found, claim] = await settled([
    stop.logged ? store.claimDelivery(stop.delivery, now(), stop.claimSeconds) : Promise.resolve(true),
    foldFirst ? Promise.resolve(fix) : takePriorFix(stop, store),
    store.claimGroup(group, owner, now(), windowSeconds, stop.claimSeconds, stops - 1),
  ] as const);
  const claimed = claim.value?.claimed === true;
  if (delivery.failed || found.failed || claim.failed || !delivery.value) {
    // A failure, or a duplicate: give back whatever this round took, then say so.
    await giveBack(stop, store, found.value, { claimed, delivery: stop.logged && delivery.value === true });
    const failure = [delivery, found, claim].find((r) => r.failed);
    if (failure) throw failure.reason;
    return { handled: { classification, kind: 'duplicate' } };
  }
  if (claim.value?.claimed) return { claim: claim.value, priorFix: found.value, delivery: stop.logged };
  if (found.value) {
    // The fix did not help: its notice's window must not fold this failure.
    await store.reopenGroup(group);
    const again = await store.claimGroup(group, owner, now(), windowSeconds, stop.claimSeconds, stops - 1);
    if (again.claimed) return { claim: again, priorFix: found.value, delivery: stop.logged };
    await store.openFix(stop.workload, found.value, now(), OPEN_FIX_SECONDS);
  }
  await store.foldInto(group, stops);
  return { handled: await done(stop, store, folded, stop.logged) };
}

/** A call of a round: its value, or why it failed. */
type Settled<T> =
  | { failed: false; value: T; reason?: undefined }
  | { failed: true; value?: undefined; reason: unknown };

/** Store calls made at once, as one round: each one's value or failure, all of them settled. */
async function settled<T extends readonly unknown[]>(
  calls: {
    readonly [K in keyof T]: Promise<T[K]>;
  },
): Promise<{ [K in keyof T]: Settled<T[K]> }> {
  const results = await Promise.allSettled(calls);
  return results.map((r) =>
    r.status === 'fulfilled' ? { failed: false, value: r.value } : { failed: true, reason: r.reason },
  ) as { [K in keyof T]: Settled<T[K]> };
}

/** The workload's open fix, when this task was created after it and failed with the same cause. */
export async function takePriorFix(stop: Stop, ledger: FixLedger): Promise<OpenFix | undefined> {
  const { task } = stop;
  return task.serviceName && task.createdAt && !Number.isNaN(Date.parse(task.createdAt))
    ? await ledger.takeOpenFix(stop.workload, stop.now(), new Date(task.createdAt), stop.classification.cause)
    : undefined;
}
