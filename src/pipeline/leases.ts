import type { IncidentStore, LeaseStore, PendingNotice } from '../core/ports.js';

/** Leases held in memory: for the CLI, the demo and the tests (the Lambda uses the DynamoDB store). */
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

/** The incident store in memory: the same semantics as the DynamoDB one, for the CLI, the demo and the tests. */
export class InMemoryIncidentStore extends InMemoryLeaseStore implements IncidentStore {
  readonly #deliveries = new Map<string, number>();
  readonly #groups = new Map<string, { incidentId: string; lastNoticeAt: number; folded: number }>();
  readonly #fixed = new Map<string, number>();

  async claimDelivery(key: string, now: Date, ttlSeconds: number): Promise<boolean> {
    await Promise.resolve();
    const expiresAt = this.#deliveries.get(key);
    if (expiresAt !== undefined && expiresAt > now.getTime()) return false;
    this.#deliveries.set(key, now.getTime() + ttlSeconds * 1000);
    return true;
  }

  async releaseDelivery(key: string): Promise<void> {
    await Promise.resolve();
    this.#deliveries.delete(key);
  }

  async foldIfRecent(groupKey: string, now: Date, windowSeconds: number): Promise<boolean> {
    await Promise.resolve();
    const g = this.#groups.get(groupKey);
    if (!g || g.lastNoticeAt <= now.getTime() - windowSeconds * 1000) return false;
    g.folded++;
    return true;
  }

  async claimNotice(
    groupKey: string,
    incidentId: string,
    now: Date,
    windowSeconds: number,
  ): Promise<{ notify: boolean; folded: number }> {
    await Promise.resolve();
    const g = this.#groups.get(groupKey);
    if (g && g.incidentId === incidentId && g.lastNoticeAt > now.getTime() - windowSeconds * 1000) {
      g.folded++;
      return { notify: false, folded: 0 };
    }
    const folded = g && g.incidentId === incidentId ? g.folded : 0;
    this.#groups.set(groupKey, { incidentId, lastNoticeAt: now.getTime(), folded: 0 });
    return { notify: true, folded };
  }

  readonly #pending = new Map<string, PendingNotice>();

  async savePendingNotice(deliveryKey: string, notice: PendingNotice): Promise<void> {
    await Promise.resolve();
    this.#pending.set(deliveryKey, notice);
  }

  async pendingNotice(deliveryKey: string): Promise<PendingNotice | undefined> {
    await Promise.resolve();
    return this.#pending.get(deliveryKey);
  }

  async clearPendingNotice(deliveryKey: string): Promise<void> {
    await Promise.resolve();
    this.#pending.delete(deliveryKey);
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
}
