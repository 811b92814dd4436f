import type { PlanContext } from '../plan/context.js';
import { egressToInternetCli, naclCli } from '../plan/recommend-network.js';
import type { RulePeer } from '../plan/types.js';
import { type Entries, keyWithService } from './spec.js';
import { describeEgressPeer, describePeer } from './text.js';
import type { FindingOf } from './types.js';

/** The task's outbound 443: a rule to the endpoint's group (or the VPC), to S3's prefix list, or to the internet (recommended). */
function taskEgress(f: FindingOf<'task-sg-blocks-443'>, plan: PlanContext): void {
  const groupId = f.taskSecurityGroupIds[0];
  if (!groupId) return;
  const group = { kind: 'existing', groupId } as const;
  switch (f.peer.kind) {
    case 'endpoint': {
      const target = f.peer.securityGroupIds[0];
      const peer: RulePeer | undefined = target
        ? { kind: 'security-group', group: { kind: 'existing', groupId: target } }
        : plan.vpcPeer();
      if (peer) plan.write({ kind: 'authorize-egress-443', group, peer }, f.service);
      return;
    }
    case 'prefix-list': {
      const peer = {
        kind: 's3-prefix-list',
        region: plan.snapshot.region,
        prefixListId: f.peer.prefixListId,
      } as const;
      plan.write({ kind: 'authorize-egress-443', group, peer }, 's3');
      return;
    }
    case 'internet':
      plan.recommend('allow-egress-to-internet', f, egressToInternetCli(groupId, f.peer.family === 'ipv6'));
      return;
  }
}

/** The ACL entries to add: one for the peer, or one per S3 range the ACL blocks, each before the rule that denies it. */
function naclFix(f: FindingOf<'nacl-blocks'>): string {
  const toFrom = f.direction === 'outbound' ? 'to' : 'from';
  if (!f.ranges) {
    return `Change network ACL ${f.networkAclId}: allow ${f.direction} ${f.ports} ${toFrom} ${f.cidr}, numbered before any rule that denies it.`;
  }
  const entries = f.ranges.map(
    (r) => `${r.cidr} (before ${r.ruleNumber === undefined ? 'the final deny' : `rule ${r.ruleNumber}`})`,
  );
  return `Change network ACL ${f.networkAclId}: S3 traffic through the gateway goes to every range of ${f.prefixListId ?? 'the S3 prefix list'}; add one entry allowing ${f.direction} ${f.ports} ${toFrom} each range it blocks: ${entries.join(', ')}.`;
}

/** The other way, where the group's rules already name prefix lists: add the missing range to one of them. */
function orAddToList(
  cidrs: readonly string[],
  lists: readonly string[] | undefined,
  direction: 'inbound' | 'outbound',
): string {
  if (!lists?.length || cidrs.length === 0) return '';
  return `; or, if ${lists.join(' or ')} (which its ${direction} rule already names) is your own prefix list, add ${cidrs.join(', ')} to it`;
}

/** Security groups and network ACLs between the task and what it reaches. */
export const FIREWALL = {
  'endpoint-sg-blocks-443': {
    rank: 110,
    scope: 'network',
    autoFix: true,
    key: keyWithService,
    service: (f) => f.service,
    fix: (f) =>
      `Allow inbound TCP 443 to ${f.endpointSecurityGroupIds.join(', ')} (the security group of ${f.endpointId}) from ${describePeer(f.task)}${orAddToList(f.task.cidrs, f.prefixListIds, 'inbound')}.`,
    remedy: (f, plan) => {
      for (const groupId of f.endpointSecurityGroupIds)
        for (const peer of plan.taskPeers())
          plan.write(
            { kind: 'authorize-ingress-443', group: { kind: 'existing', groupId }, peer },
            f.service,
          );
    },
  },
  'task-sg-blocks-443': {
    rank: 120,
    scope: 'network',
    autoFix: true,
    key: keyWithService,
    service: (f) => f.service,
    fix: (f) =>
      `Allow outbound TCP 443 from ${f.taskSecurityGroupIds.join(', ')} (${f.instanceId ? `the security groups of the container instance ${f.instanceId}, whose interface the task's pull uses` : "the task's security groups"}) to ${describeEgressPeer(f.peer)}${f.peer.kind === 'endpoint' ? orAddToList(f.peer.cidrs, f.prefixListIds, 'outbound') : ''}.`,
    remedy: taskEgress,
  },
  'nacl-blocks': {
    rank: 130,
    scope: 'network',
    autoFix: false,
    key: (f) => `${f.id}:${f.direction}`,
    fix: naclFix,
    remedy: (f, plan) => plan.recommend('add-nacl-entry', f, naclCli(f)),
  },
} as const satisfies Entries<'endpoint-sg-blocks-443' | 'task-sg-blocks-443' | 'nacl-blocks'>;
