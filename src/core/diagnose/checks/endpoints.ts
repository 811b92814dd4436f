import {
  type Checked,
  type EndpointService,
  endpointServiceName,
  type InterfaceService,
  type PrefixList,
  type Snapshot,
  type Subnet,
  type VpcEndpoint,
} from '../../network.js';
import { prefixListOf, s3PrefixList } from '../../prefix-lists.js';
import { type CheckInput, finding, notChecked, ok, type Verdict } from '../verdict.js';
import { endpointPolicy } from './endpoint-policy.js';
import { naclCheck, naclS3Check } from './nacl.js';
import { EPHEMERAL, HTTPS } from './ports.js';
import { endpointIngress, taskEgress, taskPeer } from './security-groups.js';

/** An endpoint that is not available serves nothing. */
export function endpointState(ep: VpcEndpoint, service: EndpointService, feature: string): Verdict[] {
  if (ep.state === 'available') return [];
  return [
    finding({
      id: 'endpoint-unavailable',
      endpointId: ep.id,
      service,
      state: ep.state,
      resources: [ep.id],
      evidence: [`${ep.id} (${ep.serviceName}) is ${ep.state}`],
      breaks: [feature],
    }),
  ];
}

/** Through an interface endpoint with private DNS: its state, SGs both ways, NACLs both ends, its policy. */
export function endpointPath(
  input: CheckInput,
  ep: VpcEndpoint,
  service: InterfaceService,
  feature: string,
  subnet: Subnet,
  family: 'ipv4' | 'ipv6' = 'ipv4',
): Verdict[] {
  const state = endpointState(ep, service, feature);
  if (state.length > 0) return state;
  const out: Verdict[] = [ok(`${ep.id} (${service}): available, private DNS on`)];
  const epSubnets = endpointSubnets(input.snapshot, ep);
  // Over IPv6 (a dual-stack endpoint, from an IPv6 path) both ends are their subnets' IPv6 ranges.
  const rangesOf = (n: Subnet): readonly string[] => (family === 'ipv6' ? (n.ipv6Cidrs ?? []) : [n.cidr]);
  const task = taskPeer(input.snapshot, subnet);
  out.push(...endpointIngress(input, ep, service, feature, { ...task, cidrs: rangesOf(subnet) }));
  const peer = { kind: 'endpoint', securityGroupIds: ep.securityGroupIds } as const;
  if (epSubnets.ok) {
    const cidrs = epSubnets.value.flatMap(rangesOf);
    out.push(...taskEgress(input, { ...peer, cidrs }, service, feature));
    for (const cidr of cidrs) {
      out.push(...naclCheck(input, subnet, 'outbound', HTTPS, cidr, feature));
      out.push(...naclCheck(input, subnet, 'inbound', EPHEMERAL, cidr, feature));
    }
    for (const epSubnet of epSubnets.value) {
      for (const from of rangesOf(subnet)) {
        out.push(...naclCheck(input, epSubnet, 'inbound', HTTPS, from, feature));
        out.push(...naclCheck(input, epSubnet, 'outbound', EPHEMERAL, from, feature));
      }
    }
  } else {
    out.push(notChecked('endpoint-subnets', epSubnets.why));
    out.push(...taskEgress(input, { ...peer, cidrs: [] }, service, feature));
  }
  out.push(...endpointPolicy(input, ep, service, feature));
  return out;
}

/** Through the S3 gateway on the subnet's route table: its state, the task SG, the subnet's NACL, its policy. */
export function gatewayPath(
  input: CheckInput,
  gateway: VpcEndpoint,
  feature: string,
  subnet: Subnet,
): Verdict[] {
  const state = endpointState(gateway, 's3', feature);
  if (state.length > 0) return state;
  const prefixListId = s3PrefixListId(input.snapshot, gateway.id);
  return [
    ok(`${gateway.id} (s3 gateway): available, on the route table of ${subnet.id}`),
    ...taskEgress(
      input,
      prefixListId ? { kind: 'prefix-list', prefixListId } : { kind: 'internet' },
      's3',
      feature,
    ),
    // The gateway's traffic goes to S3's public ranges: the ACL must pass each of them.
    ...naclS3Check(input, subnet, 'outbound', HTTPS, s3Ranges(input.snapshot, prefixListId), feature),
    ...naclS3Check(input, subnet, 'inbound', EPHEMERAL, s3Ranges(input.snapshot, prefixListId), feature),
    ...endpointPolicy(input, gateway, 's3', feature),
  ];
}

/** No endpoint serves `service` and the subnet has no way out: the endpoint is missing. */
export function missingEndpoint(
  { snapshot: s, region }: CheckInput,
  service: InterfaceService,
  feature: string,
  subnet: Subnet,
  egress: string,
): Verdict {
  const vpcId = s.vpcId.ok ? s.vpcId.value : '';
  return finding({
    id: 'missing-endpoint',
    service,
    vpcId,
    subnetIds: [subnet.id],
    task: taskPeer(s, subnet),
    resources: [vpcId, subnet.id],
    evidence: [
      `no interface endpoint for ${endpointServiceName(region, service)} in ${s.vpcId.ok ? s.vpcId.value : 'the VPC'}`,
      egress,
    ],
    breaks: [feature],
  });
}

function endpointSubnets(s: Snapshot, ep: VpcEndpoint): Checked<readonly Subnet[]> {
  const known = [
    ...(s.subnets.ok ? s.subnets.value : []),
    ...(s.endpointSubnets.ok ? s.endpointSubnets.value : []),
  ];
  const found = ep.subnetIds.flatMap((id) => known.filter((n) => n.id === id).slice(0, 1));
  if (found.length === ep.subnetIds.length) return { ok: true, value: found };
  return s.endpointSubnets.ok ? { ok: false, why: `subnets of ${ep.id} not found` } : s.endpointSubnets;
}

/** The region's S3 prefix list with its ranges: the one the gateway's route names, else the one by its name. */
function s3Ranges(s: Snapshot, routeListId: string | undefined): Checked<PrefixList> {
  if (routeListId !== undefined) return prefixListOf(s.prefixLists, routeListId);
  const byName = s3PrefixList(s);
  if (byName) return { ok: true, value: byName };
  return s.prefixLists.ok
    ? { ok: false, why: `the S3 prefix list of ${s.region} was not read` }
    : { ok: false, why: s.prefixLists.why };
}

function s3PrefixListId(s: Snapshot, gatewayId: string): string | undefined {
  const tables = s.routeTables;
  if (!tables.ok) return undefined;
  for (const t of tables.value) {
    for (const r of t.routes) {
      if (r.destinationPrefixListId && r.target.kind === 'vpc-endpoint' && r.target.id === gatewayId)
        return r.destinationPrefixListId;
    }
  }
  return undefined;
}
