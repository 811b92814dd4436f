import type { ReadPorts } from '../core/ports.js';
import { AwsCallError } from '../errors.js';
import { eachAtOnce } from './bounded.js';
import { failedRead } from './failures.js';
import { type ScanResult, scan } from './scan.js';

/**
 * Accounts scanned at once by default. Each account has its own throttles (ECS's and EC2's
 * token buckets are per account and Region), so accounts scanned side by side do not take
 * from one another's; each runs its services `SCAN_CONCURRENCY` at a time, as a lone scan
 * does. What they share is the caller's: its `sts:AssumeRole` calls, which STS counts against
 * the caller's account and throttles ("Rate exceeded") when a burst is large
 * (https://repost.aws/knowledge-center/iam-sts-throttling-error) — one per account here, at
 * most 8 in flight, a handful a second — and its own machine: 8 accounts × 4 services is about 32
 * checks in flight, a few dozen connections, well within one process. More would mostly
 * raise peak memory (each account's shared reads are kept until its scan ends).
 */
export const ACCOUNT_CONCURRENCY = 8;

/** An account's ports, or why there are none: its role could not be assumed. */
export type AccountPorts =
  | Readonly<{ kind: 'ports'; ports: ReadPorts }>
  | Readonly<{ kind: 'refused'; roleArn: string; code: string }>;

/**
 * How a scan reaches each account: the caller's own ports for its own account, a member
 * role's (assumed once) for any other. A role that cannot be assumed is `refused`, not thrown.
 */
export type AccountAccess = (account: string) => Promise<AccountPorts>;

/** One account's scan, or why it was not checked. */
export type AccountScan =
  | Readonly<{ account: string; result: ScanResult }>
  | Readonly<{ account: string; notChecked: Readonly<{ roleArn: string; code: string }> }>;

export type AccountsProgress = Readonly<{
  /** Accounts whose scan has ended (checked or not). */
  done: number;
  total: number;
  /** Services checked so far, in every account. */
  services: number;
}>;

export type AccountsOptions = Readonly<{
  /** Accounts scanned at once (default {@link ACCOUNT_CONCURRENCY}). */
  concurrency?: number;
  onProgress?: (p: AccountsProgress) => void;
}>;

/**
 * `scan` in each account (the clusters named, else every cluster of the region), through
 * {@link AccountAccess}: one assumption per account, reads shared within each account as in
 * a lone scan (never across: two accounts' ids name different things). An account whose role
 * cannot be assumed is `notChecked`; one whose clusters cannot be listed, or that lacks a
 * cluster named, has it as an `unread` row (its other clusters still scanned); the other
 * accounts stand. Results in the order
 * the accounts were given.
 */
export async function scanAccounts(
  accounts: readonly string[],
  clusters: readonly string[] | undefined,
  region: string,
  access: AccountAccess,
  options: AccountsOptions = {},
): Promise<AccountScan[]> {
  const results: AccountScan[] = new Array(accounts.length);
  let done = 0;
  const checked = new Map<string, number>();
  const progress = () =>
    options.onProgress?.({
      done,
      total: accounts.length,
      services: [...checked.values()].reduce((a, b) => a + b, 0),
    });
  const indices = accounts.map((_, i) => i);
  await eachAtOnce(indices, Math.max(1, options.concurrency ?? ACCOUNT_CONCURRENCY), async (i) => {
    const account = accounts[i] as string;
    const reached = await access(account);
    results[i] =
      reached.kind === 'refused'
        ? { account, notChecked: { roleArn: reached.roleArn, code: reached.code } }
        : {
            account,
            result: await accountScan(clusters, region, reached.ports, (services) => {
              checked.set(account, services);
              progress();
            }),
          };
    done++;
    progress();
  });
  return results;
}

/** One account's scan; its clusters not listed (`ListClusters` failing) is its `unread` row, as a cluster named it lacks is. */
async function accountScan(
  clusters: readonly string[] | undefined,
  region: string,
  ports: ReadPorts,
  onChecked: (services: number) => void,
): Promise<ScanResult> {
  try {
    return await scan(clusters, region, ports, {
      onProgress: ({ done }) => onChecked(done),
      unknownClusterUnread: true,
    });
  } catch (e) {
    if (e instanceof AwsCallError)
      return { services: [], unread: [{ cluster: '*', why: failedRead('ecs:ListClusters', e) }] };
    throw e;
  }
}
