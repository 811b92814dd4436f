import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BIN,
  type DenyingEndpoint,
  linesOf,
  ROOT,
  runCommand,
  startDenyingEndpoint,
  tempFile,
} from '../support/command.js';

/**
 * The installed command, `bin/ecs-pullfix.js`, run as a user runs it: a child process with a
 * real (minimal) environment, asserting on what it prints and its exit code. This file needs no
 * AWS endpoint but the local one that denies everything; the rows that need moto are in
 * `aws.moto.test.ts`, the configuration errors (253) in `config.test.ts`.
 */

const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
const PULL_TIMEOUT =
  'CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref 111122223333.dkr.ecr.us-east-1.amazonaws.com/checkout:1.4.2: failed to do request: Head "https://111122223333.dkr.ecr.us-east-1.amazonaws.com/v2/checkout/manifests/1.4.2": dial tcp 54.239.28.85:443: i/o timeout';
/** A saved EventBridge event of a task that could not pull its image (the README's example). */
const EVENT_FILE = join(ROOT, 'events', 'network-timeout--ecr-pull-i-o-timeout.json');
const KEYS = {
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/EXAMPLEKEY',
};

describe('ecs-pullfix --version and --help', () => {
  it("prints package.json's version and exits 0", async () => {
    const run = await runCommand(['--version']);
    expect(run).toEqual({ code: 0, stdout: `${PACKAGE.version}\n`, stderr: '' });
  });

  it('lists every command and exits 0', async () => {
    const run = await runCommand(['--help']);
    expect(run.code).toBe(0);
    for (const command of ['classify', 'replay', 'diagnose', 'check', 'scan', 'managed', 'demo'])
      expect(run.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    expect(run.stderr).toBe('');
  });

  it("says where each command's region comes from in its own help", async () => {
    const run = await runCommand(['check', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('--region <region>');
    expect(run.stdout).toContain('AWS_REGION');
    expect(run.stdout).toContain('AWS_PROFILE');
  });
});

describe('ecs-pullfix classify', () => {
  it('classifies a stop reason read from standard input and exits 0, printing nothing on stderr', async () => {
    const line = JSON.stringify({ stoppedReason: PULL_TIMEOUT, stopCode: 'TaskFailedToStart' });
    const run = await runCommand(['classify'], { stdin: `${line}\n` });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^line 1 {2}network-timeout \(ecr\) {2}.*\[dial tcp 54\.239\.28\.85:443: i\/o timeout\]$/m,
    );
    expect(run.stderr).toBe('');
  });

  it('classifies a saved event from a file, as JSON, and exits 0', async () => {
    const run = await runCommand([
      'classify',
      '--json',
      tempFile('events.jsonl', readFileSync(EVENT_FILE, 'utf8').replace(/\n\s*/g, ' ')),
    ]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ cause: 'network-timeout', service: 'ecr' });
  });

  it('exits 1 when a line cannot be read, having classified the others', async () => {
    const good = JSON.stringify({ stoppedReason: PULL_TIMEOUT });
    const run = await runCommand(['classify'], { stdin: `${good}\n{"stoppedReason": "CannotPull\n` });
    expect(run.code).toBe(1);
    const [first, second] = linesOf(run.stdout);
    expect(first).toMatch(/^line 1 {2}network-timeout \(ecr\)/);
    expect(second).toMatch(/^line 2 {2}error: line 2: not valid JSON/);
  });

  it('exits 252 with one line naming a file that does not exist', async () => {
    const run = await runCommand(['classify', 'stopped-tasks.jsonl']);
    expect(run.code).toBe(252);
    expect(run.stdout).toBe('');
    expect(linesOf(run.stderr)).toEqual([
      expect.stringMatching(/^ecs-pullfix: cannot read stopped-tasks\.jsonl: ENOENT/),
    ]);
  });
});

describe('ecs-pullfix demo', () => {
  it('runs a scenario on the simulated account and exits 0, naming the scenario', async () => {
    const run = await runCommand(['demo', 'no-egress-no-endpoints']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('no-egress-no-endpoints');
    expect(run.stdout).toContain('no-egress-path');
    expect(run.stderr).toBe('');
  });

  it('runs with no argument and exits 0, naming the scenario it ran', async () => {
    const run = await runCommand(['demo'], { timeoutMs: 60_000 });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/no-egress-no-endpoints|nat-gateway-failed|s3-gateway-missing/);
    expect(run.stderr).toBe('');
  }, 70_000);

  it('exits 252 for a scenario that does not exist, listing those that do', async () => {
    const run = await runCommand(['demo', 'no-such-scenario']);
    expect(run.code).toBe(252);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /^ecs-pullfix: no scenario named no-such-scenario; there are: .*no-egress-no-endpoints/,
    );
  });
});

describe('bad usage: exit 252 and what was wrong, nothing on stdout', () => {
  it.each([
    { args: ['--frobnicate'], says: "unknown option '--frobnicate'" },
    { args: ['frobnicate'], says: "unknown command 'frobnicate'" },
    { args: ['classify', '--frobnicate'], says: "unknown option '--frobnicate'" },
    { args: ['replay'], says: 'replay needs an event file, or --incident ID' },
    { args: ['replay', EVENT_FILE, '--frobnicate'], says: "unknown option '--frobnicate'" },
    { args: ['diagnose', '--cluster', 'prod-apps'], says: "required option '--task <task>' not specified" },
    {
      args: ['check', '--cluster', 'prod-apps'],
      says: "required option '--service <service>' not specified",
    },
    { args: ['scan', '--frobnicate'], says: "unknown option '--frobnicate'" },
    {
      args: ['demo', '--mode', 'sideways'],
      says: '--mode sideways must be one of notify, dry-run, auto-fix',
    },
  ])('ecs-pullfix $args.0 … → 252: $says', async ({ args, says }) => {
    const run = await runCommand(args);
    expect(run.code).toBe(252);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(says);
  });

  it('replay of a file that is not JSON: 252, naming the file', async () => {
    const file = tempFile('event.json', 'Task stopped at 10:16: CannotPullContainerError\n');
    const run = await runCommand(['replay', file], { env: { AWS_REGION: 'us-east-1', ...KEYS } });
    expect(run.code).toBe(252);
    expect(linesOf(run.stderr)).toEqual([expect.stringMatching(/^ecs-pullfix: .*event\.json is not JSON/)]);
  });

  it('replay of JSON that is not a Task State Change event: 252', async () => {
    const file = tempFile(
      'event.json',
      JSON.stringify({
        source: 'aws.ec2',
        'detail-type': 'EC2 Instance State-change Notification',
        detail: {},
      }),
    );
    const run = await runCommand(['replay', file], { env: { AWS_REGION: 'us-east-1', ...KEYS } });
    expect(run.code).toBe(252);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^ecs-pullfix: /);
  });
});

describe('an AWS call denied: exit 254 with one line naming the call, or 1 where scan goes on', () => {
  let endpoint: DenyingEndpoint;
  beforeAll(async () => {
    endpoint = await startDenyingEndpoint();
  });
  afterAll(() => endpoint.close());
  const env = () => ({ AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: endpoint.url, ...KEYS });

  it.each([
    { args: ['check', '--cluster', 'prod-apps', '--service', 'checkout'], call: 'ecs:DescribeServices' },
    {
      args: ['diagnose', '--cluster', 'prod-apps', '--task', 'afbc389a718d1185456c1b06e2f1b232'],
      call: 'ecs:DescribeTasks',
    },
    { args: ['scan'], call: 'ecs:ListClusters' },
    {
      args: ['replay', EVENT_FILE, '--topic-arn', 'arn:aws:sns:us-east-1:111122223333:ecs-pullfix'],
      call: 'sns:Publish',
    },
    { args: ['replay', EVENT_FILE, '--table', 'ecs-pullfix-incidents'], call: 'dynamodb:PutItem' },
  ])('ecs-pullfix $args.0 → 254: an AWS call failed: $call', async ({ args, call }) => {
    const run = await runCommand(args, { env: env() });
    expect(run.code).toBe(254);
    // replay warns first that it could not check the credentials' account (denied too).
    const lines = linesOf(run.stderr);
    expect(lines.at(-1)).toMatch(
      new RegExp(`^ecs-pullfix: an AWS call failed: ${call}: (AccessDenied|UnauthorizedOperation)`),
    );
    expect(lines.slice(0, -1).every((l) => l.startsWith('ecs-pullfix: warning: '))).toBe(true);
  });

  it('replay → 0 when only the reads are denied: the report says what could not be checked', async () => {
    const run = await runCommand(['replay', EVENT_FILE], { env: env() });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('cause:    network-timeout on ecr');
    // The report is wrapped to 100 columns (not a terminal): the note may go on over lines.
    expect(run.stdout).toMatch(
      /^ {2}not checked: reading subnet \S+ failed:\s+ec2:DescribeSubnets\s+was\s+denied\s+\(UnauthorizedOperation\)/m,
    );
    expect(run.stdout).not.toMatch(/path-ok/);
  });

  it('scan --cluster → 1: the cluster it could not read is a row saying why', async () => {
    const run = await runCommand(['scan', '--cluster', 'prod-apps'], { env: env() });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /^prod-apps\/\* +not read +ecs:ListServices was denied \(AccessDeniedException\)$/m,
    );
    expect(run.stdout).toContain('Not read: 1 cluster');
  });
});

describe('a checkout that was never built', () => {
  it('exits 255 and says to run npm ci', async () => {
    // The bin alone, with no dist/ beside it: what `git clone` without `npm ci` gives.
    const root = mkdtempSync(join(tmpdir(), 'pullfix-unbuilt-'));
    mkdirSync(join(root, 'bin'));
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'ecs-pullfix', type: 'module' }));
    copyFileSync(BIN, join(root, 'bin', 'ecs-pullfix.js'));
    const run = await runCommand(['--version'], { bin: join(root, 'bin', 'ecs-pullfix.js') });
    expect(run.code).toBe(255);
    expect(run.stdout).toBe('');
    expect(linesOf(run.stderr)).toEqual([expect.stringContaining('run npm ci (or npm run build) first')]);
  });
});
