import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';
import { Command, CommanderError } from 'commander';
import { InvalidInputError, PullfixError } from '../errors.js';
import { runClassify } from './classify-command.js';
import { runDemo } from './demo-command.js';

/** Exit codes, after the AWS CLI's: 0 done; 1 some input could not be processed; 252 bad usage or input; 255 unexpected. */
export const EXIT = { ok: 0, partial: 1, usage: 252, unexpected: 255 } as const;

export type Io = Readonly<{ stdin: Readable; stdout: Writable; stderr: Writable }>;

/** Runs the CLI on `argv` (as `process.argv`); resolves to the exit code. Never calls `process.exit`. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  let code: number = EXIT.ok;
  const program = new Command('ecs-pullfix')
    .description(
      'Diagnoses Amazon ECS tasks that never started, with evidence, and fixes their network path.',
    )
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError('(run with --help for usage)');

  program
    .command('classify')
    .description(
      'classify stop reasons: JSON Lines of ECS events, event details or {stoppedReason, stopCode, containers}',
    )
    .argument('[file]', "a JSON Lines file, or '-' for standard input", '-')
    .option('--json', 'print one JSON document per input line', false)
    .action(async (file: string, opts: { json: boolean }) => {
      code = await runClassify(await openInput(file, io.stdin), io.stdout, opts);
    });

  program
    .command('demo')
    .description('run ecs-pullfix on the built-in examples, with no AWS account')
    .action(async () => {
      code = await runDemo(io.stdout);
    });

  try {
    await program.parseAsync([...argv]);
    return code;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (e instanceof InvalidInputError) {
      io.stderr.write(`ecs-pullfix: ${e.message}\n`);
      return EXIT.usage;
    }
    const message = e instanceof PullfixError || e instanceof Error ? e.message : String(e);
    io.stderr.write(`ecs-pullfix: unexpected error: ${message}\n`);
    return EXIT.unexpected;
  }
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
