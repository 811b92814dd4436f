import type { EfsReader } from '../core/ports.js';
import { AwsCallError } from '../errors.js';
import type { SimContext } from './account-context.js';

/** Amazon EFS, as the scenario answers it: its file systems' mount targets and their groups. */
export function efsReader(ctx: SimContext): EfsReader {
  const s = ctx.scenario;
  return {
    describeMountTargets: (fileSystemId) =>
      ctx.call('elasticfilesystem:DescribeMountTargets', fileSystemId, () => {
        const fs = s.efs.find((f) => f.fileSystemId === fileSystemId);
        if (!fs)
          throw new AwsCallError(
            'elasticfilesystem:DescribeMountTargets',
            'FileSystemNotFound',
            'not-found',
            `File system '${fileSystemId}' does not exist.`,
          );
        return fs.mountTargets.map(({ securityGroupIds: _, ...m }) => ({ ...m }));
      }),
  };
}
