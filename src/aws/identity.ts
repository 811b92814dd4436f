import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ConfigError } from '../errors.js';
import { type ClientOptions, clientConfig } from './clients.js';
import { call } from './errors.js';

/**
 * STS, for the CLI only (who the credentials are). Not in clients.ts: a static import there
 * would put STS in the Lambda's init, which loads it only for a member account's first event.
 */
export function makeStsClient(options: ClientOptions = {}): STSClient {
  return new STSClient(clientConfig(options, 'sts'));
}

/** What to set when no credentials are found: one line, as the AWS CLI's users know them. */
export const NO_CREDENTIALS =
  'no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE (or --profile) to a profile with credentials (aws configure / aws sso login)';

/**
 * Resolves the credentials the clients will sign with (the SDK's default chain, or the
 * profile's), without calling AWS: no credentials is a configuration error (exit 253), said
 * before any call rather than as "an AWS call failed".
 */
export async function assertCredentials(options: ClientOptions): Promise<void> {
  const sts = makeStsClient(options);
  try {
    await sts.config.credentials();
  } catch (e) {
    const why = e instanceof Error && e.message ? ` (${e.message.split('\n')[0]})` : '';
    throw new ConfigError(`${NO_CREDENTIALS}${why}`, { cause: e });
  } finally {
    sts.destroy();
  }
}

/** The account the credentials belong to (`sts:GetCallerIdentity`, which no policy can deny). */
export async function callerAccount(options: ClientOptions): Promise<string> {
  const sts = makeStsClient(options);
  try {
    const out = await call('sts:GetCallerIdentity', () => sts.send(new GetCallerIdentityCommand({})));
    return out.Account ?? '';
  } finally {
    sts.destroy();
  }
}

/** The credentials' account against an event's: the same, another one (which), or not known (why). */
export type AccountMatch =
  | Readonly<{ kind: 'same' }>
  | Readonly<{ kind: 'other'; callerAccount: string }>
  | Readonly<{ kind: 'unknown'; reason: string }>;

/**
 * Compares an event's account with the credentials' (`caller`, e.g. {@link callerAccount}).
 * Never throws: a failing `GetCallerIdentity` (throttled, an endpoint without STS) is
 * `unknown`, with the reason, so that the command can say so and go on.
 */
export async function matchAccount(
  eventAccount: string,
  caller: () => Promise<string>,
): Promise<AccountMatch> {
  let account: string;
  try {
    account = await caller();
  } catch (e) {
    return { kind: 'unknown', reason: e instanceof Error ? e.message : String(e) };
  }
  if (!/^\d{12}$/.test(account))
    return { kind: 'unknown', reason: 'sts:GetCallerIdentity answered no account' };
  return account === eventAccount ? { kind: 'same' } : { kind: 'other', callerAccount: account };
}
