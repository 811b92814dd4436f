import type { InterfaceService, Subnet, VpcEndpoint } from '../../network.js';
import { type CheckInput, finding, notChecked, ok, type Verdict } from '../verdict.js';
import { judgedOverIpv6, nat64Of } from './ipv6.js';

/*
 * The AWS services an IPv6 path reaches (network.md, "IPv6"): through an interface endpoint, or
 * out of the VPC through the route for ::/0. ECR's are the registry check's (checks/ipv6.ts): its
 * classic names and its interface endpoints carry IPv4 only, its dual-stack names IPv6.
 */

/** Interface endpoint services whose private addresses and DNS records may be IPv6 (`IpAddressType`). */
const NOT_ECR = (service: InterfaceService): boolean => service !== 'ecr.api' && service !== 'ecr.dkr';

/** The address family the task reaches the endpoint in: IPv6 from an IPv6 path to a dual-stack (or IPv6) one. */
export function endpointFamily(
  input: CheckInput,
  ep: VpcEndpoint,
  service: InterfaceService,
  subnet: Subnet,
): 'ipv4' | 'ipv6' {
  if (!NOT_ECR(service) || !judgedOverIpv6(input.snapshot, subnet)) return 'ipv4';
  return servesIpv6(ep) ? 'ipv6' : 'ipv4';
}

/** Its addresses and its private DNS records include IPv6. */
const servesIpv6 = (ep: VpcEndpoint): boolean => {
  const addresses = ep.ipAddressType ?? 'ipv4';
  const records = ep.dnsRecordIpType ?? addresses;
  return addresses !== 'ipv4' && records !== 'ipv4';
};

/**
 * An interface endpoint serves an IPv6 path only when it has IPv6 addresses (`IpAddressType`
 * `dualstack` or `ipv6`) and its private DNS answers with them (`DnsRecordIpType` not `ipv4`);
 * otherwise the name resolves to IPv4 addresses the task cannot dial, unless NAT64 with DNS64
 * carries it to them. An answer without the type is an endpoint made before it existed: IPv4.
 * https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html
 */
export function endpointOverIpv6(
  input: CheckInput,
  ep: VpcEndpoint,
  service: InterfaceService,
  feature: string,
  subnet: Subnet,
): Verdict[] {
  const s = input.snapshot;
  if (!NOT_ECR(service) || !judgedOverIpv6(s, subnet)) return [];
  const addresses = ep.ipAddressType ?? 'ipv4';
  const said = `${ep.id} (${service}): IpAddressType ${ep.ipAddressType ?? 'not given (IPv4, the default)'}, DnsRecordIpType ${ep.dnsRecordIpType ?? 'not given'}`;
  if (servesIpv6(ep))
    return [ok(`${said}: its private DNS answers with IPv6 addresses for ${subnet.id} (IPv6)`)];
  const nat64 = nat64Of(s, subnet);
  if (nat64.kind === 'yes') return [ok(`${said}: reached over NAT64 from ${subnet.id}: ${nat64.evidence}`)];
  if (nat64.kind === 'unknown') return [notChecked('nat-gateway', nat64.why)];
  return [
    finding({
      id: 'endpoint-ipv4-only',
      endpointId: ep.id,
      service,
      problem: addresses === 'ipv4' ? 'addresses' : 'dns-records',
      subnetIds: [subnet.id],
      resources: [ep.id, subnet.id],
      evidence: [
        `${subnet.id} is ${subnet.ipv6Native ? 'IPv6-only: the task has no IPv4 address' : 'dual-stack, and the task dialled over IPv6'}`,
        addresses === 'ipv4'
          ? `${said}: it has IPv4 addresses only`
          : `${said}: its private DNS answers with IPv4 addresses only`,
        nat64.why,
      ],
      breaks: [feature],
    }),
  ];
}

/**
 * With no interface endpoint, an IPv6-only task reaches a service's public endpoint through ::/0,
 * if that endpoint answers over IPv6 and the ECS agent dials a name that does. Secrets Manager's
 * regional name is itself dual-stack, and the agent asks it over IPv6 from an IPv6-only task
 * (amazon-ecs-agent, agent/asm/factory). CloudWatch Logs and Parameter Store have dual-stack names
 * (`logs.<region>.api.aws`), which ECS's IPv6-only support relies on, but which name the log
 * driver and the agent dial is not documented: a note that does not withhold path-ok (the route,
 * groups and ACLs to ::/0 are checked), unless NAT64 with DNS64 carries their IPv4 names.
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/ip-access.html
 */
export function serviceOverIpv6(
  input: CheckInput,
  service: InterfaceService,
  feature: string,
  subnet: Subnet,
): Verdict[] {
  const s = input.snapshot;
  if (!NOT_ECR(service) || subnet.ipv6Native !== true) return [];
  const name = `${service}.${input.region}.amazonaws.com`;
  if (service === 'secretsmanager')
    return [
      ok(
        `${subnet.id} (IPv6-only): ${name} answers over IPv6 (dual-stack), as the ECS agent asks it (${feature})`,
      ),
    ];
  const nat64 = nat64Of(s, subnet);
  if (nat64.kind === 'yes')
    return [ok(`${subnet.id} (IPv6-only): ${name} is reached over NAT64: ${nat64.evidence}`)];
  if (nat64.kind === 'unknown') return [notChecked('nat-gateway', nat64.why)];
  return [
    notChecked(
      'service-ipv6',
      `${subnet.id} is IPv6-only and no interface endpoint serves ${service}: ${name} has IPv4 addresses only, and that the ECS agent dials its dual-stack name (${service}.${input.region}.api.aws) for ${feature} is not documented (${nat64.why})`,
    ),
  ];
}
