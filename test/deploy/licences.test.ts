import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/fixtures.js';

/**
 * `npm run licences` (build/licences.mjs) on fabricated projects: a package-lock.json, the
 * manifests npm installed, and the metafile esbuild would write for a bundle.
 */
type LockEntry = { version: string; license?: string; dev?: true; name?: string };
type Project = {
  lock: Record<string, LockEntry>;
  manifests?: Record<string, Record<string, unknown>>;
  bundle?: string[];
};

function licences(project: Project): { code: number | null; stdout: string; stderr: string } {
  const root = mkdtempSync(join(tmpdir(), 'pullfix-licences-'));
  const lock = {
    name: 'app',
    lockfileVersion: 3,
    packages: { '': { name: 'app', license: 'Apache-2.0' }, ...project.lock },
  };
  writeFileSync(join(root, 'package-lock.json'), JSON.stringify(lock));
  for (const [dir, manifest] of Object.entries(project.manifests ?? {})) {
    mkdirSync(join(root, dir), { recursive: true });
    writeFileSync(join(root, dir, 'package.json'), JSON.stringify(manifest));
  }
  const args = ['--root', root];
  if (project.bundle) {
    const metafile = join(root, 'lambda.meta.json');
    const inputs = Object.fromEntries(project.bundle.map((path) => [path, { bytes: 100, imports: [] }]));
    writeFileSync(metafile, JSON.stringify({ inputs, outputs: {} }));
    args.push('--metafile', `lambda=${metafile}`);
  } else args.push('--lock-only');
  const run = spawnSync(process.execPath, [join(ROOT, 'build/licences.mjs'), ...args], { encoding: 'utf8' });
  rmSync(root, { recursive: true, force: true });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('npm run licences', () => {
  it('passes a production tree of permissive licences and counts each licence', () => {
    const { code, stdout } = licences({
      lock: {
        'node_modules/commander': { version: '14.0.3', license: 'MIT' },
        'node_modules/yaml': { version: '2.9.1', license: 'ISC' },
        'node_modules/@smithy/core': { version: '3.41.0', license: 'Apache-2.0' },
        'node_modules/@aws-sdk/core': { version: '3.1164.0', license: 'Apache-2.0' },
        'node_modules/dual': { version: '1.0.0', license: '(MIT OR GPL-3.0-only)' },
      },
    });
    expect(code).toBe(0);
    expect(stdout).toContain('licences of 5 packages (install 5)');
    expect(stdout).toMatch(/^ +2 {2}Apache-2\.0$/m);
    expect(stdout).toMatch(/^ +1 {2}ISC$/m);
    expect(stdout).toContain('licences ok: nothing copyleft, nothing unknown');
  });

  it.each([
    'GPL-3.0-only',
    'GPL-2.0+',
    'LGPL-2.1-or-later',
    'AGPL-3.0',
    'MPL-2.0',
    'EUPL-1.2',
    'SSPL-1.0',
    'CC-BY-SA-4.0',
    'MIT AND LGPL-3.0-only',
    'GPL-2.0-only WITH Classpath-exception-2.0',
  ])('fails on a production package licensed %s, and names it', (licence) => {
    const { code, stderr } = licences({
      lock: {
        'node_modules/commander': { version: '14.0.3', license: 'MIT' },
        'node_modules/left-pad': { version: '1.3.0', license: licence },
      },
    });
    expect(code).toBe(1);
    expect(stderr).toContain(`copyleft: left-pad@1.3.0 (${licence}) in install`);
    expect(stderr).toContain('licence check failed: 1 copyleft, 0 unknown');
  });

  it.each([
    ['no licence at all', {}, '(none)'],
    [
      'a licence file instead of an SPDX id',
      { license: 'SEE LICENSE IN LICENSE.md' },
      'SEE LICENSE IN LICENSE.md',
    ],
    ['UNLICENSED (proprietary)', { license: 'UNLICENSED' }, 'UNLICENSED'],
    ['an expression that does not parse', { license: '(MIT OR' }, '(MIT OR'],
  ])('fails on a production package with %s', (_, licence, shown) => {
    const { code, stderr } = licences({
      lock: { 'node_modules/mystery': { version: '0.1.0', ...licence } },
    });
    expect(code).toBe(1);
    expect(stderr).toContain(`unknown: mystery@0.1.0 (${shown}) in install`);
  });

  it('reads the installed package.json when the lock records no licence (the old `licenses` array too)', () => {
    const { code, stderr } = licences({
      lock: { 'node_modules/old': { version: '0.0.9' } },
      manifests: { 'node_modules/old': { name: 'old', version: '0.0.9', licenses: [{ type: 'GPL-2.0' }] } },
    });
    expect(code).toBe(1);
    expect(stderr).toContain('copyleft: old@0.0.9 (GPL-2.0) in install');
  });

  it('ignores dev dependencies: npm ci --omit=dev does not install them and no bundle holds them', () => {
    const { code } = licences({
      lock: {
        'node_modules/commander': { version: '14.0.3', license: 'MIT' },
        'node_modules/some-linter': { version: '2.0.0', license: 'GPL-3.0-only', dev: true },
      },
    });
    expect(code).toBe(0);
  });

  it('fails on a copyleft dev dependency that esbuild bundled into the Lambda', () => {
    const { code, stdout, stderr } = licences({
      lock: {
        'node_modules/commander': { version: '14.0.3', license: 'MIT' },
        'node_modules/some-helper': { version: '2.0.0', license: 'GPL-3.0-only', dev: true },
      },
      manifests: {
        'node_modules/commander': { name: 'commander', version: '14.0.3', license: 'MIT' },
        'node_modules/some-helper': { name: 'some-helper', version: '2.0.0', license: 'GPL-3.0-only' },
      },
      bundle: [
        'handlers/stopped-task.ts',
        'node_modules/commander/lib/command.js',
        'node_modules/some-helper/dist/esm/index.js',
      ],
    });
    expect(code).toBe(1);
    expect(stdout).toContain('licences of 2 packages (install 1, lambda 2)');
    expect(stderr).toContain('copyleft: some-helper@2.0.0 (GPL-3.0-only) in lambda');
  });

  it('tells nested copies of a package apart by version, each from its own folder', () => {
    const { code, stderr } = licences({
      lock: {
        'node_modules/tslib': { version: '2.8.1', license: '0BSD' },
        'node_modules/a/node_modules/tslib': { version: '1.14.1', name: 'tslib', license: 'MPL-2.0' },
      },
    });
    expect(code).toBe(1);
    expect(stderr).toContain('copyleft: tslib@1.14.1 (MPL-2.0) in install');
    expect(stderr).not.toContain('tslib@2.8.1');
  });
});
