import type { FindingOf } from '../findings/types.js';
import { command, commentLine, ifValid } from '../shell.js';
import { grantCli } from './recommend-workload.js';

/** The commands a person runs for an EFS volume's authorization (ecs-pullfix never changes EFS or IAM). */

/** An access point for the file system (when the one named does not exist), else what to change, in words. */
export function accessPointCli(f: FindingOf<'efs-access-point-missing'>): string {
  if (f.problem === 'other-file-system')
    return commentLine(
      `${f.accessPointId} belongs to ${f.otherFileSystemId ?? 'another file system'}: name ${f.fileSystemId}'s own access point (aws efs describe-access-points --file-system-id ${f.fileSystemId}) in the task definition`,
    );
  if (f.problem === 'not-available')
    return commentLine(
      `${f.accessPointId} is ${f.state ?? 'not available'}: wait for it to be available, or create another and name it in the task definition`,
    );
  return ifValid([['EFS file system id', f.fileSystemId]], () =>
    [
      command([
        'aws',
        'efs',
        'create-access-point',
        '--file-system-id',
        f.fileSystemId,
        '--root-directory',
        'Path=/',
      ]),
      commentLine(
        'then name its AccessPointId in the task definition (efsVolumeConfiguration.authorizationConfig.accessPointId) and register it again',
      ),
    ].join('\n'),
  );
}

/** The client actions granted to the task role on the file system (through its access point); a Deny is said, never undone. */
export function efsGrantCli(f: FindingOf<'efs-iam-denied'>): string {
  if (f.explicit)
    return commentLine(
      `a Deny statement refuses ${f.actions.join(', ')} to ${f.roleArn}: remove it from the task role's policies or the file system policy of ${f.fileSystemId}`,
    );
  const statement = {
    Effect: 'Allow',
    Action: [...f.actions],
    Resource: f.fileSystemArn,
    ...(f.accessPointArn
      ? { Condition: { StringEquals: { 'elasticfilesystem:AccessPointArn': f.accessPointArn } } }
      : {}),
  };
  return grantCli(f.roleArn, [statement]);
}
