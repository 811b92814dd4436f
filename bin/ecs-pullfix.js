#!/usr/bin/env node
// The `ecs-pullfix` command. It runs the TypeScript sources through tsx, so that
// `npx ecs-pullfix …` works straight after `npm ci`, with no build step to remember.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.stdout.on('error', (e) => {
  // `ecs-pullfix classify big.jsonl | head` closes the pipe early: that is not an error.
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
process.exitCode = await main(process.argv, {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
});
