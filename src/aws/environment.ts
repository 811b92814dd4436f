import { homedir } from 'node:os';
import { join } from 'node:path';
import { loadSharedConfigFiles } from '@smithy/core/config';
import { ConfigError } from '../errors.js';
import type { ServiceKey } from './clients.js';

export type Env = Readonly<Record<string, string | undefined>>;

/** Where the region came from: the CLI says so when it falls back to the event's. */
export type RegionSource = '--region' | 'AWS_REGION' | 'AWS_DEFAULT_REGION' | 'profile' | 'event';

/** The AWS environment of one CLI run: what the SDK clients are built with. */
export type AwsEnvironment = Readonly<{
  region: string;
  regionSource: RegionSource;
  /** The named profile (`--profile`, else `AWS_PROFILE`); absent for the default chain. */
  profile?: string;
  /** Endpoint URLs per service (`AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL`, the profile's `endpoint_url`). */
  endpoints: Readonly<Partial<Record<ServiceKey, string>>>;
}>;

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** The SDK's service ids, as `AWS_ENDPOINT_URL_<ID>` and the config file's `services` section spell them. */
const SERVICE_IDS: Readonly<Record<ServiceKey, string>> = {
  ecs: 'ECS',
  ec2: 'EC2',
  sns: 'SNS',
  dynamodb: 'DynamoDB',
  iam: 'IAM',
  ecr: 'ECR',
  secretsManager: 'Secrets Manager',
  ssm: 'SSM',
  route53resolver: 'Route53Resolver',
  efs: 'EFS',
  sts: 'STS',
};

/**
 * Resolves the region, profile and endpoints as the AWS CLI does, from the environment the
 * shell passes in and the shared config files (read by the SDK's own loader):
 * region: `--region` > `AWS_REGION` > `AWS_DEFAULT_REGION` > the profile's `region` >
 * `fallbackRegion` (a saved event's); `--profile` behaves exactly as `AWS_PROFILE`, its
 * `endpoint_url` included. Throws `ConfigError` naming what to set.
 */
export async function resolveAwsEnvironment(
  env: Env,
  flags: Readonly<{ region?: string | undefined; profile?: string | undefined }>,
  fallbackRegion?: string,
): Promise<AwsEnvironment> {
  const named = flags.profile ?? nonEmpty(env.AWS_PROFILE);
  const profileName = named ?? 'default';
  const home = nonEmpty(env.HOME) ?? nonEmpty(env.USERPROFILE) ?? homedir();
  const configFile = nonEmpty(env.AWS_CONFIG_FILE) ?? join(home, '.aws', 'config');
  const credentialsFile = nonEmpty(env.AWS_SHARED_CREDENTIALS_FILE) ?? join(home, '.aws', 'credentials');
  const files = await loadSharedConfigFiles({ configFilepath: configFile, filepath: credentialsFile });
  const profile = files.configFile[profileName];
  if (named !== undefined && profile === undefined && files.credentialsFile[profileName] === undefined) {
    const via = flags.profile !== undefined ? '--profile' : 'AWS_PROFILE';
    throw new ConfigError(
      `the profile ${named} (${via}) is in neither ${configFile} nor ${credentialsFile}: name a profile that exists, or unset ${via}`,
    );
  }
  const region = pickRegion(env, flags, profile?.region, profileName, fallbackRegion);
  const endpoints = endpointsOf(env, profile, files.configFile, profileName);
  return { ...region, ...(named !== undefined ? { profile: named } : {}), endpoints };
}

function pickRegion(
  env: Env,
  flags: Readonly<{ region?: string | undefined }>,
  profileRegion: string | undefined,
  profileName: string,
  fallbackRegion: string | undefined,
): { region: string; regionSource: RegionSource } {
  const candidates: readonly [RegionSource, string | undefined, string][] = [
    ['--region', flags.region, '--region'],
    ['AWS_REGION', nonEmpty(env.AWS_REGION), 'AWS_REGION'],
    ['AWS_DEFAULT_REGION', nonEmpty(env.AWS_DEFAULT_REGION), 'AWS_DEFAULT_REGION'],
    ['profile', nonEmpty(profileRegion), `the region of profile ${profileName}`],
    ['event', nonEmpty(fallbackRegion), "the event's region"],
  ];
  const found = candidates.find(([, value]) => value !== undefined);
  if (!found)
    throw new ConfigError('no AWS region: pass --region, set AWS_REGION, or set region in your AWS profile');
  const [source, value = '', what] = found;
  if (!REGION.test(value)) throw new ConfigError(`${what} ${value} must be an AWS region like us-east-1`);
  return { region: value, regionSource: source };
}

function endpointsOf(
  env: Env,
  profile: Readonly<Record<string, string | undefined>> | undefined,
  config: Readonly<Record<string, Readonly<Record<string, string | undefined>>>>,
  profileName: string,
): Partial<Record<ServiceKey, string>> {
  const ignoreConfigured = /^true$/i.test(env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS ?? '');
  if (ignoreConfigured) return {};
  const section = profile?.services === undefined ? undefined : config[`services.${profile.services}`];
  const out: Partial<Record<ServiceKey, string>> = {};
  for (const [key, id] of Object.entries(SERVICE_IDS) as [ServiceKey, string][]) {
    const envName = `AWS_ENDPOINT_URL_${id.toUpperCase().replaceAll(' ', '_')}`;
    const iniName = `${id.toLowerCase().replaceAll(' ', '_')}.endpoint_url`;
    const sources: readonly [string, string | undefined][] = [
      [envName, nonEmpty(env[envName])],
      ['AWS_ENDPOINT_URL', nonEmpty(env.AWS_ENDPOINT_URL)],
      [`${iniName} in the services section of profile ${profileName}`, section?.[iniName]],
      [`endpoint_url of profile ${profileName}`, profile?.endpoint_url],
    ];
    const found = sources.find(([, value]) => value !== undefined);
    if (found?.[1] !== undefined) out[key] = validUrl(found[0], found[1]);
  }
  return out;
}

function validUrl(what: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(
      `${what} ${value} is not a URL: set it to one like https://ec2.us-east-1.amazonaws.com`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new ConfigError(`${what} ${value} must be an http:// or https:// URL`);
  return value;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
