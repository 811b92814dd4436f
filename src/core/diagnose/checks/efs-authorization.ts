import {
  accessPointArn,
  clientActions,
  type EfsAccessPoint,
  type EfsAuthorization,
  fileSystemArn,
} from '../../efs-authorization.js';
import type { Need } from '../../needs.js';
import type { Checked } from '../../network.js';
import { type Decision, evaluatePolicy, type Policy, parsePolicy } from '../../policy/evaluate.js';
import type { RoleSimulation } from '../../workload.js';
import { type CheckInput, finding, notChecked, ok, type Verdict } from '../verdict.js';

/*
 * An EFS volume's access point and IAM authorization (R7; network.md, "EFS volumes"). EFS allows
 * a client action (ClientMount, ClientWrite) when the task role's policies or the file system
 * policy allow it and neither denies it explicitly; with no file system policy, the default one
 * allows every client that reaches a mount target. A volume without IAM authorization mounts
 * anonymously: only its access point is checked. Pure.
 * https://docs.aws.amazon.com/efs/latest/ug/iam-access-control-nfs-efs.html
 */

type EfsNeed = Extract<Need, { kind: 'efs' }>;

/** The checks of the volume's access point and IAM authorization (none when it uses neither). */
export function efsAuthorization(
  input: CheckInput,
  need: EfsNeed,
  auth: EfsAuthorization | undefined,
): Verdict[] {
  if (!need.iam && !need.accessPointId) return [];
  if (!auth)
    return [notChecked('efs-authorization', `the authorization of ${need.fileSystemId} was not read`)];
  return [
    ...(need.accessPointId ? accessPointVerdicts(need, need.accessPointId, auth.accessPoint) : []),
    ...(need.iam ? iamVerdicts(input, need, auth) : []),
  ];
}

function accessPointVerdicts(
  need: EfsNeed,
  id: string,
  read: Checked<EfsAccessPoint | undefined> | undefined,
): Verdict[] {
  if (!read) return [notChecked('efs-authorization', `access point ${id} was not read`)];
  if (!read.ok) return [notChecked('efs-authorization', read.why)];
  const ap = read.value;
  const base = {
    id: 'efs-access-point-missing',
    fileSystemId: need.fileSystemId,
    accessPointId: id,
    resources: [id, need.fileSystemId],
    breaks: [need.feature],
  } as const;
  if (!ap)
    return [
      finding({
        ...base,
        problem: 'missing',
        evidence: [
          `${need.feature} mounts ${need.fileSystemId} through access point ${id}, which does not exist (AccessPointNotFound)`,
        ],
      }),
    ];
  if (ap.fileSystemId !== need.fileSystemId)
    return [
      finding({
        ...base,
        problem: 'other-file-system',
        otherFileSystemId: ap.fileSystemId,
        evidence: [
          `access point ${id} belongs to ${ap.fileSystemId}, not ${need.fileSystemId} (the volume's fileSystemId)`,
        ],
      }),
    ];
  if (ap.state !== 'available')
    return [
      finding({
        ...base,
        problem: 'not-available',
        state: ap.state,
        evidence: [`access point ${id} of ${need.fileSystemId} is ${ap.state}, not available`],
      }),
    ];
  const root = ap.rootDirectory ? `, root directory ${ap.rootDirectory}` : '';
  return [ok(`${id} (access point of ${need.fileSystemId}): available${root}`)];
}

/** One side's answer for one action: allowed, denied (explicitly or not), or unknown and why. */
type Side = Readonly<
  { kind: 'allowed' | 'explicit' | 'implicit'; by: string } | { kind: 'unknown'; why: string }
>;

function iamVerdicts(input: CheckInput, need: EfsNeed, auth: EfsAuthorization): Verdict[] {
  const s = input.snapshot;
  if (!s.taskDefinition.ok) return [notChecked('efs-authorization', s.taskDefinition.why)];
  const td = s.taskDefinition.value;
  if (!td.taskRoleArn)
    return [
      finding({
        id: 'efs-iam-no-task-role',
        fileSystemId: need.fileSystemId,
        resources: [td.arn, need.fileSystemId],
        evidence: [
          `${need.feature} mounts ${need.fileSystemId} with IAM authorization (authorizationConfig.iam ENABLED): the mount is signed with the task role`,
          `${td.arn} has no taskRoleArn`,
        ],
        breaks: [need.feature],
      }),
    ];
  const roleArn = td.taskRoleArn;
  const partition = /^arn:([\w-]+):/.exec(td.arn)?.[1] ?? 'aws';
  const account = s.task.account || (/^arn:[\w-]+:ecs:[^:]*:(\d{12}):/.exec(td.arn)?.[1] ?? '');
  const fsArn = fileSystemArn(partition, input.region, account, need.fileSystemId);
  const apArn = need.accessPointId
    ? accessPointArn(partition, input.region, account, need.accessPointId)
    : undefined;
  const judged = clientActions(need.readOnly).map((action) => ({
    action,
    role: roleSide(auth.taskRole?.simulation, action, fsArn),
    policy: policySide(auth.policy, { action, fsArn, roleArn, ...(apArn ? { apArn } : {}) }),
  }));
  const out: Verdict[] = [];
  const denied: typeof judged = [];
  const unknown: typeof judged = [];
  for (const j of judged) {
    const { role, policy } = j;
    if (role.kind === 'explicit' || policy.kind === 'explicit') denied.push(j);
    else if (role.kind === 'unknown' || policy.kind === 'unknown') unknown.push(j);
    else if (role.kind === 'allowed' || policy.kind === 'allowed') {
      const by = role.kind === 'allowed' ? role.by : policy.kind === 'allowed' ? policy.by : '';
      out.push(ok(`${roleArn} (task role) may ${j.action} on ${need.fileSystemId}: ${by}`));
    } else denied.push(j);
  }
  if (unknown.length > 0) out.push(undecided(need, roleArn, unknown));
  if (denied.length > 0) out.push(iamDenied(need, roleArn, fsArn, apArn, denied));
  return out;
}

/** One note for the actions whose decision hangs on what could not be read or decided. */
function undecided(
  need: EfsNeed,
  roleArn: string,
  unknown: readonly Readonly<{ action: string; role: Side; policy: Side }>[],
): Verdict {
  const sides = unknown.flatMap((j) => [j.role, j.policy]);
  const whys = [...new Set(sides.flatMap((x) => (x.kind === 'unknown' ? [x.why] : [])))];
  const allowing = [...new Set(sides.flatMap((x) => (x.kind === 'allowed' ? [x.by] : [])))];
  const only =
    allowing.length > 0 && unknown.every((j) => j.role.kind === 'allowed' || j.policy.kind === 'allowed')
      ? `; ${allowing.join('; ')}, so only an explicit Deny could refuse it`
      : '';
  const actions = unknown.map((j) => j.action).join(' and ');
  return notChecked(
    'efs-authorization',
    `${actions} on ${need.fileSystemId} for ${roleArn} (task role): ${whys.join('; ')}${only}`,
  );
}

function roleSide(sim: Checked<RoleSimulation> | undefined, action: string, fsArn: string): Side {
  if (!sim) return { kind: 'unknown', why: 'the task role was not simulated' };
  if (!sim.ok) return { kind: 'unknown', why: sim.why };
  if (sim.value.kind === 'no-such-role')
    return { kind: 'implicit', by: 'the task role does not exist (NoSuchEntity)' };
  const d = sim.value.decisions.find((x) => x.action === action && x.resource === fsArn);
  if (!d) return { kind: 'unknown', why: `the simulation gave no answer for ${action}` };
  if (d.decision === 'allowed') return { kind: 'allowed', by: 'its own policies allow it' };
  return d.decision === 'explicitDeny'
    ? { kind: 'explicit', by: 'its own policies deny it explicitly' }
    : { kind: 'implicit', by: 'none of its own policies allows it' };
}

type PolicyAsk = Readonly<{ action: string; fsArn: string; roleArn: string; apArn?: string }>;

/**
 * A resource policy's Allow that names only an account (`111122223333`, `arn:aws:iam::…:root`)
 * grants nothing by itself within that account: it leaves the decision to the principal's own
 * IAM policies. Those statements are left out of the file system policy's own allow; its
 * Denies all stand.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 */
function withoutAccountGrants(policy: Policy): Policy {
  const accountOnly = (st: Policy['statements'][number]) =>
    st.effect === 'Allow' &&
    st.principal !== undefined &&
    !st.principal.not &&
    st.principal.entries.length > 0 &&
    st.principal.entries.every(
      (e) => e.type === 'AWS' && /^(?:\d{12}|arn:aws[\w-]*:iam::\d{12}:root)$/.test(e.value),
    );
  return { ...policy, statements: policy.statements.filter((st) => !accountOnly(st)) };
}

/** The file system policy's decision, by the project's evaluator; none: the default policy allows. */
function policySide(policy: Checked<string | undefined> | undefined, ask: PolicyAsk): Side {
  if (!policy) return { kind: 'unknown', why: 'the file system policy was not read' };
  if (!policy.ok) return { kind: 'unknown', why: policy.why };
  if (policy.value === undefined)
    return {
      kind: 'allowed',
      by: 'the file system has no policy, and the default one allows every client',
    };
  const account = /^arn:[\w-]+:iam::(\d{12}):/.exec(ask.roleArn)?.[1];
  const parsed = parsePolicy(policy.value);
  if (!parsed.ok) return { kind: 'unknown', why: `the file system policy cannot be read: ${parsed.why}` };
  const decision: Decision = evaluatePolicy(withoutAccountGrants(parsed.policy), {
    action: ask.action,
    resource: ask.fsArn,
    context: {
      'aws:principalarn': ask.roleArn,
      ...(account ? { 'aws:principalaccount': account } : {}),
      'aws:principalisawsservice': 'false',
      // ECS mounts with transit encryption (IAM and access points require it), through a mount target.
      'aws:securetransport': 'true',
      'elasticfilesystem:accessedviamounttarget': 'true',
      ...(ask.apArn ? { 'elasticfilesystem:accesspointarn': ask.apArn } : {}),
    },
  });
  switch (decision.kind) {
    case 'allowed':
      return { kind: 'allowed', by: `the file system policy allows it (statement ${decision.statement})` };
    case 'denied':
      return decision.explicit
        ? {
            kind: 'explicit',
            by: `the file system policy denies it explicitly (statement ${decision.statement})`,
          }
        : { kind: 'implicit', by: 'no statement of the file system policy allows it' };
    case 'undecided':
      return {
        kind: 'unknown',
        why: `the file system policy's decision depends on ${decision.dependsOn.join(', ')}`,
      };
  }
}

function iamDenied(
  need: EfsNeed,
  roleArn: string,
  fsArn: string,
  apArn: string | undefined,
  denied: readonly Readonly<{ action: string; role: Side; policy: Side }>[],
): Verdict {
  const actions = denied.map((d) => d.action);
  const explicit = denied.some((d) => d.role.kind === 'explicit' || d.policy.kind === 'explicit');
  const says = (x: Side) => (x.kind === 'unknown' ? x.why : x.by);
  return finding({
    id: 'efs-iam-denied',
    fileSystemId: need.fileSystemId,
    roleArn,
    actions,
    explicit,
    fileSystemArn: fsArn,
    ...(apArn ? { accessPointArn: apArn } : {}),
    resources: [roleArn, need.fileSystemId],
    evidence: [
      ...denied.map(
        (d) =>
          `${roleArn} (task role) may not ${d.action} on ${need.fileSystemId}: ${says(d.role)}; ${says(d.policy)}`,
      ),
      ...(actions.includes('elasticfilesystem:ClientMount')
        ? []
        : ['without ClientWrite the volume mounts read-only: writes to it fail']),
    ],
    breaks: [need.feature],
  });
}
