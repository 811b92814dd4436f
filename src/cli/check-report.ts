import type { CheckAnswer } from '../core/checklist.js';
import { findingKey, isProblem } from '../core/findings.js';
import { ownRegistryOf, renderVerdict } from '../core/present/index.js';
import type { Preflight } from '../pipeline/preflight.js';

/*
 * What the CI formats (`--format github`, `--format junit`) say of one preflight: one flat view,
 * so that each format is a small pure function of it. Every string in it but the ids is
 * untrusted (names, images and evidence from the task definition file and from AWS): each
 * format escapes for its own reader.
 */

/** A finding that stops the task from starting: an error annotation, a failed test case. */
export type Blocking = Readonly<{
  /** `missing-endpoint:ecr.dkr`: the finding as the checklist names it. */
  key: string;
  evidence: readonly string[];
  fix: string;
}>;

/** A check that could not be made (a read denied, a simulation not permitted …). */
export type Unchecked = Readonly<{ check: string; why: string }>;

export type CheckReport = Readonly<{
  /** `checkout (taskdef.json)` or `prod-apps / checkout`: what was checked. */
  subject: string;
  /** Where it would run: the subnets and security groups, or the service's cluster. */
  where: string;
  /** The task definition file, when one was checked (annotations point at it). */
  file?: string;
  wouldFail: boolean;
  /** The verdict, as `check` prints it first: one line, then the fix. */
  verdict: readonly string[];
  blocking: readonly Blocking[];
  unchecked: readonly Unchecked[];
  checks: readonly CheckAnswer[];
}>;

/** The verdict `check` prints first, in every format: would a new task start; if not, why and the fix. */
export function preflightVerdict(p: Preflight): string[] {
  if (!p.wouldFail) return [NOTHING_FOUND];
  const registry = ownRegistryOf(p.taskDefinitionArn);
  const [what = '', ...fix] = renderVerdict({
    findings: p.findings,
    ...(p.plan ? { plan: p.plan } : {}),
    ...(registry ? { ownRegistry: registry } : {}),
  });
  return [`A new task would fail to start: ${what}`, ...fix];
}

export const NOTHING_FOUND = 'Nothing found that would stop a new task from starting.';

/** The view of a preflight the CI formats are drawn from. */
export function checkReportOf(p: Preflight): CheckReport {
  return {
    subject: p.taskDefinitionFile ? `${p.service} (${p.taskDefinitionFile})` : `${p.cluster} / ${p.service}`,
    where: p.network
      ? `subnets ${p.network.subnetIds.join(', ')}; security groups ${p.network.securityGroupIds.join(', ')}; public IP ${p.network.assignPublicIp === 'ENABLED' ? 'on' : 'off'}`
      : `cluster ${p.cluster}, task definition ${p.taskDefinitionArn}`,
    ...(p.taskDefinitionFile ? { file: p.taskDefinitionFile } : {}),
    wouldFail: p.wouldFail,
    verdict: preflightVerdict(p),
    blocking: p.findings.filter(isProblem).map((f) => ({
      key: findingKey(f),
      evidence: f.evidence,
      fix: f.fix,
    })),
    unchecked: p.findings.flatMap((f) => (f.id === 'not-checked' ? [{ check: f.check, why: f.why }] : [])),
    checks: p.checks,
  };
}

/** The counts a summary line and a JUnit header need. */
export function countsOf(report: CheckReport): Readonly<{ failed: number; notChecked: number }> {
  return { failed: report.blocking.length, notChecked: report.unchecked.length };
}
