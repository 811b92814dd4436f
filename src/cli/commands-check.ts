import type { Command } from 'commander';
import { InvalidInputError } from '../errors.js';
import { PROFILE_HELP, REGION_HELP, type Shell } from './shell.js';

type ScanOpts = {
  cluster?: string[];
  json: boolean;
  region?: string;
  profile?: string;
  accounts?: string;
  organization?: boolean;
  roleName?: string;
};

type CheckOpts = {
  cluster?: string;
  service?: string;
  taskDefinition?: string;
  subnets?: string;
  securityGroups?: string;
  assignPublicIp: boolean;
  launchType?: string;
  format?: string;
  json: boolean;
  region?: string;
  profile?: string;
};

/** The flags that say where an unregistered task would run: meaningless for a service, which has its own. */
const FILE_ONLY = [
  ['subnets', '--subnets'],
  ['securityGroups', '--security-groups'],
  ['assignPublicIp', '--assign-public-ip'],
  ['launchType', '--launch-type'],
] as const;

/** `check` and `scan`: services diagnosed before their next task fails. */
export function addCheckCommands(program: Command, shell: Shell): void {
  program
    .command('check')
    .description(
      "preflight: diagnose a service's next task before it fails (its task definition and network), or a task definition file a deploy is about to register (--task-definition, in the network given); exit 2 when it would fail to start",
    )
    .option('--cluster <cluster>', 'the cluster name or ARN (with --task-definition: its name in the report)')
    .option('--service <service>', 'the service name')
    .option(
      '--task-definition <file>',
      'a task definition file not registered yet: the register-task-definition --cli-input-json input, or describe-task-definition output',
    )
    .option('--subnets <ids>', 'with --task-definition: the subnets the task would run in, comma-separated')
    .option('--security-groups <ids>', 'with --task-definition: its security groups, comma-separated')
    .option(
      '--assign-public-ip',
      'with --task-definition: the task gets a public IP (assignPublicIp ENABLED)',
      false,
    )
    .option(
      '--launch-type <type>',
      'with --task-definition: FARGATE or EC2 (default: what the file requires, FARGATE when it names it)',
    )
    .option(
      '--format <format>',
      'text | json | github (workflow commands and a job summary) | junit (JUnit XML)',
    )
    .option('--json', 'print one JSON document (--format json)', false)
    .option('--region <region>', REGION_HELP)
    .option('--profile <profile>', PROFILE_HELP)
    .action((opts: CheckOpts) => check(opts, shell));
  addScan(program, shell);
}

/** `check`: a task definition file (--task-definition) or a service (--cluster, --service). */
async function check(opts: CheckOpts, { io, stdout, stderr, settings, exit }: Shell): Promise<void> {
  const { checkFormatOf } = await import('./check-output.js');
  const format = checkFormatOf(opts);
  if (opts.taskDefinition !== undefined) {
    if (opts.service !== undefined)
      throw new InvalidInputError(
        '--task-definition and --service: give one of them (a file, or a service to read)',
      );
    const { runCheckFile } = await import('./check-file-command.js');
    return exit(
      await runCheckFile(
        { ...opts, taskDefinition: opts.taskDefinition },
        format,
        io.env,
        settings(),
        stdout,
        stderr,
      ),
    );
  }
  const fileOnly = FILE_ONLY.find(([key]) => opts[key] !== undefined && opts[key] !== false);
  if (fileOnly) throw new InvalidInputError(`${fileOnly[1]} is for --task-definition`);
  if (opts.cluster === undefined)
    throw new InvalidInputError(
      "required option '--cluster <cluster>' not specified (or give --task-definition FILE)",
    );
  if (opts.service === undefined)
    throw new InvalidInputError(
      "required option '--service <service>' not specified (or give --task-definition FILE)",
    );
  const { runCheck } = await import('./check-command.js');
  exit(
    await runCheck(
      { ...opts, cluster: opts.cluster, service: opts.service, format },
      io.env,
      settings(),
      stdout,
      stderr,
    ),
  );
}

function addScan(program: Command, { io, stdout, stderr, settings, exit }: Shell): void {
  program
    .command('scan')
    .description(
      'check every service of a cluster (or of every cluster in the region); exit 2 when any would fail to start',
    )
    .option('--cluster <cluster...>', 'the clusters to scan, by name or ARN (default: all in the region)')
    .option(
      '--accounts <ids>',
      'scan these accounts (12-digit ids, comma-separated) through their member role',
    )
    .option(
      '--organization',
      'scan every ACTIVE account of the organisation (organizations:ListAccounts: run from the management or a delegated administrator account)',
    )
    .option(
      '--role-name <name>',
      'with --accounts or --organization: the role to assume in each account, NAME-<region> (a NAME already ending in -<region> as it is; default: ecs-pullfix-member, so ecs-pullfix-member-<region>); your own account is read with your credentials',
    )
    .option('--json', 'print one JSON document', false)
    .option('--region <region>', REGION_HELP)
    .option('--profile <profile>', PROFILE_HELP)
    .action(async (opts: ScanOpts) => {
      if (opts.accounts !== undefined && opts.organization)
        throw new InvalidInputError('--accounts and --organization: give one of them');
      if (opts.accounts === undefined && !opts.organization) {
        if (opts.roleName !== undefined)
          throw new InvalidInputError('--role-name is for --accounts or --organization');
        const { runScan } = await import('./check-command.js');
        return exit(await runScan(opts, io.env, settings(), stdout, stderr));
      }
      const { runScanAccounts } = await import('./scan-accounts-run.js');
      exit(await runScanAccounts(opts, io.env, settings(), stdout, stderr));
    });
}
