import type { EndpointService } from '../network.js';
import { FINDINGS } from './catalog.js';
import type { FindingSpec } from './spec.js';
import type { Finding, FindingId } from './types.js';

export { FINDINGS } from './catalog.js';
export type { Entries, FindingSpec, Scope } from './spec.js';
export type { EgressPeer, Finding, FindingId, FindingOf, TaskPeer } from './types.js';

/** A finding's entry, typed for any finding (the mapped type pairs each id with its own spec). */
const specOf = (f: Finding): FindingSpec<FindingId> => FINDINGS[f.id] as unknown as FindingSpec<FindingId>;

/** Findings in the order a person should read them: the root cause first. */
export const FINDING_ORDER: readonly FindingId[] = (Object.keys(FINDINGS) as FindingId[]).sort(
  (a, b) => FINDINGS[a].rank - FINDINGS[b].rank,
);

/**
 * True for findings that say something is wrong with the task's start: not `path-ok`,
 * `not-checked` or information (several endpoints for one service cost money, yet the task's
 * path through the one that serves is whole: never the root, never withholding `path-ok`).
 */
export const isProblem = (f: Finding): boolean => specOf(f).scope !== 'meta';

/** True for a problem on the network path (not the execution role, the image or a secret). */
export const isNetworkProblem = (f: Finding): boolean => specOf(f).scope === 'network';

/** The service a finding concerns, where it concerns one (an endpoint's short name). */
export const serviceOfFinding = (f: Finding): EndpointService | undefined => specOf(f).service?.(f);

/** A finding as a line of the comparison tests and scenario files make: `id` or `id:service`. */
export const findingKey = (f: Finding): string => specOf(f).key(f);

/** The fix, in words, for a finding. */
export const fixOf = (f: Finding, region: string): string => specOf(f).fix(f, region);
