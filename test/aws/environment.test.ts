import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveAwsEnvironment } from '../../src/aws/environment.js';
import { ConfigError } from '../../src/errors.js';

/** A HOME with ~/.aws/config and ~/.aws/credentials, as `aws configure` writes them. */
function home(config: string, credentials = ''): string {
  const dir = mkdtempSync(join(tmpdir(), 'pullfix-home-'));
  mkdirSync(join(dir, '.aws'));
  writeFileSync(join(dir, '.aws', 'config'), config);
  writeFileSync(join(dir, '.aws', 'credentials'), credentials);
  return dir;
}

const PROFILES = `[default]
region = eu-west-1

[profile dev]
region = us-west-2
endpoint_url = http://127.0.0.1:5999

[profile split]
region = ap-southeast-2
services = local

[services local]
ec2 =
  endpoint_url = http://127.0.0.1:6001
secrets_manager =
  endpoint_url = http://127.0.0.1:6002
`;

describe(resolveAwsEnvironment.name, () => {
  it.each([
    [
      '--region over everything',
      { AWS_REGION: 'us-east-1' },
      { region: 'ca-central-1' },
      'ca-central-1',
      '--region',
    ],
    [
      'AWS_REGION over AWS_DEFAULT_REGION',
      { AWS_REGION: 'us-east-1', AWS_DEFAULT_REGION: 'us-east-2' },
      {},
      'us-east-1',
      'AWS_REGION',
    ],
    [
      'AWS_DEFAULT_REGION over the profile',
      { AWS_DEFAULT_REGION: 'us-east-2' },
      {},
      'us-east-2',
      'AWS_DEFAULT_REGION',
    ],
    ['the default profile’s region', {}, {}, 'eu-west-1', 'profile'],
    ['AWS_PROFILE’s region', { AWS_PROFILE: 'dev' }, {}, 'us-west-2', 'profile'],
    [
      '--profile’s region, over AWS_PROFILE',
      { AWS_PROFILE: 'dev' },
      { profile: 'split' },
      'ap-southeast-2',
      'profile',
    ],
  ])('takes the region from %s', async (_, env, flags, region, source) => {
    const resolved = await resolveAwsEnvironment({ HOME: home(PROFILES), ...env }, flags);
    expect(resolved).toMatchObject({ region, regionSource: source });
  });

  it("falls back to the event's region last, and says it did", async () => {
    const resolved = await resolveAwsEnvironment({ HOME: home('') }, {}, 'sa-east-1');
    expect(resolved).toMatchObject({ region: 'sa-east-1', regionSource: 'event' });
  });

  it('reads the files AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE name', async () => {
    const dir = home('');
    const config = join(dir, 'elsewhere');
    writeFileSync(config, '[profile ops]\nregion = eu-north-1\n');
    const resolved = await resolveAwsEnvironment(
      { HOME: dir, AWS_CONFIG_FILE: config, AWS_PROFILE: 'ops' },
      {},
    );
    expect(resolved).toMatchObject({ region: 'eu-north-1', profile: 'ops' });
  });

  it('gives --profile the same endpoint_url as AWS_PROFILE', async () => {
    const dir = home(PROFILES);
    const byFlag = await resolveAwsEnvironment({ HOME: dir }, { profile: 'dev' });
    const byEnv = await resolveAwsEnvironment({ HOME: dir, AWS_PROFILE: 'dev' }, {});
    expect(byFlag.endpoints.ecs).toBe('http://127.0.0.1:5999');
    expect(byFlag).toEqual(byEnv);
  });

  it("takes a service's endpoint from the profile's services section, the others from nowhere", async () => {
    const resolved = await resolveAwsEnvironment({ HOME: home(PROFILES) }, { profile: 'split' });
    expect(resolved.endpoints).toEqual({
      ec2: 'http://127.0.0.1:6001',
      secretsManager: 'http://127.0.0.1:6002',
    });
  });

  it('puts AWS_ENDPOINT_URL_<SERVICE> before AWS_ENDPOINT_URL, and both before the profile', async () => {
    const resolved = await resolveAwsEnvironment(
      {
        HOME: home(PROFILES),
        AWS_PROFILE: 'dev',
        AWS_ENDPOINT_URL: 'http://127.0.0.1:7000',
        AWS_ENDPOINT_URL_IAM: 'http://127.0.0.1:7001',
        AWS_ENDPOINT_URL_SECRETS_MANAGER: 'http://127.0.0.1:7002',
      },
      {},
    );
    expect(resolved.endpoints).toMatchObject({
      ecs: 'http://127.0.0.1:7000',
      iam: 'http://127.0.0.1:7001',
      secretsManager: 'http://127.0.0.1:7002',
    });
  });

  it('sends Route 53 Resolver to AWS_ENDPOINT_URL_ROUTE53RESOLVER, as the SDK spells its service id', async () => {
    const resolved = await resolveAwsEnvironment(
      {
        HOME: home(PROFILES),
        AWS_ENDPOINT_URL: 'http://127.0.0.1:7000',
        AWS_ENDPOINT_URL_ROUTE53RESOLVER: 'http://127.0.0.1:7053',
      },
      {},
    );
    expect(resolved.endpoints).toMatchObject({
      ec2: 'http://127.0.0.1:7000',
      route53resolver: 'http://127.0.0.1:7053',
    });
  });

  it('ignores configured endpoints when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is true', async () => {
    const resolved = await resolveAwsEnvironment(
      { HOME: home(PROFILES), AWS_PROFILE: 'dev', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' },
      {},
    );
    expect(resolved.endpoints).toEqual({});
  });

  it.each([
    [
      'no region anywhere',
      { HOME: 'HOME' },
      {},
      'no AWS region: pass --region, set AWS_REGION, or set region in your AWS profile',
    ],
    [
      'a region that is not one',
      { HOME: 'HOME', AWS_REGION: 'US East' },
      {},
      'AWS_REGION US East must be an AWS region like us-east-1',
    ],
    [
      'a --region that is not one',
      { HOME: 'HOME' },
      { region: 'useast1' },
      '--region useast1 must be an AWS region like us-east-1',
    ],
    [
      'an unknown AWS_PROFILE',
      { HOME: 'HOME', AWS_PROFILE: 'ghost' },
      {},
      /^the profile ghost \(AWS_PROFILE\) is in neither .*config nor .*credentials/,
    ],
    ['an unknown --profile', { HOME: 'HOME' }, { profile: 'ghost' }, /^the profile ghost \(--profile\)/],
    [
      'an endpoint that is not a URL',
      { HOME: 'HOME', AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: 'localhost 5000' },
      {},
      /^AWS_ENDPOINT_URL localhost 5000 is not a URL/,
    ],
    [
      'an endpoint that is not http(s)',
      { HOME: 'HOME', AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL_EC2: 'ftp://x' },
      {},
      'AWS_ENDPOINT_URL_EC2 ftp://x must be an http:// or https:// URL',
    ],
  ])('refuses %s with a ConfigError naming what to set', async (_, env, flags, message) => {
    const run = resolveAwsEnvironment({ ...env, HOME: home('') }, flags);
    await expect(run).rejects.toThrow(ConfigError);
    await expect(run).rejects.toThrow(message);
  });

  it('accepts a profile that exists only in the credentials file', async () => {
    const dir = home('', '[ci]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = x\n');
    const resolved = await resolveAwsEnvironment({ HOME: dir, AWS_REGION: 'us-east-1' }, { profile: 'ci' });
    expect(resolved).toMatchObject({ region: 'us-east-1', profile: 'ci' });
  });
});
