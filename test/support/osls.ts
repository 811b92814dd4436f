import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './fixtures.js';

/** The CloudFormation template `osls package` writes, as parsed JSON. */
export type PackagedTemplate = {
  Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
  Conditions: Record<string, unknown>;
};

/**
 * serverless.yml packaged offline by osls for stage `ci` in `region`, with `--param=` for each
 * of `params`: the template it writes, parsed. Packaged into a folder of its own (removed after),
 * so that another test packaging at the same time cannot swap the template under it.
 */
export function packagedTemplate(region: string, params: readonly string[] = []): PackagedTemplate {
  const out = mkdtempSync(join(tmpdir(), 'pullfix-package-'));
  try {
    packageInto(out, region, params);
    return JSON.parse(readFileSync(join(out, 'cloudformation-template-update-stack.json'), 'utf8'));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/**
 * The function's zip as `osls package` writes it (stage `ci`, us-east-1), unzipped into a
 * folder of its own: the folder and the files it holds (paths relative to it). The caller
 * removes the folder.
 */
export function packagedFunction(): { dir: string; files: string[] } {
  const out = mkdtempSync(join(tmpdir(), 'pullfix-package-'));
  try {
    packageInto(out, 'us-east-1', []);
    const zip = readdirSync(out).find((f) => f.endsWith('.zip'));
    if (!zip) throw new Error(`osls package wrote no zip: ${readdirSync(out).join(', ')}`);
    const dir = mkdtempSync(join(tmpdir(), 'pullfix-unzipped-'));
    execFileSync('unzip', ['-q', join(out, zip), '-d', dir]);
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) =>
      statSync(join(dir, f)).isFile(),
    );
    return { dir, files };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function packageInto(out: string, region: string, params: readonly string[]): void {
  execFileSync(
    process.execPath,
    [
      `${ROOT}node_modules/osls/bin/serverless.js`,
      'package',
      '--stage',
      'ci',
      '--region',
      region,
      '--package',
      out,
      ...params.map((p) => `--param=${p}`),
    ],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        AWS_ACCESS_KEY_ID: 'offline',
        AWS_SECRET_ACCESS_KEY: 'offline',
        SLS_TELEMETRY_DISABLED: '1',
      },
      stdio: 'pipe',
    },
  );
}
