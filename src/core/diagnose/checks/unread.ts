import { finding, type Verdict } from '../verdict.js';

/** A check of the workload that could not be made, and why (the read that failed), on what. */
export function unread(check: string, why: string, resource: string, breaks: readonly string[]): Verdict {
  return finding({ id: 'not-checked', check, why, resources: [resource], evidence: [why], breaks });
}
