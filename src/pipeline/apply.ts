import type { Snapshot } from '../core/network.js';
import type { Action, Plan, Step } from '../core/plan.js';
import { AwsCallError, RetryLaterError } from '../errors.js';
import { type ApplyContext, type ApplyPorts, Executor } from './executor.js';

export type { ActionOutcome, ActionStatus } from '../core/plan.js';
export type { ApplyContext, ApplyPorts } from './executor.js';

/**
 * The executor (auto-fix only): applies the plan's allowed writes, in order, each
 * idempotent — it takes a lease on what it is about to create, re-reads before writing,
 * uses a client token derived from the request, treats "already exists" as success once a
 * re-read shows what exists, tags what it creates — and stops at the first failed write.
 * Recommendations stay `planned`; writes the policy does not allow are `skipped`, and so is
 * a change that turns out, on the re-read, to be a person's to make (route tables on an S3
 * gateway someone else created since the plan).
 */
export async function applyPlan(
  plan: Plan,
  snapshot: Snapshot,
  ports: ApplyPorts,
  ctx: ApplyContext,
): Promise<Step[]> {
  const executor = new Executor(snapshot, ports, ctx);
  const steps: Step[] = [];
  const step = (action: Action, outcome: Step['outcome']) => steps.push({ action, outcome });
  let failed: string | undefined;
  for (const action of plan.actions) {
    if (action.type !== 'write') {
      step(action, {
        id: action.id,
        status: 'planned',
        resourceIds: [],
        detail: 'recommended: ecs-pullfix does not make this change',
      });
    } else if (!action.allowed) {
      step(action, {
        id: action.id,
        status: 'skipped',
        resourceIds: [],
        detail: `not allowed: ${action.reason}`,
      });
    } else if (failed !== undefined) {
      step(action, {
        id: action.id,
        status: 'skipped',
        resourceIds: [],
        detail: `not attempted: ${failed} failed first`,
      });
    } else {
      try {
        const done = await executor.ensure(action);
        step(action, {
          id: action.id,
          status: done.needsPerson ? 'skipped' : 'applied',
          resourceIds: done.resourceIds,
          detail: done.detail,
        });
      } catch (e) {
        failed = action.id;
        step(action, {
          id: action.id,
          status: 'failed',
          resourceIds: [],
          detail: e instanceof Error ? e.message : String(e),
          ...(isRetryable(e) ? { retryable: true } : {}),
        });
      }
    }
  }
  return steps;
}

function isRetryable(e: unknown): boolean {
  return (
    (e instanceof AwsCallError && (e.retryable || e.kind === 'conflict')) || e instanceof RetryLaterError
  );
}
