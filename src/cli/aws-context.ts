import type { Writable } from 'node:stream';
import { type AwsEnvironment, type Env, resolveAwsEnvironment } from '../aws/environment.js';
import { assertCredentials, callerAccount } from '../aws/identity.js';
import { type AwsPorts, awsPorts } from '../aws/ports.js';
import type { Settings } from '../config.js';

/** The AWS flags every command that calls AWS takes. */
export type AwsFlags = Readonly<{
  region?: string;
  profile?: string;
  topicArn?: string;
  table?: string;
}>;

/** What a command that calls AWS runs with: the resolved environment and the ports on it. */
export type AwsContext = Readonly<{
  environment: AwsEnvironment;
  ports: AwsPorts;
  /** The account of the credentials (`sts:GetCallerIdentity`, asked once, when first needed). */
  account: () => Promise<string>;
}>;

/**
 * Resolves the AWS environment (region, profile, endpoints) from the flags and the
 * environment, checks that credentials can be found (no call to AWS), and builds the ports.
 * Every failure here is a `ConfigError` (exit 253) naming what to set. `fallbackRegion` is a
 * saved event's region: used last, and said on stderr when it is.
 */
export async function awsContext(
  env: Env,
  settings: Settings,
  flags: AwsFlags,
  err: Writable,
  fallbackRegion?: string,
): Promise<AwsContext> {
  const environment = await resolveAwsEnvironment(env, flags, fallbackRegion);
  if (environment.regionSource === 'event')
    err.write(`ecs-pullfix: no region set; using the event's, ${environment.region}\n`);
  const clientOptions = {
    region: environment.region,
    ...(environment.profile ? { profile: environment.profile } : {}),
    endpoints: environment.endpoints,
  };
  await assertCredentials(clientOptions);
  const topicArn = flags.topicArn ?? settings.topicArn;
  const table = flags.table ?? settings.table;
  const ports = awsPorts({
    ...clientOptions,
    ...(topicArn ? { topicArn } : {}),
    ...(table ? { table } : {}),
  });
  let account: Promise<string> | undefined;
  return { environment, ports, account: () => (account ??= callerAccount(clientOptions)) };
}
