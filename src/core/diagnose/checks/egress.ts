import type { Subnet } from '../../network.js';
import type { Egress, NatReason } from '../route.js';
import { type CheckInput, finding, notChecked, type Verdict } from '../verdict.js';
import { judgedOverIpv6, noIpv6Egress } from './ipv6.js';
import { naclCheck } from './nacl.js';
import { EPHEMERAL, HTTPS } from './ports.js';
import { taskEgress } from './security-groups.js';

/** Why a need is unmet for lack of egress; `blocked` is false when egress serves or cannot be judged. */
export type EgressFailure = Readonly<{ blocked: boolean; verdicts: Verdict[] }>;

/** What the subnet's way out says about a need that must leave the VPC. */
export function egressFailure(
  input: CheckInput,
  egress: Egress,
  subnet: Subnet,
  feature: string,
  endpointsCanServe = true,
): EgressFailure {
  // Over IPv6 the fix is the route for ::/0 itself: no endpoint or NAT gateway is proposed.
  if (egress.kind === 'none' && judgedOverIpv6(input.snapshot, subnet))
    return { blocked: false, verdicts: [noIpv6Egress(input.snapshot, egress, subnet, feature)] };
  switch (egress.kind) {
    case 'internet':
      return { blocked: false, verdicts: [] };
    case 'unknown':
      return { blocked: false, verdicts: [notChecked('egress', egress.why)] };
    case 'leaves-vpc': {
      const leaves = finding({
        id: 'path-leaves-vpc',
        routeTableId: egress.routeTableId,
        target: egress.target,
        resources: [egress.routeTableId, 'id' in egress.target ? egress.target.id : egress.target.kind],
        evidence: [egress.evidence],
        breaks: [feature],
      });
      // What lies past the gateway is out of sight, but the task's own security groups
      // and its subnet's ACL are not: the traffic must pass them to reach the route.
      return { blocked: false, verdicts: [leaves, ...internetEgress(input, subnet, feature)] };
    }
    case 'igw-public-ip-unknown': {
      const net = input.snapshot.taskNetwork;
      const unknown = notChecked(
        'public-ip',
        `${egress.evidence}; whether the task had a public IP is unknown (${net.source === 'unknown' ? net.why : 'no source names it'})`,
      );
      // The rest of the way to the gateway can still be seen, and a fault there said.
      return { blocked: false, verdicts: [unknown, ...internetEgress(input, subnet, feature)] };
    }
    default:
      return { blocked: true, verdicts: blockedEgress(input, egress, subnet, feature, endpointsCanServe) };
  }
}

function blockedEgress(
  { snapshot: s }: CheckInput,
  egress: Egress & { kind: 'igw-no-public-ip' | 'nat-unavailable' | 'none' },
  subnet: Subnet,
  feature: string,
  endpointsCanServe: boolean,
): Verdict[] {
  switch (egress.kind) {
    case 'igw-no-public-ip':
      return [
        finding({
          id: 'public-ip-disabled',
          internetGatewayId: egress.igwId,
          subnetIds: [subnet.id],
          ...(s.taskNetwork.source === 'instance' ? { instanceId: s.taskNetwork.instanceId } : {}),
          resources: [subnet.id, egress.routeTableId, egress.igwId],
          evidence: [egress.evidence],
          breaks: [feature],
        }),
      ];
    case 'nat-unavailable':
      return [
        finding({
          id: 'nat-unavailable',
          ...(egress.natId === undefined ? {} : { natGatewayId: egress.natId }),
          state: egress.state,
          routeTableId: egress.routeTableId,
          ...natReason(egress.reason),
          resources: [
            egress.routeTableId,
            ...(egress.natId ? [egress.natId] : []),
            ...(egress.reason?.kind === 'no-internet-route'
              ? [egress.reason.subnetId, egress.reason.routeTableId]
              : []),
          ],
          evidence: [egress.evidence],
          breaks: [feature],
        }),
      ];
    case 'none':
      // "No egress path" is the root cause only where endpoints could serve the need;
      // for a registry no endpoint reaches, registry-needs-internet says it all.
      if (!endpointsCanServe) return [];
      return [
        finding({
          id: 'no-egress-path',
          vpcId: s.vpcId.ok ? s.vpcId.value : '',
          subnetIds: [subnet.id],
          routeTableIds: [egress.routeTableId],
          resources: [subnet.id, egress.routeTableId],
          evidence: [egress.evidence],
          breaks: [feature],
        }),
      ];
  }
}

/** The finding's words for why an available NAT gateway is no way out. */
function natReason(reason: NatReason | undefined) {
  if (reason === undefined) return {};
  if (reason.kind === 'private') return { reason: 'private' } as const;
  return {
    reason: 'no-internet-route',
    natSubnetId: reason.subnetId,
    natRouteTableId: reason.routeTableId,
  } as const;
}

/** Through NAT or an internet gateway: the task SG and the subnet's NACL must let 443 out. */
export function internetEgress(input: CheckInput, subnet: Subnet, feature: string): Verdict[] {
  // Over IPv6 the way out is to ::/0, and only IPv6 rules and entries pass it.
  const ipv6 = judgedOverIpv6(input.snapshot, subnet);
  const anywhere = ipv6 ? '::/0' : '0.0.0.0/0';
  return [
    ...taskEgress(
      input,
      ipv6 ? { kind: 'internet', family: 'ipv6' } : { kind: 'internet' },
      undefined,
      feature,
    ),
    ...naclCheck(input, subnet, 'outbound', HTTPS, anywhere, feature),
    ...naclCheck(input, subnet, 'inbound', EPHEMERAL, anywhere, feature),
  ];
}

/** A need that leaves the VPC: egress must serve, and the way to it be open. */
export function internetPath(input: CheckInput, subnet: Subnet, egress: Egress, feature: string): Verdict[] {
  if (egress.kind !== 'internet') return egressFailure(input, egress, subnet, feature).verdicts;
  return internetEgress(input, subnet, feature);
}

/**
 * The endpoints could not be read: a subnet without a route out is then not a finding
 * (an endpoint may serve the need), only a fact the report states as not checked.
 */
export function withoutEndpoints(
  input: CheckInput,
  subnet: Subnet,
  egress: Egress,
  feature: string,
): Verdict[] {
  if (egress.kind !== 'none') return internetPath(input, subnet, egress, feature);
  return [
    notChecked(
      'egress',
      `${egress.evidence}, so ${feature} needs a VPC endpoint, and whether one serves it is unknown`,
    ),
  ];
}
