import type { Checked } from './checked.js';
import type { ManagedEndpoint, ManagedRule } from './left-behind.js';
import { endpointMonthlyUsd } from './left-behind-items.js';
import { isGone } from './left-behind-use.js';
import type { SecurityGroup } from './network.js';
import { MANAGED_TAG } from './opt-in.js';
import { command } from './shell.js';

/**
 * What `managed --delete ID…` does: only to ids a person named, only to what carries
 * ecs-pullfix's tag. One id it may not delete refuses the whole request, before any write.
 * The endpoint group goes last, after its endpoints, and after ecs-pullfix's own rules that
 * name it on other groups (AWS refuses to delete a group another group's rule names).
 */

export type DeleteStep = Readonly<
  | { kind: 'revoke-rule'; rule: ManagedRule; line: string }
  | { kind: 'delete-endpoints'; ids: readonly string[]; lines: readonly string[] }
  | { kind: 'delete-group'; groupId: string; line: string }
>;

export type DeletePlan = Readonly<
  | { ok: true; steps: readonly DeleteStep[]; notes: readonly string[] }
  | { ok: false; refusals: readonly string[] }
>;

export type Managed = Readonly<{
  region: string;
  endpoints: readonly ManagedEndpoint[];
  groups: readonly SecurityGroup[];
  rules: Checked<readonly ManagedRule[]>;
}>;

const ID = /^(vpce|sg|sgr)-[0-9a-z]{1,40}$/;

function notOurs(m: Managed, id: string): string {
  return `${id} is not tagged ${MANAGED_TAG}=true in ${m.region} (or does not exist there): ecs-pullfix deletes only what it created`;
}

function ruleRefusal(m: Managed, id: string): string {
  const rule = m.rules.ok ? m.rules.value.find((r) => r.id === id) : undefined;
  const revoke = rule
    ? `: ${command(['aws', 'ec2', `revoke-security-group-${rule.direction}`, '--group-id', rule.groupId, '--security-group-rule-ids', id])}`
    : '';
  return `${id} is a security group rule: ecs-pullfix's rules on its endpoint group go with the group (name the group); one on your own group is yours to revoke${revoke}`;
}

type Named = Readonly<{
  endpoints: ManagedEndpoint[];
  groups: SecurityGroup[];
  refusals: string[];
  notes: string[];
}>;

function sortNamed(m: Managed, ids: readonly string[]): Named {
  const named: Named = { endpoints: [], groups: [], refusals: [], notes: [] };
  for (const id of [...new Set(ids)]) {
    const endpoint = m.endpoints.find((e) => e.id === id && e.tags[MANAGED_TAG] === 'true');
    const group = m.groups.find((g) => g.id === id && g.tags?.[MANAGED_TAG] === 'true');
    if (!ID.test(id)) named.refusals.push(`${id} is not a VPC endpoint or security group id`);
    else if (id.startsWith('sgr-')) named.refusals.push(ruleRefusal(m, id));
    else if (endpoint && isGone(endpoint)) named.notes.push(`${id} is already ${endpoint.state}`);
    else if (endpoint) named.endpoints.push(endpoint);
    else if (group) named.groups.push(group);
    else named.refusals.push(notOurs(m, id));
  }
  return named;
}

/** The endpoints still in a group that are not named with it. */
function groupRefusals(m: Managed, named: Named): string[] {
  const going = new Set(named.endpoints.map((e) => e.id));
  return named.groups.flatMap((g) => {
    const staying = m.endpoints.filter(
      (e) => !isGone(e) && !going.has(e.id) && e.securityGroupIds.includes(g.id),
    );
    if (staying.length === 0) return [];
    const ids = staying.map((e) => e.id);
    return [
      `${g.id} is still the security group of ${ids.join(', ')}: delete ${ids.length === 1 ? 'it' : 'them'} first, or name ${ids.length === 1 ? 'it' : 'them'} too (ecs-pullfix managed --delete ${[...ids, g.id].join(' ')})`,
    ];
  });
}

const usd = (n: number) => (n > 0 ? `, ≈ $${n.toFixed(2)}/month` : '');

/** What to do, in order, for the ids a person named; or why not. */
export function planDeletes(m: Managed, ids: readonly string[]): DeletePlan {
  const named = sortNamed(m, ids);
  const refusals = [...named.refusals, ...groupRefusals(m, named)];
  if (refusals.length > 0) return { ok: false, refusals };
  const groupIds = new Set(named.groups.map((g) => g.id));
  const revokes = (m.rules.ok ? m.rules.value : []).filter(
    (r) => groupIds.has(r.peer) && !groupIds.has(r.groupId) && r.tags[MANAGED_TAG] === 'true',
  );
  const steps: DeleteStep[] = [
    ...revokes.map(
      (rule): DeleteStep => ({
        kind: 'revoke-rule',
        rule,
        line: `revoke ${rule.id} (${rule.direction} 443 ${rule.direction === 'ingress' ? 'from' : 'to'} ${rule.peer} on ${rule.groupId}: ecs-pullfix's rule naming the group)`,
      }),
    ),
    ...(named.endpoints.length > 0
      ? [
          {
            kind: 'delete-endpoints' as const,
            ids: named.endpoints.map((e) => e.id),
            lines: named.endpoints.map(
              (e) => `delete ${e.id} (${e.serviceName} in ${e.vpcId}${usd(endpointMonthlyUsd(e))})`,
            ),
          },
        ]
      : []),
    ...named.groups.map(
      (g): DeleteStep => ({
        kind: 'delete-group',
        groupId: g.id,
        line: `delete ${g.id} (${g.name ?? 'security group'} in ${g.vpcId ?? 'its VPC'})`,
      }),
    ),
  ];
  const notes = [
    ...named.notes,
    ...(named.groups.length > 0 && !m.rules.ok ? [`rules naming the group not read: ${m.rules.why}`] : []),
  ];
  return { ok: true, steps, notes };
}

/** Every line of a plan, in the order its steps run. */
export const planLines = (steps: readonly DeleteStep[]): string[] =>
  steps.flatMap((s) => (s.kind === 'delete-endpoints' ? s.lines : [s.line]));
