import type { Busy, GroupClaim, IncidentStore, LeaseStore, OpenFix, UnsentNotice } from '../core/ports.js';

/**
 * The incident store in memory, for one process: the CLI run without a table (`replay`,
 * `diagnose`), the demo, the simulated Lambda and the tests. The Lambda uses the DynamoDB
 * store (`src/aws/incident-store.ts`); `test/support/store-contract.ts` holds both to the
 * same semantics. Times are kept in milliseconds (DynamoDB's in epoch seconds), and nothing
 * expires on its own: every read compares the times, as the DynamoDB conditions do.
 */

/** Leases held in memory (the executor's, where no incident store is needed: the demo, the tests). */
export class InMemoryLeaseStore implements LeaseStore {
  readonly #leases = new Map<string, { owner: string; expiresAt: number }>();

  async acquire(key: string, owner: string, ttlSeconds: number, now: Date): Promise<boolean> {
    await Promise.resolve();
    const held = this.#leases.get(key);
    if (held && held.owner !== owner && held.expiresAt > now.getTime()) return false;
    this.#leases.set(key, { owner, expiresAt: now.getTime() + ttlSeconds * 1000 });
    return true;
  }

  async release(key: string, owner: string): Promise<void> {
    await Promise.resolve();
    if (this.#leases.get(key)?.owner === owner) this.#leases.delete(key);
  }
}

/** The delivery log, incident windows, fix ledger and leases in memory: the same semantics as the DynamoDB store. */
export class InMemoryIncidentStore extends InMemoryLeaseStore implements IncidentStore {
  readonly #deliveries = new Map<string, number>();
  readonly #groups = new Map<string, Group>();
  readonly #fixed = new Map<string, number>();

  async claimDelivery(key: string, now: Date, ttlSeconds: number): Promise<boolean> {
    await Promise.resolve();
    const expiresAt = this.#deliveries.get(key);
    if (expiresAt !== undefined && expiresAt > now.getTime()) return false;
    this.#deliveries.set(key, now.getTime() + ttlSeconds * 1000);
    return true;
  }

  async completeDelivery(key: string, now: Date, ttlSeconds: number): Promise<void> {
    await Promise.resolve();
    this.#deliveries.set(key, now.getTime() + ttlSeconds * 1000);
  }

  async releaseDelivery(key: string): Promise<void> {
    await Promise.resolve();
    this.#deliveries.delete(key);
  }

  async claimGroup(
    groupKey: string,
    owner: string,
    now: Date,
    windowSeconds: number,
    claimSeconds: number,
    others = 0,
  ): Promise<GroupClaim> {
    await Promise.resolve();
    const g = this.#groups.get(groupKey);
    if (g && busy(g, { owner, now, windowSeconds })) return { claimed: false };
    const before = { ...(g ?? { folded: 0 }) };
    this.#groups.set(groupKey, {
      ...before,
      folded: before.folded + others,
      claim: { owner, until: now.getTime() + claimSeconds * 1000 },
    });
    return {
      claimed: true,
      folded: before.folded,
      ...(before.incidentId === undefined ? {} : { incidentId: before.incidentId }),
      ...(before.unsent ? { unsent: before.unsent } : {}),
    };
  }

  async foldInto(groupKey: string, stops: number, when?: Busy): Promise<boolean> {
    await Promise.resolve();
    const g = this.#groups.get(groupKey);
    if (when && !(g && busy(g, when))) return false;
    if (g) g.folded += stops;
    else this.#groups.set(groupKey, { folded: stops });
    return true;
  }

  async releaseClaim(groupKey: string, owner: string): Promise<void> {
    await Promise.resolve();
    const g = this.#groups.get(groupKey);
    if (g?.claim?.owner === owner) delete g.claim;
  }

  async claimNotice(
    groupKey: string,
    incidentId: string,
    owner: string,
    now: Date,
    windowSeconds: number,
    told: number,
  ): Promise<boolean> {
    await Promise.resolve();
    const g = this.#groups.get(groupKey);
    const held = g?.claim?.owner === owner;
    const toldAlready =
      g?.lastNoticeAt !== undefined &&
      g.incidentId === incidentId &&
      g.lastNoticeAt > now.getTime() - windowSeconds * 1000;
    if (g && !held && toldAlready) return false;
    this.#groups.set(groupKey, { incidentId, lastNoticeAt: now.getTime(), folded: (g?.folded ?? 0) - told });
    return true;
  }

  async keepUnsentNotice(groupKey: string, notice: UnsentNotice): Promise<void> {
    await Promise.resolve();
    const g = this.#groups.get(groupKey) ?? { folded: 0 };
    delete g.lastNoticeAt;
    this.#groups.set(groupKey, { ...g, unsent: notice });
  }

  async fixedRecently(incidentId: string, now: Date, windowSeconds: number): Promise<boolean> {
    await Promise.resolve();
    const at = this.#fixed.get(incidentId);
    return at !== undefined && at > now.getTime() - windowSeconds * 1000;
  }

  async markFixed(incidentId: string, now: Date): Promise<void> {
    await Promise.resolve();
    this.#fixed.set(incidentId, now.getTime());
  }

  readonly #openFixes = new Map<string, { fix: OpenFix; expiresAt: number }>();

  async openFix(workloadKey: string, fix: OpenFix, now: Date, ttlSeconds: number): Promise<void> {
    await Promise.resolve();
    this.#openFixes.set(workloadKey, { fix, expiresAt: now.getTime() + ttlSeconds * 1000 });
  }

  async takeOpenFix(
    workloadKey: string,
    now: Date,
    createdAfter: Date,
    cause?: string,
  ): Promise<OpenFix | undefined> {
    await Promise.resolve();
    const open = this.#openFixes.get(workloadKey);
    if (
      !open ||
      open.expiresAt <= now.getTime() ||
      Date.parse(open.fix.fixedAt) > createdAfter.getTime() ||
      (cause !== undefined && open.fix.cause !== cause)
    )
      return undefined;
    this.#openFixes.delete(workloadKey);
    return open.fix;
  }

  async reopenGroup(groupKey: string): Promise<void> {
    await Promise.resolve();
    this.#groups.delete(groupKey);
  }
}

type Group = {
  incidentId?: string;
  lastNoticeAt?: number;
  folded: number;
  claim?: { owner: string; until: number };
  unsent?: UnsentNotice;
};

/** Told within the window, or claimed by another than `owner` (the DynamoDB store's condition). */
function busy(g: Group, { owner, now, windowSeconds }: Busy): boolean {
  const t = now.getTime();
  const told = g.lastNoticeAt !== undefined && g.lastNoticeAt > t - windowSeconds * 1000;
  const claimed = g.claim !== undefined && g.claim.owner !== owner && g.claim.until > t;
  return told || claimed;
}
