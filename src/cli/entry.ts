import { main } from './main.js';

/**
 * The installed command's process: the real environment, the real streams, the exit code.
 * `bin/ecs-pullfix.js` loads this file's bundle (built by `npm ci`, see build/cli.mjs).
 */
// The SDK warns on every run under Node 20 that its 2027 releases will need Node 22. Lambda
// runs Node 22; on a laptop the warning is noise on every command (README: supported versions).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  // `ecs-pullfix classify big.jsonl | head` closes the pipe early: that is not an error.
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
process.exitCode = await main(process.argv, {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
