import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DenyingEndpoint,
  homeWith,
  linesOf,
  ROOT,
  runCommand,
  startDenyingEndpoint,
} from '../support/command.js';

/**
 * Exit 253, bad configuration, from the real command: whatever is missing or wrong in the
 * environment is said in ONE line naming what to set, before any AWS call is made. Every
 * command that calls AWS is run against a local endpoint that would deny everything, and the
 * endpoint must see no request at all.
 */

const EVENT_FILE = join(ROOT, 'events', 'network-timeout--ecr-pull-i-o-timeout.json');
const KEYS = {
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/EXAMPLEKEY',
};

/** Each command that calls AWS, as a user would type it. */
const COMMANDS = {
  replay: ['replay', EVENT_FILE],
  diagnose: ['diagnose', '--cluster', 'prod-apps', '--task', 'afbc389a718d1185456c1b06e2f1b232'],
  check: ['check', '--cluster', 'prod-apps', '--service', 'checkout'],
  scan: ['scan'],
  managed: ['managed'],
} as const;
type CommandName = keyof typeof COMMANDS;
const ALL = Object.keys(COMMANDS) as CommandName[];
/** `replay` falls back to the event's region, so "no region" does not apply to it. */
const NEED_A_REGION = ALL.filter((c) => c !== 'replay');

let endpoint: DenyingEndpoint;
beforeAll(async () => {
  endpoint = await startDenyingEndpoint();
});
afterAll(() => endpoint.close());

/** Runs `command` with `env` (and `extra` arguments); asserts exit 253, one stderr line, no AWS call; returns the line. */
async function configError(
  command: CommandName,
  env: Record<string, string>,
  options: { extra?: readonly string[]; home?: string } = {},
): Promise<string> {
  const before = endpoint.requests.length;
  const run = await runCommand([...COMMANDS[command], ...(options.extra ?? [])], {
    env: { AWS_ENDPOINT_URL: endpoint.url, ...env },
    ...(options.home ? { home: options.home } : {}),
  });
  expect(run.stdout).toBe('');
  expect(linesOf(run.stderr)).toHaveLength(1);
  expect(run.code).toBe(253);
  expect(endpoint.requests.slice(before)).toEqual([]);
  return run.stderr;
}

describe('no region → 253, naming where to set one', () => {
  it.each(NEED_A_REGION)('%s with credentials but no region anywhere', async (command) => {
    const line = await configError(command, { ...KEYS });
    expect(line).toBe(
      'ecs-pullfix: no AWS region: pass --region, set AWS_REGION, or set region in your AWS profile\n',
    );
  });

  it.each(NEED_A_REGION)('%s with a profile that has no region', async (command) => {
    const home = homeWith({
      config: '[profile dev]\noutput = json\n',
      credentials: '[dev]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = x\n',
    });
    const line = await configError(command, { AWS_PROFILE: 'dev' }, { home });
    expect(line).toMatch(/^ecs-pullfix: no AWS region: .*AWS_REGION/);
  });
});

describe('an invalid region → 253, naming where it came from', () => {
  it.each(ALL)('%s with AWS_REGION=eu-central (no number)', async (command) => {
    const line = await configError(command, { AWS_REGION: 'eu-central', ...KEYS });
    expect(line).toBe('ecs-pullfix: AWS_REGION eu-central must be an AWS region like us-east-1\n');
  });

  it.each(ALL)('%s with AWS_DEFAULT_REGION="us east 1"', async (command) => {
    const line = await configError(command, { AWS_DEFAULT_REGION: 'us east 1', ...KEYS });
    expect(line).toMatch(/^ecs-pullfix: AWS_DEFAULT_REGION us east 1 must be an AWS region/);
  });

  it.each(ALL)('%s with --region US-EAST-1', async (command) => {
    const line = await configError(
      command,
      { AWS_REGION: 'us-east-1', ...KEYS },
      { extra: ['--region', 'US-EAST-1'] },
    );
    expect(line).toMatch(/^ecs-pullfix: --region US-EAST-1 must be an AWS region/);
  });

  it.each(NEED_A_REGION)("%s with a profile's region = useast1", async (command) => {
    const home = homeWith({ config: '[default]\nregion = useast1\n' });
    const line = await configError(command, { ...KEYS }, { home });
    expect(line).toMatch(/^ecs-pullfix: the region of profile default useast1 must be an AWS region/);
  });
});

describe('no credentials → 253, naming what to set', () => {
  it.each(ALL)('%s with a region and no credentials at all', async (command) => {
    const line = await configError(command, { AWS_REGION: 'us-east-1' });
    expect(line).toMatch(
      /^ecs-pullfix: no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE/,
    );
  });

  it.each(NEED_A_REGION)('%s with a profile that has a region and no credentials', async (command) => {
    const home = homeWith({ config: '[profile dev]\nregion = us-east-1\n' });
    const line = await configError(command, { AWS_PROFILE: 'dev' }, { home });
    expect(line).toMatch(/^ecs-pullfix: no AWS credentials found: .*AWS_PROFILE/);
  });
});

describe('an unknown profile → 253, naming the profile and where it was looked for', () => {
  it.each(ALL)('%s with AWS_PROFILE=staging and no such profile', async (command) => {
    const home = homeWith({ config: '[profile dev]\nregion = us-east-1\n' });
    const line = await configError(
      command,
      { AWS_PROFILE: 'staging', AWS_REGION: 'us-east-1', ...KEYS },
      { home },
    );
    expect(line).toBe(
      `ecs-pullfix: the profile staging (AWS_PROFILE) is in neither ${home}/.aws/config nor ${home}/.aws/credentials: name a profile that exists, or unset AWS_PROFILE\n`,
    );
  });

  it.each(ALL)('%s with --profile staging and no AWS files at all', async (command) => {
    const line = await configError(
      command,
      { AWS_REGION: 'us-east-1', ...KEYS },
      { extra: ['--profile', 'staging'] },
    );
    expect(line).toMatch(/^ecs-pullfix: the profile staging \(--profile\) is in neither .*unset --profile$/m);
  });
});

describe('an invalid endpoint URL → 253, naming the variable or the profile setting', () => {
  it.each(ALL)('%s with AWS_ENDPOINT_URL=localhost:4566 (no scheme)', async (command) => {
    const line = await configError(command, {
      AWS_REGION: 'us-east-1',
      ...KEYS,
      AWS_ENDPOINT_URL: 'localhost:4566',
    });
    expect(line).toBe('ecs-pullfix: AWS_ENDPOINT_URL localhost:4566 must be an http:// or https:// URL\n');
  });

  it.each(ALL)('%s with AWS_ENDPOINT_URL_ECS that is not a URL', async (command) => {
    const line = await configError(command, {
      AWS_REGION: 'us-east-1',
      ...KEYS,
      AWS_ENDPOINT_URL_ECS: 'http://[::1',
    });
    expect(line).toMatch(/^ecs-pullfix: AWS_ENDPOINT_URL_ECS http:\/\/\[::1 is not a URL/);
  });

  it.each(ALL)("%s with a profile's endpoint_url that is not a URL", async (command) => {
    const home = homeWith({
      config: '[profile dev]\nregion = us-east-1\nendpoint_url = moto:5000\n',
      credentials: '[dev]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = x\n',
    });
    // No AWS_ENDPOINT_URL: it would win over the profile's.
    const before = endpoint.requests.length;
    const run = await runCommand([...COMMANDS[command]], { env: { AWS_PROFILE: 'dev' }, home });
    expect(run.code).toBe(253);
    expect(run.stdout).toBe('');
    expect(linesOf(run.stderr)).toEqual([
      'ecs-pullfix: endpoint_url of profile dev moto:5000 must be an http:// or https:// URL',
    ]);
    expect(endpoint.requests.slice(before)).toEqual([]);
  });
});

describe('an invalid ECS_PULLFIX_* value → 253, naming the variable and what it must be', () => {
  const VALUES = [
    { name: 'ECS_PULLFIX_DEFAULT_MODE', value: 'autofix', must: 'must be one of notify, dry-run, auto-fix' },
    { name: 'ECS_PULLFIX_MAX_ENDPOINTS_PER_VPC', value: '-1', must: 'must be a whole number from 0 to 999' },
    { name: 'ECS_PULLFIX_ALLOWED_SERVICES', value: 'ecr,logs', must: 'must list endpoint services among' },
    { name: 'ECS_PULLFIX_WINDOW_SECONDS', value: '1h', must: 'must be a whole number of seconds' },
    { name: 'ECS_PULLFIX_TOPIC_ARN', value: 'ecs-pullfix', must: 'must be an SNS topic ARN' },
    { name: 'ECS_PULLFIX_TABLE', value: 'ab', must: 'must be a DynamoDB table name' },
  ];
  const rows = VALUES.flatMap((v) => ALL.map((command) => ({ command, ...v })));

  it.each(rows)('$command with $name=$value', async ({ command, name, value, must }) => {
    const line = await configError(command, { AWS_REGION: 'us-east-1', ...KEYS, [name]: value });
    expect(line).toMatch(new RegExp(`^ecs-pullfix: ${name} \\("${value}"\\) ${must}`));
  });
});
