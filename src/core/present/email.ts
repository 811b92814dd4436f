import type { Classification } from '../causes.js';
import { checklistLine } from '../checklist.js';
import type { StoppedTask } from '../event.js';
import type { Mode } from '../mode.js';
import { COST_ASSUMPTION } from '../plan.js';
import type { OpenFix } from '../ports.js';
import { clean } from '../shell.js';
import { loopLines } from './loop.js';
import { BODY_MAX_CHARS, consoleUrlOf, oneLine } from './text.js';
import type { NotificationInput, View } from './view.js';

/*
 * The notice as a person reads it in a mail client: its subject and plain text, words for the
 * view model (./view.ts).
 *
 * Everything taken from the stop message is untrusted text: it is flattened to one line,
 * stripped of control characters (newlines, ANSI escapes), cut to a bound, and only ever
 * shown quoted (`> `), so that it cannot forge a line of ours. Names from the task definition
 * reach the findings and commands already cleaned and quoted (`../shell.ts`); and, last, each
 * line of the text is made one line ({@link textOf}): the e-mail holds the lines this module
 * wrote, and no control character.
 */

export const SUBJECT_MAX_CHARS = 100;

/** Subject: cluster, service, cause (and the root finding), one clean line of at most 100 characters. */
export function subjectOf(
  input: Pick<NotificationInput, 'task' | 'classification' | 'priorFix'>,
  view: View,
): string {
  const { task, classification: c } = input;
  const { outcome, root } = view;
  const who = task.serviceName ?? task.family;
  const unseen = [...new Set(view.notChecked.map((f) => f.check))].join(', ');
  const rootText = root
    ? `: ${root.finding.id}${root.service ? ` ${root.service}` : ''}`
    : outcome === 'not-checked' && unseen !== ''
      ? `: not-checked ${unseen}`
      : '';
  const tag = input.priorFix
    ? 'FIX DID NOT HELP'
    : outcome === 'fixed'
      ? 'fixed'
      : outcome === 'fix-failed'
        ? 'FIX FAILED'
        : outcome === 'not-checked'
          ? 'task failed to start (not all checked)'
          : 'task failed to start';
  const service = c.service === 'none' || c.service === 'unknown' ? '' : ` (${c.service})`;
  return oneLine(
    `[ecs-pullfix] ${tag} — ${oneLine(task.clusterName, 30)}/${oneLine(who, 30)}: ${c.cause}${service}${rootText}`,
    SUBJECT_MAX_CHARS,
  );
}

/** The plain-text report. */
export function emailText(input: NotificationInput, view: View): string {
  const text = textOf([
    ...openingLines(input, view),
    ...failedLines(input.task),
    ...whyLines(input.classification),
    ...wrongLines(input, view),
    ...stepLines(input.mode, view),
    ...loopLines(input.loop),
    ...afterLines(view),
    ...closingLines(input),
  ]);
  return text.length <= BODY_MAX_CHARS
    ? text
    : `${text.slice(0, BODY_MAX_CHARS - 40)}\n… (cut: see the JSON document)`;
}

function openingLines(input: NotificationInput, view: View): string[] {
  const { task } = input;
  const who = task.serviceName
    ? `service ${oneLine(task.serviceName, 80)}`
    : `task definition family ${oneLine(task.family, 80)}`;
  const L = [`A task of ${who} in cluster ${oneLine(task.clusterName, 80)} could not start.`];
  if (view.outcome === 'fixed') L.push('ecs-pullfix fixed its network path; the next task should start.');
  if (view.outcome === 'fix-failed')
    L.push('ecs-pullfix tried to fix its network path and a change failed: see below.');
  if (view.outcome === 'not-checked')
    L.push(`${view.headline.charAt(0).toUpperCase()}${oneLine(view.headline.slice(1), 600)}.`);
  if (input.priorFix) L.push(...priorFixLines(input.priorFix));
  return L;
}

function priorFixLines(f: OpenFix): string[] {
  return [
    `The fix ecs-pullfix applied at ${f.fixedAt} (incident ${f.incidentId}) did not help: a task created after it failed again with the same cause, ${oneLine(f.cause, 40)}.`,
    ...(f.changes.length > 0 ? ['  What it changed (still in place):'] : []),
    ...f.changes.slice(0, 10).map((change) => `    - ${oneLine(change, 200)}`),
  ];
}

function failedLines(task: StoppedTask): string[] {
  return [
    '',
    'WHAT FAILED',
    `  Task ${task.taskId} (${oneLine(task.taskDefinitionArn.split('/').pop() ?? '', 120)}${task.launchType ? `, ${task.launchType}` : ''}${task.platformVersion ? ` ${task.platformVersion}` : ''})`,
    `  stopped${task.stoppedAt ? ` at ${oneLine(task.stoppedAt, 40)}` : ''}${task.stopCode ? ` (${oneLine(task.stopCode, 40)})` : ''}. ECS said:`,
    ...reasonsOf(task).map((reason) => `    > ${reason}`),
  ];
}

function whyLines(c: Classification): string[] {
  return [
    '',
    'WHY',
    `  ${c.cause}${c.service === 'none' || c.service === 'unknown' ? '' : ` (${c.service})`}: ${c.summary}`,
    ...(c.evidence.length > 0
      ? [
          `  Evidence in the stop reason: ${c.evidence
            .slice(0, 3)
            .map((e) => `"${oneLine(e, 160)}"`)
            .join(', ')}`,
        ]
      : []),
  ];
}

function wrongLines(input: NotificationInput, view: View): string[] {
  const problems = view.listed;
  const L = [
    '',
    problems.every(({ finding }) => finding.id === 'path-ok') ? 'THE NETWORK PATH' : 'WHAT IS WRONG',
  ];
  problems.slice(0, 12).forEach(({ finding: f, service: svc }, i) => {
    L.push(`  ${i + 1}. ${f.id}${svc ? ` (${svc})` : ''}`);
    for (const e of f.evidence.slice(0, 3)) L.push(`     - ${oneLine(e, 240)}`);
    L.push(`     Fix: ${oneLine(f.fix, 600)}`);
  });
  if (problems.length > 12) L.push(`  … and ${problems.length - 12} more (see the JSON document)`);
  const notChecked = view.notChecked;
  for (const f of notChecked.slice(0, 5)) L.push(`  Not checked: ${oneLine(f.evidence[0] ?? '', 300)}`);
  if (notChecked.length > 5)
    L.push(`  … and ${notChecked.length - 5} more not checked (see the JSON document)`);
  for (const note of input.plan.notes.slice(0, 5)) L.push(`  Note: ${oneLine(note, 300)}`);
  const checklist = checklistLine(input.checks ?? []);
  if (checklist) L.push(`  ${checklist} (the JSON document says each)`);
  return L;
}

const HEADINGS: Readonly<Record<Mode, string>> = {
  notify: 'WHAT TO DO (this cluster is in notify mode: nothing was changed)',
  'dry-run': 'THE PLAN (dry-run: auto-fix would make the allowed changes; nothing was changed)',
  'auto-fix': 'WHAT WAS DONE (auto-fix)',
};

/** Each step with its status, the commands left to run, and the cost of the fix. */
function stepLines(mode: Mode, view: View): string[] {
  if (view.steps.length === 0) return [];
  const L = ['', HEADINGS[mode]];
  for (const { action: a, moot, reported: o } of view.steps) {
    // After auto-fix, a recommendation whose finding is gone is no longer needed.
    const status = moot
      ? 'no longer needed'
      : o
        ? o.status
        : a.allowed
          ? 'can be applied by auto-fix'
          : 'recommended';
    L.push(
      `  [${status}] ${a.kind}${a.service ? ` ${a.service}` : ''}${a.monthlyUsd > 0 ? ` (about $${a.monthlyUsd.toFixed(2)} a month)` : ''}`,
    );
    if (o && o.status !== 'planned') L.push(`     ${oneLine(o.detail, 300)}`);
  }
  if (view.commands.length > 0) {
    L.push('', 'COMMANDS (copy, check, run)');
    for (const a of view.commands.slice(0, 12)) for (const line of a.cli.split('\n')) L.push(`  ${line}`);
  }
  const cost = view.monthlyUsd;
  if (cost > 0)
    L.push('', 'COST OF THE FIX', `  About $${cost.toFixed(2)} a month. Assumption: ${COST_ASSUMPTION}.`);
  return L;
}

function afterLines(view: View): string[] {
  const after = view.after;
  if (!after) return [];
  const left = after.problems;
  return [
    '',
    'AFTER',
    left.length > 0
      ? `  Re-inspected: still ${left.join(', ')}.`
      : after.whole
        ? '  Re-inspected: the network path is whole.'
        : `  Re-inspected: ${oneLine(after.headline, 600)}.`,
  ];
}

function closingLines(input: NotificationInput): string[] {
  const { folded, task } = input;
  return [
    '',
    `Incident ${input.incidentId}${folded > 0 ? `: ${folded} more stopped task${folded === 1 ? '' : 's'} of it ${folded === 1 ? 'was' : 'were'} folded into this notice since the last one` : ''}.`,
    `Open the task in the console: ${consoleUrlOf(task)}`,
    '',
    `-- ecs-pullfix, account ${task.account}${input.accountAlias ? ` (${oneLine(input.accountAlias, 63)})` : ''}, ${task.region}; mode ${input.mode} (set the cluster tag ecs-pullfix:mode to notify, dry-run or auto-fix).`,
  ];
}

/** The follow-up's subject: the service runs again. */
export function resolvedSubject(fix: OpenFix, service: string): string {
  return oneLine(
    `[ecs-pullfix] resolved — ${oneLine(fix.clusterName, 30)}/${service}: ${fix.cause} fixed, a task is RUNNING`,
    SUBJECT_MAX_CHARS,
  );
}

/** The follow-up's text: what was fixed, and the task that reached RUNNING. */
export function resolvedText(fix: OpenFix, task: StoppedTask, service: string): string {
  return textOf([
    `Service ${service} in cluster ${oneLine(fix.clusterName, 80)} runs again.`,
    '',
    'WHAT HAPPENED',
    `  ecs-pullfix fixed ${fix.root} (${fix.cause}) at ${fix.fixedAt} (incident ${fix.incidentId}):`,
    ...fix.changes.slice(0, 10).map((c) => `    - ${oneLine(c, 200)}`),
    `  Task ${oneLine(task.taskId, 64)}${task.createdAt ? `, created at ${oneLine(task.createdAt, 40)}` : ''}, reached RUNNING${task.startedAt ? ` at ${oneLine(task.startedAt, 40)}` : ''}.`,
    '',
    `Incident ${fix.incidentId} is resolved; nothing is left to do.`,
    `Open the task in the console: ${consoleUrlOf(task)}`,
    '',
    `-- ecs-pullfix, account ${oneLine(task.account, 20)}, ${oneLine(task.region, 20)}.`,
  ]);
}

/**
 * The e-mail's lines as its text: each line one line, with no control character (a value that
 * still held one — a newline, an escape — cannot start a line or reach a terminal).
 */
function textOf(lines: readonly string[]): string {
  return lines.map(clean).join('\n');
}

/** The distinct reasons ECS gave, each flattened, bounded and never empty. */
function reasonsOf(task: StoppedTask): string[] {
  const reasons = [
    task.stoppedReason,
    ...task.containers.map((c) => (c.reason ? `${c.name}: ${c.reason}` : undefined)),
  ]
    .filter((r): r is string => typeof r === 'string' && r.trim() !== '')
    .map((r) => oneLine(r, 600));
  return [...new Set(reasons)].slice(0, 4);
}
