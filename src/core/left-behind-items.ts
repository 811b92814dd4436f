import type { LeftBehindFacts, ManagedEndpoint, ManagedItem, ManagedRule, Use } from './left-behind.js';
import { endpointUse, groupUse, isGone, serviceOf } from './left-behind-use.js';
import type { SecurityGroup, Tags } from './network.js';
import { interfaceEndpointMonthlyUsd } from './prices.js';

/** Who made it: the incident and cluster tags, when it carries them. */
function madeBy(tags: Tags | undefined): Pick<ManagedItem, 'incident' | 'cluster'> {
  const incident = tags?.['ecs-pullfix:incident'];
  const cluster = tags?.['ecs-pullfix:cluster'];
  return { ...(incident ? { incident } : {}), ...(cluster ? { cluster } : {}) };
}

/**
 * An interface endpoint costs per Availability Zone-hour, one zone per subnet (src/core/prices.ts);
 * a gateway is free; one that is gone costs nothing any more.
 */
export function endpointMonthlyUsd(e: ManagedEndpoint): number {
  return e.type === 'Interface' && !isGone(e) ? interfaceEndpointMonthlyUsd(e.subnetIds.length) : 0;
}

function endpointItem(f: LeftBehindFacts, e: ManagedEndpoint): ManagedItem {
  const service = serviceOf(f.region, e.serviceName) ?? e.serviceName;
  return {
    id: e.id,
    kind: e.type === 'Interface' ? 'interface-endpoint' : 'gateway-endpoint',
    what: e.type === 'Interface' ? service : `${service} (gateway)`,
    vpcId: e.vpcId,
    state: e.state,
    ...madeBy(e.tags),
    monthlyUsd: endpointMonthlyUsd(e),
    use: endpointUse(f, e),
  };
}

function groupItem(f: LeftBehindFacts, g: SecurityGroup): ManagedItem {
  return {
    id: g.id,
    kind: 'security-group',
    what: g.name ?? g.id,
    vpcId: g.vpcId ?? '',
    ...madeBy(g.tags),
    monthlyUsd: 0,
    use: groupUse(f, g),
  };
}

/** A rule goes with its group: on ecs-pullfix's group it is deleted with it; on a person's, it is theirs to revoke. */
function ruleItem(f: LeftBehindFacts, r: ManagedRule, uses: ReadonlyMap<string, Use>): ManagedItem {
  const group = f.groups.find((g) => g.id === r.groupId);
  const ports =
    r.protocol === '-1' ? 'all' : `${r.fromPort ?? 0}${r.toPort === r.fromPort ? '' : `-${r.toPort}`}`;
  const vpcGroup = f.vpcGroups.ok ? f.vpcGroups.value.find((g) => g.id === r.groupId) : undefined;
  return {
    id: r.id,
    kind: 'security-group-rule',
    what: `${r.direction} ${ports} ${r.direction === 'ingress' ? 'from' : 'to'} ${r.peer} on ${r.groupId}`,
    vpcId: group?.vpcId ?? vpcGroup?.vpcId ?? '',
    ...madeBy(r.tags),
    monthlyUsd: 0,
    use: group
      ? {
          verdict: 'with its group',
          why: `deleted with ${r.groupId} (${uses.get(r.groupId)?.verdict ?? ''})`,
        }
      : {
          verdict: 'with its group',
          why: `on ${r.groupId}, which is not ecs-pullfix's: its owner revokes it`,
        },
  };
}

/** Everything auto-fix left behind, endpoints first, then groups, then rules; each by VPC, then id. */
export function leftBehindItems(f: LeftBehindFacts): ManagedItem[] {
  const byVpcThenId = (a: ManagedItem, b: ManagedItem) =>
    a.vpcId.localeCompare(b.vpcId) || a.what.localeCompare(b.what) || a.id.localeCompare(b.id);
  const groups = f.groups.map((g) => groupItem(f, g)).sort(byVpcThenId);
  const uses = new Map(groups.map((g) => [g.id, g.use]));
  return [
    // AWS still describes a deleted endpoint for a while: it is gone, and not listed.
    ...f.endpoints
      .filter((e) => e.state !== 'deleted')
      .map((e) => endpointItem(f, e))
      .sort(byVpcThenId),
    ...groups,
    ...(f.rules.ok ? f.rules.value.map((r) => ruleItem(f, r, uses)).sort(byVpcThenId) : []),
  ];
}

/** What the items cost a month together, in USD (cents rounded). */
export const totalMonthlyUsd = (items: readonly ManagedItem[]): number =>
  Math.round(items.reduce((sum, i) => sum + i.monthlyUsd, 0) * 100) / 100;
