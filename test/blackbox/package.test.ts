import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCommand } from '../support/command.js';

/**
 * What `npm pack` makes is what people install: its command must run from the tarball alone,
 * with no repository and no `node_modules` beside it (the bundle holds what it imports).
 */
describe('the package npm pack makes', () => {
  let unpacked = '';
  let files: string[] = [];

  beforeAll(() => {
    const out = mkdtempSync(join(tmpdir(), 'pullfix-pack-'));
    // The global set-up built dist/ already; packing must not rebuild it under the other tests.
    const [pack] = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', out], {
        cwd: ROOT,
        encoding: 'utf8',
      }),
    ) as { filename: string; files: { path: string }[] }[];
    files = (pack?.files ?? []).map((f) => f.path);
    execFileSync('tar', ['-xzf', join(out, pack?.filename ?? ''), '-C', out]);
    unpacked = join(out, 'package');
  }, 60_000);

  it('holds the command, its bundle, the scenarios and the docs, and no sources or tests', () => {
    expect(files).toContain('bin/ecs-pullfix.js');
    expect(files).toContain('dist/cli/ecs-pullfix.mjs');
    expect(files).toContain('scenarios/no-egress-no-endpoints.yaml');
    expect(files).toContain('docs/network.md');
    expect(files.filter((f) => /^(src|test|bench|handlers)\//.test(f))).toEqual([]);
    expect(existsSync(join(unpacked, 'node_modules'))).toBe(false);
  });

  it('runs --version and --help from the unpacked tarball alone', async () => {
    const bin = join(unpacked, 'bin', 'ecs-pullfix.js');
    expect((await runCommand(['--version'], { bin })).code).toBe(0);
    const help = await runCommand(['--help'], { bin });
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: ecs-pullfix/);
  });

  it('runs the demo from the unpacked tarball alone', async () => {
    const bin = join(unpacked, 'bin', 'ecs-pullfix.js');
    const run = await runCommand(['demo', 'no-egress-no-endpoints', '--mode', 'auto-fix'], { bin });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('no-egress-path');
    expect(run.stdout).toMatch(/Fixed: created interface endpoints for ecr\.api, ecr\.dkr and logs/);
  });
});
