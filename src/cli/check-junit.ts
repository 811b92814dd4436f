import type { CheckAnswer } from '../core/checklist.js';
import type { Blocking, CheckReport } from './check-report.js';

/*
 * `check --format junit`: a JUnit XML report, the format CI systems read test results in
 * (CodeBuild report groups' JUNITXML, GitLab, Jenkins, GitHub test reporters). One test case per
 * check of AWS's checklist: a failure when a finding fails it, skipped when it could not be made
 * or does not apply; and a failed test case for any finding that stops the task and fails no
 * check of the list, so that a task that would not start is never a green report.
 */

/**
 * XML text (element content or an attribute value) for any string: the five markup characters
 * as entities; tab, CR and LF as character references (an attribute's would otherwise be read
 * back as spaces, a CR as LF); and what XML 1.0 cannot carry at all (other C0 controls, lone
 * surrogates, U+FFFE and U+FFFF) as U+FFFD.
 */
export function xmlText(text: string): string {
  return text
    .replace(
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing what XML cannot carry is the point
      /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
      '\ufffd',
    )
    .replace(/[&<>"'\t\n\r]/g, (c) => ENTITIES[c] ?? c);
}

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

type Case = Readonly<{
  classname: string;
  name: string;
  failure?: Readonly<{ type: string; message: string; body: string }>;
  skipped?: string;
}>;

/** The test cases: one per check of the list, then one per blocking finding no failed check names. */
export function junitCases(report: CheckReport): Case[] {
  const named = new Set(report.checks.flatMap((c) => (c.status === 'failed' ? (c.findings ?? []) : [])));
  return [
    ...report.checks.map((c) => checkCase(c, report.blocking)),
    ...report.blocking
      .filter((b) => !named.has(b.key))
      .map((b) => ({
        classname: 'ecs-pullfix.findings',
        name: b.key,
        failure: { type: b.key, message: `${b.key}: ${b.fix}`, body: bodyOf([b]) },
      })),
  ];
}

function checkCase(c: CheckAnswer, blocking: readonly Blocking[]): Case {
  const base = { classname: 'ecs-pullfix.checklist', name: `${c.id} ${c.title}` };
  switch (c.status) {
    case 'passed':
      return base;
    case 'failed': {
      const why = blocking.filter((b) => c.findings?.includes(b.key));
      const message = c.findings?.length ? c.findings.join(', ') : (c.why ?? 'failed');
      return { ...base, failure: { type: 'failed', message, body: why.length ? bodyOf(why) : message } };
    }
    case 'not-checked':
      return { ...base, skipped: `not checked: ${c.why ?? ''}` };
    case 'not-applicable':
      return { ...base, skipped: `not applicable: ${c.why ?? ''}` };
  }
}

function bodyOf(blocking: readonly Blocking[]): string {
  return blocking
    .map((b) => [b.key, ...b.evidence.map((e) => `  · ${e}`), `  fix: ${b.fix}`].join('\n'))
    .join('\n\n');
}

/** The report: `<testsuites>` with one `<testsuite>` for the task checked. */
export function junitReport(report: CheckReport): string {
  const cases = junitCases(report);
  const failures = cases.filter((c) => c.failure).length;
  const skipped = cases.filter((c) => c.skipped !== undefined).length;
  const counts = `tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}"`;
  const x = xmlText;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="ecs-pullfix check" ${counts}>`,
    `  <testsuite name="${x(report.subject)}" ${counts}>`,
    `    <properties><property name="where" value="${x(report.where)}"/><property name="verdict" value="${x(report.verdict.join('\n'))}"/></properties>`,
    ...cases.map((c) => {
      const open = `    <testcase classname="${x(c.classname)}" name="${x(c.name)}" time="0"`;
      if (c.failure)
        return `${open}>\n      <failure type="${x(c.failure.type)}" message="${x(c.failure.message)}">${x(c.failure.body)}</failure>\n    </testcase>`;
      if (c.skipped !== undefined)
        return `${open}>\n      <skipped message="${x(c.skipped)}"/>\n    </testcase>`;
      return `${open}/>`;
    }),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
