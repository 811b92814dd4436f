import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { ConfigError } from '../errors.js';
import { type ClientOptions, makeStsClient } from './clients.js';
import { call } from './errors.js';

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
