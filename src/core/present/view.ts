import type { Classification } from '../causes.js';
import type { CheckAnswer } from '../checklist.js';
import type { StoppedTask } from '../event.js';
import {
  type Finding,
  type FindingId,
  findingKey,
  isNetworkProblem,
  isProblem,
  serviceOfFinding,
} from '../findings.js';
import type { Mode } from '../mode.js';
import type { Action, Plan } from '../plan.js';
import type { OpenFix } from '../ports.js';
import type { PullLoop } from '../pull-loop.js';
import { notCheckedHeadline } from './not-checked.js';
import { brokenTargets } from './text.js';

/*
 * The view model: what a run means to a reader, derived once from its findings, plan and
 * outcomes — the root finding and what it breaks, each step, the commands left to run, the
 * cost, the outcome and its severity, what could not be checked. The terminal, the e-mail and
 * the JSON documents (./terminal.ts, ./email.ts, ./document.ts) only word it. Pure.
 */

/** What became of a planned action (`planned` until auto-fix applies it). */
export type OutcomeView = Readonly<{
  /** The action it is the outcome of. */
  id: string;
  status: 'planned' | 'applied' | 'verified' | 'skipped' | 'failed';
  resourceIds: readonly string[];
  detail: string;
  /** Applied, but the path could not be read again to verify it: why. */
  unverified?: string;
}>;

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

/** What the renderers need of a pipeline run (a `Report`, without the snapshot). */
export type ReportView = Readonly<{
  task: StoppedTask;
  classification: Classification;
  findings: readonly Finding[];
  plan?: Plan;
  outcomes?: readonly OutcomeView[];
  after?: readonly Finding[];
  /** AWS's checklist, answered by the diagnosis. */
  checks?: readonly CheckAnswer[];
}>;

/** What a view is drawn from: the findings and, for a stopped task, its cause and what was planned or done. */
export type VerdictView = Readonly<{
  findings: readonly Finding[];
  classification?: Classification;
  plan?: Plan;
  outcomes?: readonly OutcomeView[];
  after?: readonly Finding[];
  /** The mode of the run; the plan's when not given. */
  mode?: Mode;
  /** Images of this registry are named without it (see `ownRegistryOf`). */
  ownRegistry?: string;
}>;

/** What a notice is drawn from. */
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
  /** AWS's checklist, answered by the diagnosis. */
  checks?: readonly CheckAnswer[];
  /** The failure loop the notice covers: its attempts, their pulls' NAT data, whether a retry can help. */
  loop?: PullLoop;
  /** The task's account's alias (an organisation's member, when its alias was readable). */
  accountAlias?: string;
}>;

/** One step of the plan: an action and what became of it (nothing until the run says). */
export type StepView = Readonly<{ action: Action; outcome: OutcomeView | undefined }>;

/** The one place an action meets its outcome: by the action's id, never by position. */
export function stepsOf(plan: Plan | undefined, outcomes: readonly OutcomeView[] | undefined): StepView[] {
  const byId = new Map((outcomes ?? []).map((o) => [o.id, o]));
  return (plan?.actions ?? []).map((action) => ({ action, outcome: byId.get(action.id) }));
}

/** A step as a reader sees it. */
export type ShownStep = StepView &
  Readonly<{
    /** A recommendation whose finding is gone after auto-fix: no longer needed, nor its commands. */
    moot: boolean;
    /** What auto-fix says became of it (in auto-fix mode only). */
    reported: OutcomeView | undefined;
    /** Auto-fix made it (applied or verified): nothing left to run. */
    done: boolean;
  }>;

/** A finding with its service and what it breaks, each target once (see `brokenTargets`). */
export type FindingView = Readonly<{
  finding: Finding;
  service: ReturnType<typeof serviceOfFinding>;
  targets: readonly string[];
}>;

/** The root finding: the first problem, its targets named without the task's own registry, and the action that answers it. */
export type RootView = FindingView & Readonly<{ action: Action | undefined }>;

/** What re-inspecting after auto-fix found. */
export type AfterView = Readonly<{
  /** What is still reported, all but what could not be checked, by id. */
  left: readonly FindingId[];
  /** The problems still there, by id. */
  problems: readonly FindingId[];
  /** The network path is whole (path-ok). */
  whole: boolean;
  headline: string;
}>;

export type View = Readonly<{
  mode: Mode | undefined;
  classification: Classification | undefined;
  /** Every finding, in order. */
  findings: readonly FindingView[];
  /** The findings a report lists: all but what could not be checked. */
  listed: readonly FindingView[];
  notChecked: readonly Extract<Finding, { id: 'not-checked' }>[];
  pathOk: boolean;
  /** What could not be seen, in words (`nothing found wrong` when all was). */
  headline: string;
  root: RootView | undefined;
  steps: readonly ShownStep[];
  /** The writes auto-fix may make. */
  writes: readonly ShownStep[];
  /** The writes auto-fix may not make here. */
  barred: readonly Action[];
  /** The actions whose commands are left to run. */
  commands: readonly Action[];
  /** What the writes auto-fix may make cost a month, in USD; `monthlyUsd` rounded to cents. */
  writesUsd: number;
  monthlyUsd: number;
  /** The run reported its outcomes (auto-fix ran). */
  outcomesKnown: boolean;
  outcome: Outcome;
  severity: Severity;
  after: AfterView | undefined;
}>;

/** The view model of a run. Pure and total. */
export function viewOf(input: VerdictView): View {
  const mode = input.mode ?? input.plan?.mode;
  const steps = shownSteps(stepsOf(input.plan, input.outcomes), mode, input.after);
  const writes = steps.filter(({ action: a }) => 'write' in a && a.allowed);
  const writesUsd = writes.reduce((sum, { action }) => sum + action.monthlyUsd, 0);
  const findings = input.findings.map(findingViewOf);
  const outcome = outcomeFrom(input.findings, mode, writes);
  return {
    mode,
    classification: input.classification,
    findings,
    listed: findings.filter(({ finding }) => finding.id !== 'not-checked'),
    notChecked: input.findings.flatMap((f) => (f.id === 'not-checked' ? [f] : [])),
    pathOk: input.findings.some((f) => f.id === 'path-ok'),
    headline: notCheckedHeadline(input.findings),
    root: rootOf(input),
    steps,
    writes,
    barred: steps.flatMap(({ action: a }) => ('write' in a && !a.allowed ? [a] : [])),
    commands: steps.flatMap(({ action, moot, done }) => (moot || done ? [] : [action])),
    writesUsd,
    monthlyUsd: Math.round(writesUsd * 100) / 100,
    outcomesKnown: input.outcomes !== undefined,
    outcome,
    severity: severityOf(outcome, input.classification),
    after: input.after === undefined ? undefined : afterOf(input.after),
  };
}

function shownSteps(
  steps: readonly StepView[],
  mode: Mode | undefined,
  after: readonly Finding[] | undefined,
): ShownStep[] {
  const remaining = after ? new Set(after.map(findingKey)) : undefined;
  return steps.map((step) => {
    const reported = mode === 'auto-fix' ? step.outcome : undefined;
    return {
      ...step,
      moot: !('write' in step.action) && remaining !== undefined && !remaining.has(step.action.why),
      reported,
      done: reported?.status === 'applied' || reported?.status === 'verified',
    };
  });
}

const findingViewOf = (finding: Finding): FindingView => ({
  finding,
  service: serviceOfFinding(finding),
  targets: brokenTargets(finding.breaks),
});

function rootOf(input: VerdictView): RootView | undefined {
  const root = input.findings.find(isProblem);
  if (!root) return undefined;
  const registry = input.ownRegistry;
  const key = findingKey(root);
  return {
    ...findingViewOf(root),
    targets: brokenTargets(root.breaks).map((t) => (registry === undefined ? t : t.replaceAll(registry, ''))),
    action: input.plan?.actions.find((a) => a.why === key),
  };
}

function afterOf(after: readonly Finding[]): AfterView {
  return {
    left: after.filter((f) => f.id !== 'not-checked').map((f) => f.id),
    problems: after.filter(isProblem).map((f) => f.id),
    whole: after.some((f) => f.id === 'path-ok'),
    headline: notCheckedHeadline(after),
  };
}

function outcomeFrom(
  findings: readonly Finding[],
  mode: Mode | undefined,
  writes: readonly StepView[],
): Outcome {
  if (!findings.some(isNetworkProblem)) {
    // The role, the image or a secret: a person must act; no network change cures it.
    if (findings.some(isProblem)) return 'action-needed';
    return findings.some((f) => f.id === 'path-ok') ? 'no-network-problem' : 'not-checked';
  }
  if (mode === 'dry-run') return 'planned';
  if (mode === 'notify') return 'action-needed';
  if (writes.some(({ outcome }) => outcome?.status === 'failed')) return 'fix-failed';
  // A write applied whose verification could not be made (the path could not be read again)
  // counts as made: a retry of the event would find the path whole and forget the fix.
  const made = ({ outcome }: StepView) =>
    outcome?.status === 'verified' || (outcome?.status === 'applied' && outcome.unverified !== undefined);
  if (writes.length > 0 && writes.every(made)) return 'fixed';
  return writes.some(({ outcome }) => outcome?.status === 'applied' || outcome?.status === 'verified')
    ? 'partially-fixed'
    : 'action-needed';
}

/** The outcome of a run: what the notice's attribute and the demo's table say. */
export function outcomeOf(
  input: Readonly<{
    findings: readonly Finding[];
    mode?: Mode;
    plan?: Plan;
    outcomes?: readonly OutcomeView[];
  }>,
): Outcome {
  return viewOf(input).outcome;
}

export function severityOf(outcome: Outcome, classification: Classification | undefined): Severity {
  switch (outcome) {
    case 'fixed':
    case 'resolved':
      return 'info';
    case 'fix-failed':
      return 'critical';
    case 'no-network-problem':
      return classification?.cause === 'unknown' ? 'warning' : 'error';
    case 'not-checked':
      return 'warning';
    default:
      return 'error';
  }
}
