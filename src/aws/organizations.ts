import { type Account, ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { AwsCallError } from '../errors.js';
import { type ClientOptions, clientConfig } from './clients.js';
import { call } from './errors.js';

/** What to do when `ListAccounts` is refused: said with the refusal. */
const FROM_WHERE =
  '--organization lists the accounts from the management account or a delegated administrator of AWS Organizations (credentials allowed organizations:ListAccounts); elsewhere, name the accounts: --accounts 111122223333,444455556666';

/**
 * The organisation's ACTIVE accounts, in its order (`organizations:ListAccounts`, every page):
 * a closed, suspended or pending account has no role to assume. `State` is the field AWS keeps
 * (`Status` is deprecated, read when `State` is absent). A refusal — credentials not of the
 * management account or a delegated administrator, no organisation — is an `AwsCallError`
 * naming `organizations:ListAccounts` and saying where to run from.
 */
export async function activeAccounts(options: ClientOptions): Promise<string[]> {
  // No endpoint of ours: Organizations is global, and the SDK resolves AWS_ENDPOINT_URL(_ORGANIZATIONS)
  // and the profile's endpoint_url itself.
  const client = new OrganizationsClient(clientConfig({ ...options, endpoints: {} }, 'sts'));
  const ids: string[] = [];
  try {
    let token: string | undefined;
    do {
      const page = await call('organizations:ListAccounts', () =>
        client.send(new ListAccountsCommand({ ...(token ? { NextToken: token } : {}) })),
      );
      ids.push(...(page.Accounts ?? []).filter(isActive).flatMap((a) => (a.Id ? [a.Id] : [])));
      token = page.NextToken;
    } while (token);
  } catch (e) {
    if (e instanceof AwsCallError && (e.kind === 'denied' || /NotInUse/.test(e.code)))
      throw new AwsCallError(e.operation, e.code, e.kind, `refused: ${FROM_WHERE}`, { cause: e });
    throw e;
  } finally {
    client.destroy();
  }
  return ids;
}

function isActive(a: Account): boolean {
  return (a.State ?? a.Status) === 'ACTIVE';
}
