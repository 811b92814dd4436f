import { isAnywhere } from '../cidr.js';
import type { Checked, RouteTable, RouteTarget, Snapshot, Subnet } from '../network.js';
import { type CheckInput, notChecked, type Verdict } from './verdict.js';

/** How a subnet reaches the internet, from its route table's default route. */
export type Egress = Readonly<
  | { kind: 'internet'; routeTableId: string; evidence: string }
  | { kind: 'igw-no-public-ip'; routeTableId: string; igwId: string; evidence: string }
  | { kind: 'igw-public-ip-unknown'; routeTableId: string; igwId: string; evidence: string }
  | { kind: 'nat-unavailable'; routeTableId: string; natId?: string; state: string; evidence: string }
  | { kind: 'none'; routeTableId: string; evidence: string }
  | { kind: 'leaves-vpc'; routeTableId: string; target: RouteTarget; evidence: string }
  | { kind: 'unknown'; why: string }
>;

/** The route table of a subnet: its own, else the VPC's main one. */
export function routeTableOf(s: Snapshot, subnet: Subnet): Checked<RouteTable> {
  const tables = s.routeTables;
  if (!tables.ok) return tables;
  const table = tables.value.find((t) => t.subnetIds.includes(subnet.id)) ?? tables.value.find((t) => t.main);
  return table ? { ok: true, value: table } : { ok: false, why: `no route table applies to ${subnet.id}` };
}

/** How `subnet` leaves the VPC, and the NAT gateway's state when it could not be read. */
export function egressOf(
  { snapshot: s }: CheckInput,
  subnet: Subnet,
): Readonly<{ egress: Egress; verdicts: Verdict[] }> {
  const table = routeTableOf(s, subnet);
  if (!table.ok) return { egress: { kind: 'unknown', why: table.why }, verdicts: [] };
  const rt = table.value;
  const route = rt.routes.find((r) => r.destinationCidr !== undefined && isAnywhere(r.destinationCidr));
  if (!route) {
    const evidence = `${rt.id} (of ${subnet.id}) has no route for 0.0.0.0/0`;
    return { egress: { kind: 'none', routeTableId: rt.id, evidence }, verdicts: [] };
  }
  const target = route.target;
  const arrow = `${rt.id} (of ${subnet.id}): 0.0.0.0/0 → ${'id' in target ? target.id : target.kind}`;
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
  if (nat?.state === 'available')
    return { egress: { kind: 'internet', routeTableId, evidence: `${arrow} (available)` }, verdicts: [] };
  const state = nat?.state ?? 'deleted';
  return {
    egress: { kind: 'nat-unavailable', routeTableId, natId, state, evidence: `${arrow} (${state})` },
    verdicts: [],
  };
}

/** An internet gateway serves only a task with a public IP: from its ENI, else from its service. */
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
  if (net.source === 'service') {
    return net.assignPublicIp === 'ENABLED'
      ? { kind: 'internet', routeTableId, evidence: `${arrow}, and the service assigns a public IP` }
      : {
          kind: 'igw-no-public-ip',
          routeTableId,
          igwId,
          evidence: `${arrow}, but the service's awsvpcConfiguration has assignPublicIp: DISABLED`,
        };
  }
  return { kind: 'igw-public-ip-unknown', routeTableId, igwId, evidence: arrow };
}

export function egressEvidence(egress: Egress): string {
  return egress.kind === 'unknown' ? egress.why : egress.evidence;
}
