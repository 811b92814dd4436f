import type { Finding } from '../findings.js';
import type { Snapshot } from '../network.js';

/** A finding before its fix is written (distributed over the union, so each member keeps its fields). */
type DraftOf<F> = F extends Finding ? Omit<F, 'fix'> & { fix?: string } : never;
export type Draft = DraftOf<Finding>;

/**
 * What one check says: the path is right here (the line path-ok's evidence gives), a finding
 * (its draft, fix not yet written), or the check could not be made and why.
 */
export type Verdict = Readonly<
  | { kind: 'ok'; evidence: string }
  | { kind: 'finding'; draft: Draft }
  | { kind: 'not-checked'; check: string; why: string }
>;

export const ok = (evidence: string): Verdict => ({ kind: 'ok', evidence });
export const finding = (draft: Draft): Verdict => ({ kind: 'finding', draft });
export const notChecked = (check: string, why: string): Verdict => ({ kind: 'not-checked', check, why });

/** What every check reads: the snapshot and its region. */
export type CheckInput = Readonly<{ snapshot: Snapshot; region: string }>;

/** The drafts of a list of verdicts, in order (a check not made is a not-checked draft). */
export function draftsOf(verdicts: readonly Verdict[]): Draft[] {
  return verdicts.flatMap((v) => (v.kind === 'ok' ? [] : [draftOf(v)]));
}

function draftOf(v: Exclude<Verdict, { kind: 'ok' }>): Draft {
  if (v.kind === 'finding') return v.draft;
  return { id: 'not-checked', check: v.check, why: v.why, resources: [], evidence: [v.why], breaks: [] };
}

/** The lines of what was checked and found right, in order. */
export function checkedOf(verdicts: readonly Verdict[]): string[] {
  return verdicts.flatMap((v) => (v.kind === 'ok' ? [v.evidence] : []));
}
