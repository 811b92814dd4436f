import type { Classification } from '../causes.js';
import { checklistLine } from '../checklist.js';
import type { Finding } from '../findings.js';
import type { Plan } from '../plan.js';
import { breaksPhrase, oneLine, ownRegistryOf } from './text.js';
import { verdictLines } from './verdict.js';
import { type ReportView, type View, viewOf } from './view.js';
import { commandLines, wrapLines } from './wrap.js';

/*
 * The report for a person at a terminal (`replay`, `diagnose`, the demo, `check`): words for
 * the view model (./view.ts), wrapped last (./wrap.ts).
 */

/** The columns a text report is wrapped to when it is not shown on a terminal (a file, a pipe, a chat). */
export const DEFAULT_COLUMNS = 100;

/**
 * One readable line for a classification: `cause (service)  summary`, prefixed by a label
 * (a file name, a line number) when given.
 */
export function renderClassificationLine(c: Classification, label?: string): string {
  const head = c.service === 'none' || c.service === 'unknown' ? c.cause : `${c.cause} (${c.service})`;
  const evidence = c.evidence[0] === undefined ? '' : `  [${oneLine(c.evidence[0], 120)}]`;
  return `${label === undefined ? '' : `${label}  `}${head}  ${c.summary}${evidence}`;
}

/** The findings as the CLI prints them: each with what it breaks, its evidence and fix, then what was not checked. */
export function renderFindings(findings: readonly Finding[]): string[] {
  return findingLines(viewOf({ findings }));
}

function findingLines(view: View): string[] {
  const lines: string[] = [];
  const problems = view.listed;
  lines.push(
    problems.length === 0 && view.findings.length > 0
      ? `  network path: ${view.headline}`
      : problems.length === 1 && problems[0]?.finding.id === 'path-ok'
        ? '  network path:'
        : '  findings:',
  );
  problems.forEach(({ finding: f, service: svc, targets }, i) => {
    lines.push(
      `   ${i + 1}. ${f.id}${svc ? ` (${svc})` : ''}${targets.length > 0 ? ` — breaks ${breaksPhrase(targets, 4)}` : ''}`,
    );
    for (const e of f.evidence.slice(0, 4)) lines.push(`      · ${oneLine(e, 220)}`);
    lines.push(`      fix: ${f.fix}`);
  });
  for (const f of view.notChecked) lines.push(`  not checked: ${f.fix.replace(/^Not checked: /, '')}`);
  return lines;
}

/**
 * The story of one run, for a person at a terminal: the verdict first (one or two lines),
 * then the task, its cause and evidence, the findings and the plan — wrapped to `width`
 * columns (unwrapped when none is given).
 */
export function renderReport(report: ReportView, width = Number.POSITIVE_INFINITY): string {
  const { task, classification: c } = report;
  const who = task.serviceName
    ? `service ${task.serviceName}`
    : task.group
      ? task.group
      : `family ${task.family}`;
  const registry = ownRegistryOf(task.taskDefinitionArn);
  // The plan's mode: a report says what its plan did.
  const view = viewOf({
    findings: report.findings,
    classification: c,
    ...(report.plan ? { plan: report.plan } : {}),
    ...(report.outcomes ? { outcomes: report.outcomes } : {}),
    ...(report.after ? { after: report.after } : {}),
    ...(registry ? { ownRegistry: registry } : {}),
  });
  const verdict =
    c.cause === 'not-a-start-failure'
      ? ['Nothing to diagnose: the task started and stopped for an ordinary reason.']
      : verdictLines(view);
  const lines = [...verdict, '', `${task.clusterName} / ${who} — task ${task.taskId}`];
  const reason = [task.stoppedReason, ...task.containers.map((k) => k.reason)].find(
    (r) => r && !/^Essential container in task exited$/.test(r),
  );
  if (reason) lines.push(`  stopped:  ${oneLine(reason, 300)}`);
  const service = c.service === 'none' || c.service === 'unknown' ? '' : ` on ${c.service}`;
  lines.push(`  cause:    ${c.cause}${service}: ${c.summary}`);
  if (c.evidence.length > 0)
    lines.push(`  evidence: ${c.evidence.map((e) => `"${oneLine(e, 160)}"`).join(', ')}`);
  if (c.cause !== 'not-a-start-failure') {
    lines.push(...findingLines(view));
    const checklist = checklistLine(report.checks ?? []);
    if (checklist) lines.push(`  ${checklist}`);
    if (report.plan) lines.push(...planLines(report.plan, view));
  }
  return wrapLines(lines, width).join('\n');
}

const HEADINGS: Readonly<Record<Plan['mode'], string>> = {
  notify: 'to fix it (mode notify: nothing was changed)',
  'dry-run': 'the plan (mode dry-run: auto-fix would make the allowed writes; nothing was changed)',
  'auto-fix': 'what auto-fix did',
};

function planLines(plan: Plan, view: View): string[] {
  if (plan.actions.length === 0 && plan.notes.length === 0) return [];
  const lines = [`  ${HEADINGS[plan.mode]}:`];
  for (const note of plan.notes) lines.push(`   ! ${note}`);
  for (const { action: a, moot, reported: o, done } of view.steps) {
    if (moot) {
      // After auto-fix, a recommendation whose finding is gone is no longer needed (nor its commands).
      lines.push(`   [no longer needed] ${a.kind}${a.service ? ` ${a.service}` : ''}`);
      continue;
    }
    const status = o
      ? o.status
      : a.allowed
        ? plan.mode === 'notify'
          ? 'fixable'
          : 'would apply'
        : 'recommended';
    const cost = a.monthlyUsd > 0 ? ` (~$${a.monthlyUsd.toFixed(2)}/month)` : '';
    lines.push(`   [${status}] ${a.kind}${a.service ? ` ${a.service}` : ''}${cost}`);
    if (o && o.status !== 'planned') lines.push(`      ${o.detail}`);
    else if (!a.allowed && 'write' in a) lines.push(`      not allowed: ${a.reason}`);
    if (!done) lines.push(...commandLines(a.cli, '      '));
  }
  const after = view.after;
  if (after) {
    const left = after.left;
    lines.push(
      `  after: ${left.length === 1 && left[0] === 'path-ok' ? 'path-ok — the network path is whole' : left.length === 0 ? after.headline : `still ${left.join(', ')}`}`,
    );
  }
  return lines;
}
