import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';
import { Command, CommanderError } from 'commander';
import { loadSettings, type Settings } from '../config.js';
import { MODES, parseMode } from '../core/mode.js';
import { AwsCallError, ConfigError, InvalidEventError, InvalidInputError, PullfixError } from '../errors.js';
import { VERSION } from '../version.js';
import { addCheckCommands } from './commands-check.js';
import { addHistoryCommands } from './commands-history.js';
import { addManagedCommands } from './commands-managed.js';
import { terminalAsk } from './confirm.js';
import { EXIT } from './exit-codes.js';
import { terminalSafeStream } from './output.js';
import type { ReportFlags } from './report-commands.js';
import { type Io, PROFILE_HELP, REGION_HELP, REGION_HELP_REPLAY, type Shell } from './shell.js';

export type { Io };
export { EXIT };

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
  addManagedCommands(program, shell);
  addHistoryCommands(program, shell);
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
    .argument('[event-file]', 'a JSON file holding one EventBridge event')
    .option(
      '--incident <id>',
      'instead of an event file: an incident the table keeps (history lists them), diagnosed again today, with what changed since',
    );
  reportOptions(replay, {
    topicArn: 'publish the notice to this SNS topic, as the Lambda does (default: ECS_PULLFIX_TOPIC_ARN)',
    table: 'keep incidents in this DynamoDB table, as the Lambda does (default: ECS_PULLFIX_TABLE)',
    region: REGION_HELP_REPLAY,
  })
    .option(
      '--role-name <name>',
      "for an event of another account: assume its role NAME-<region> (a NAME already ending in -<region> as it is) for the reads, and auto-fix's writes",
    )
    .action(async (file: string | undefined, opts: ReportFlags & { incident?: string }) => {
      if (opts.incident !== undefined) {
        if (file !== undefined) throw new InvalidInputError('give an event file or --incident ID, not both');
        const { runReplayIncident } = await import('./replay-incident.js');
        exit(await runReplayIncident(opts.incident, opts, io.env, settings(), stdout, stderr, ask));
        return;
      }
      if (file === undefined)
        throw new InvalidInputError(
          'replay needs an event file, or --incident ID (an incident history lists)',
        );
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
