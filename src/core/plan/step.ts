import type { Action } from './action.js';

/** What became of one planned action. */
export type ActionStatus = 'planned' | 'applied' | 'verified' | 'skipped' | 'failed';

export type ActionOutcome = Readonly<{
  id: string;
  status: ActionStatus;
  /** What the action created or changed (or found already there). */
  resourceIds: readonly string[];
  detail: string;
  /** A failure that trying again later may get past (throttling, a 5xx, another invocation's lease). */
  retryable?: boolean;
  /** Applied, but the path could not be read again to verify it: why. */
  unverified?: string;
}>;

/** One action of a plan with what became of it: never matched by position in two lists. */
export type Step = Readonly<{ action: Action; outcome: ActionOutcome }>;

/** A plan's actions as steps nothing was done about, each with why (its `detail`). */
export const plannedSteps = (actions: readonly Action[], detail: (a: Action) => string): Step[] =>
  actions.map((action) => ({
    action,
    outcome: { id: action.id, status: 'planned', resourceIds: [], detail: detail(action) },
  }));
