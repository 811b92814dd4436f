import type { Writable } from 'node:stream';
import { oneLine } from '../core/present/index.js';
import { InvalidInputError } from '../errors.js';
import { type AccountAccess, type AccountScan, scanAccounts } from '../pipeline/scan-accounts.js';
import { preflightDocument, SOME_NOT_READ, WOULD_FAIL } from './check-command.js';
import { notReadCounts, scanRows, tableLines } from './scan-table.js';

/** The member role's name before its region: the role is `ecs-pullfix-member-<region>` (docs/organization.md). */
export const DEFAULT_ROLE_NAME = 'ecs-pullfix-member';

/** IAM's characters for a role name (https://docs.aws.amazon.com/IAM/latest/APIReference/API_Role.html). */
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

/**
 * `--accounts 111122223333,444455556666`: the account ids, each 12 digits, in the order
 * given, each once. Anything else is bad input (exit 252).
 */
export function parseAccounts(text: string): string[] {
  const ids = text.split(',').map((s) => s.trim());
  const bad = ids.filter((id) => !/^\d{12}$/.test(id));
  if (ids.length === 0 || bad.length > 0)
    throw new InvalidInputError(
      `--accounts ${JSON.stringify(oneLine(text, 120))}: ${bad.length > 0 ? bad.map((b) => JSON.stringify(oneLine(b, 40))).join(', ') : 'nothing'} ${bad.length === 1 ? 'is not an account id' : 'are not account ids'} (12 digits each, separated by commas)`,
    );
  return [...new Set(ids)];
}

/** A role name IAM could hold, or bad input (exit 252), said before any call. */
export function checkRoleName(name: string): void {
  if (!ROLE_NAME.test(name))
    throw new InvalidInputError(
      `--role-name ${JSON.stringify(oneLine(name, 80))} is not an IAM role name (letters, digits and +=,.@_- only, at most 64)`,
    );
}

/**
 * The member role's name in `region`: `NAME-<region>` (each region has its own role, as the
 * member StackSet creates them), `NAME` itself when it already ends with `-<region>`.
 */
export function memberRoleName(name: string, region: string): string {
  checkRoleName(name);
  const full = name.endsWith(`-${region}`) ? name : `${name}-${region}`;
  if (full.length > 64)
    throw new InvalidInputError(
      `--role-name ${name}: with its region, ${full} is longer than IAM's 64 characters`,
    );
  return full;
}

type Out = Writable & { isTTY?: boolean };

/**
 * `scan --accounts`/`--organization` on any access (AWS's member roles, or the simulated
 * organization): a progress line on a terminal (stderr), then one table with an account
 * column, or one JSON document with `--json`. Exits as `scan` does: 2 when a service would
 * fail to start, else 1 when an account, cluster or service was not checked or not read, else 0.
 */
export async function scanAccountsOn(
  flags: Readonly<{ cluster?: readonly string[]; json: boolean }>,
  accounts: readonly string[],
  region: string,
  access: AccountAccess,
  out: Writable,
  err: Out,
): Promise<number> {
  const bar = err.isTTY === true;
  const width = 30;
  const results = await scanAccounts(
    accounts,
    flags.cluster?.length ? flags.cluster : undefined,
    region,
    access,
    {
      onProgress: ({ done, total, services }) => {
        if (!bar) return;
        const filled = Math.round((done / total) * width);
        err.write(
          `\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total} accounts, ${services} services checked`,
        );
      },
    },
  );
  if (bar) err.write('\n');
  const failing = results.reduce(
    (n, r) => n + ('result' in r ? r.result.services.filter((s) => s.wouldFail).length : 0),
    0,
  );
  const incomplete = results.some((r) => !('result' in r) || r.result.unread.length > 0);
  out.write(
    flags.json
      ? `${JSON.stringify(accountsDocument(results, region))}\n`
      : `${renderAccountsScan(results)}\n`,
  );
  return failing > 0 ? WOULD_FAIL : incomplete ? SOME_NOT_READ : 0;
}

/** The reason an account was not checked, as its row says it. */
const cannotAssume = (n: Readonly<{ roleArn: string; code: string }>) =>
  `cannot assume ${n.roleArn} (${n.code})`;

/** The accounts' table: `scan`'s, an account column first; an account not checked is one row saying why. */
export function renderAccountsScan(results: readonly AccountScan[]): string {
  const rows = results.flatMap((r) =>
    'result' in r
      ? scanRows(r.result).map((row) => [r.account, ...row])
      : [[r.account, '*', 'not checked', cannotAssume(r.notChecked)]],
  );
  const checked = results.flatMap((r) => ('result' in r ? [r.result] : []));
  const services = checked.flatMap((r) => r.services);
  const failing = services.filter((s) => s.wouldFail).length;
  const notRead = notReadCounts(checked.flatMap((r) => r.unread));
  const notChecked = results.length - checked.length;
  return [
    ...tableLines(['account', 'service', 'verdict', 'findings'], rows),
    '',
    `${checked.length} of ${results.length} accounts checked, ${services.length} services: ${failing} would fail to start${failing > 0 ? ' (ecs-pullfix check --cluster C --service S, in that account, shows why)' : ''}.`,
    ...(notChecked > 0
      ? [`Not checked: ${notChecked} account${notChecked === 1 ? '' : 's'} (the rows say why).`]
      : []),
    ...(notRead.length > 0 ? [`Not read: ${notRead.join(' and ')} (the rows say why).`] : []),
  ].join('\n');
}

/** `--json`: `scan --json`'s document, with the account on each row, and each account's status. */
function accountsDocument(results: readonly AccountScan[], region: string): Record<string, unknown> {
  const checked = results.flatMap((r) => ('result' in r ? [{ account: r.account, ...r.result }] : []));
  const services = checked.flatMap((r) =>
    r.services.map((s) => ({ account: r.account, region, ...preflightDocument(s) })),
  );
  return {
    accounts: results.map((r) =>
      'result' in r
        ? { account: r.account, checked: true }
        : {
            account: r.account,
            checked: false,
            roleArn: r.notChecked.roleArn,
            why: cannotAssume(r.notChecked),
          },
    ),
    services,
    wouldFail: checked.reduce((n, r) => n + r.services.filter((s) => s.wouldFail).length, 0),
    checked: services.length,
    unread: checked.flatMap((r) => r.unread.map((u) => ({ account: r.account, ...u }))),
  };
}
