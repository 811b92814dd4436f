import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';
import { Command, CommanderError } from 'commander';
import { loadSettings, type Settings } from '../config.js';
import { MODES, parseMode } from '../core/mode.js';
import { AwsCallError, ConfigError, InvalidEventError, InvalidInputError, PullfixError } from '../errors.js';
import { VERSION } from '../version.js';
import { type Ask, terminalAsk } from './confirm.js';
import { EXIT } from './exit-codes.js';
import { terminalSafeStream } from './output.js';
import type { ReportFlags } from './report-commands.js';

export { EXIT };

const REGION_HELP = 'the AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, the profile’s region)';
const REGION_HELP_REPLAY = `${REGION_HELP.slice(0, -1)}, the event’s)`;
const PROFILE_HELP =
  'a named profile from the AWS config files, exactly as AWS_PROFILE (default: AWS_PROFILE)';

export type Io = Readonly<{
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  /** The environment (`process.env` in the installed command): read once, here. */
  env: Readonly<Record<string, string | undefined>>;
  /** How to ask a person (default: on the terminal, when standard input is one). */
  ask?: Ask;
}>;

/** What every command's action is given: the streams, the environment, the settings, its exit code. */
type Shell = Readonly<{
  io: Io;
  stdout: Writable;
  stderr: Writable;
  ask: Ask | undefined;
  /** ecs-pullfix's own variables, parsed once, when a command first needs them. */
  settings: () => Settings;
  exit: (code: number) => void;
}>;

/** Runs the CLI on `argv` (as `process.argv`); resolves to the exit code. Never calls `process.exit`. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  // Everything ecs-pullfix writes passes one last sanitizer (no escape reaches the terminal);
  // the question is asked on the raw stream: readline writes its own line-editing escapes.
  const stdout = terminalSafeStream(io.stdout);
  const stderr = terminalSafeStream(io.stderr);
  let code: number = EXIT.ok;
  let settings: Settings | undefined;
  const shell: Shell = {
    io,
    stdout,
    stderr,
    ask: io.ask ?? terminalAsk(io.stdin, io.stderr),
    settings: () => {
      if (settings) return settings;
      settings = loadSettings(io.env);
      for (const name of settings.unknown)
        stderr.write(`ecs-pullfix: warning: ${name} is not a variable ecs-pullfix reads (ignored)\n`);
      return settings;
    },
    exit: (c) => {
      code = c;
    },
  };
  const program = new Command('ecs-pullfix')
    .description(
      'Diagnoses Amazon ECS tasks that never started, with evidence, and fixes their network path.',
    )
    .version(VERSION, '--version', 'print the version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => stdout.write(s), writeErr: (s) => stderr.write(s) })
    .showHelpAfterError('(run with --help for usage)');
  // Each command's code (the SDK clients above all) is loaded when that command runs, so
  // that --help, --version and classify start without loading what they do not use.
  addClassify(program, shell);
  addReportCommands(program, shell);
  addCheckCommands(program, shell);
  addDemo(program, shell);
  try {
    await program.parseAsync([...argv]);
    return code;
  } catch (e) {
    return exitCodeOf(e, stderr);
  }
}

function addClassify(program: Command, { io, stdout, exit }: Shell): void {
  program
    .command('classify')
    .description(
      'classify stop reasons: JSON Lines of ECS events, event details or {stoppedReason, stopCode, containers}',
    )
    .argument('[file]', "a JSON Lines file, or '-' for standard input", '-')
    .option('--json', 'print one JSON document per input line', false)
    .action(async (file: string, opts: { json: boolean }) => {
      const { runClassify } = await import('./classify-command.js');
      exit(await runClassify(await openInput(file, io.stdin), stdout, opts));
    });
}

/** `replay` and `diagnose`: the Lambda's path from a laptop, with the same options. */
function addReportCommands(program: Command, shell: Shell): void {
  const { io, stdout, stderr, ask, settings, exit } = shell;
  const replay = program
    .command('replay')
    .description(
      "run the Lambda's pipeline on a saved ECS Task State Change event, against the current AWS environment",
    )
    .argument('<event-file>', 'a JSON file holding one EventBridge event');
  reportOptions(replay, {
    topicArn: 'publish the notice to this SNS topic, as the Lambda does (default: ECS_PULLFIX_TOPIC_ARN)',
    table: 'keep incidents in this DynamoDB table, as the Lambda does (default: ECS_PULLFIX_TABLE)',
    region: REGION_HELP_REPLAY,
  })
    .option(
      '--role-name <name>',
      "for an event of another account: assume its role NAME-<region> (a NAME already ending in -<region> as it is) for the reads, and auto-fix's writes",
    )
    .action(async (file: string, opts: ReportFlags) => {
      const { runReplay } = await import('./report-commands.js');
      exit(await runReplay(file, opts, io.env, settings(), stdout, stderr, ask));
    });
  const diagnose = program
    .command('diagnose')
    .description('diagnose a stopped task ECS still remembers (about an hour after it stopped)')
    .requiredOption('--cluster <cluster>', 'the cluster name or ARN')
    .requiredOption('--task <task>', 'the task id or ARN');
  reportOptions(diagnose, {
    topicArn: 'publish the notice to this SNS topic (default: ECS_PULLFIX_TOPIC_ARN)',
    table: 'keep incidents in this DynamoDB table (default: ECS_PULLFIX_TABLE)',
    region: REGION_HELP,
  }).action(async (opts: ReportFlags & { cluster: string; task: string }) => {
    const { runDiagnose } = await import('./report-commands.js');
    exit(await runDiagnose(opts, io.env, settings(), stdout, stderr, ask));
  });
}

function reportOptions(
  command: Command,
  help: Readonly<{ topicArn: string; table: string; region: string }>,
): Command {
  return command
    .option('--json', 'print one JSON document', false)
    .option('--show-notice', 'print the notice (the e-mail text) after the report', false)
    .option('--mode <mode>', 'notify | dry-run | auto-fix (default: the cluster tag, at most dry-run)')
    .option('--topic-arn <arn>', help.topicArn)
    .option('--table <name>', help.table)
    .option('--yes', 'with --mode auto-fix: apply without asking (needed where there is no terminal)', false)
    .option('--region <region>', help.region)
    .option('--profile <profile>', PROFILE_HELP);
}

type ScanOpts = {
  cluster?: string[];
  json: boolean;
  region?: string;
  profile?: string;
  accounts?: string;
  organization?: boolean;
  roleName?: string;
};

/** `check` and `scan`: services diagnosed before their next task fails. */
function addCheckCommands(program: Command, { io, stdout, stderr, settings, exit }: Shell): void {
  program
    .command('check')
    .description(
      "preflight: diagnose a service's next task before it fails (its task definition and network); exit 2 when it would fail to start",
    )
    .requiredOption('--cluster <cluster>', 'the cluster name or ARN')
    .requiredOption('--service <service>', 'the service name')
    .option('--json', 'print one JSON document', false)
    .option('--region <region>', REGION_HELP)
    .option('--profile <profile>', PROFILE_HELP)
    .action(
      async (opts: {
        cluster: string;
        service: string;
        json: boolean;
        region?: string;
        profile?: string;
      }) => {
        const { runCheck } = await import('./check-command.js');
        exit(await runCheck(opts, io.env, settings(), stdout, stderr));
      },
    );
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

function addDemo(program: Command, { stdout, exit }: Shell): void {
  program
    .command('demo')
    .description(
      'run ecs-pullfix on a built-in simulated AWS account: every scenario, or the one named in all three modes',
    )
    .argument('[scenario]', 'a scenario name (a file in scenarios/, without .yaml)')
    .option('--mode <mode>', 'run in this mode only: notify | dry-run | auto-fix')
    .action(async (name: string | undefined, opts: { mode?: string }) => {
      const mode = opts.mode === undefined ? undefined : parseMode(opts.mode);
      if (opts.mode !== undefined && !mode)
        throw new InvalidInputError(`--mode ${opts.mode} must be one of ${MODES.join(', ')}`);
      const { runDemo } = await import('./demo-command.js');
      exit(await runDemo(stdout, name, mode));
    });
}

/** The exit code of a failed command, after the AWS CLI's (see exit-codes.ts), with its one line on stderr. */
function exitCodeOf(e: unknown, stderr: Writable): number {
  if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
  if (e instanceof InvalidInputError || e instanceof InvalidEventError) {
    stderr.write(`ecs-pullfix: ${e.message}\n`);
    return EXIT.usage;
  }
  if (e instanceof ConfigError) {
    stderr.write(`ecs-pullfix: ${e.message}\n`);
    return EXIT.config;
  }
  if (e instanceof AwsCallError) {
    stderr.write(`ecs-pullfix: an AWS call failed: ${e.message}\n`);
    return EXIT.aws;
  }
  if (isMissingRegionOrCredentials(e)) {
    stderr.write(
      `ecs-pullfix: ${(e as Error).message} (set AWS_REGION or pass --region; set credentials or AWS_PROFILE)\n`,
    );
    return EXIT.config;
  }
  const message = e instanceof PullfixError || e instanceof Error ? e.message : String(e);
  stderr.write(`ecs-pullfix: unexpected error: ${message}\n`);
  return EXIT.unexpected;
}

function isMissingRegionOrCredentials(e: unknown): boolean {
  return (
    e instanceof Error && (/Region is missing/i.test(e.message) || e.name === 'CredentialsProviderError')
  );
}

async function openInput(file: string, stdin: Readable): Promise<Readable> {
  if (file === '-') return stdin;
  try {
    await access(file);
  } catch (e) {
    throw new InvalidInputError(`cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`, {
      cause: e,
    });
  }
  return createReadStream(file, { encoding: 'utf8' });
}
