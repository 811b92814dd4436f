import type { EfsReader } from '../core/ports.js';
import { AwsCallError } from '../errors.js';
import type { SimContext } from './account-context.js';

/** Amazon EFS, as the scenario answers it: its file systems' mount targets, access points and policies. */
export function efsReader(ctx: SimContext): EfsReader {
  const s = ctx.scenario;
  const fileSystem = (operation: string, fileSystemId: string) => {
    const fs = s.efs.find((f) => f.fileSystemId === fileSystemId);
    if (!fs)
      throw new AwsCallError(
        operation,
        'FileSystemNotFound',
        'not-found',
        `File system '${fileSystemId}' does not exist.`,
      );
    return fs;
  };
  return {
    describeMountTargets: (fileSystemId) =>
      ctx.call('elasticfilesystem:DescribeMountTargets', fileSystemId, () =>
        fileSystem('elasticfilesystem:DescribeMountTargets', fileSystemId).mountTargets.map(
          ({ securityGroupIds: _, ...m }) => ({ ...m }),
        ),
      ),
    describeAccessPoint: (accessPointId) =>
      ctx.call('elasticfilesystem:DescribeAccessPoints', accessPointId, () => {
        const found = s.efs.flatMap((f) => f.accessPoints).find((a) => a.id === accessPointId);
        return found ? { ...found } : undefined;
      }),
    describeFileSystemPolicy: (fileSystemId) =>
      ctx.call(
        'elasticfilesystem:DescribeFileSystemPolicy',
        fileSystemId,
        () => fileSystem('elasticfilesystem:DescribeFileSystemPolicy', fileSystemId).policy,
      ),
  };
}
