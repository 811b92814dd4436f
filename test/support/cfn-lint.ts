import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * cfn-lint on a template file: its exit status and findings (`ignore`: check ids left out, as
 * CI leaves out W8003 for the hub's packaged template). cfn-lint is on the project's machines
 * and CI's image; when it is missing the test fails saying so, it never skips.
 */
export function cfnLint(
  path: string,
  ignore: readonly string[] = [],
): { status: number | null; findings: string } {
  const ignored = ignore.length > 0 ? ['--ignore-checks', ...ignore] : [];
  const run = spawnSync('cfn-lint', ['--format', 'parseable', ...ignored, '--', path], { encoding: 'utf8' });
  if ((run.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT')
    throw new Error('cfn-lint is not installed (pip install cfn-lint): the templates cannot be linted');
  if (run.error) throw run.error;
  return { status: run.status, findings: `${run.stdout}${run.stderr}`.trim() };
}

/** cfn-lint on a parsed template, written to a file of its own (removed after). */
export function cfnLintTemplate(
  template: unknown,
  ignore: readonly string[] = [],
): { status: number | null; findings: string } {
  const dir = mkdtempSync(join(tmpdir(), 'pullfix-lint-'));
  try {
    const path = join(dir, 'template.json');
    writeFileSync(path, JSON.stringify(template));
    return cfnLint(path, ignore);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
