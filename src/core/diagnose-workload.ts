import type { Classification } from './causes.js';
import type { Finding } from './findings.js';
import type { Snapshot } from './network.js';
import { clean } from './shell.js';
import {
  type ImageCheck,
  nearestTags,
  platformMatches,
  type RoleCheck,
  type SecretCheck,
  statementFor,
} from './workload.js';

/** A finding without its fix yet (the diagnosis writes fixes with `fixOf`). */
type DraftOf<F> = F extends Finding ? Omit<F, 'fix'> & { fix?: string } : never;
export type WorkloadDraft = DraftOf<Finding>;

/**
 * The diagnosis beyond the network path: the execution role's simulated permissions, the
 * image in ECR, the secrets and parameters. Pure. `checked` lists what was looked at and
 * found right (it joins path-ok's evidence).
 */
export function diagnoseWorkload(
  snapshot: Snapshot,
  classification: Classification,
): Readonly<{ drafts: WorkloadDraft[]; checked: string[] }> {
  const w = snapshot.workload;
  const drafts: WorkloadDraft[] = [];
  const checked: string[] = [];
  if (!w) return { drafts, checked };
  const stopText = [
    snapshot.task.stoppedReason ?? '',
    ...snapshot.task.containers.map((c) => c.reason ?? ''),
  ].join('\n');
  if (w.role) role(w.role, classification, drafts, checked);
  for (const image of w.images) imageFindings(image, w.platform, drafts, checked);
  for (const secret of w.secrets) secretFindings(secret, stopText, drafts, checked);
  return { drafts, checked };
}

function role(
  r: RoleCheck,
  classification: Classification,
  drafts: WorkloadDraft[],
  checked: string[],
): void {
  if (!r.simulation.ok) {
    // Say so, and fall back on what the stop reason itself says (a preflight has none).
    const said = classification.evidence;
    const why = r.simulation.why;
    drafts.push({
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
    return;
  }
  const sim = r.simulation.value;
  if (sim.kind === 'no-such-role') {
    drafts.push({
      id: 'execution-role-missing',
      why: `its execution role ${r.roleArn} does not exist`,
      resources: [r.roleArn],
      evidence: [`iam:SimulatePrincipalPolicy: no role ${r.roleArn} (NoSuchEntity)`],
      breaks: [...new Set(r.needs.map((n) => n.feature))],
    });
    return;
  }
  let allowed = 0;
  for (const need of r.needs) {
    const d = sim.decisions.find((x) => x.action === need.action && x.resource === need.resource);
    if (!d) continue;
    if (d.decision === 'allowed') {
      allowed++;
      continue;
    }
    drafts.push({
      id: 'execution-role-denies',
      roleArn: r.roleArn,
      action: need.action,
      resource: need.resource,
      decision: d.decision,
      // The grant names the task definition's own strings (a log group): cleaned before it is JSON.
      statement: statementFor({ action: need.action, grant: clean(need.grant) }),
      resources: [r.roleArn, need.resource],
      evidence: [
        `iam:SimulatePrincipalPolicy: ${r.roleArn} → ${need.action} on ${need.resource}: ${d.decision === 'explicitDeny' ? 'denied by an explicit Deny' : 'not allowed by any policy (implicit deny)'}`,
        ...(need.action === 'kms:Decrypt'
          ? ["the key's own policy must allow the role too (the simulator does not read key policies)"]
          : []),
      ],
      breaks: [need.feature],
    });
  }
  if (allowed > 0)
    checked.push(
      `${r.roleArn}: ${allowed} of the ${r.needs.length} permissions the task needs simulate as allowed`,
    );
}

function imageFindings(
  c: ImageCheck,
  platform: string | undefined,
  drafts: WorkloadDraft[],
  checked: string[],
): void {
  const { ref } = c;
  const repo = `${ref.registryId}.dkr.ecr.${ref.region}.amazonaws.com/${ref.repository}`;
  const breaks = [`image ${ref.image} (container ${ref.container})`];
  if (!c.state.ok) {
    drafts.push(notCheckedDraft('image', c.state.why, ref.image, breaks));
    return;
  }
  const state = c.state.value;
  const reference = ref.digest ?? ref.tag ?? 'latest';
  if (state.kind === 'repository-missing') {
    drafts.push({
      id: 'ecr-repository-missing',
      image: ref.image,
      repository: ref.repository,
      registryId: ref.registryId,
      region: ref.region,
      resources: [repo],
      evidence: [
        `ecr:DescribeImages: no repository ${ref.repository} in registry ${ref.registryId} (${ref.region})`,
      ],
      breaks,
    });
    return;
  }
  if (state.kind === 'image-missing') {
    const tags = c.tags?.ok ? c.tags.value : [];
    if (c.tags && !c.tags.ok) drafts.push(notCheckedDraft('image-tags', c.tags.why, repo, breaks));
    const nearest = ref.tag ? nearestTags(ref.tag, tags) : [];
    drafts.push({
      id: 'image-tag-missing',
      image: ref.image,
      repository: ref.repository,
      reference,
      nearest,
      resources: [repo],
      evidence: [
        `ecr:DescribeImages: ${ref.repository} has no image ${ref.digest ? 'with digest' : 'tagged'} ${reference}`,
        c.tags === undefined
          ? 'the repository’s tags were not read'
          : !c.tags.ok
            ? `its tags could not be listed: ${c.tags.why}`
            : nearest.length > 0
              ? `nearest tags: ${nearest.join(', ')} (of ${tags.length})`
              : 'the repository holds no tagged image',
      ],
      breaks,
    });
    return;
  }
  checked.push(`${ref.image}: in ECR (${state.digest.slice(0, 19)}…)`);
  if (!c.platforms) return;
  if (!c.platforms.ok) {
    drafts.push(notCheckedDraft('image-platform', c.platforms.why, ref.image, breaks));
    return;
  }
  const offered = c.platforms.value;
  if (!platform) {
    checked.push(`${ref.image}: offers ${offered.join(', ')} (the task's platform is not set: EC2 decides)`);
    return;
  }
  if (offered.length > 0 && !offered.some((p) => platformMatches(p, platform))) {
    drafts.push({
      id: 'image-platform-mismatch',
      image: ref.image,
      wanted: platform,
      offered,
      resources: [repo],
      evidence: [`the task runs on ${platform}`, `${ref.image} offers ${offered.join(', ')}`],
      breaks,
    });
  } else checked.push(`${ref.image}: offers ${offered.join(', ')}, the task runs on ${platform}`);
}

function secretFindings(c: SecretCheck, stopText: string, drafts: WorkloadDraft[], checked: string[]): void {
  const { ref } = c;
  const base = { valueFrom: ref.valueFrom, resources: [ref.valueFrom], breaks: [ref.feature] };
  if (!c.state.ok) {
    drafts.push(notCheckedDraft('secrets', c.state.why, ref.valueFrom, [ref.feature]));
    return;
  }
  const s = c.state.value;
  if (s.kind === 'missing') {
    const what = ref.kind === 'ssm' ? 'parameter' : 'secret';
    drafts.push({
      id: 'secret-missing',
      what,
      ...base,
      evidence: [
        ref.kind === 'ssm'
          ? `ssm:DescribeParameters: no parameter named ${ref.name}`
          : `secretsmanager:DescribeSecret: no secret ${ref.secretId}`,
      ],
    });
    return;
  }
  if (s.kind === 'parameter') {
    checked.push(`parameter ${s.name}: exists (${s.type}, version ${s.version})`);
    return;
  }
  if (s.deletedDate) {
    drafts.push({
      id: 'secret-missing',
      what: 'deleted',
      ...base,
      evidence: [
        `secretsmanager:DescribeSecret: ${s.arn} is scheduled for deletion (DeletedDate ${s.deletedDate})`,
      ],
    });
    return;
  }
  if (ref.kind !== 'secretsmanager') return;
  const versions = Object.entries(s.versions);
  if (ref.versionId && !versions.some(([id]) => id === ref.versionId)) {
    drafts.push({
      id: 'secret-missing',
      what: 'version',
      ...base,
      evidence: [
        `${s.arn} has no version ${ref.versionId} (versions: ${versions.map(([id]) => id).join(', ') || 'none'})`,
      ],
    });
    return;
  }
  const stage = ref.versionStage ?? (ref.versionId ? undefined : 'AWSCURRENT');
  if (stage && !versions.some(([, stages]) => stages.includes(stage))) {
    drafts.push({
      id: 'secret-missing',
      what: 'version',
      ...base,
      evidence: [
        `${s.arn} has no version labelled ${stage} (labels: ${[...new Set(versions.flatMap(([, l]) => l))].join(', ') || 'none'})`,
      ],
    });
    return;
  }
  checked.push(`secret ${s.arn}: exists${stage ? `, ${stage} present` : ''}`);
  if (!ref.jsonKey) return;
  // A JSON key is inside the value, which ecs-pullfix never reads: only the stop reason can tell.
  const said = new RegExp(`did not contain json key ${escapeRegExp(ref.jsonKey)}\\b`, 'i').exec(stopText);
  if (said) {
    drafts.push({
      id: 'secret-missing',
      what: 'json-key',
      ...base,
      evidence: [
        `the stop reason says the secret ${said[0]}`,
        `${s.arn} exists; ecs-pullfix does not read secret values, so the key is taken from the stop reason`,
      ],
    });
  } else
    checked.push(
      `secret ${s.arn}: JSON key ${ref.jsonKey} not verified (ecs-pullfix never reads a secret's value)`,
    );
}

/** A check that could not be made, and why (the read that failed). */
function notCheckedDraft(
  check: string,
  why: string,
  resource: string,
  breaks: readonly string[],
): WorkloadDraft {
  return { id: 'not-checked', check, why, resources: [resource], evidence: [why], breaks };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
