import type { LeaseStore } from '../core/ports.js';

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
