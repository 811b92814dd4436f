import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { type ClientOptions, type CredentialsProvider, clientConfig } from './clients.js';
import { call } from './errors.js';

/** A role's temporary credentials, with when they expire. */
export type RoleCredentials = Awaited<ReturnType<CredentialsProvider>> & Readonly<{ expiration: Date }>;

/** `sts:AssumeRole` on a role: its credentials, or an `AwsCallError` (a refusal is `denied`). */
export type AssumeRole = (roleArn: string) => Promise<RoleCredentials>;

/** How long a role's credentials are asked for (the CLI's and the hub's): STS's default, within every role's maximum. */
const SESSION_SECONDS = 3600;

/** Credentials are asked for again this long before they expire (a scan of a large account can outlast them). */
const REFRESH_BEFORE_MS = 5 * 60_000;

/** An STS client at STS's regional endpoint in the options' region (never the global one, which a region's outage or a disabled global endpoint would break). */
export function makeRegionalSts(options: ClientOptions): STSClient {
  return new STSClient({ ...clientConfig(options, 'sts'), useGlobalEndpoint: false });
}

/** `sts:AssumeRole` on a role, once: its credentials, or an `AwsCallError` (a refusal is `denied`). */
export async function assumeRoleWith(
  sts: STSClient,
  roleArn: string,
  sessionName: string,
): Promise<RoleCredentials> {
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

/**
 * The CLI's `sts:AssumeRole`, with the caller's own credentials, at STS's regional endpoint in
 * the region read. `sessionName` shows in the member account's CloudTrail: `ecs-pullfix-scan`.
 */
export function stsAssumeRole(options: ClientOptions, sessionName: string): AssumeRole {
  const sts = makeRegionalSts(options);
  return (roleArn) => assumeRoleWith(sts, roleArn, sessionName);
}

/**
 * The clients' credentials for a role assumed once already (`first`): those, until shortly
 * before they expire, then assumed again (one call however many clients ask at once; a failed
 * one is tried again at the next ask).
 */
export function renewing(
  first: RoleCredentials,
  again: () => Promise<RoleCredentials>,
  now: () => number = Date.now,
): CredentialsProvider {
  let current: Promise<RoleCredentials> = Promise.resolve(first);
  let expiresMs = first.expiration.getTime();
  return async () => {
    if (now() >= expiresMs - REFRESH_BEFORE_MS) {
      expiresMs = Number.POSITIVE_INFINITY;
      current = again().then(
        (c) => {
          expiresMs = c.expiration.getTime();
          return c;
        },
        (e: unknown) => {
          expiresMs = 0; // the next ask tries again
          throw e;
        },
      );
    }
    return current;
  };
}
