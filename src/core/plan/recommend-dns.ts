import type { FindingOf } from '../findings/types.js';
import { assignment, command, commentLine, ifValid, output, variable } from '../shell.js';

/** The VPC resolver every VPC answers at, besides its CIDR's base + 2 (Nitro instances and Fargate). */
export const VPC_RESOLVER_LINK_LOCAL = '169.254.169.253';

/**
 * What a person runs when the endpoint's names go past the VPC resolver. A Resolver rule:
 * a SYSTEM rule for the names, associated with the VPC (Resolver answers a name by its most
 * specific rule, so it wins over the forwarding rule). A DHCP option set: the servers are the
 * owner's, so the change is theirs to make; the lines say which.
 */
export function dnsBypassCli(f: FindingOf<'dns-bypasses-endpoints'>): string {
  const [name] = f.names;
  if (f.via.kind === 'dhcp-options' || name === undefined) {
    const servers = f.via.kind === 'dhcp-options' ? f.via.servers : f.via.targetIps;
    return [
      commentLine(
        `on ${servers.join(', ')}: forward ${zonesOf(f) || 'amazonaws.com'} (or all of amazonaws.com) to the VPC resolver (${resolverOf(f)}; from outside the VPC, through a Route 53 Resolver inbound endpoint)`,
      ),
      commentLine(
        `or put AmazonProvidedDNS first in the domain-name-servers of ${f.via.kind === 'dhcp-options' ? f.via.dhcpOptionsId : 'the DHCP option set'}`,
      ),
    ].join('\n');
  }
  const domain = systemDomainOf(name);
  return ifValid([['VPC id', f.vpcId]], () =>
    [
      assignment(
        'RULE',
        output(
          command([
            'aws',
            'route53resolver',
            'create-resolver-rule',
            '--rule-type',
            'SYSTEM',
            '--domain-name',
            domain,
            '--name',
            `system-${f.service.replace('.', '-')}`,
            '--creator-request-id',
            `ecs-pullfix-system-${f.service.replace('.', '-')}-${f.vpcId}`,
            '--query',
            'ResolverRule.Id',
            '--output',
            'text',
          ]),
        ),
      ),
      command([
        'aws',
        'route53resolver',
        'associate-resolver-rule',
        '--resolver-rule-id',
        variable('RULE'),
        '--vpc-id',
        f.vpcId,
      ]),
    ].join('\n'),
  );
}

/** The name a SYSTEM rule should carry: the registry's shared part for ECR's Docker names. */
export function systemDomainOf(name: string): string {
  const dkr = name.indexOf('.dkr.ecr.');
  return dkr >= 0 ? name.slice(dkr + 1) : name;
}

/** The zones a DNS server forwards for the names: `dkr.ecr.<region>.amazonaws.com`, `logs.<region>.amazonaws.com`. */
export function zonesOf(f: Readonly<{ names: readonly string[] }>): string {
  return [...new Set(f.names.map(systemDomainOf))].join(', ');
}

/** The VPC resolver's addresses, in words. */
export function resolverOf(f: Readonly<{ vpcResolver?: string }>): string {
  return f.vpcResolver ? `${f.vpcResolver} or ${VPC_RESOLVER_LINK_LOCAL}` : VPC_RESOLVER_LINK_LOCAL;
}
