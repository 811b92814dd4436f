import { groupRefId, type Write } from '../core/plan.js';
import type { LeaseStore } from '../core/ports.js';
import { RetryLaterError } from '../errors.js';

const LEASE_TTL_SECONDS = 60;

/** How an invocation takes leases. */
export type LeaseOptions = Readonly<{
  /** Who holds the leases: one id per invocation. */
  owner: string;
  now: () => Date;
  /** How long to wait for a lease another invocation holds, in all. */
  leaseWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
}>;

/** Runs `work` holding the lease on `key`, waiting (bounded) while another invocation holds it. */
export async function withLease<T>(
  leases: LeaseStore,
  options: LeaseOptions,
  key: string,
  work: () => Promise<T>,
): Promise<T> {
  const { owner, now } = options;
  const sleep = options.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms)));
  const deadline = Date.now() + (options.leaseWaitMs ?? 10_000);
  while (!(await leases.acquire(key, owner, LEASE_TTL_SECONDS, now()))) {
    if (Date.now() > deadline)
      throw new RetryLaterError(`another invocation is still changing ${key}; try again`);
    await sleep(25);
  }
  try {
    return await work();
  } finally {
    await leases.release(key, owner);
  }
}

/** What two invocations must not do at once: create the same thing. */
export function leaseKey(w: Write): string {
  switch (w.kind) {
    case 'create-endpoint-security-group':
      return `${w.vpcId}/endpoint-group`;
    case 'authorize-ingress-443':
    case 'authorize-egress-443':
      return `${groupRefId(w.group)}/${w.kind}`;
    case 'create-interface-endpoint':
      return `${w.vpcId}/${w.service}`;
    case 'create-s3-gateway-endpoint':
      return `${w.vpcId}/s3`;
    case 'add-route-tables-to-s3-gateway':
      return `${w.endpointId}/route-tables`;
  }
}
