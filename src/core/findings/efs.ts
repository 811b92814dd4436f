import { mountTargetCli, nfsRuleCli } from '../plan/recommend-efs.js';
import type { Entries } from './spec.js';
import { describePeer } from './text.js';

/** An EFS volume's way to its file system: a mount target in the task's zone, NFS through the groups (recommended only). */
export const EFS = {
  'efs-no-mount-target': {
    rank: 65,
    scope: 'network',
    autoFix: false,
    key: (f) => f.id,
    fix: (f) =>
      `Create a mount target for ${f.fileSystemId} in ${f.availabilityZone} (in ${f.subnetIds.join(' or ')}${f.mountTargetSecurityGroupIds?.length ? `, with ${f.mountTargetSecurityGroupIds.join(', ')} as its other mount targets have` : ", with a security group that allows TCP 2049 from the task's"}): it has ${f.zonesWithTargets.length > 0 ? `mount targets only in ${f.zonesWithTargets.join(', ')}` : `none in ${f.vpcId}`}; or keep the service's tasks out of ${f.availabilityZone}.`,
    remedy: (f, plan) => plan.recommend('add-efs-mount-target', f, mountTargetCli(f)),
  },
  'efs-sg-blocks-2049': {
    rank: 125,
    scope: 'network',
    autoFix: false,
    key: (f) => `${f.id}:${f.side}`,
    fix: (f) =>
      f.side === 'mount-target'
        ? `Allow inbound TCP 2049 (NFS) to ${f.mountTargetSecurityGroupIds.join(', ')} (the security group of ${f.fileSystemId}'s mount targets) from ${describePeer(f.task)}.`
        : `Allow outbound TCP 2049 (NFS) from ${(f.task.securityGroupIds ?? []).join(', ')} (the task's security groups) to ${f.mountTargetSecurityGroupIds.join(', ')} (the security group of ${f.fileSystemId}'s mount targets).`,
    remedy: (f, plan) => plan.recommend('allow-nfs', f, nfsRuleCli(f)),
  },
} as const satisfies Entries<'efs-no-mount-target' | 'efs-sg-blocks-2049'>;
