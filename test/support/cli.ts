import { PassThrough, Readable, Writable } from 'node:stream';
import { main } from '../../src/cli/main.js';

/** Runs the CLI in-process on `args` with `stdin` as standard input; collects what it prints. */
export async function runCli(
  args: readonly string[],
  stdin = '',
  env: Readonly<Record<string, string | undefined>> = {},
  extra: Readonly<{ ask?: (question: string) => Promise<string> }> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (b: Buffer) => out.push(b));
  stderr.on('data', (b: Buffer) => err.push(b));
  const code = await main(['node', 'ecs-pullfix', ...args], {
    stdin: Readable.from([stdin]),
    stdout,
    stderr,
    env,
    ...extra,
  });
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

/** A stream that keeps what is written to it (`text`), a terminal or not. */
export function textSink(isTTY = false): Writable & { text: string; isTTY: boolean } {
  const sink = Object.assign(
    new Writable({
      write(chunk, _, done) {
        sink.text += String(chunk);
        done();
      },
    }),
    { text: '', isTTY },
  );
  return sink;
}
