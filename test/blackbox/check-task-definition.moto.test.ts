import { readFileSync } from 'node:fs';
import { XMLValidator } from 'fast-xml-parser';
import { parse as parseTestResults } from 'test-results-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/sim/scenario.js';
import { linesOf, type Run, runCommand, tempFile } from '../support/command.js';
import { buildInMoto, MOTO_ACCOUNT, MOTO_URL, resetMoto, withoutMoto } from '../support/moto.js';

/**
 * `check --task-definition` as a deploy pipeline runs it: the task definition file the job is
 * about to register (the `register-task-definition --cli-input-json` input), the network its
 * service would give the task in flags, `bin/ecs-pullfix.js` as a child process with a region,
 * keys and the endpoint in its environment (and GITHUB_STEP_SUMMARY, as GitHub's runner sets
 * it). Nothing of the file is registered: ECS is never asked for it.
 */

const KEYS = {
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/EXAMPLEKEY',
};

/** What a team's repository holds next to its workflow: the next revision of its task definition. */
const registerInput = (family: string, image: string) => ({
  family,
  networkMode: 'awsvpc',
  requiresCompatibilities: ['FARGATE'],
  cpu: '512',
  memory: '1024',
  executionRoleArn: `arn:aws:iam::${MOTO_ACCOUNT}:role/ecsTaskExecutionRole`,
  containerDefinitions: [
    {
      name: 'app',
      image,
      essential: true,
      portMappings: [{ containerPort: 8080, protocol: 'tcp' }],
      logConfiguration: {
        logDriver: 'awslogs',
        options: {
          'awslogs-group': `/ecs/${family}`,
          'awslogs-region': 'us-east-1',
          'awslogs-stream-prefix': 'app',
        },
      },
    },
  ],
  tags: [{ key: 'team', value: 'payments' }],
});

/** The lines the runner would read as workflow commands (it trims a line, then looks for `::`). */
const commandLines = (stdout: string) => linesOf(stdout).filter((l) => l.trim().startsWith('::'));

if (MOTO_URL === undefined) {
  withoutMoto('check --task-definition in a deploy pipeline');
} else {
  const url = MOTO_URL;
  const env = (extra: Record<string, string> = {}) => ({
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL: url,
    ...KEYS,
    ...extra,
  });

  describe('a task definition about to be registered, for a private subnet with no NAT and no endpoints', () => {
    const image = `${MOTO_ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/checkout:1.4.3`;
    const file = tempFile('taskdef.json', JSON.stringify(registerInput('checkout', image), null, 2));
    let network: string[];

    beforeAll(async () => {
      await resetMoto(url);
      const { ids } = await buildInMoto(loadScenario('no-egress-no-endpoints'), url);
      network = [
        '--subnets',
        ids.get('subnet-private-a') ?? '',
        '--security-groups',
        ids.get('sg-task') ?? '',
      ];
    }, 60_000);

    const check = (...flags: string[]) =>
      runCommand(['check', '--task-definition', file, ...network, ...flags], { env: env() });

    it('text: exit 2, the verdict, and the file named as not registered', async () => {
      const run = await check();
      expect(run.stderr).toBe('');
      expect(run.code).toBe(2);
      const lines = linesOf(run.stdout);
      expect(lines[0]).toMatch(
        /^A new task would fail to start: no-egress-path breaks image checkout:1\.4\.3/,
      );
      expect(run.stdout).toContain(`task definition file ${file} (family checkout, not registered)`);
      expect(run.stdout).toContain('no interface endpoint for com.amazonaws.us-east-1.ecr.api');
    });

    it('github: an error annotation per blocking finding, pointing at the file, and a job summary', async () => {
      const summaryFile = tempFile('step-summary.md', '# build\n');
      const run = await runCommand(['check', '--task-definition', file, ...network, '--format', 'github'], {
        env: env({ GITHUB_STEP_SUMMARY: summaryFile }),
      });
      expect(run.code).toBe(2);
      const commands = commandLines(run.stdout);
      const errors = commands.filter((l) => l.startsWith('::error '));
      expect(errors.map((l) => /title=([^:]*)::/.exec(l)?.[1])).toEqual(
        expect.arrayContaining([
          'ecs-pullfix%3A no-egress-path',
          'ecs-pullfix%3A missing-endpoint%3Aecr.api',
          'ecs-pullfix%3A missing-endpoint%3Aecr.dkr',
          'ecs-pullfix%3A s3-gateway-missing%3As3',
        ]),
      );
      for (const e of errors) expect(e).toMatch(/^::error file=.*taskdef\.json,title=/);
      // The plain report follows, fenced: the runner runs no command in it.
      const fence = commands.find((l) => l.startsWith('::stop-commands::')) ?? '';
      const token = fence.slice('::stop-commands::'.length);
      expect(token).toMatch(/^[0-9a-f]{32}$/);
      expect(commands.at(-1)).toBe(`::${token}::`);
      expect(run.stdout).toContain('A new task would fail to start: no-egress-path');
      // The summary is appended to what the job's earlier steps wrote.
      const summary = readFileSync(summaryFile, 'utf8');
      expect(summary.startsWith('# build\n### ❌ ecs-pullfix check: checkout \\(')).toBe(true);
      expect(summary).toContain('would not start');
      expect(summary).toContain('| 1 | no-egress-path |');
      expect(summary).toMatch(/\| \d \| missing-endpoint:ecr\.dkr \|/);
    });

    it('junit: XML a JUnit reader accepts, failed test cases for what stops the task', async () => {
      const run = await check('--format', 'junit');
      expect(run.code).toBe(2);
      expect(XMLValidator.validate(run.stdout)).toBe(true);
      const result = parseTestResults({ type: 'junit', files: [tempFile('report.xml', run.stdout)] });
      expect(result.status).toBe('FAIL');
      expect(result.failed).toBeGreaterThan(0);
      const failedCases = result.suites.flatMap((s) => s.cases.filter((c) => c.status === 'FAIL'));
      expect(failedCases.map((c) => c.stack_trace).join('\n')).toContain('no-egress-path');
    });

    it('github: names from the file cannot add a workflow command, whatever they hold', async () => {
      const hostile = registerInput('checkout', `${image}\n::add-mask::${MOTO_ACCOUNT}`);
      const container = { ...hostile.containerDefinitions[0], name: 'app\r\n::set-output name=deploy::skip' };
      const td = tempFile('taskdef.json', JSON.stringify({ ...hostile, containerDefinitions: [container] }));
      const run = await runCommand(['check', '--task-definition', td, ...network, '--format', 'github'], {
        env: env(),
      });
      expect(run.code).toBe(2);
      const commands = commandLines(run.stdout);
      const token = commands
        .find((l) => l.startsWith('::stop-commands::'))
        ?.slice('::stop-commands::'.length);
      // Outside the fence, only annotations. Inside it the report may wrap a name onto a line of
      // its own that looks like a command (it does here): the runner runs none there, and only
      // the closing token, which the report does not hold, ends the fence.
      const fence = commands.indexOf(`::stop-commands::${token}`);
      for (const line of commands.slice(0, fence))
        expect(line).toMatch(/^::(error|warning) file=[^:,]*,title=[^:,]*::/);
      const inside = commands.slice(fence + 1);
      expect(inside.filter((l) => l.trim().toLowerCase().startsWith(`::${token}`))).toEqual([`::${token}::`]);
      expect(inside.at(-1)).toBe(`::${token}::`);
    });

    it('a service, not a file: the same formats for check --cluster --service', async () => {
      const run = await runCommand(
        ['check', '--cluster', 'prod-apps', '--service', 'checkout', '--format', 'junit'],
        {
          env: env(),
        },
      );
      expect(run.code).toBe(2);
      const result = parseTestResults({ type: 'junit', files: [tempFile('report.xml', run.stdout)] });
      expect(result.suites.map((s) => s.name)).toEqual(['prod-apps / checkout']);
      expect(result.failed).toBeGreaterThan(0);
    });

    it('a subnet EC2 does not know: 252, not a green gate with the network "not checked"', async () => {
      const run = await runCommand(
        ['check', '--task-definition', file, '--subnets', 'subnet-0bad1d00', ...network.slice(2)],
        { env: env() },
      );
      expect(run.code).toBe(252);
      expect(run.stdout).toBe('');
      expect(linesOf(run.stderr)).toEqual([
        expect.stringMatching(/^ecs-pullfix: EC2 does not know the network given: .*subnet-0bad1d00/),
      ]);
    });

    it('json: one document naming the file and the network it was checked in', async () => {
      const run = await check('--json');
      expect(run.code).toBe(2);
      const doc = JSON.parse(run.stdout) as Record<string, unknown>;
      expect(doc).toMatchObject({
        taskDefinitionFile: file,
        service: 'checkout',
        wouldStart: false,
        network: { assignPublicIp: 'DISABLED' },
      });
    });
  });

  describe('a task definition about to be registered, for private subnets behind a NAT gateway', () => {
    let network: string[];
    beforeAll(async () => {
      await resetMoto(url);
      const { ids } = await buildInMoto(loadScenario('nat-public-subnet-main-table-healthy'), url);
      network = [
        '--subnets',
        `${ids.get('subnet-0a3ff56e1f04cda0a')},${ids.get('subnet-02e8f348877a5e3bc')}`,
        '--security-groups',
        ids.get('sg-08e8b950ef96ee4ca') ?? '',
      ];
    }, 60_000);

    it('exit 0 in every format; github has no error annotation, junit no failure', async () => {
      const file = tempFile(
        'taskdef.json',
        JSON.stringify({
          taskDefinition: registerInput('edge-proxy', 'ghcr.io/acme-platform/edge-proxy:v2.4.0'),
        }),
      );
      const args = ['check', '--task-definition', file, ...network, '--cluster', 'edge'];
      const text: Run = await runCommand(args, { env: env() });
      expect(text.stderr).toBe('');
      expect(text.code).toBe(0);
      expect(linesOf(text.stdout)[0]).toBe('Nothing found that would stop a new task from starting.');
      const summaryFile = tempFile('step-summary.md', '');
      const github = await runCommand([...args, '--format', 'github'], {
        env: env({ GITHUB_STEP_SUMMARY: summaryFile }),
      });
      expect(github.code).toBe(0);
      expect(commandLines(github.stdout).filter((l) => l.startsWith('::error'))).toEqual([]);
      expect(readFileSync(summaryFile, 'utf8')).toMatch(
        /^### ✅ ecs-pullfix check: edge-proxy .* would start\n/,
      );
      const junit = await runCommand([...args, '--format', 'junit'], { env: env() });
      expect(junit.code).toBe(0);
      const result = parseTestResults({ type: 'junit', files: [tempFile('report.xml', junit.stdout)] });
      expect(result.failed).toBe(0);
      expect(result.total).toBeGreaterThan(0);
    });
  });
}
