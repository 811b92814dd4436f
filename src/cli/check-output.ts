import { randomUUID } from 'node:crypto';
import { appendFile } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { InvalidInputError } from '../errors.js';
import type { Preflight } from '../pipeline/preflight.js';
import { githubOutput, jobSummary } from './check-github.js';
import { junitReport } from './check-junit.js';
import { checkReportOf } from './check-report.js';
import { columnsOf } from './columns.js';

/** How `check` prints its answer: for a person, one JSON document, or for a CI system. */
export const CHECK_FORMATS = ['text', 'json', 'github', 'junit'] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];

/** `--format` and the older `--json`, as one format (`--json` is `--format json`). */
export function checkFormatOf(flags: Readonly<{ format?: string; json?: boolean }>): CheckFormat {
  const format = flags.format ?? (flags.json ? 'json' : 'text');
  if (!(CHECK_FORMATS as readonly string[]).includes(format))
    throw new InvalidInputError(`--format ${format} must be one of ${CHECK_FORMATS.join(', ')}`);
  if (flags.json && format !== 'json')
    throw new InvalidInputError(`--json and --format ${format}: give one of them`);
  return format as CheckFormat;
}

/** What writing the answer needs besides the preflight: the text renderers and the environment. */
export type CheckOutput = Readonly<{
  format: CheckFormat;
  out: Writable;
  err: Writable;
  /** The environment passed in (GITHUB_STEP_SUMMARY is read from it, never from the process). */
  env: Readonly<Record<string, string | undefined>>;
  text: (p: Preflight, width: number) => string;
  json: (p: Preflight) => Record<string, unknown>;
}>;

/**
 * Writes `check`'s answer in its format. With `github`, the job summary is appended to the
 * file GITHUB_STEP_SUMMARY names (as GitHub's runner sets it); where it is not set (outside
 * GitHub Actions) no summary is written: the annotations and the report on standard output say
 * the same. A summary that cannot be written is a warning on stderr, never the step's failure:
 * the exit code stays the check's.
 */
export async function writeCheck(p: Preflight, o: CheckOutput): Promise<void> {
  switch (o.format) {
    case 'text':
      o.out.write(`${o.text(p, columnsOf(o.out))}\n`);
      return;
    case 'json':
      o.out.write(`${JSON.stringify(o.json(p))}\n`);
      return;
    case 'junit':
      o.out.write(junitReport(checkReportOf(p)));
      return;
    case 'github': {
      const report = checkReportOf(p);
      o.out.write(githubOutput(report, o.text(p, columnsOf(o.out)), () => randomUUID().replaceAll('-', '')));
      const summary = o.env.GITHUB_STEP_SUMMARY;
      if (!summary) return;
      await appendFile(summary, `${jobSummary(report)}\n`).catch((e: unknown) => {
        o.err.write(
          `ecs-pullfix: warning: the job summary could not be written to GITHUB_STEP_SUMMARY (${e instanceof Error ? e.message : String(e)})\n`,
        );
      });
      return;
    }
  }
}
