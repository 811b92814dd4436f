import type { Classification } from './causes.js';
import type { StoppedTask } from './event.js';
import { type Finding, serviceOfFinding } from './findings.js';
import { notCheckedHeadline } from './not-checked.js';
import type { Plan } from './plan.js';

/**
 * One readable line for a classification: `cause (service)  summary`, prefixed by a label
 * (a file name, a line number) when given.
 */
export function renderClassificationLine(c: Classification, label?: string): string {
  const head = c.service === 'none' || c.service === 'unknown' ? c.cause : `${c.cause} (${c.service})`;
  const evidence = c.evidence[0] === undefined ? '' : `  [${oneLine(c.evidence[0], 120)}]`;
  return `${label === undefined ? '' : `${label}  `}${head}  ${c.summary}${evidence}`;
}

/** The JSON document of one classification, as `ecs-pullfix classify --json` prints it. */
export function classificationDocument(c: Classification, id?: string): Record<string, unknown> {
  return {
    ...(id === undefined ? {} : { id }),
    cause: c.cause,
    service: c.service,
    networkRelated: c.networkRelated,
    registry: c.registry === null ? null : { host: c.registry.host, region: c.registry.region ?? null },
    evidence: c.evidence,
    summary: c.summary,
  };
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/**
 * Text from a stop message made safe for one terminal or e-mail line: control characters
 * (newlines, ANSI escapes) become spaces, runs of spaces fold, and it is cut to `max`.
 */
export function oneLine(text: string, max: number): string {
  const flat = text
    .replace(CONTROL_CHARACTERS, ' ')
    .replace(/\s{2,}/g, ' ')
    .trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** What became of a planned action (`planned` until auto-fix applies it). */
export type OutcomeView = Readonly<{
  status: 'planned' | 'applied' | 'verified' | 'skipped' | 'failed';
  resourceIds: readonly string[];
  detail: string;
}>;

/** What the renderers need of a pipeline run (a `Report`, without the snapshot). */
export type ReportView = Readonly<{
  task: StoppedTask;
  classification: Classification;
  findings: readonly Finding[];
  plan?: Plan;
  outcomes?: readonly OutcomeView[];
  after?: readonly Finding[];
}>;

/** The actions of a run as the JSON document lists them. */
export function actionDocuments(report: ReportView): Record<string, unknown>[] {
  return (report.plan?.actions ?? []).map((a, i) => {
    const o = report.outcomes?.[i];
    return {
      kind: a.kind,
      ...(a.service ? { service: a.service } : {}),
      allowed: a.allowed,
      status: o?.status ?? 'planned',
      resourceIds: o?.resourceIds ?? [],
      cli: a.cli,
      monthlyUsd: a.monthlyUsd,
      why: a.why,
      reason: a.reason,
      ...(o && o.status !== 'planned' ? { detail: o.detail } : {}),
    };
  });
}

/** The JSON document of `replay --json` and `diagnose --json`. */
export function reportDocument(report: ReportView): Record<string, unknown> {
  return {
    classification: classificationDocument(report.classification),
    findings: report.findings.map((f) => {
      const service = serviceOfFinding(f);
      return {
        id: f.id,
        ...(service === undefined ? {} : { service }),
        resources: f.resources.filter((r) => r !== ''),
        evidence: f.evidence,
        fix: f.fix,
      };
    }),
    actions: actionDocuments(report),
    notification: null,
  };
}

/** The story of one run, for a person at a terminal. */
/** The findings as the CLI prints them: each with its evidence and fix, then what was not checked. */
export function renderFindings(findings: readonly Finding[]): string[] {
  const lines: string[] = [];
  const problems = findings.filter((f) => f.id !== 'not-checked');
  lines.push(
    problems.length === 0 && findings.length > 0
      ? `  network path: ${notCheckedHeadline(findings)}`
      : problems.length === 1 && problems[0]?.id === 'path-ok'
        ? '  network path:'
        : '  findings:',
  );
  problems.forEach((f, i) => {
    const svc = serviceOfFinding(f);
    lines.push(
      `   ${i + 1}. ${f.id}${svc ? ` (${svc})` : ''}${f.breaks.length > 0 ? ` — breaks ${f.breaks.slice(0, 2).join('; ')}` : ''}`,
    );
    for (const e of f.evidence.slice(0, 4)) lines.push(`      · ${oneLine(e, 220)}`);
    lines.push(`      fix: ${f.fix}`);
  });
  for (const f of findings.filter((x) => x.id === 'not-checked'))
    lines.push(`  not checked: ${f.fix.replace(/^Not checked: /, '')}`);
  return lines;
}

export function renderReport(report: ReportView): string {
  const { task, classification: c, findings } = report;
  const who = task.serviceName
    ? `service ${task.serviceName}`
    : task.group
      ? task.group
      : `family ${task.family}`;
  const lines = [`${task.clusterName} / ${who} — task ${task.taskId}`];
  const reason = [task.stoppedReason, ...task.containers.map((k) => k.reason)].find(
    (r) => r && !/^Essential container in task exited$/.test(r),
  );
  if (reason) lines.push(`  stopped:  ${oneLine(reason, 300)}`);
  const service = c.service === 'none' || c.service === 'unknown' ? '' : ` on ${c.service}`;
  lines.push(`  cause:    ${c.cause}${service}: ${c.summary}`);
  if (c.evidence.length > 0)
    lines.push(`  evidence: ${c.evidence.map((e) => `"${oneLine(e, 160)}"`).join(', ')}`);
  if (c.cause === 'not-a-start-failure') {
    lines.push('  nothing to diagnose: the task started and stopped for an ordinary reason.');
    return lines.join('\n');
  }
  lines.push(...renderFindings(findings));
  if (report.plan) lines.push(...renderPlan(report.plan, report.outcomes, report.after));
  return lines.join('\n');
}

const HEADINGS: Readonly<Record<Plan['mode'], string>> = {
  notify: 'to fix it (mode notify: nothing was changed)',
  'dry-run': 'the plan (mode dry-run: auto-fix would make the allowed writes; nothing was changed)',
  'auto-fix': 'what auto-fix did',
};

function renderPlan(
  plan: Plan,
  outcomes: readonly OutcomeView[] | undefined,
  after: readonly Finding[] | undefined,
): string[] {
  if (plan.actions.length === 0 && plan.notes.length === 0) return [];
  const lines = [`  ${HEADINGS[plan.mode]}:`];
  for (const note of plan.notes) lines.push(`   ! ${note}`);
  plan.actions.forEach((a, i) => {
    const o = outcomes?.[i];
    const status =
      plan.mode === 'auto-fix' && o
        ? o.status
        : a.allowed
          ? plan.mode === 'notify'
            ? 'fixable'
            : 'would apply'
          : 'recommended';
    const cost = a.monthlyUsd > 0 ? ` (~$${a.monthlyUsd.toFixed(2)}/month)` : '';
    lines.push(`   [${status}] ${a.kind}${a.service ? ` ${a.service}` : ''}${cost}`);
    if (plan.mode === 'auto-fix' && o && o.status !== 'planned') lines.push(`      ${o.detail}`);
    else if (!a.allowed && 'write' in a) lines.push(`      not allowed: ${a.reason}`);
    const done = plan.mode === 'auto-fix' && (o?.status === 'applied' || o?.status === 'verified');
    if (!done) for (const line of a.cli.split('\n')) lines.push(`      $ ${line}`);
  });
  if (after) {
    const left = after.filter((f) => f.id !== 'not-checked').map((f) => f.id);
    lines.push(
      `  after: ${left.length === 1 && left[0] === 'path-ok' ? 'path-ok — the network path is whole' : left.length === 0 ? notCheckedHeadline(after) : `still ${left.join(', ')}`}`,
    );
  }
  return lines;
}
