import { IAMClient, ListAccountAliasesCommand, ListRoleTagsCommand } from '@aws-sdk/client-iam';
import { assumeRoleWith, makeRegionalSts, type RoleCredentials } from './assume-role.js';
import { type ClientOptions, clientConfig } from './clients.js';
import { call } from './errors.js';

/**
 * The calls the hub makes to reach a member account (`member-access.ts`): in a chunk of its
 * own, loaded on the first event of another account, so that a single account's Lambda never
 * loads STS or IAM at init.
 */

export type Credentials = RoleCredentials;

/** The hub's STS client, in the hub's region, and its `sts:AssumeRole` on a member role: the CLI's own (`assume-role.ts`). */
export { assumeRoleWith as assumeRole, makeRegionalSts as makeHubSts };

/** An IAM client signing with the member role's credentials. */
export function makeMemberIam(options: ClientOptions, credentials: Credentials): IAMClient {
  return new IAMClient(clientConfig({ ...options, credentials: async () => credentials }, 'iam'));
}

/** The member role's tags (its own `iam:ListRoleTags`): the account's policy. */
export async function roleTags(iam: IAMClient, roleName: string): Promise<Record<string, string>> {
  const tags: Record<string, string> = {};
  let marker: string | undefined;
  do {
    const out = await call('iam:ListRoleTags', () =>
      iam.send(new ListRoleTagsCommand({ RoleName: roleName, ...(marker ? { Marker: marker } : {}) })),
    );
    for (const t of out.Tags ?? []) if (t.Key !== undefined) tags[t.Key] = t.Value ?? '';
    marker = out.IsTruncated ? out.Marker : undefined;
  } while (marker);
  return tags;
}

/** The account's alias (an account has one at most), if it has one. */
export async function accountAlias(iam: IAMClient): Promise<string | undefined> {
  const out = await call('iam:ListAccountAliases', () => iam.send(new ListAccountAliasesCommand({})));
  return out.AccountAliases?.[0];
}
