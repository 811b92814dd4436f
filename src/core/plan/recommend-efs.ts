import type { FindingOf } from '../findings/types.js';
import { assignment, command, ifValid, type NameCheck, variable } from '../shell.js';

/** The commands a person runs for an EFS volume: a mount target, an NFS rule (ecs-pullfix never makes either). */

/**
 * A mount target for the file system in the task's subnet of the zone that has none, with the
 * groups of one of its other mount targets (else a group the user names, set first).
 */
export function mountTargetCli(f: FindingOf<'efs-no-mount-target'>): string {
  const subnetId = f.subnetIds[0] ?? '';
  const groups = f.mountTargetSecurityGroupIds ?? [];
  const names: NameCheck[] = [
    ['EFS file system id', f.fileSystemId],
    ['subnet id', subnetId],
    ...groups.map((g): NameCheck => ['security group id', g]),
  ];
  return ifValid(names, () =>
    [
      ...(groups.length > 0
        ? []
        : [
            assignment(
              'MOUNT_TARGET_SG',
              'sg-...',
              "a security group of the VPC that allows inbound TCP 2049 from the task's",
            ),
          ]),
      command([
        'aws',
        'efs',
        'create-mount-target',
        '--file-system-id',
        f.fileSystemId,
        '--subnet-id',
        subnetId,
        '--security-groups',
        ...(groups.length > 0 ? groups : [variable('MOUNT_TARGET_SG')]),
      ]),
    ].join('\n'),
  );
}

/**
 * The NFS rule: inbound 2049 on the mount target's first group from each of the task's groups
 * (else its subnets' ranges), or outbound 2049 from the task's groups to the mount target's.
 */
export function nfsRuleCli(f: FindingOf<'efs-sg-blocks-2049'>): string {
  if (f.side === 'task') {
    const target = f.mountTargetSecurityGroupIds[0] ?? '';
    const peer = `UserIdGroupPairs=[{GroupId=${target}}]`;
    return (f.task.securityGroupIds ?? [])
      .map((groupId) =>
        ifValid(
          [
            ['security group id', groupId],
            ['security group id', target],
          ],
          () =>
            command([
              'aws',
              'ec2',
              'authorize-security-group-egress',
              '--group-id',
              groupId,
              '--ip-permissions',
              `IpProtocol=tcp,FromPort=2049,ToPort=2049,${peer}`,
            ]),
        ),
      )
      .join('\n');
  }
  const groupId = f.mountTargetSecurityGroupIds[0] ?? '';
  const sources: readonly (readonly ['--source-group' | '--cidr', NameCheck])[] = f.task.securityGroupIds
    ?.length
    ? f.task.securityGroupIds.map((g) => ['--source-group', ['security group id', g]] as const)
    : f.task.cidrs.map((c) => ['--cidr', ['IPv4 CIDR', c]] as const);
  return sources
    .map(([flag, name]) =>
      ifValid([['security group id', groupId], name], () =>
        command([
          'aws',
          'ec2',
          'authorize-security-group-ingress',
          '--group-id',
          groupId,
          '--protocol',
          'tcp',
          '--port',
          '2049',
          flag,
          name[1],
        ]),
      ),
    )
    .join('\n');
}
