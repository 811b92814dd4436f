import { loopNatCost } from '../pull-loop.js';
import { bold, code, consoleStep, prose } from './chat-text.js';
import { listOf } from './text.js';
import type { NotificationInput, Severity, View } from './view.js';

/*
 * The words of the chat notice (./chat.ts): its title, the lines of its description and its
 * next steps, drawn from the view model as the e-mail's are (./email.ts), but short — each
 * section a few lines, the rest left to the e-mail. Every line is whole markdown on its own:
 * a bold lead-in closes on the line it opens, a name is one code span (./chat-text.ts).
 */

const MARK: Readonly<Record<Severity, string>> = { critical: '🚨', error: '❌', warning: '⚠️', info: '✅' };

/** `❌ Task failed to start: `prod-apps`/`checkout` — network-timeout (`ecr`): no-egress-path`. */
export function chatTitle(input: NotificationInput, view: View): string {
  const { task, classification: c } = input;
  const tag = input.priorFix
    ? 'Fix did not help'
    : view.outcome === 'fixed'
      ? 'Fixed'
      : view.outcome === 'fix-failed'
        ? 'Fix failed'
        : view.outcome === 'partially-fixed'
          ? 'Partly fixed'
          : view.outcome === 'not-checked'
            ? 'Task failed to start (not all checked)'
            : 'Task failed to start';
  const service = c.service === 'none' || c.service === 'unknown' ? '' : ` (${code(c.service, 20)})`;
  const root = view.root ? `: ${prose(view.root.finding.id)}` : '';
  return `${MARK[view.severity]} ${tag}: ${code(task.clusterName, 60)}/${code(task.serviceName ?? task.family, 60)} — ${prose(c.cause)}${service}${root}`;
}

/** The description's lines, before its footer. */
export function chatLines(input: NotificationInput, view: View): string[] {
  return [
    ...openingLines(input, view),
    ...failedLines(input),
    ...whyLines(input),
    ...wrongLines(view),
    ...stepLines(input, view),
    ...loopLines(input),
    ...afterLines(view),
  ];
}

function openingLines(input: NotificationInput, view: View): string[] {
  const { task } = input;
  const who = task.serviceName
    ? `service ${code(task.serviceName, 80)}`
    : `task family ${code(task.family, 80)}`;
  const L = [`A task of ${who} in cluster ${code(task.clusterName, 80)} could not start.`];
  if (view.outcome === 'fixed') L.push('ecs-pullfix fixed its network path; the next task should start.');
  if (view.outcome === 'fix-failed') L.push('ecs-pullfix tried to fix its network path and a change failed.');
  if (view.outcome === 'not-checked')
    L.push(`${prose(view.headline.charAt(0).toUpperCase())}${prose(view.headline.slice(1))}.`);
  const fix = input.priorFix;
  if (fix)
    L.push(
      `${bold('The fix did not help:')} ecs-pullfix fixed it at ${code(fix.fixedAt, 40)} (incident ${code(fix.incidentId, 40)}), and a task created since failed again with the same cause.`,
    );
  return L;
}

function failedLines(input: NotificationInput): string[] {
  const { task } = input;
  const reasons = [
    task.stoppedReason,
    ...task.containers.map((c) => (c.reason ? `${c.name}: ${c.reason}` : undefined)),
  ].filter((r): r is string => typeof r === 'string' && r.trim() !== '');
  const shown = [...new Set(reasons)].slice(0, 2);
  return shown.length === 0
    ? []
    : ['', `${bold('What failed:')} ECS said`, ...shown.map((r) => `> ${code(r, 400)}`)];
}

function whyLines(input: NotificationInput): string[] {
  const c = input.classification;
  const service = c.service === 'none' || c.service === 'unknown' ? '' : ` (${code(c.service, 20)})`;
  return ['', `${bold('Why:')} ${prose(c.cause)}${service}: ${prose(c.summary)}`];
}

function wrongLines(view: View): string[] {
  const problems = view.listed.filter(({ finding }) => finding.id !== 'path-ok');
  const L: string[] = [];
  if (problems.length > 0) L.push('', bold('What is wrong:'));
  else if (view.pathOk) L.push('', `${bold('The network path:')} whole — nothing on it stops the task.`);
  for (const { finding: f, service, targets } of problems.slice(0, 5))
    L.push(
      `• ${prose(f.id)}${service ? ` ${code(service, 20)}` : ''}${targets.length > 0 ? ` — breaks ${code(listOf(targets, 2), 160)}` : ''}`,
    );
  if (problems.length > 5) L.push(`• … and ${problems.length - 5} more`);
  const unseen = view.notChecked;
  if (unseen.length > 0 && problems.length === 0 && !view.pathOk) L.push('');
  for (const f of unseen.slice(0, 3)) L.push(`• Not checked: ${code(f.evidence[0] ?? f.why, 400)}`);
  if (unseen.length > 3) L.push(`• … and ${unseen.length - 3} more not checked`);
  return L;
}

const HEADINGS = {
  notify: 'To do (notify mode: nothing was changed):',
  'dry-run': 'The plan (dry-run: nothing was changed):',
  'auto-fix': 'What was done (auto-fix):',
} as const;

function stepLines(input: NotificationInput, view: View): string[] {
  if (view.steps.length === 0) return [];
  const L = ['', bold(HEADINGS[input.mode])];
  for (const { action: a, moot, reported: o } of view.steps.slice(0, 6)) {
    const status = moot
      ? 'no longer needed'
      : o
        ? o.status
        : a.allowed
          ? 'auto-fix can apply'
          : 'recommended';
    const cost = a.monthlyUsd > 0 ? ` (about $${a.monthlyUsd.toFixed(2)} a month)` : '';
    L.push(
      `• ${prose(status)}: ${code(a.kind.replace(/^recommend:/, ''), 60)}${a.service ? ` ${code(a.service, 20)}` : ''}${cost}`,
    );
  }
  if (view.steps.length > 6) L.push(`• … and ${view.steps.length - 6} more`);
  if (view.monthlyUsd > 0)
    L.push(`${bold('Cost of the fix:')} about $${view.monthlyUsd.toFixed(2)} a month.`);
  return L;
}

function loopLines(input: NotificationInput): string[] {
  const loop = input.loop;
  if (!loop || (loop.attempts <= 1 && !loop.permanent)) return [];
  const L = [''];
  if (loop.attempts > 1) {
    const cost = loopNatCost(loop);
    L.push(
      `${bold('The failure loop:')} ${loop.attempts} tasks of this incident failed to start since the last notice${cost && !loop.beforeLayers ? `; their pulls through a NAT gateway cost up to about $${cost.usd.toFixed(2)}` : ''}.`,
    );
  }
  if (loop.permanent)
    L.push(
      `${bold('Retrying will not help:')} ${prose(loop.permanent)} needs a change ecs-pullfix does not make.`,
    );
  return L;
}

function afterLines(view: View): string[] {
  const after = view.after;
  if (!after) return [];
  const text =
    after.problems.length > 0
      ? `still ${prose(after.problems.join(', '))}`
      : after.whole
        ? 'the network path is whole'
        : prose(after.headline);
  return ['', `${bold('After:')} re-inspected: ${text}.`];
}

const ECS_NAME = /^[A-Za-z0-9_-]{1,255}$/;

/** The next steps: what a person can do now, then where the rest is. */
export function chatSteps(input: NotificationInput, view: View): string[] {
  const S: string[] = [];
  const waiting = view.writes.filter((w) => !w.done);
  if (input.mode !== 'auto-fix' && waiting.length > 0)
    S.push(
      `Let auto-fix make the ${waiting.length} change${waiting.length === 1 ? '' : 's'} it may${view.writesUsd > 0 ? ` (about $${view.monthlyUsd.toFixed(2)} a month)` : ''}: set the cluster's tag ${code('ecs-pullfix:mode')} to ${code('auto-fix')}.`,
    );
  const loop = input.loop;
  if (loop?.permanent && loop.service && ECS_NAME.test(loop.service) && ECS_NAME.test(loop.cluster))
    S.push(
      `Stop the loop until it is fixed (ecs-pullfix never does): ${code(`aws ecs update-service --cluster ${loop.cluster} --service ${loop.service} --desired-count 0`, 300)}`,
    );
  if (view.commands.length > 0 || view.listed.length > 0)
    S.push('Read the e-mail notice: the evidence, every finding and the commands to copy.');
  return [...S, ...consoleStep(input.task)];
}
