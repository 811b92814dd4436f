import type { Classification } from '../causes.js';
import type { CheckAnswer } from '../checklist.js';
import type { StoppedTask } from '../event.js';
import { COST_ASSUMPTION } from '../plan.js';
import type { OpenFix } from '../ports.js';
import { loopDocument } from './loop.js';
import { BODY_MAX_CHARS, consoleUrlOf, oneLine } from './text.js';
import { type NotificationInput, type ReportView, type StepView, type View, viewOf } from './view.js';

/*
 * The JSON documents: the CLI's (`replay --json`, `diagnose --json`, `classify --json`) and the
 * notice's versioned one for machines. Fields of the view model (./view.ts), in a fixed order.
 */

export const NOTIFICATION_SCHEMA = 'ecs-pullfix.notification/v1';

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

/** The steps of a run as the JSON documents list them. */
export function actionDocuments(steps: readonly StepView[]): Record<string, unknown>[] {
  return steps.map(({ action: a, outcome: o }) => ({
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
    ...(o?.unverified ? { unverified: o.unverified } : {}),
  }));
}

/** The JSON document of `replay --json` and `diagnose --json`. */
export function reportDocument(report: ReportView): Record<string, unknown> {
  const view = viewOf({
    findings: report.findings,
    ...(report.plan ? { plan: report.plan } : {}),
    ...(report.outcomes ? { outcomes: report.outcomes } : {}),
  });
  return {
    classification: classificationDocument(report.classification),
    findings: view.findings.map(({ finding: f, service }) => ({
      id: f.id,
      ...(service === undefined ? {} : { service }),
      resources: f.resources.filter((r) => r !== ''),
      evidence: f.evidence,
      fix: f.fix,
    })),
    checks: checkDocuments(report.checks ?? []),
    actions: actionDocuments(view.steps),
    notification: null,
  };
}

/** AWS's checklist as the JSON documents list it: `{id, title, status, findings?, why?}` per check. */
export function checkDocuments(checks: readonly CheckAnswer[]): Record<string, unknown>[] {
  return checks.map((c) => ({
    id: c.id,
    title: c.title,
    status: c.status,
    ...(c.findings ? { findings: c.findings } : {}),
    ...(c.why === undefined ? {} : { why: c.why }),
  }));
}

/** The notice's versioned document (`ecs-pullfix.notification/v1`). */
export function noticeDocument(input: NotificationInput, view: View): Record<string, unknown> {
  const { task, classification: c } = input;
  return {
    schema: NOTIFICATION_SCHEMA,
    sentAt: input.now.toISOString(),
    incident: {
      id: input.incidentId,
      folded: input.folded,
      ...(input.loop ? { loop: loopDocument(input.loop) } : {}),
    },
    ...(input.priorFix ? { fixDidNotHelp: priorFixDocument(input.priorFix) } : {}),
    event: eventDocument(task, input.accountAlias),
    classification: {
      ...classificationDocument(c),
      evidence: c.evidence.map((e) => oneLine(e, 500)),
    },
    findings: view.findings.slice(0, 40).map(({ finding: f, service }) => ({
      id: f.id,
      ...(service ? { service } : {}),
      resources: f.resources.filter((r) => r !== ''),
      evidence: f.evidence.slice(0, 8).map((e) => oneLine(e, 500)),
      fix: f.fix,
    })),
    checks: checkDocuments(input.checks ?? []),
    actions: actionDocuments(view.steps),
    notes: input.plan.notes.slice(0, 10).map((n) => oneLine(n, 500)),
    mode: input.mode,
    outcome: view.outcome,
    severity: view.severity,
    monthlyUsd: view.monthlyUsd,
    costAssumption: COST_ASSUMPTION,
    consoleUrl: consoleUrlOf(task),
  };
}

function eventDocument(task: StoppedTask, accountAlias: string | undefined): Record<string, unknown> {
  return {
    id: task.eventId ?? null,
    account: task.account,
    ...(accountAlias ? { accountAlias: oneLine(accountAlias, 63) } : {}),
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
  };
}

export function priorFixDocument(f: OpenFix): Record<string, unknown> {
  return {
    incidentId: f.incidentId,
    fixedAt: f.fixedAt,
    cause: f.cause,
    root: f.root,
    changes: f.changes.slice(0, 20).map((c) => oneLine(c, 300)),
  };
}

/** The follow-up's document: the open fix, and the task that now runs. */
export function resolvedDocument(
  fix: OpenFix,
  task: StoppedTask,
  service: string,
  now: Date,
): Record<string, unknown> {
  return {
    schema: NOTIFICATION_SCHEMA,
    sentAt: now.toISOString(),
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
}

/** The JSON document as a string, shedding detail if it would grow past the bound. */
export function boundedJson(document: Record<string, unknown>): string {
  const full = JSON.stringify(document);
  if (full.length <= BODY_MAX_CHARS * 2) return full;
  return JSON.stringify({ ...document, findings: [], checks: [], actions: [], truncated: true });
}
