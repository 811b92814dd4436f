import type { Need } from '../needs.js';
import { endpointServiceName, type InterfaceService, type Subnet } from '../network.js';
import { egressFailure, internetPath, withoutEndpoints } from './checks/egress.js';
import { endpointPath, gatewayPath } from './checks/endpoints.js';
import { taskPeer } from './checks/security-groups.js';
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
      return [
        notChecked('efs', `EFS mount targets are not inspected (${need.feature}, ${need.fileSystemId})`),
      ];
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
  // Unread, enableDnsHostnames is taken as on (its default) and said not checked: the
  // endpoint's private DNS names resolve only if it is on.
  const unread = ep?.privateDns && !s.dnsHostnames.ok ? [notChecked('vpc-dns', s.dnsHostnames.why)] : [];
  const hostnames = s.dnsHostnames.ok ? s.dnsHostnames.value : true;
  if (ep?.privateDns && hostnames) return [...unread, ...endpointPath(input, ep, service, feature, subnet)];
  if (egress.kind === 'internet') return [...unread, ...internetPath(input, subnet, egress, feature)];
  // Without the route, whether the endpoint's DNS matters (or a NAT serves) is unknown.
  if (egress.kind === 'unknown' && ep) return [...unread, notChecked('egress', egress.why)];
  const vpcId = s.vpcId.ok ? s.vpcId.value : undefined;
  if (ep?.privateDns && !hostnames && vpcId !== undefined) {
    return [
      finding({
        id: 'vpc-dns-off',
        vpcId,
        attribute: 'enableDnsHostnames',
        resources: [vpcId, ep.id],
        evidence: [
          `${vpcId}: enableDnsHostnames is false, so the private DNS of ${ep.id} (${service}) does not resolve`,
        ],
        breaks: [feature],
      }),
    ];
  }
  if (ep && !ep.privateDns) {
    return [
      finding({
        id: 'endpoint-private-dns-off',
        endpointId: ep.id,
        service,
        resources: [ep.id],
        evidence: [
          `${ep.id} (${name}) has private DNS off: ${service} names still resolve to public addresses`,
          egressEvidence(egress),
        ],
        breaks: [feature],
      }),
    ];
  }
  const failure = egressFailure(input, egress, subnet, feature);
  if (!failure.blocked) return failure.verdicts;
  const missing = finding({
    id: 'missing-endpoint',
    service,
    vpcId: vpcId ?? '',
    subnetIds: [subnet.id],
    task: taskPeer(s, subnet),
    resources: [vpcId ?? '', subnet.id],
    evidence: [`no interface endpoint for ${name} in ${vpcId ?? 'the VPC'}`, egressEvidence(egress)],
    breaks: [feature],
  });
  return [...failure.verdicts, missing];
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
  return [
    ...failure.verdicts,
    finding({
      id: 'registry-needs-internet',
      ...(need.registry ? { registryHost: need.registry.host } : {}),
      why: need.why,
      resources: need.registry ? [need.registry.host] : [],
      evidence: [need.why, egressEvidence(egress)],
      breaks: [need.feature],
    }),
  ];
}
