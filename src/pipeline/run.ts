import type { Classification } from '../core/causes.js';
import { answerChecklist, type CheckAnswer } from '../core/checklist.js';
import { classify } from '../core/classify.js';
import { diagnose } from '../core/diagnose.js';
import { type StoppedTask, stopRecordOf } from '../core/event.js';
import { type Finding, findingKey } from '../core/findings.js';
import { type IncidentKey, incidentIdOf, incidentKeyOf } from '../core/incident.js';
import { type DeploymentPolicy, type Mode, type Policy, policyFor } from '../core/mode.js';
import type { Checked, Snapshot, Tags } from '../core/network.js';
import { type Plan, planActions, plannedSteps, type Step } from '../core/plan.js';
import type { Ec2Writer, LeaseStore, ReadPorts } from '../core/ports.js';
import { type WorkloadCheck, workloadChecksFor } from '../core/workload.js';
import { AwsCallError } from '../errors.js';
import { type ActionOutcome, applyPlan } from './apply.js';
import { attemptBy, inspect } from './inspect.js';

/** What one run of the pipeline made of one stopped task: its diagnosis, and what was done about it. */
export type Report = Diagnosis &
  Readonly<{
    policy?: Policy;
    plan?: Plan;
    /** Each planned action with what became of it, in the plan's order. */
    steps?: readonly Step[];
    /** The steps' outcomes alone, in the plan's order (read from `steps`). */
    outcomes?: readonly ActionOutcome[];
    /** The diagnosis after auto-fix applied its writes. */
    after?: readonly Finding[];
  }>;

export type PipelineOptions = Readonly<{
  deployment: DeploymentPolicy;
  /** A mode that overrides the cluster's tag (the CLI's `--mode`). */
  mode?: Mode;
  /** The most the cluster's tag may ask for: the CLI writes only when told to on its command line. */
  ceiling?: Mode;
  /** Needed for auto-fix: the write port and the leases. */
  writer?: Ec2Writer;
  leases?: LeaseStore;
  /** Who this invocation is, for leases (an id per run). */
  owner?: string;
  now?: () => Date;
  /** Asked before auto-fix writes: a reason not to (the incident was fixed within the window), or undefined. */
  holdBack?: (incidentId: string) => Promise<string | undefined>;
  /** Asked last before auto-fix writes, with the plan (the CLI asks a person): false writes nothing. */
  confirm?: (plan: Plan) => Promise<boolean>;
  /**
   * When the invocation must be done (epoch ms): reads that would outlast it are not waited
   * for, and auto-fix does not start writes it might not finish and verify.
   */
  deadline?: number;
}>;

/** The least time auto-fix needs to apply a plan and verify it; with less left it holds back. */
export const MIN_FIX_MS = 20_000;

/** The diagnosis of a stopped task: classify → inspect → diagnose (nothing is inspected for an ordinary stop). */
export type Diagnosis = Readonly<{
  task: StoppedTask;
  classification: Classification;
  /** Absent when the task was not a start failure (nothing was inspected). */
  snapshot?: Snapshot;
  findings: readonly Finding[];
  /** AWS's checklist for the two errors, answered (empty when nothing was inspected). */
  checks: readonly CheckAnswer[];
  incident?: Readonly<{ key: IncidentKey; id: string }>;
}>;

export async function diagnoseTask(
  task: StoppedTask,
  ports: ReadPorts,
  classification = classify(stopRecordOf(task)),
  deadline?: number,
  checks: readonly WorkloadCheck[] = workloadChecksFor(classification.cause, classification.evidence),
): Promise<Diagnosis> {
  if (classification.cause === 'not-a-start-failure')
    return { task, classification, findings: [], checks: [] };
  const snapshot = await inspect(task, ports, deadline, checks);
  const findings = diagnose(snapshot, classification);
  const key = incidentKeyOf(task, classification.cause, findings);
  return {
    task,
    classification,
    snapshot,
    findings,
    checks: answerChecklist({ snapshot, classification, findings }),
    incident: { key, id: incidentIdOf(key) },
  };
}

/**
 * The remediation of a diagnosis: policy → plan → apply (auto-fix only) → re-inspect to
 * verify: an applied action is verified when the finding it answered is gone.
 */
export async function remediate(d: Diagnosis, ports: ReadPorts, options: PipelineOptions): Promise<Report> {
  const { task, classification, findings, incident } = d;
  if (!d.snapshot || !incident) return d;
  const [policy, vpcTags] = await Promise.all([
    policyOf(task, findings, d.snapshot, ports, options),
    vpcTagsOf(findings, d.snapshot, ports, options),
  ]);
  const snapshot: Snapshot = vpcTags ? { ...d.snapshot, vpcTags } : d.snapshot;
  const plan = planActions(findings, snapshot, policy);
  const base = { ...d, snapshot, policy, plan };
  if (
    plan.mode !== 'auto-fix' ||
    !options.writer ||
    !options.leases ||
    !plan.actions.some((a) => a.allowed)
  ) {
    return { ...base, ...stepsOf(plannedSteps(plan.actions, (a) => a.reason)) };
  }
  const late =
    options.deadline !== undefined && options.deadline - Date.now() < MIN_FIX_MS
      ? 'too little of the invocation time was left to apply and verify the fix; nothing was written'
      : undefined;
  const held =
    late ??
    (await options.holdBack?.(incident.id)) ??
    (options.confirm && !(await options.confirm(plan)) ? 'not confirmed: nothing was written' : undefined);
  if (held) {
    // The writes auto-fix would have made are skipped, for the reason it held back.
    const skipped = (a: Plan['actions'][number]) => a.type === 'write' && a.allowed;
    const steps = plannedSteps(plan.actions, (a) => (skipped(a) ? held : a.reason));
    return {
      ...base,
      ...stepsOf(
        steps.map((s) => (skipped(s.action) ? { ...s, outcome: { ...s.outcome, status: 'skipped' } } : s)),
      ),
    };
  }
  const now = options.now ?? (() => new Date());
  const applied = await applyPlan(
    plan,
    snapshot,
    { ec2: ports.ec2, writer: options.writer, leases: options.leases },
    {
      incidentId: incident.id,
      clusterName: task.clusterName,
      owner: options.owner ?? `${task.taskArn}#${now().toISOString()}`,
      now,
    },
  );
  return { ...base, ...(await verify(applied, task, classification, ports, options.deadline)) };
}

/**
 * Re-inspects to verify: an applied action is verified when the finding it answered is gone.
 * The writes are made: a verification that fails (AWS still failing after the SDK's retries)
 * must not fail the invocation, or its retry would find the path whole and forget the fix.
 */
async function verify(
  applied: readonly Step[],
  task: StoppedTask,
  classification: Classification,
  ports: ReadPorts,
  deadline: number | undefined,
): Promise<Pick<Report, 'steps' | 'outcomes' | 'after'>> {
  const after = await inspect(task, ports, deadline).then(
    (s) => diagnose(s, classification),
    (e: unknown) => (e instanceof AwsCallError ? e : Promise.reject(e)),
  );
  if (after instanceof AwsCallError) {
    const why = `re-reading the path to verify it failed: ${after.operation} ${after.code}`;
    return stepsOf(
      applied.map(({ action, outcome }) =>
        outcome.status === 'applied'
          ? {
              action,
              outcome: { ...outcome, detail: `${outcome.detail} (not verified: ${why})`, unverified: why },
            }
          : { action, outcome },
      ),
    );
  }
  const remaining = new Set(after.map(findingKey));
  const verified = applied.map(({ action, outcome }) =>
    outcome.status === 'applied' && !remaining.has(action.why)
      ? { action, outcome: { ...outcome, status: 'verified' as const } }
      : { action, outcome },
  );
  return { ...stepsOf(verified), after };
}

/** A report's steps, and their outcomes alone for what reads only those. */
const stepsOf = (steps: readonly Step[]): Pick<Report, 'steps' | 'outcomes'> => ({
  steps,
  outcomes: steps.map((s) => s.outcome),
});

/**
 * The pipeline the CLI and the demo run: classify → inspect → diagnose, and with options
 * plan → apply → verify. A task that is `not-a-start-failure` stops after classification.
 */
export async function runPipeline(
  task: StoppedTask,
  ports: ReadPorts,
  options?: PipelineOptions,
): Promise<Report> {
  const d = await diagnoseTask(task, ports, undefined, options?.deadline);
  if (!options) {
    const { incident: _, ...rest } = d;
    return rest;
  }
  return remediate(d, ports, options);
}

const RANK: Readonly<Record<Mode, number>> = { notify: 0, 'dry-run': 1, 'auto-fix': 2 };

function capped(policy: Policy, ceiling: Mode | undefined): Policy {
  if (!ceiling || RANK[policy.mode] <= RANK[ceiling]) return policy;
  const note = `the cluster asks for ${policy.mode}; this run stops at ${ceiling} (pass --mode ${policy.mode} to apply)`;
  return { ...policy, mode: ceiling, problem: policy.problem ? `${policy.problem}; ${note}` : note };
}

/**
 * The VPC's tags (its owner's opt-in to auto-fix): those the inspection read with the VPC's
 * DHCP option set (one DescribeVpcs), else — a snapshot made without them — read only when
 * the plan holds a write, beside the cluster's tags.
 */
async function vpcTagsOf(
  findings: readonly Finding[],
  snapshot: Snapshot,
  ports: ReadPorts,
  options: PipelineOptions,
): Promise<Checked<Tags> | undefined> {
  if (!snapshot.vpcId.ok) return undefined;
  // The inspector read them with the VPC's DHCP option set (one DescribeVpcs): not read again.
  if (snapshot.vpcTags) return snapshot.vpcTags;
  const planned = planActions(findings, snapshot, policyFor({}, options.deployment));
  if (!planned.actions.some((a) => a.type === 'write')) return undefined;
  const vpcId = snapshot.vpcId.value;
  return attemptBy(options.deadline, `the tags of ${vpcId}`, () => ports.ec2.describeVpcTags(vpcId));
}

/**
 * The cluster's policy. Its tags are read only when there is something auto-fix could do:
 * a diagnosis with nothing to write costs no extra call.
 */
async function policyOf(
  task: StoppedTask,
  findings: readonly Finding[],
  snapshot: Snapshot,
  ports: ReadPorts,
  options: PipelineOptions,
): Promise<Policy> {
  if (options.mode) return { ...options.deployment, mode: options.mode, source: 'flag' };
  const defaults = policyFor({}, options.deployment);
  if (!planActions(findings, snapshot, defaults).actions.some((a) => a.type === 'write'))
    return capped(defaults, options.ceiling);
  const tags = await attemptBy(options.deadline, `the tags of cluster ${task.clusterName}`, () =>
    ports.ecs.describeClusterTags(task.clusterArn),
  );
  if (!tags.ok) {
    return {
      ...defaults,
      problem: `the cluster's tags could not be read (${tags.why}): the deployment default, ${defaults.mode}, applies`,
    };
  }
  return capped(policyFor(tags.value, options.deployment), options.ceiling);
}
