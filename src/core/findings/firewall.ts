import { type Entries, keyWithService } from './spec.js';
import { describeEgressPeer, describePeer } from './text.js';

/** Security groups and network ACLs between the task and what it reaches. */
export const FIREWALL = {
  'endpoint-sg-blocks-443': {
    rank: 110,
    scope: 'network',
    autoFix: true,
    key: keyWithService,
    service: (f) => f.service,
    fix: (f) =>
      `Allow inbound TCP 443 to ${f.endpointSecurityGroupIds.join(', ')} (the security group of ${f.endpointId}) from ${describePeer(f.task)}.`,
  },
  'task-sg-blocks-443': {
    rank: 120,
    scope: 'network',
    autoFix: true,
    key: keyWithService,
    service: (f) => f.service,
    fix: (f) =>
      `Allow outbound TCP 443 from ${f.taskSecurityGroupIds.join(', ')} (the task's security groups) to ${describeEgressPeer(f.peer)}.`,
  },
  'nacl-blocks': {
    rank: 130,
    scope: 'network',
    autoFix: false,
    key: (f) => `${f.id}:${f.direction}`,
    fix: (f) =>
      `Change network ACL ${f.networkAclId}: allow ${f.direction} ${f.ports} ${f.direction === 'outbound' ? 'to' : 'from'} ${f.cidr}, numbered before any rule that denies it.`,
  },
} as const satisfies Entries<'endpoint-sg-blocks-443' | 'task-sg-blocks-443' | 'nacl-blocks'>;
