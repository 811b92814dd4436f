import type { Classification } from '../../causes.js';
import { clean } from '../../shell.js';
import { type RoleCheck, statementFor } from '../../workload.js';
import { finding, ok, type Verdict } from '../verdict.js';

/** The execution role must exist and be allowed what the task needs (simulated by IAM). */
export function executionRole(r: RoleCheck, classification: Classification): Verdict[] {
  if (!r.simulation.ok) return [unsimulated(r, r.simulation.why, classification)];
  const sim = r.simulation.value;
  if (sim.kind === 'no-such-role') {
    return [
      finding({
        id: 'execution-role-missing',
        why: `its execution role ${r.roleArn} does not exist`,
        resources: [r.roleArn],
        evidence: [`iam:SimulatePrincipalPolicy: no role ${r.roleArn} (NoSuchEntity)`],
        breaks: [...new Set(r.needs.map((n) => n.feature))],
      }),
    ];
  }
  const out: Verdict[] = [];
  let allowed = 0;
  for (const need of r.needs) {
    const d = sim.decisions.find((x) => x.action === need.action && x.resource === need.resource);
    if (!d) continue;
    if (d.decision === 'allowed') {
      allowed++;
      continue;
    }
    const verdict =
      d.decision === 'explicitDeny'
        ? 'denied by an explicit Deny'
        : 'not allowed by any policy (implicit deny)';
    out.push(
      finding({
        id: 'execution-role-denies',
        roleArn: r.roleArn,
        ...(r.instanceId ? { instanceId: r.instanceId } : {}),
        action: need.action,
        resource: need.resource,
        decision: d.decision,
        // The grant names the task definition's own strings (a log group): cleaned before it is JSON.
        statement: statementFor({ action: need.action, grant: clean(need.grant) }),
        resources: [r.roleArn, need.resource],
        evidence: [
          `iam:SimulatePrincipalPolicy: ${r.roleArn}${whose(r)} → ${need.action} on ${need.resource}: ${verdict}`,
          ...(need.action === 'kms:Decrypt'
            ? ["the key's own policy must allow the role too (the simulator does not read key policies)"]
            : []),
        ],
        breaks: [need.feature],
      }),
    );
  }
  if (allowed > 0)
    out.push(
      ok(
        `${r.roleArn}${whose(r)}: ${allowed} of the ${r.needs.length} permissions the task needs simulate as allowed`,
      ),
    );
  return out;
}

/** " (the role of container instance i-…, …)" when the role is the instance's, not an execution role. */
function whose(r: RoleCheck): string {
  return r.instanceId
    ? ` (the role of container instance ${r.instanceId}: with no execution role, ECR pulls and awslogs are signed with it)`
    : '';
}

/** Say the role was not simulated, and fall back on what the stop reason itself says (a preflight has none). */
function unsimulated(r: RoleCheck, why: string, classification: Classification): Verdict {
  const said = classification.evidence;
  return finding({
    id: 'not-checked',
    check: 'execution-role',
    why: `${why}; the role's permissions were not simulated${said.length > 0 ? ', so the stop reason is the evidence' : ''}`,
    resources: [r.roleArn],
    evidence: [
      why.includes('iam:SimulatePrincipalPolicy')
        ? why
        : `iam:SimulatePrincipalPolicy on ${r.roleArn}: ${why}`,
      ...said.map((e) => `the stop reason says: ${e}`),
    ],
    breaks: [],
  });
}
