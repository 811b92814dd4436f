import { ruleFor, vpcResolverOf } from '../diagnose/checks/resolver.js';
import type { Snapshot } from '../network.js';
import { VPC_RESOLVER_LINK_LOCAL } from '../plan/recommend-dns.js';

/**
 * Who answers the ECR endpoints' names when not the VPC resolver: the DHCP option set's first
 * server, or the Route 53 Resolver FORWARD rule that takes them — in words, or undefined when
 * the VPC resolver answers them. The diagnosis calls such servers a problem only where the
 * stop text points at ECR's names (they may forward the names back, which no read shows), so
 * AWS's DNS check (P4, "the Amazon-provided resolver, or forwarding to it") stays open. Pure.
 */
export function ecrNamesAskedElsewhere(s: Snapshot): string | undefined {
  const suffix = `${s.region}.amazonaws.com${s.region.startsWith('cn-') ? '.cn' : ''}`;
  const names = [
    `api.ecr.${suffix}`,
    `${/^\d{12}$/.test(s.task.account) ? s.task.account : 'x'}.dkr.ecr.${suffix}`,
  ];
  const dhcp = s.dhcpOptions.ok ? s.dhcpOptions.value : undefined;
  const first = dhcp?.domainNameServers[0];
  const vpcResolver = [VPC_RESOLVER_LINK_LOCAL, vpcResolverOf(s)];
  if (
    dhcp &&
    first !== undefined &&
    first.toLowerCase() !== 'amazonprovideddns' &&
    !vpcResolver.includes(first)
  )
    return `${dhcp.id} sends the task's DNS questions to ${dhcp.domainNameServers.join(', ')}`;
  const rules = s.resolverRules.ok ? s.resolverRules.value : [];
  const rule = names.map((n) => ruleFor(rules, n)).find((r) => r?.ruleType.toUpperCase() === 'FORWARD');
  return rule
    ? `Resolver rule ${rule.id} forwards ${rule.domainName.replace(/\.+$/, '')} to ${rule.targetIps.join(', ')}`
    : undefined;
}
