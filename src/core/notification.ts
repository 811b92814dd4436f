import type { Classification } from './causes.js';
import type { StoppedTask } from './event.js';
import { type Finding, findingKey, isNetworkProblem, isProblem, serviceOfFinding } from './findings.js';
import type { Mode } from './mode.js';
import { notCheckedHeadline } from './not-checked.js';
import { COST_ASSUMPTION, type Plan } from './plan.js';
import type { OpenFix } from './ports.js';
import { actionDocuments, type OutcomeView, oneLine } from './render.js';
import { clean } from './shell.js';

/**
 * Notifications (design.md, "Notifications"): one SNS message per incident, with a plain
 * text report a person reads in a mail client (`default`, `email`) and a versioned JSON
 * document for machines (`sqs`, `lambda`, `https`), plus attributes subscribers filter on.
 * Pure: time and ids come in.
 *
 * Everything taken from the stop message is untrusted text: it is flattened to one line,
 * stripped of control characters (newlines, ANSI escapes), cut to a bound, and only ever
 * shown quoted (`> `), so that it cannot forge a line of ours. Names from the task definition
 * reach the findings and commands already cleaned and quoted (`./shell.ts`); and, last, each
 * line of the text is made one line ({@link textOf}): the e-mail holds the lines this module
 * wrote, and no control character.
 */

export const NOTIFICATION_SCHEMA = 'ecs-pullfix.notification/v1';
export const SUBJECT_MAX_CHARS = 100;
/** SNS takes 256 KiB a message; the email and the JSON document each stay well under half. */
const BODY_MAX_CHARS = 60_000;

export type Outcome =
  | 'fixed'
  | 'partially-fixed'
  | 'fix-failed'
  | 'planned'
  | 'action-needed'
  | 'no-network-problem'
  /** Nothing found wrong, but the path could not be seen whole (reads refused or out of time). */
  | 'not-checked'
  /** After an auto-fix, a task of the service reached RUNNING (the follow-up notice). */
  | 'resolved';
export type Severity = 'critical' | 'error' | 'warning' | 'info';

export type NotificationInput = Readonly<{
  task: StoppedTask;
  classification: Classification;
  findings: readonly Finding[];
  incidentId: string;
  mode: Mode;
  plan: Plan;
  outcomes: readonly OutcomeView[];
  after?: readonly Finding[];
  /** Stopped tasks of this incident folded into it since the last notice. */
  folded: number;
  /** When the notice is sent. */
  now: Date;
  /** An earlier auto-fix of this workload and cause, after which a new task failed again: it did not help. */
  priorFix?: OpenFix;
}>;

export type Notification = Readonly<{
  subject: string;
  /** The SNS `Message` for `MessageStructure: json`. */
  message: string;
  attributes: Readonly<Record<'cluster' | 'cause' | 'finding' | 'mode' | 'outcome' | 'severity', string>>;
  text: string;
  document: Readonly<Record<string, unknown>>;
}>;

export function outcomeOf(
  input: Pick<NotificationInput, 'findings' | 'mode' | 'outcomes' | 'plan'>,
): Outcome {
  const networkProblems = input.findings.filter(isNetworkProblem);
  if (networkProblems.length === 0) {
    // The role, the image or a secret: a person must act; no network change cures it.
    if (input.findings.some(isProblem)) return 'action-needed';
    return input.findings.some((f) => f.id === 'path-ok') ? 'no-network-problem' : 'not-checked';
  }
  if (input.mode === 'dry-run') return 'planned';
  if (input.mode === 'notify') return 'action-needed';
  const writes = input.plan.actions
    .map((a, i) => ({ a, o: input.outcomes[i] }))
    .filter(({ a }) => 'write' in a && a.allowed);
  if (writes.some(({ o }) => o?.status === 'failed')) return 'fix-failed';
  if (writes.length > 0 && writes.every(({ o }) => o?.status === 'verified')) return 'fixed';
  return writes.some(({ o }) => o?.status === 'applied' || o?.status === 'verified')
    ? 'partially-fixed'
    : 'action-needed';
}

export function severityOf(outcome: Outcome, classification: Classification): Severity {
  switch (outcome) {
    case 'fixed':
    case 'resolved':
      return 'info';
    case 'fix-failed':
      return 'critical';
    case 'no-network-problem':
      return classification.cause === 'unknown' ? 'warning' : 'error';
    case 'not-checked':
      return 'warning';
    default:
      return 'error';
  }
}

/** The AWS console page of the task. */
export function consoleUrlOf(task: StoppedTask): string {
  const r = encodeURIComponent(task.region);
  return `https://${r}.console.aws.amazon.com/ecs/v2/clusters/${encodeURIComponent(task.clusterName)}/tasks/${encodeURIComponent(task.taskId)}/configuration?region=${r}`;
}

/** Subject: cluster, service, cause (and the root finding), one clean line of at most 100 characters. */
export function subjectOf(
  input: Pick<NotificationInput, 'task' | 'classification' | 'findings' | 'priorFix'>,
  outcome: Outcome,
): string {
  const { task, classification: c } = input;
  const who = task.serviceName ?? task.family;
  const root = input.findings.find((f) => isProblem(f));
  const unseen = [...new Set(input.findings.flatMap((f) => (f.id === 'not-checked' ? [f.check] : [])))].join(
    ', ',
  );
  const rootText = root
    ? `: ${root.id}${serviceOfFinding(root) ? ` ${serviceOfFinding(root)}` : ''}`
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

/** Builds the notification. Pure and total. */
export function buildNotification(input: NotificationInput): Notification {
  const outcome = outcomeOf(input);
  const severity = severityOf(outcome, input.classification);
  const subject = subjectOf(input, outcome);
  const text = emailText(input, outcome);
  const document = documentOf(input, outcome, severity);
  const json = boundedJson(document);
  const root = input.findings.find((f) => isProblem(f));
  return messageOf(subject, text, document, json, {
    cluster: oneLine(input.task.clusterName, 200),
    cause: input.classification.cause,
    finding: root?.id ?? (outcome === 'not-checked' ? 'not-checked' : 'path-ok'),
    mode: input.mode,
    outcome,
    severity,
  });
}

function priorFixDocument(f: OpenFix): Record<string, unknown> {
  return {
    incidentId: f.incidentId,
    fixedAt: f.fixedAt,
    cause: f.cause,
    root: f.root,
    changes: f.changes.slice(0, 20).map((c) => oneLine(c, 300)),
  };
}

/** What a resolved follow-up is about: the open fix, and the task that now runs. */
export type ResolvedInput = Readonly<{ fix: OpenFix; task: StoppedTask; now: Date }>;

/**
 * The follow-up to an auto-fix: a task of the service reached RUNNING after the fix. One
 * per fixed incident; severity info.
 */
export function buildResolvedNotification(input: ResolvedInput): Notification {
  const { fix, task } = input;
  const service = oneLine(fix.workload.replace(/^service:/, ''), 60);
  const subject = oneLine(
    `[ecs-pullfix] resolved — ${oneLine(fix.clusterName, 30)}/${service}: ${fix.cause} fixed, a task is RUNNING`,
    SUBJECT_MAX_CHARS,
  );
  const text = textOf([
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
  const document = {
    schema: NOTIFICATION_SCHEMA,
    sentAt: input.now.toISOString(),
    incident: { id: fix.incidentId, folded: 0 },
    resolved: {
      ...priorFixDocument(fix),
      taskArn: task.taskArn,
      createdAt: task.createdAt ?? null,
      startedAt: task.startedAt ?? null,
    },
    event: {
      cluster: fix.clusterArn,
      taskArn: task.taskArn,
      service,
      region: task.region,
      account: task.account,
    },
    outcome: 'resolved',
    severity: 'info',
    consoleUrl: consoleUrlOf(task),
  };
  return messageOf(subject, text, document, JSON.stringify(document), {
    cluster: oneLine(fix.clusterName, 200),
    cause: fix.cause,
    finding: fix.root.split(':')[0] ?? fix.root,
    mode: 'auto-fix',
    outcome: 'resolved',
    severity: 'info',
  });
}

/** The SNS message: the text for e-mail (and `default`), the JSON for machines. */
function messageOf(
  subject: string,
  text: string,
  document: Readonly<Record<string, unknown>>,
  json: string,
  attributes: Notification['attributes'],
): Notification {
  return {
    subject,
    text,
    document,
    message: JSON.stringify({ default: text, email: text, sqs: json, lambda: json, https: json }),
    attributes,
  };
}

function documentOf(input: NotificationInput, outcome: Outcome, severity: Severity): Record<string, unknown> {
  const { task, classification: c } = input;
  return {
    schema: NOTIFICATION_SCHEMA,
    sentAt: input.now.toISOString(),
    incident: { id: input.incidentId, folded: input.folded },
    ...(input.priorFix ? { fixDidNotHelp: priorFixDocument(input.priorFix) } : {}),
    event: {
      id: task.eventId ?? null,
      account: task.account,
      region: task.region,
      cluster: task.clusterArn,
      taskArn: task.taskArn,
      taskDefinitionArn: task.taskDefinitionArn,
      service: task.serviceName ?? null,
      family: task.family,
      launchType: task.launchType ?? null,
      stopCode: task.stopCode ?? null,
      stoppedAt: task.stoppedAt ?? null,
      version: task.version ?? null,
      stoppedReason: task.stoppedReason === undefined ? null : oneLine(task.stoppedReason, 2_000),
    },
    classification: {
      cause: c.cause,
      service: c.service,
      networkRelated: c.networkRelated,
      registry: c.registry === null ? null : { host: c.registry.host, region: c.registry.region ?? null },
      evidence: c.evidence.map((e) => oneLine(e, 500)),
      summary: c.summary,
    },
    findings: input.findings.slice(0, 40).map((f) => {
      const service = serviceOfFinding(f);
      return {
        id: f.id,
        ...(service ? { service } : {}),
        resources: f.resources.filter((r) => r !== ''),
        evidence: f.evidence.slice(0, 8).map((e) => oneLine(e, 500)),
        fix: f.fix,
      };
    }),
    actions: actionDocuments(input),
    notes: input.plan.notes.slice(0, 10).map((n) => oneLine(n, 500)),
    mode: input.mode,
    outcome,
    severity,
    monthlyUsd: monthlyCost(input),
    costAssumption: COST_ASSUMPTION,
    consoleUrl: consoleUrlOf(task),
  };
}

/** The JSON document as a string, shedding detail if it would grow past the bound. */
function boundedJson(document: Record<string, unknown>): string {
  const full = JSON.stringify(document);
  if (full.length <= BODY_MAX_CHARS * 2) return full;
  return JSON.stringify({ ...document, findings: [], actions: [], truncated: true });
}

function monthlyCost(input: NotificationInput): number {
  const cost = input.plan.actions
    .filter((a) => 'write' in a && a.allowed)
    .reduce((sum, a) => sum + a.monthlyUsd, 0);
  return Math.round(cost * 100) / 100;
}

const HEADINGS: Readonly<Record<Mode, string>> = {
  notify: 'WHAT TO DO (this cluster is in notify mode: nothing was changed)',
  'dry-run': 'THE PLAN (dry-run: auto-fix would make the allowed changes; nothing was changed)',
  'auto-fix': 'WHAT WAS DONE (auto-fix)',
};

/** The plain-text report. */
function emailText(input: NotificationInput, outcome: Outcome): string {
  const { task, classification: c } = input;
  const who = task.serviceName
    ? `service ${oneLine(task.serviceName, 80)}`
    : `task definition family ${oneLine(task.family, 80)}`;
  const L: string[] = [];
  L.push(`A task of ${who} in cluster ${oneLine(task.clusterName, 80)} could not start.`);
  if (outcome === 'fixed') L.push('ecs-pullfix fixed its network path; the next task should start.');
  if (outcome === 'fix-failed')
    L.push('ecs-pullfix tried to fix its network path and a change failed: see below.');
  if (outcome === 'not-checked') {
    const headline = notCheckedHeadline(input.findings);
    L.push(`${headline.charAt(0).toUpperCase()}${oneLine(headline.slice(1), 600)}.`);
  }
  if (input.priorFix) {
    const f = input.priorFix;
    L.push(
      `The fix ecs-pullfix applied at ${f.fixedAt} (incident ${f.incidentId}) did not help: a task created after it failed again with the same cause, ${oneLine(f.cause, 40)}.`,
    );
    if (f.changes.length > 0) L.push('  What it changed (still in place):');
    for (const change of f.changes.slice(0, 10)) L.push(`    - ${oneLine(change, 200)}`);
  }
  L.push('', 'WHAT FAILED');
  L.push(
    `  Task ${task.taskId} (${oneLine(task.taskDefinitionArn.split('/').pop() ?? '', 120)}${task.launchType ? `, ${task.launchType}` : ''}${task.platformVersion ? ` ${task.platformVersion}` : ''})`,
  );
  L.push(
    `  stopped${task.stoppedAt ? ` at ${oneLine(task.stoppedAt, 40)}` : ''}${task.stopCode ? ` (${oneLine(task.stopCode, 40)})` : ''}. ECS said:`,
  );
  for (const reason of reasonsOf(task)) L.push(`    > ${reason}`);
  L.push('', 'WHY');
  L.push(
    `  ${c.cause}${c.service === 'none' || c.service === 'unknown' ? '' : ` (${c.service})`}: ${c.summary}`,
  );
  if (c.evidence.length > 0)
    L.push(
      `  Evidence in the stop reason: ${c.evidence
        .slice(0, 3)
        .map((e) => `"${oneLine(e, 160)}"`)
        .join(', ')}`,
    );
  const problems = input.findings.filter((f) => f.id !== 'not-checked');
  L.push('', problems.every((f) => f.id === 'path-ok') ? 'THE NETWORK PATH' : 'WHAT IS WRONG');
  problems.slice(0, 12).forEach((f, i) => {
    const svc = serviceOfFinding(f);
    L.push(`  ${i + 1}. ${f.id}${svc ? ` (${svc})` : ''}`);
    for (const e of f.evidence.slice(0, 3)) L.push(`     - ${oneLine(e, 240)}`);
    L.push(`     Fix: ${oneLine(f.fix, 600)}`);
  });
  if (problems.length > 12) L.push(`  … and ${problems.length - 12} more (see the JSON document)`);
  const notChecked = input.findings.filter((f) => f.id === 'not-checked');
  for (const f of notChecked.slice(0, 5)) L.push(`  Not checked: ${oneLine(f.evidence[0] ?? '', 300)}`);
  if (notChecked.length > 5)
    L.push(`  … and ${notChecked.length - 5} more not checked (see the JSON document)`);
  for (const note of input.plan.notes.slice(0, 5)) L.push(`  Note: ${oneLine(note, 300)}`);
  if (input.plan.actions.length > 0) {
    L.push('', HEADINGS[input.mode]);
    // After auto-fix, a recommendation whose finding is gone is no longer needed.
    const remaining = input.after ? new Set(input.after.map(findingKey)) : undefined;
    const moot = (a: Plan['actions'][number]) =>
      !('write' in a) && remaining !== undefined && !remaining.has(a.why);
    input.plan.actions.forEach((a, i) => {
      const o = input.outcomes[i];
      const status = moot(a)
        ? 'no longer needed'
        : input.mode === 'auto-fix' && o
          ? o.status
          : a.allowed
            ? 'can be applied by auto-fix'
            : 'recommended';
      L.push(
        `  [${status}] ${a.kind}${a.service ? ` ${a.service}` : ''}${a.monthlyUsd > 0 ? ` (about $${a.monthlyUsd.toFixed(2)} a month)` : ''}`,
      );
      if (o && input.mode === 'auto-fix' && o.status !== 'planned') L.push(`     ${oneLine(o.detail, 300)}`);
    });
    const toRun = input.plan.actions.filter(
      (a, i) =>
        !moot(a) &&
        !(input.mode === 'auto-fix' && ['applied', 'verified'].includes(input.outcomes[i]?.status ?? '')),
    );
    if (toRun.length > 0) {
      L.push('', 'COMMANDS (copy, check, run)');
      for (const a of toRun.slice(0, 12)) for (const line of a.cli.split('\n')) L.push(`  ${line}`);
    }
    const cost = monthlyCost(input);
    if (cost > 0)
      L.push('', 'COST OF THE FIX', `  About $${cost.toFixed(2)} a month. Assumption: ${COST_ASSUMPTION}.`);
  }
  if (input.after) {
    const left = input.after.filter((f) => isProblem(f)).map((f) => f.id);
    L.push(
      '',
      'AFTER',
      left.length > 0
        ? `  Re-inspected: still ${left.join(', ')}.`
        : input.after.some((f) => f.id === 'path-ok')
          ? '  Re-inspected: the network path is whole.'
          : `  Re-inspected: ${oneLine(notCheckedHeadline(input.after), 600)}.`,
    );
  }
  L.push(
    '',
    `Incident ${input.incidentId}${input.folded > 0 ? `: ${input.folded} more stopped task${input.folded === 1 ? '' : 's'} of it ${input.folded === 1 ? 'was' : 'were'} folded into this notice since the last one` : ''}.`,
  );
  L.push(`Open the task in the console: ${consoleUrlOf(task)}`);
  L.push(
    '',
    `-- ecs-pullfix, account ${task.account}, ${task.region}; mode ${input.mode} (set the cluster tag ecs-pullfix:mode to notify, dry-run or auto-fix).`,
  );
  const text = textOf(L);
  return text.length <= BODY_MAX_CHARS
    ? text
    : `${text.slice(0, BODY_MAX_CHARS - 40)}\n… (cut: see the JSON document)`;
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
