import { IAMClient, ListAccountAliasesCommand, ListRoleTagsCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { type ClientOptions, type CredentialsProvider, clientConfig } from './clients.js';
import { call } from './errors.js';

/**
 * The calls the hub makes to reach a member account (`member-access.ts`): in a chunk of its
 * own, loaded on the first event of another account, so that a single account's Lambda never
 * loads STS or IAM at init.
 */

export type Credentials = Awaited<ReturnType<CredentialsProvider>> & Readonly<{ expiration: Date }>;

/** How long the hub asks a member role's credentials for: STS's default, every role's maximum at least. */
const SESSION_SECONDS = 3600;

/** The hub's STS client, in the hub's region: STS's regional endpoint there (never the global one). */
export function makeHubSts(options: ClientOptions): STSClient {
  return new STSClient({ ...clientConfig(options, 'sts'), useGlobalEndpoint: false });
}

/** `sts:AssumeRole` on the member role; its faults are our `AwsCallError`s (a refusal is `denied`). */
export async function assumeRole(sts: STSClient, roleArn: string, sessionName: string): Promise<Credentials> {
  const out = await call('sts:AssumeRole', () =>
    sts.send(
      new AssumeRoleCommand({
        RoleArn: roleArn,
        RoleSessionName: sessionName,
        DurationSeconds: SESSION_SECONDS,
      }),
    ),
  );
  const c = out.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey)
    throw new Error(`sts:AssumeRole answered no credentials for ${roleArn}`);
  return {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
    expiration: c.Expiration ?? new Date(Date.now() + SESSION_SECONDS * 1000),
  };
}

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
