import type { Need } from '../../needs.js';
import { endpointServiceName, type InterfaceService, type VpcEndpoint } from '../../network.js';
import { type CheckInput, finding, notChecked, ok, type Verdict } from '../verdict.js';

/** The VPC's enableDnsSupport must be on, or the Amazon-provided DNS answers nothing. */
export function vpcDnsSupport({ snapshot: s }: CheckInput, vpcId: string, needs: readonly Need[]): Verdict[] {
  if (!s.dnsSupport.ok) return [notChecked('vpc-dns', s.dnsSupport.why)];
  if (s.dnsSupport.value) return [ok(`${vpcId}: enableDnsSupport true`)];
  return [
    finding({
      id: 'vpc-dns-off',
      vpcId,
      attribute: 'enableDnsSupport',
      resources: [vpcId],
      evidence: [`${vpcId}: enableDnsSupport is false, so the Amazon-provided DNS answers nothing`],
      breaks: needs.map((n) => n.feature),
    }),
  ];
}

/**
 * An interface endpoint serves its service's names only with private DNS on, and only in a
 * VPC whose enableDnsHostnames is on; `egress` says why the public names do not serve instead.
 */
export function endpointDns(
  { snapshot: s, region }: CheckInput,
  ep: VpcEndpoint,
  service: InterfaceService,
  feature: string,
  egress: string,
): Verdict[] {
  const hostnames = s.dnsHostnames.ok ? s.dnsHostnames.value : true;
  if (ep.privateDns && !hostnames && s.vpcId.ok) {
    const vpcId = s.vpcId.value;
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
  if (ep.privateDns) return [];
  const name = endpointServiceName(region, service);
  return [
    finding({
      id: 'endpoint-private-dns-off',
      endpointId: ep.id,
      service,
      resources: [ep.id],
      evidence: [
        `${ep.id} (${name}) has private DNS off: ${service} names still resolve to public addresses`,
        egress,
      ],
      breaks: [feature],
    }),
  ];
}
