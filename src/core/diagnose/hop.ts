import type { Classification } from '../causes.js';
import { cidrContains } from '../cidr.js';
import { type Dialed, dialedAddressOf } from '../dialed.js';
import { type Finding, isNetworkProblem } from '../findings.js';
import { endpointServiceName, type Snapshot } from '../network.js';
import { isIpv6Only } from './checks/ipv6.js';
import { implicatedServices } from './checks/resolver.js';

/**
 * Which hop failed, from the address the stop text dialled (network.md, "DNS"): a public
 * address of a service whose interface endpoint has private DNS means the name did not resolve
 * to the endpoint; an address of an endpoint's interface means the path reached it, and the
 * security group or network ACL on that hop is the suspect. Said on the root finding (the first
 * network problem); nothing when the stop text dials nothing or nothing is wrong on the path.
 */
export function withFailingHop(
  findings: readonly Finding[],
  snapshot: Snapshot,
  classification: Classification,
): Finding[] {
  const root = findings.findIndex(isNetworkProblem);
  const dialed = dialedAddressOf(snapshot.task);
  if (!dialed || root < 0) return [...findings];
  const line = hopLine(dialed, snapshot, classification);
  const hop = snapshot.failingHop;
  // Which interface holds the address could not be read: a check not made, said as such.
  if (line === undefined && dialed.private && hop !== undefined && !hop.ok) {
    const why = `which network interface holds ${dialed.ip}, the address the task dialled: ${hop.why}`;
    const note: Finding = {
      id: 'not-checked',
      check: 'failing-hop',
      why,
      resources: [],
      evidence: [why],
      breaks: [],
      fix: `Not checked: ${why}.`,
    };
    return [...findings, note];
  }
  if (line === undefined) return [...findings];
  return findings.map((f, i) => (i === root ? { ...f, evidence: [...f.evidence, line] } : f));
}

/** The failing hop in a sentence, or undefined when there is nothing to say of it. */
export function hopLine(dialed: Dialed, s: Snapshot, c: Classification): string | undefined {
  const at = `the task dialled ${dialed.ip}:${dialed.port}`;
  const subnet = s.subnets.ok ? s.subnets.value.find((x) => x.id === s.task.eni.subnetId) : undefined;
  // No IPv4 address to dial from: the name's answer was the fault, no hop on the way was reached.
  if (subnet !== undefined && isIpv6Only(subnet) && !dialed.ip.includes(':'))
    return `${at}, an IPv4 address, from the IPv6-only ${subnet.id}: the task has no IPv4 address, so no hop was reached; the name resolved to IPv4 addresses only`;
  return dialed.private ? privateHop(at, dialed.ip, s) : publicHop(at, s, c);
}

function publicHop(at: string, s: Snapshot, c: Classification): string | undefined {
  const services = implicatedServices(c);
  if (!s.endpoints.ok || services.length === 0) return undefined;
  const host = c.registry?.host ?? urlHostOf(s) ?? services.join(', ');
  const region = REGION_OF.exec(host)?.[1];
  if (region !== undefined && region !== s.region)
    return `${at}, a public address of ${host}, in ${region}: endpoints are regional, none of this VPC's serves it`;
  const names = services.map((service) => endpointServiceName(s.region, service));
  const ep = s.endpoints.value.find(
    (e) => e.type === 'Interface' && e.privateDns && names.includes(e.serviceName),
  );
  if (!ep) {
    const dnsOff = s.endpoints.value.find(
      (e) => e.type === 'Interface' && !e.privateDns && names.includes(e.serviceName),
    );
    return dnsOff
      ? `${at}, a public address of ${host}: ${dnsOff.id} serves that service but has private DNS off, so the name resolved to the public address and the hop that failed is the way to the internet`
      : `${at}, a public address of ${host}: the hop that failed is the way to the internet (no interface endpoint with private DNS answers that name)`;
  }
  return `${at}, a public address of ${host}: the name did not resolve to ${ep.id} (private DNS off, a custom resolver, or a name the endpoint does not serve — the dual-stack *.on.aws names, FIPS names)`;
}

const REGION_OF = /\.([a-z]{2}(?:-[a-z]+)+-\d{1,2})\.(?:amazonaws\.com|on\.aws|api\.aws)/;
const URL_HOST = /https?:\/\/([a-z0-9.-]{1,253})/i;

/** The host of the first URL the stop texts name (`Post "https://logs.eu-west-1.amazonaws.com/"`). */
function urlHostOf(s: Snapshot): string | undefined {
  for (const text of [s.task.stoppedReason, ...s.task.containers.map((c) => c.reason)]) {
    const host = text === undefined ? undefined : URL_HOST.exec(text.slice(0, 100_000))?.[1];
    if (host) return host.toLowerCase();
  }
  return undefined;
}

function privateHop(at: string, ip: string, s: Snapshot): string | undefined {
  const hop = s.failingHop;
  // Outside the VPC's CIDRs, no interface of it can hold the address, whatever was read.
  const beyond = beyondVpc(at, ip, s);
  if (hop === undefined || beyond !== undefined) return beyond;
  if (!hop.ok) return undefined;
  const eni = hop.value;
  if (eni === undefined) {
    const vpc = s.vpcId.ok ? s.vpcId.value : 'the VPC';
    const inside = vpcCidrsOf(s).some((cidr) => cidrContains(cidr, ip));
    return inside
      ? `${at}, an address of ${vpc} that no network interface holds now: what the name resolved to is gone (an endpoint that was deleted, replaced or never accepted)`
      : `${at}, a private address no network interface in ${vpc} holds: a host beyond the VPC (on premises, a peered VPC)`;
  }
  if (eni.endpointId)
    return `${at}, ${eni.endpointId}'s interface ${eni.id} in ${eni.subnetId}: the path reached the endpoint, so the security group or network ACL on that hop is the suspect`;
  const what = [eni.interfaceType, eni.description].filter((x) => x !== undefined && x !== '').join(', ');
  return `${at}, held by ${eni.id}${what ? ` (${what})` : ''} in ${eni.subnetId}, not a VPC endpoint's interface`;
}

/** An address outside the VPC's CIDRs (its route tables' `local` routes): no interface of the VPC holds it. */
function beyondVpc(at: string, ip: string, s: Snapshot): string | undefined {
  const cidrs = vpcCidrsOf(s);
  if (cidrs.length === 0 || cidrs.some((cidr) => cidrContains(cidr, ip))) return undefined;
  const vpc = s.vpcId.ok ? s.vpcId.value : 'the VPC';
  return `${at}, a private address outside ${vpc} (${cidrs.join(', ')}): a host beyond the VPC (on premises, a peered VPC), past what ecs-pullfix can see`;
}

/** The VPC's CIDRs, from its route tables' `local` routes (none when they were not read). */
function vpcCidrsOf(s: Snapshot): string[] {
  if (!s.routeTables.ok) return [];
  return [
    ...new Set(
      s.routeTables.value.flatMap((t) =>
        t.routes.flatMap((r) => (r.target.kind === 'local' && r.destinationCidr ? [r.destinationCidr] : [])),
      ),
    ),
  ];
}
