import { describe, expect, it } from 'vitest';
import { linesOf, runCommand, tempFile } from '../support/command.js';

/**
 * `check`'s two forms, a service (`--cluster --service`) or a task definition file
 * (`--task-definition` with its network), told apart on the command line: a mix, a missing
 * flag or a bad file is exit 252 with one line saying what to give, said before any credential
 * is looked for (none is set here) and with nothing on standard output.
 */

const fargate = {
  family: 'checkout',
  networkMode: 'awsvpc',
  requiresCompatibilities: ['FARGATE'],
  containerDefinitions: [{ name: 'app', image: 'public.ecr.aws/nginx/nginx:1.27' }],
};
const FILE = tempFile('taskdef.json', JSON.stringify(fargate));
const NETWORK = ['--subnets', 'subnet-0a1b2c3d', '--security-groups', 'sg-0f1e2d3c'];

describe('check: a service or a task definition file, and what each needs', () => {
  it.each([
    {
      args: ['check', '--task-definition', FILE, '--service', 'checkout', ...NETWORK],
      says: '--task-definition and --service: give one of them (a file, or a service to read)',
    },
    {
      args: ['check', '--task-definition', FILE, '--security-groups', 'sg-0f1e2d3c'],
      says: '--task-definition needs --subnets (the subnets the task would run in)',
    },
    {
      args: ['check', '--cluster', 'prod-apps', '--service', 'checkout', '--subnets', 'subnet-0a1b2c3d'],
      says: '--subnets is for --task-definition',
    },
    {
      args: ['check', '--service', 'checkout'],
      says: "required option '--cluster <cluster>' not specified (or give --task-definition FILE)",
    },
    {
      args: ['check', '--task-definition', FILE, ...NETWORK, '--format', 'sarif'],
      says: '--format sarif must be one of text, json, github, junit',
    },
    {
      args: ['check', '--task-definition', tempFile('taskdef.json', '{"family":'), ...NETWORK],
      says: 'is not JSON',
    },
    {
      args: [
        'check',
        '--task-definition',
        tempFile('td.json', JSON.stringify({ ...fargate, networkMode: 'bridge' })),
        ...NETWORK,
      ],
      says: 'network mode bridge: check --task-definition checks an awsvpc task in the subnets given',
    },
    {
      args: ['check', '--task-definition', '/nonexistent/taskdef.json', ...NETWORK],
      says: 'cannot read /nonexistent/taskdef.json',
    },
  ])('ecs-pullfix $args.0 $args.1 … → 252: $says', async ({ args, says }) => {
    const run = await runCommand(args);
    expect(run.code).toBe(252);
    expect(run.stdout).toBe('');
    expect(linesOf(run.stderr)).toEqual([expect.stringContaining(says)]);
  });

  it('--help names both forms and the CI formats', async () => {
    const run = await runCommand(['check', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('--task-definition <file>');
    expect(run.stdout).toContain('--format <format>');
  });
});
