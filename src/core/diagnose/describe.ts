import type { EgressPeer, TaskPeer } from '../findings.js';
import type { SecurityGroupRule } from '../network.js';

/** The task as an endpoint's security group must admit it: its groups, or its subnets' CIDRs. */
export function describePeer(task: TaskPeer): string {
  const sgs = task.securityGroupIds?.length ? `${task.securityGroupIds.join(', ')} or ` : '';
  return `${sgs}${task.cidrs.join(', ')}`;
}

/** Where the task's traffic goes, as its security groups must let it out. */
export function describeEgressPeer(peer: EgressPeer): string {
  switch (peer.kind) {
    case 'internet':
      return '0.0.0.0/0 (the internet, through NAT or the internet gateway)';
    case 'prefix-list':
      return `the S3 prefix list ${peer.prefixListId}`;
    case 'endpoint':
      return `the endpoint (${[...peer.securityGroupIds, ...peer.cidrs].join(', ')})`;
  }
}

/** A security group's rules in one direction, as evidence. */
export function describeRules(rules: readonly SecurityGroupRule[]): string {
  if (rules.length === 0) return 'no rules';
  return rules
    .map((r) => {
      const ports =
        r.protocol === '-1'
          ? 'all traffic'
          : `${r.protocol} ${r.fromPort ?? 0}${r.toPort !== r.fromPort ? `-${r.toPort}` : ''}`;
      const peers = [...r.cidrs, ...r.prefixListIds, ...r.groupIds].join(', ') || 'nothing';
      return `${ports} ${peers}`;
    })
    .join('; ');
}

export const usd = (x: number): string => `$${x.toFixed(2)}`;
