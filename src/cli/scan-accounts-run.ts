import type { Writable } from 'node:stream';
import { renewing, stsAssumeRole } from '../aws/assume-role.js';
import type { ClientOptions } from '../aws/clients.js';
import type { Env } from '../aws/environment.js';
import { activeAccounts } from '../aws/organizations.js';
import { awsPorts } from '../aws/ports.js';
import type { Settings } from '../config.js';
import { type AwsFlags, awsContext } from './aws-context.js';
import { memberAccess } from './member-access.js';
import {
  checkRoleName,
  DEFAULT_ROLE_NAME,
  memberRoleName,
  parseAccounts,
  scanAccountsOn,
} from './scan-accounts.js';

/** `scan`'s flags across accounts: the ids, or the whole organisation, and the role to assume in each. */
export type AccountsFlags = AwsFlags &
  Readonly<{
    cluster?: string[];
    json: boolean;
    accounts?: string;
    organization?: boolean;
    roleName?: string;
  }>;

/** The session name the member accounts' CloudTrail shows for the CLI's scan. */
const SESSION_NAME = 'ecs-pullfix-scan';

/**
 * `ecs-pullfix scan --accounts A,B` or `--organization`: `scan` in each account of the
 * region, through its member role (`--role-name`, else `ecs-pullfix-member`, with the region
 * added), the caller's own account with its own credentials. The account ids are checked
 * before anything is read (a bad one is exit 252), and the role's name.
 */
export async function runScanAccounts(
  flags: AccountsFlags,
  env: Env,
  settings: Settings,
  out: Writable,
  err: Writable & { isTTY?: boolean },
): Promise<number> {
  const given = flags.accounts === undefined ? undefined : parseAccounts(flags.accounts);
  checkRoleName(flags.roleName ?? DEFAULT_ROLE_NAME);
  const context = await awsContext(env, settings, flags, err);
  const { region, profile, endpoints } = context.environment;
  const roleName = memberRoleName(flags.roleName ?? DEFAULT_ROLE_NAME, region);
  const options: ClientOptions = { region, ...(profile ? { profile } : {}), endpoints };
  const accounts = given ?? (await activeAccounts(options));
  const access = memberAccess({
    caller: await context.account(),
    region,
    roleName,
    assume: stsAssumeRole(options, SESSION_NAME),
    renew: renewing,
    // A member's clients sign with its role's credentials only (never the profile's).
    portsWith: (credentials) => (credentials ? awsPorts({ region, endpoints, credentials }) : context.ports),
  });
  return scanAccountsOn(flags, accounts, region, access, out, err);
}
