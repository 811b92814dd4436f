import { checklistLine } from '../core/checklist.js';
import type { CheckReport } from './check-report.js';

/*
 * `check --format github`: GitHub Actions workflow commands on standard output, and a job
 * summary in markdown. The runner reads every line of a step's output that starts with `::`
 * as a command (https://docs.github.com/actions/reference/workflow-commands-for-github-actions),
 * so nothing untrusted may ever begin a line: a message is escaped as the Actions toolkit's
 * `escapeData` does (% CR LF), a property as its `escapeProperty` does (those, `:` and `,`),
 * and the plain report that follows the annotations is fenced by `stop-commands` with a token
 * the report does not contain (so no line of it can end the fence).
 */

/** A workflow command's message: `%`, CR and LF encoded (`%25`, `%0D`, `%0A`), `%` first. */
export function escapeData(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

/** A workflow command's property value: as a message, and `:` and `,` too (`%3A`, `%2C`). */
export function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

/** At most this many evidence lines per annotation: the check's text report has them all. */
const EVIDENCE_LINES = 4;

/** The annotations: an error per finding that stops the task, a warning per check not made. */
export function annotations(report: CheckReport): string[] {
  const file = report.file ? `file=${escapeProperty(report.file)},` : '';
  const errors = report.blocking.map((b) => {
    const message = [
      `${report.subject} would not start: ${b.key}`,
      ...b.evidence.slice(0, EVIDENCE_LINES).map((e) => `· ${e}`),
      `fix: ${b.fix}`,
    ].join('\n');
    return `::error ${file}title=${escapeProperty(`ecs-pullfix: ${b.key}`)}::${escapeData(message)}`;
  });
  const warnings = report.unchecked.map(
    (u) =>
      `::warning ${file}title=${escapeProperty(`ecs-pullfix: not checked (${u.check})`)}::${escapeData(u.why)}`,
  );
  return [...errors, ...warnings];
}

/**
 * Standard output for `--format github`: the annotations, then `text` (the report `check`
 * prints) between `::stop-commands::TOKEN` and `::TOKEN::`, so that the log shows it and the
 * runner runs nothing in it. `newToken` is asked again while a token occurs in the text.
 */
export function githubOutput(report: CheckReport, text: string, newToken: () => string): string {
  let token = newToken();
  while (token.length < 16 || text.toLowerCase().includes(token.toLowerCase())) token = newToken();
  return [...annotations(report), `::stop-commands::${token}`, text, `::${token}::`, ''].join('\n');
}

/**
 * Markdown text safe in the middle of a line or in a table cell: line breaks become spaces, and
 * each character that opens markup (emphasis, code, links and images, HTML and entities, math,
 * strikethrough, mentions, `|` column breaks) is backslash-escaped (GitHub's markdown reads `\X`
 * as X for any ASCII punctuation X). Characters that mean something only at a line's start
 * (`-`, `.`, `=`) are left: no line starts with untrusted text.
 */
export function markdownText(text: string): string {
  return text.replace(/\r\n|[\r\n\u2028\u2029\u0085]/g, ' ').replace(/[\\`*_{}[\]()<>#+!|~&$@^]/g, '\\$&');
}

/** At most this many evidence lines in a summary's cell. */
const SUMMARY_EVIDENCE = 3;

/** The job summary: the verdict, a table of what stops the task, what was not checked. */
export function jobSummary(report: CheckReport): string {
  const md = markdownText;
  const icon = report.wouldFail ? '❌' : '✅';
  const lines = [
    `### ${icon} ecs-pullfix check: ${md(report.subject)} ${report.wouldFail ? 'would not start' : 'would start'}`,
    '',
    md(report.where),
    '',
    ...report.verdict.map((v) => `> ${md(v)}`),
    '',
  ];
  if (report.blocking.length > 0) {
    lines.push('| # | finding | evidence | fix |', '| --: | --- | --- | --- |');
    report.blocking.forEach((b, i) => {
      const evidence = b.evidence.slice(0, SUMMARY_EVIDENCE).map(md).join('<br>');
      lines.push(`| ${i + 1} | ${md(b.key)} | ${evidence} | ${md(b.fix)} |`);
    });
    lines.push('');
  }
  if (report.unchecked.length > 0) {
    lines.push('Not checked:', '');
    for (const u of report.unchecked) lines.push(`- ${md(u.check)}: ${md(u.why)}`);
    lines.push('');
  }
  const checklist = checklistLine(report.checks);
  if (checklist) lines.push(md(checklist), '');
  return lines.join('\n');
}
