import { isAnywhere } from '../cidr.js';
import type { Checked, NatGateway, Route, RouteTable, Snapshot, Subnet } from '../network.js';
import { listName, prefixListOf } from '../prefix-lists.js';
import { ipv6EgressOf, judgedOverIpv6 } from './checks/ipv6.js';
import type { Egress, NatReason } from './egress-kind.js';
import { type CheckInput, notChecked, type Verdict } from './verdict.js';

export type { Egress, NatReason } from './egress-kind.js';

/** The route table of a subnet: its own, else the VPC's main one. */
export const routeTableOf = (s: Snapshot, subnet: Subnet): Checked<RouteTable> => tableOfSubnet(s, subnet.id);

/** How `subnet` leaves the VPC, and the NAT gateway's state when it could not be read. */
export function egressOf(
  { snapshot: s }: CheckInput,
  subnet: Subnet,
): Readonly<{ egress: Egress; verdicts: Verdict[] }> {
  // An IPv6-only subnet has no 0.0.0.0/0 to judge: its way out is its route for ::/0 (and so
  // is a dual-stack one's, when the stop text dialled an IPv6 address).
  if (judgedOverIpv6(s, subnet)) return { egress: ipv6EgressOf(s, subnet), verdicts: [] };
  const table = routeTableOf(s, subnet);
  if (!table.ok) return { egress: { kind: 'unknown', why: table.why }, verdicts: [] };
  const rt = table.value;
  const route = rt.routes.find((r) => isDefault(s, r));
  const unresolved = route ? undefined : unresolvedListRoute(s, rt);
  if (unresolved) return { egress: { kind: 'unknown', why: unresolved }, verdicts: [] };
  if (!route) {
    const evidence = `${rt.id} (of ${subnet.id}) has no route for 0.0.0.0/0`;
    return { egress: { kind: 'none', routeTableId: rt.id, evidence }, verdicts: [] };
  }
  const target = route.target;
  const arrow = `${rt.id} (of ${subnet.id}): ${destinationOf(s, route)} → ${'id' in target ? target.id : target.kind}`;
  if (route.state === 'blackhole') {
    const egress: Egress =
      target.kind === 'nat-gateway'
        ? {
            kind: 'nat-unavailable',
            routeTableId: rt.id,
            natId: target.id,
            state: 'blackhole',
            evidence: `${arrow} (blackhole)`,
          }
        : { kind: 'none', routeTableId: rt.id, evidence: `${arrow} is a blackhole` };
    return { egress, verdicts: [] };
  }
  switch (target.kind) {
    case 'nat-gateway':
      return natEgress(s, rt.id, target.id, arrow);
    case 'internet-gateway':
      return { egress: igwEgress(s, rt.id, target.id, arrow), verdicts: [] };
    case 'local':
      return { egress: { kind: 'none', routeTableId: rt.id, evidence: arrow }, verdicts: [] };
    default:
      return { egress: { kind: 'leaves-vpc', routeTableId: rt.id, target, evidence: arrow }, verdicts: [] };
  }
}

function natEgress(
  s: Snapshot,
  routeTableId: string,
  natId: string,
  arrow: string,
): Readonly<{ egress: Egress; verdicts: Verdict[] }> {
  const nats = s.natGateways;
  if (!nats.ok) {
    return {
      egress: { kind: 'internet', routeTableId, evidence: `${arrow} (its state not checked)` },
      verdicts: [notChecked('nat-gateway', nats.why)],
    };
  }
  const nat = nats.value.find((n) => n.id === natId);
  if (nat?.state !== 'available') {
    const state = nat?.state ?? 'deleted';
    return {
      egress: { kind: 'nat-unavailable', routeTableId, natId, state, evidence: `${arrow} (${state})` },
      verdicts: [],
    };
  }
  return natOutward(s, routeTableId, nat, arrow);
}

/**
 * An available NAT gateway is a way out only when it is public and its own subnet's route
 * table sends 0.0.0.0/0 to an internet gateway (network.md, "Egress or endpoints"): a private
 * NAT gateway translates into other networks only, and a public one in a subnet with no such
 * route has nowhere to send what it translates.
 */
function natOutward(
  s: Snapshot,
  routeTableId: string,
  nat: NatGateway,
  arrow: string,
): Readonly<{ egress: Egress; verdicts: Verdict[] }> {
  const natId = nat.id;
  const unavailable = (reason: NatReason, evidence: string): Egress => ({
    kind: 'nat-unavailable',
    routeTableId,
    natId,
    state: nat.state,
    reason,
    evidence: `${arrow} (available), but ${evidence}`,
  });
  if (nat.connectivityType === 'private')
    return {
      egress: unavailable({ kind: 'private' }, `${natId} is private: it has no way to the internet`),
      verdicts: [],
    };
  const table = nat.subnetId === undefined ? undefined : tableOfSubnet(s, nat.subnetId);
  if (nat.subnetId === undefined || !table?.ok) {
    const why = table?.ok === false ? table.why : `the subnet of ${natId} is unknown`;
    return {
      egress: { kind: 'internet', routeTableId, evidence: `${arrow} (available; its own route not checked)` },
      verdicts: [notChecked('nat-gateway', `whether ${natId} reaches an internet gateway: ${why}`)],
    };
  }
  const rt = table.value;
  const out = rt.routes.find(
    (r) => r.state === 'active' && r.target.kind === 'internet-gateway' && isDefault(s, r),
  );
  if (!out)
    return {
      egress: unavailable(
        { kind: 'no-internet-route', subnetId: nat.subnetId, routeTableId: rt.id },
        `${natId} sits in ${nat.subnetId} whose route table ${rt.id} has no 0.0.0.0/0 route to an internet gateway`,
      ),
      verdicts: [],
    };
  const igw = 'id' in out.target ? out.target.id : 'an internet gateway';
  return {
    egress: {
      kind: 'internet',
      routeTableId,
      evidence: `${arrow} (available, public; ${rt.id} of its subnet ${nat.subnetId}: 0.0.0.0/0 → ${igw})`,
    },
    verdicts: [],
  };
}

/**
 * True when a route's destination is the whole address space: `0.0.0.0/0`, or a
 * customer-managed prefix list that holds it (its entries are CIDRs like any other).
 */
function isDefault(s: Snapshot, r: Route): boolean {
  if (r.destinationCidr !== undefined) return isAnywhere(r.destinationCidr);
  if (r.destinationPrefixListId === undefined) return false;
  const list = prefixListOf(s.prefixLists, r.destinationPrefixListId);
  return list.ok && list.value.cidrs.some(isAnywhere);
}

/** A default route's destination in words: `0.0.0.0/0`, or `0.0.0.0/0 (in pl-… (name))`. */
function destinationOf(s: Snapshot, r: Route): string {
  if (r.destinationPrefixListId === undefined) return '0.0.0.0/0';
  const list = prefixListOf(s.prefixLists, r.destinationPrefixListId);
  return `0.0.0.0/0 (in ${list.ok ? listName(list.value) : r.destinationPrefixListId})`;
}

/**
 * Why the default route is unknown when the table has no 0.0.0.0/0 of its own but routes a
 * prefix list whose entries were not read (it may hold 0.0.0.0/0); undefined otherwise. A
 * gateway endpoint's route (S3's list) is never a default route.
 */
function unresolvedListRoute(s: Snapshot, rt: RouteTable): string | undefined {
  for (const r of rt.routes) {
    if (r.destinationPrefixListId === undefined || r.target.kind === 'vpc-endpoint') continue;
    const list = prefixListOf(s.prefixLists, r.destinationPrefixListId);
    if (!list.ok)
      return `${rt.id} has no 0.0.0.0/0 route of its own, and routes ${r.destinationPrefixListId} (to ${'id' in r.target ? r.target.id : r.target.kind}), whose entries are unknown: ${list.why}`;
  }
  return undefined;
}

/** The route table of a subnet by its id: its own, else the VPC's main one. */
function tableOfSubnet(s: Snapshot, subnetId: string): Checked<RouteTable> {
  const tables = s.routeTables;
  if (!tables.ok) return tables;
  const table = tables.value.find((t) => t.subnetIds.includes(subnetId)) ?? tables.value.find((t) => t.main);
  return table ? { ok: true, value: table } : { ok: false, why: `no route table applies to ${subnetId}` };
}

/** An internet gateway serves only a task with a public IP: from its ENI (or its instance's), else from its service. */
function igwEgress(s: Snapshot, routeTableId: string, igwId: string, arrow: string): Egress {
  const net = s.taskNetwork;
  if (net.source === 'eni') {
    return net.publicIp
      ? { kind: 'internet', routeTableId, evidence: `${arrow}, and the task ENI has a public IP` }
      : {
          kind: 'igw-no-public-ip',
          routeTableId,
          igwId,
          evidence: `${arrow}, but the task ENI has no public IP`,
        };
  }
  if (net.source === 'instance') {
    return net.publicIp
      ? {
          kind: 'internet',
          routeTableId,
          evidence: `${arrow}, and the container instance ${net.instanceId} has a public IP`,
        }
      : {
          kind: 'igw-no-public-ip',
          routeTableId,
          igwId,
          evidence: `${arrow}, but the container instance ${net.instanceId} has no public IP`,
        };
  }
  if (net.source === 'service') {
    const [assigns, not] = net.given
      ? ['--assign-public-ip is given', '--assign-public-ip is not given']
      : ['the service assigns a public IP', "the service's awsvpcConfiguration has assignPublicIp: DISABLED"];
    return net.assignPublicIp === 'ENABLED'
      ? { kind: 'internet', routeTableId, evidence: `${arrow}, and ${assigns}` }
      : { kind: 'igw-no-public-ip', routeTableId, igwId, evidence: `${arrow}, but ${not}` };
  }
  return { kind: 'igw-public-ip-unknown', routeTableId, igwId, evidence: arrow };
}

export function egressEvidence(egress: Egress): string {
  return egress.kind === 'unknown' ? egress.why : egress.evidence;
}
