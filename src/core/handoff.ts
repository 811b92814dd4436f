import type { Cause, Classification } from './causes.js';
import type { CheckAnswer } from './checklist.js';
import type { StoppedTask } from './event.js';
import type { Finding } from './findings.js';
import { boundedDetail, clip, entryBytes, HANDOFF_ENTRY_MAX_BYTES } from './handoff-bound.js';
import type { Plan } from './plan.js';
import {
  checkDocuments,
  classificationDocument,
  consoleUrlOf,
  type Outcome,
  type OutcomeView,
  outcomeOf,
  severityOf,
} from './present/index.js';

/*
 * The hand-off to an AI agent (README, "Hand-off to an AI agent"): an incident ecs-pullfix could
 * not pin — nothing found wrong but the cause unknown, or the path not seen whole — goes to the
 * agent's webhook once, as one EventBridge event, with our evidence and findings. Everything we
 * diagnose ourselves stays with us: an investigation costs the agent's owner money and minutes.
 * Pure: time and ids come in.
 */

export const HANDOFF_SCHEMA = 'ecs-pullfix.handoff/v1';
/** The event's source and detail type: the hand-off rule (serverless.yml, `HandoffRule`) matches exactly these. */
export const HANDOFF_SOURCE = 'ecs-pullfix';
export const HANDOFF_DETAIL_TYPE = 'ECS Task Start Failure Hand-off';
/**
 * How long an incident's hand-off is remembered: its crash loop's later notices within a week
 * never hand it off again; one still failing after that is a new investigation.
 */
export const HANDOFF_KEEP_SECONDS = 7 * 24 * 3600;

/** Where hand-offs go (an EventBridge bus, whose rule calls the agent's API destination). */
export interface HandoffSender {
  /** Puts the hand-off; throws when it was not accepted (a failed call, or a failed entry). */
  send(handoff: Handoff): Promise<void>;
}

/** One hand-off: the event to put, its detail bounded to EventBridge's entry size. */
export type Handoff = Readonly<{
  /** Our incident id: a receiver that sees it twice (EventBridge delivers at least once) drops the second. */
  idempotencyKey: string;
  source: typeof HANDOFF_SOURCE;
  detailType: typeof HANDOFF_DETAIL_TYPE;
  /** The event's `Resources`: the task. */
  resources: readonly string[];
  /** The JSON document (`ecs-pullfix.handoff/v1`): the body the agent receives. */
  detail: string;
  /** What was shortened or left out to fit, in order (empty: nothing). */
  truncated: readonly string[];
}>;

/** What the hand-off is drawn from: the run's diagnosis, and the notice it was told with. */
export type HandoffInput = Readonly<{
  task: StoppedTask;
  classification: Classification;
  findings: readonly Finding[];
  plan?: Plan;
  outcomes?: readonly OutcomeView[];
  checks?: readonly CheckAnswer[];
  incidentId: string;
  /** The notice's subject and text, as a person reads them. */
  notice: Readonly<{ subject: string; text: string }>;
  now: Date;
  accountAlias?: string;
}>;

/**
 * Whether an incident of this outcome and cause goes to the agent: only when we could not pin
 * it. Every outcome is named, so that a new one must be decided here.
 */
export function handsOff(outcome: Outcome, cause: Cause): boolean {
  switch (outcome) {
    // The path is whole and the classifier did not recognise the stop reason: the agent may.
    case 'no-network-problem':
      return cause === 'unknown';
    // Nothing found wrong, but part of the path could not be read: the agent may see more.
    case 'not-checked':
      return true;
    // We named the cause and its fix (or made it): nothing for the agent to add.
    case 'fixed':
    case 'partially-fixed':
    case 'fix-failed':
    case 'planned':
    case 'action-needed':
    case 'resolved':
      return false;
  }
}

/** The run's outcome, as its notice states it. */
export function handoffOutcome(input: Pick<HandoffInput, 'findings' | 'plan' | 'outcomes'>): Outcome {
  return outcomeOf({
    findings: input.findings,
    ...(input.plan ? { plan: input.plan, mode: input.plan.mode } : {}),
    ...(input.outcomes ? { outcomes: input.outcomes } : {}),
  });
}

/** Whether the run goes to the agent. */
function handoffDue(
  input: Pick<HandoffInput, 'findings' | 'plan' | 'outcomes' | 'classification' | 'incidentId'>,
): boolean {
  return input.incidentId !== '' && handsOff(handoffOutcome(input), input.classification.cause);
}

/** The hand-off of a run, or undefined when the run is not one to hand off. Pure and total. */
export function handoffOf(input: HandoffInput): Handoff | undefined {
  if (!handoffDue(input)) return undefined;
  const envelope = {
    source: HANDOFF_SOURCE,
    detailType: HANDOFF_DETAIL_TYPE,
    resources: [clip(input.task.taskArn, 1_600)],
  } as const;
  const budget = HANDOFF_ENTRY_MAX_BYTES - entryBytes({ ...envelope, detail: '' });
  const { detail, truncated } = boundedDetail(handoffDocument(input), budget);
  return { idempotencyKey: input.incidentId, ...envelope, detail, truncated };
}

/** The store's key of an incident's hand-off (never a delivery's: no task ARN begins so). */
export function handoffKeyOf(incidentId: string): string {
  return `handoff#${incidentId}`;
}

/** What we could not pin, in a sentence the agent starts from. */
function whyOf(outcome: Outcome): string {
  return outcome === 'not-checked'
    ? 'ecs-pullfix found nothing wrong, but could not read all of the task’s path: see the not-checked findings for what it could not see and why.'
    : 'ecs-pullfix found the task’s network path whole and did not recognise the stop reason: the cause is not one it knows.';
}

/** The document the agent receives (`ecs-pullfix.handoff/v1`), whole. */
export function handoffDocument(input: HandoffInput): Record<string, unknown> {
  const { task, classification } = input;
  const outcome = handoffOutcome(input);
  return {
    schema: HANDOFF_SCHEMA,
    idempotencyKey: input.incidentId,
    sentAt: input.now.toISOString(),
    incident: { id: input.incidentId, outcome, severity: severityOf(outcome, classification) },
    why: whyOf(outcome),
    task: taskDocument(task, input.accountAlias),
    classification: classificationDocument(classification),
    findings: input.findings.map((f) => ({ ...f })),
    checks: checkDocuments(input.checks ?? []),
    notice: { subject: input.notice.subject, text: input.notice.text },
    consoleUrl: consoleUrlOf(task),
  };
}

function taskDocument(task: StoppedTask, accountAlias: string | undefined): Record<string, unknown> {
  return {
    account: task.account,
    ...(accountAlias ? { accountAlias } : {}),
    region: task.region,
    cluster: task.clusterArn,
    clusterName: task.clusterName,
    taskArn: task.taskArn,
    taskDefinitionArn: task.taskDefinitionArn,
    family: task.family,
    service: task.serviceName ?? null,
    group: task.group ?? null,
    launchType: task.launchType ?? null,
    platformVersion: task.platformVersion ?? null,
    availabilityZone: task.availabilityZone ?? null,
    stopCode: task.stopCode ?? null,
    stoppedReason: task.stoppedReason ?? null,
    createdAt: task.createdAt ?? null,
    stoppedAt: task.stoppedAt ?? null,
    containers: task.containers.map((c) => ({ ...c })),
  };
}
