import { dnsBypassCli, resolverOf, systemDomainOf, zonesOf } from '../plan/recommend-dns.js';
import { vpcDnsCli, vpcDnsWords } from '../plan/recommend-network.js';
import { type Entries, keyWithService } from './spec.js';
import { inline } from './text.js';
import type { FindingOf } from './types.js';

/** The VPC's own DNS: without it no name resolves, through an endpoint or not. */
export const DNS = {
  'vpc-dns-off': {
    rank: 10,
    scope: 'network',
    autoFix: false,
    key: (f) => `${f.id}:${f.attribute}`,
    fix: (f) => `Enable ${f.attribute} on ${f.vpcId} (${inline([['VPC id', f.vpcId]], vpcDnsWords(f))}).`,
    remedy: (f, plan) => plan.recommend('enable-vpc-dns', f, vpcDnsCli(f)),
  },
  // Recommend-only: the resolvers are the owner's, and a SYSTEM rule changes how the whole VPC
  // resolves those names.
  'dns-bypasses-endpoints': {
    rank: 105,
    scope: 'network',
    autoFix: false,
    key: keyWithService,
    service: (f) => f.service,
    fix: (f) => dnsBypassFix(f),
    remedy: (f, plan) => plan.recommend('forward-dns-to-vpc-resolver', f, dnsBypassCli(f)),
  },
} as const satisfies Entries<'vpc-dns-off' | 'dns-bypasses-endpoints'>;

function dnsBypassFix(f: FindingOf<'dns-bypasses-endpoints'>): string {
  const names = f.names.join(', ');
  if (f.via.kind === 'dhcp-options')
    return `Have the DNS servers of ${f.via.dhcpOptionsId} (${f.via.servers.join(', ')}) forward ${zonesOf(f)} (or all of amazonaws.com) to the VPC resolver (${resolverOf(f)}; from outside the VPC, through a Route 53 Resolver inbound endpoint), or put AmazonProvidedDNS first in its domain-name-servers, so that ${names} ${f.names.length === 1 ? 'resolves' : 'resolve'} to ${f.endpointId}.`;
  const name = f.names[0];
  const system = name === undefined ? 'those names' : systemDomainOf(name);
  return `Add a SYSTEM Resolver rule for ${system} associated with ${f.vpcId} (the most specific rule wins, so the VPC resolver answers it with ${f.endpointId}'s private addresses), or have ${f.via.targetIps.join(', ') || 'the rule’s targets'} forward ${names} back to the VPC resolver through a Route 53 Resolver inbound endpoint.`;
}
