import type { EndpointService } from '../network.js';
import type { PlanContext } from '../plan/context.js';
import type { FindingId, FindingOf } from './types.js';

/**
 * Where a finding is: on the network path (`network`), in the task's execution role, image or
 * secrets (`workload`: no change to the network cures it), or about the diagnosis itself
 * (`meta`: `path-ok`, `not-checked`, and information such as duplicate endpoints, never the
 * cause of a failure).
 */
export type Scope = 'network' | 'workload' | 'meta';

/** Everything ecs-pullfix knows about one finding id, in one place. */
export type FindingSpec<K extends FindingId> = Readonly<{
  /** Reading order: the root cause first (lower first). */
  rank: number;
  scope: Scope;
  /** The finding as a line of the comparison tests and scenario files: `id` or `id:detail`. */
  key: (f: FindingOf<K>) => string;
  /** The endpoint service it concerns, where it concerns one. */
  service?: (f: FindingOf<K>) => EndpointService | undefined;
  /**
   * True when auto-fix's writes alone cure it: the endpoints, security group rules and route
   * tables it may add (the egress roots go away once the endpoints exist).
   */
  autoFix: boolean;
  /** The fix, in words. */
  fix: (f: FindingOf<K>, region: string) => string;
  /** What the plan does about it: the writes auto-fix may make, or the change a person makes. */
  remedy: (f: FindingOf<K>, plan: PlanContext) => void;
}>;

/** The remedy of a finding nothing is to be done about. */
export const nothing = (): void => undefined;

/** Catalogue entries for some finding ids: the compiler refuses one without its spec. */
export type Entries<K extends FindingId> = { readonly [P in K]: FindingSpec<P> };

/** The key of a finding that concerns one service: `id:service`. */
export const keyWithService = (f: { id: string; service?: string | undefined }): string =>
  f.service === undefined ? f.id : `${f.id}:${f.service}`;
