import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../support/command.js';

/** Shared by both black-box projects within one vitest process: the CLI is built once a run. */
const BUILT = Symbol.for('ecs-pullfix.blackbox.cli-built');

/**
 * Builds the command the black-box tests run (`node build/cli.mjs`, as `npm ci` does), so that
 * they always run the current sources, never a stale `dist/`.
 */
export default function buildCli(): void {
  const state = globalThis as { [BUILT]?: boolean };
  if (state[BUILT]) return;
  execFileSync(process.execPath, [join(ROOT, 'build', 'cli.mjs')], { cwd: ROOT, stdio: 'inherit' });
  state[BUILT] = true;
}
