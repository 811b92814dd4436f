import type { Need } from '../needs.js';
import { endpointServiceName, type InterfaceService, type Subnet } from '../network.js';
import { endpointDns } from './checks/dns.js';
import { efsVerdicts } from './checks/efs.js';
import { egressFailure, internetPath, withoutEndpoints } from './checks/egress.js';
import { endpointPath, gatewayPath, missingEndpoint } from './checks/endpoints.js';
import { endpointFamily, endpointOverIpv6, serviceOverIpv6 } from './checks/ipv6-services.js';
import { replicationOf } from './checks/replication.js';
import { dnsBypass } from './checks/resolver.js';
import { type Egress, egressEvidence, routeTableOf } from './route.js';
import { type CheckInput, finding, notChecked, type Verdict } from './verdict.js';

/** Which path a need takes out of `subnet` (endpoint, gateway, NAT, internet), and the checks on it. */
export function needVerdicts(input: CheckInput, need: Need, subnet: Subnet, egress: Egress): Verdict[] {
  switch (need.kind) {
    case 'endpoint':
      return need.service === 's3'
        ? s3Need(input, need.feature, subnet, egress)
        : interfaceNeed(input, need.service, need.feature, subnet, egress);
    case 'internet':
      return internetNeed(input, need, subnet, egress);
    case 'efs':
      // Inside the VPC (its local route): the way out does not matter.
      return efsVerdicts(input, need, subnet);
  }
}

function interfaceNeed(
  input: CheckInput,
  service: InterfaceService,
  feature: string,
  subnet: Subnet,
  egress: Egress,
): Verdict[] {
  const s = input.snapshot;
  if (!s.endpoints.ok)
    return [
      notChecked('vpc-endpoints', s.endpoints.why),
      ...withoutEndpoints(input, subnet, egress, feature),
    ];
  const name = endpointServiceName(input.region, service);
  const candidates = s.endpoints.value.filter((e) => e.type === 'Interface' && e.serviceName === name);
  const ep =
    candidates.find((e) => e.privateDns && e.state === 'available') ??
    candidates.find((e) => e.privateDns) ??
    candidates[0];
  const hostnames = s.dnsHostnames.ok ? s.dnsHostnames.value : true;
  if (ep?.privateDns && hostnames) {
    // Unread, enableDnsHostnames is taken as on (its default) and said not checked: the
    // endpoint's private DNS names resolve only if it is on.
    const unread = s.dnsHostnames.ok ? [] : [notChecked('vpc-dns', s.dnsHostnames.why)];
    // From an IPv6 path, an endpoint with IPv4 addresses only is the finding: its groups and ACLs do not matter.
    const overIpv6 = endpointOverIpv6(input, ep, service, feature, subnet);
    if (overIpv6.some((v) => v.kind === 'finding'))
      return [...unread, ...dnsBypass(input, ep, service, feature, egress), ...overIpv6];
    const family = endpointFamily(input, ep, service, subnet);
    return [
      ...unread,
      ...dnsBypass(input, ep, service, feature, egress),
      ...endpointPath(input, ep, service, feature, subnet, family),
      ...overIpv6,
    ];
  }
  if (egress.kind === 'internet')
    return [
      ...internetPath(input, subnet, egress, feature),
      ...serviceOverIpv6(input, service, feature, subnet),
    ];
  // Without the route, whether the endpoint's DNS matters (or a NAT serves) is unknown.
  if (egress.kind === 'unknown' && ep) return [notChecked('egress', egress.why)];
  const dns = ep ? endpointDns(input, ep, service, feature, egressEvidence(egress)) : [];
  if (dns.length > 0) return dns;
  const failure = egressFailure(input, egress, subnet, feature);
  if (!failure.blocked) return failure.verdicts;
  return [...failure.verdicts, missingEndpoint(input, service, feature, subnet, egressEvidence(egress))];
}

function s3Need(input: CheckInput, feature: string, subnet: Subnet, egress: Egress): Verdict[] {
  const s = input.snapshot;
  if (!s.endpoints.ok)
    return [
      notChecked('vpc-endpoints', s.endpoints.why),
      ...withoutEndpoints(input, subnet, egress, feature),
    ];
  const table = routeTableOf(s, subnet);
  const name = endpointServiceName(input.region, 's3');
  const gateways = s.endpoints.value.filter((e) => e.type === 'Gateway' && e.serviceName === name);
  const used = table.ok ? gateways.find((g) => g.routeTableIds.includes(table.value.id)) : undefined;
  if (used) return gatewayPath(input, used, feature, subnet);
  if (egress.kind === 'internet') return internetPath(input, subnet, egress, feature);
  const failure = egressFailure(input, egress, subnet, feature);
  if (!failure.blocked) return failure.verdicts;
  const tableId = table.ok ? table.value.id : '';
  const gateway = gateways[0];
  const vpcId = s.vpcId.ok ? s.vpcId.value : '';
  const missing = gateway
    ? finding({
        id: 's3-gateway-not-associated',
        endpointId: gateway.id,
        routeTableIds: [tableId],
        resources: [gateway.id, tableId],
        evidence: [
          `${gateway.id} (${name}) is associated with ${gateway.routeTableIds.join(', ') || 'no route table'}, not ${tableId}`,
        ],
        breaks: [feature],
      })
    : finding({
        id: 's3-gateway-missing',
        vpcId,
        routeTableIds: [tableId],
        resources: [vpcId, tableId],
        evidence: [`no gateway endpoint for ${name} in ${vpcId}`, egressEvidence(egress)],
        breaks: [feature],
      });
  return [...failure.verdicts, missing];
}

function internetNeed(
  input: CheckInput,
  need: Need & { kind: 'internet' },
  subnet: Subnet,
  egress: Egress,
): Verdict[] {
  if (egress.kind === 'internet') return internetPath(input, subnet, egress, need.feature);
  const failure = egressFailure(input, egress, subnet, need.feature, false);
  if (!failure.blocked) return failure.verdicts;
  const { registry } = need;
  const replication =
    registry?.kind === 'ecr' && registry.region ? replicationOf(input.snapshot, registry.region) : undefined;
  return [
    ...failure.verdicts,
    finding({
      id: 'registry-needs-internet',
      ...(need.registry ? { registryHost: need.registry.host } : {}),
      why: need.why,
      ...(replication ? { replication } : {}),
      resources: need.registry ? [need.registry.host] : [],
      evidence: [need.why, egressEvidence(egress)],
      breaks: [need.feature],
    }),
  ];
}
