import { mountTargetCli, nfsRuleCli } from '../plan/recommend-efs.js';
import { accessPointCli, efsGrantCli } from '../plan/recommend-efs-auth.js';
import { commentLine } from '../shell.js';
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
  // Authorization: no change to the network cures these (path-ok stands beside them).
  'efs-access-point-missing': {
    rank: 175,
    scope: 'workload',
    autoFix: false,
    key: (f) => `${f.id}:${f.problem}`,
    fix: (f) =>
      f.problem === 'missing'
        ? `Access point ${f.accessPointId} does not exist: create one for ${f.fileSystemId} (aws efs create-access-point) and name it in the task definition's authorizationConfig.accessPointId, or correct the id.`
        : f.problem === 'other-file-system'
          ? `Access point ${f.accessPointId} belongs to ${f.otherFileSystemId}, not ${f.fileSystemId}: name one of ${f.fileSystemId}'s access points in the task definition, or mount ${f.otherFileSystemId}.`
          : `Access point ${f.accessPointId} of ${f.fileSystemId} is ${f.state}: wait until it is available, or create another and name it in the task definition.`,
    remedy: (f, plan) => plan.recommend('fix-efs-access-point', f, accessPointCli(f)),
  },
  'efs-iam-no-task-role': {
    rank: 176,
    scope: 'workload',
    autoFix: false,
    key: (f) => f.id,
    fix: (f) =>
      `Give the task definition a task role (taskRoleArn) allowed elasticfilesystem:ClientMount (and ClientWrite) on ${f.fileSystemId}: IAM authorization mounts as the task role; or turn authorizationConfig.iam off.`,
    remedy: (f, plan) =>
      plan.recommend(
        'add-task-role',
        f,
        commentLine(
          `register the task definition again with "taskRoleArn": a role ecs-tasks.amazonaws.com may assume, allowed elasticfilesystem:ClientMount on ${f.fileSystemId}`,
        ),
      ),
  },
  'efs-iam-denied': {
    rank: 177,
    scope: 'workload',
    autoFix: false,
    key: (f) => `${f.id}:${f.actions.map((a) => a.replace(/^elasticfilesystem:/, '')).join('+')}`,
    fix: (f) =>
      f.explicit
        ? `Remove the Deny that refuses ${f.actions.join(', ')} on ${f.fileSystemId} to ${f.roleArn} (the task role, which IAM authorization mounts as), in its policies or the file system policy.`
        : `Allow ${f.actions.join(' and ')} on ${f.fileSystemArn}${f.accessPointArn ? ` (through ${f.accessPointArn})` : ''} to ${f.roleArn} (the task role, which IAM authorization mounts as), in its policies or the file system policy (ecs-pullfix never changes IAM).`,
    remedy: (f, plan) => plan.recommend('grant-efs-client', { ...f, resources: [f.roleArn] }, efsGrantCli(f)),
  },
} as const satisfies Entries<
  | 'efs-no-mount-target'
  | 'efs-sg-blocks-2049'
  | 'efs-access-point-missing'
  | 'efs-iam-no-task-role'
  | 'efs-iam-denied'
>;
