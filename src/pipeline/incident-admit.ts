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
 * the group's claim, the delivery's and the workload's open fix at once. A batch's stops of
 * one group first try to fold in one write (a storm's later batches stop there). A
 * duplicate delivery is turned away; a stop of a busy group is folded; a task created
 * after an auto-fix of its workload that failed with the same cause reopens the group,
 * so that the fix that did not help is told.
 */
export async function admit(stop: Stop, store: IncidentStore): Promise<Admitted> {
  const { group, owner, stops, classification } = stop;
  const { windowSeconds } = stop.options;
  const folded: Handled = { classification, kind: 'folded', stops };
  if (stops > 1 && (await store.foldInto(group, stops, { owner, now: stop.now(), windowSeconds })))
    return { handled: folded };
  const single = stops === 1;
  const settled = await Promise.allSettled([
    single ? store.claimDelivery(stop.delivery, stop.now(), stop.claimSeconds) : Promise.resolve(false),
    takePriorFix(stop, store),
    store.claimGroup(group, owner, stop.now(), windowSeconds, stop.claimSeconds, stops - 1),
  ]);
  const [delivery, fix, claim] = settled.map((r) => (r.status === 'fulfilled' ? r.value : undefined)) as [
    boolean | undefined,
    OpenFix | undefined,
    GroupClaim | undefined,
  ];
  const failed = settled.find((r) => r.status === 'rejected');
  if (failed || (single && !delivery)) {
    // A failure, or a duplicate: give back whatever this round took, then say so.
    await giveBack(stop, store, fix, { claimed: claim?.claimed === true, delivery: delivery === true });
    if (failed) throw failed.reason;
    return { handled: { classification, kind: 'duplicate' } };
  }
  if (claim?.claimed) return { claim, priorFix: fix, delivery: single };
  if (fix) {
    // The fix did not help: its notice's window must not fold this failure.
    await store.reopenGroup(group);
    const again = await store.claimGroup(
      group,
      owner,
      stop.now(),
      windowSeconds,
      stop.claimSeconds,
      stops - 1,
    );
    if (again.claimed) return { claim: again, priorFix: fix, delivery: single };
    await store.openFix(stop.workload, fix, stop.now(), OPEN_FIX_SECONDS);
  }
  await store.foldInto(group, stops);
  return { handled: await done(stop, store, folded, single) };
}

/** The workload's open fix, when this task was created after it and failed with the same cause. */
export async function takePriorFix(stop: Stop, ledger: FixLedger): Promise<OpenFix | undefined> {
  const { task } = stop;
  return task.serviceName && task.createdAt && !Number.isNaN(Date.parse(task.createdAt))
    ? await ledger.takeOpenFix(stop.workload, stop.now(), new Date(task.createdAt), stop.classification.cause)
    : undefined;
}
