import { CreateAccessPointCommand, EFSClient, PutFileSystemPolicyCommand } from '@aws-sdk/client-efs';
import type { TaskDefinitionFacts } from '../../src/core/task-definition.js';
import type { Scenario } from '../../src/sim/scenario.js';
import type { IamSimulator } from './iam-simulator.js';

/**
 * An EFS volume's authorization in moto (which implements access points and file system
 * policies): each file system's access points (moto names them: `ids` maps the scenario's to
 * moto's) and its policy, the scenario's account, file systems and access points written as
 * moto's. The file systems themselves are built first (`buildEfsInMoto`).
 */
export async function buildEfsAuthorizationInMoto(
  s: Scenario,
  config: object,
  ids: Map<string, string>,
  motoAccount: string,
): Promise<void> {
  const efs = new EFSClient(config);
  for (const fs of s.efs) {
    const fileSystemId = ids.get(fs.fileSystemId) ?? fs.fileSystemId;
    for (const ap of fs.accessPoints) {
      const created = await efs.send(
        new CreateAccessPointCommand({
          FileSystemId: fileSystemId,
          ClientToken: `${s.name}-${ap.id}`,
          ...(ap.rootDirectory ? { RootDirectory: { Path: ap.rootDirectory } } : {}),
        }),
      );
      ids.set(ap.id, created.AccessPointId ?? '');
    }
    if (fs.policy === undefined) continue;
    let policy = fs.policy.replaceAll(`:${s.account}:`, `:${motoAccount}:`);
    for (const [scenarioId, motoId] of ids)
      if (/^fs(ap)?-/.test(scenarioId)) policy = policy.replaceAll(scenarioId, motoId);
    await efs.send(new PutFileSystemPolicyCommand({ FileSystemId: fileSystemId, Policy: policy }));
  }
}

/** Each EFS volume mounted in every container, read-only where the task definition says so. */
export const efsMountPoints = (td: TaskDefinitionFacts) =>
  td.volumes.flatMap((v) =>
    v.efsFileSystemId
      ? [{ sourceVolume: v.name, containerPath: `/mnt/${v.name}`, readOnly: v.efsReadOnly === true }]
      : [],
  );

/**
 * What the scenario's task role lacks (or that it may not be simulated at all), said by the
 * simulator's stand-in of the role moto's task definition names.
 */
export function denyTaskRole(s: Scenario, simulator: IamSimulator | undefined, motoAccount: string): void {
  const role = s.taskDefinition.taskRoleArn?.replace(`:${s.account}:`, `:${motoAccount}:`);
  const policy = s.file.taskRolePolicy;
  if (role === undefined || policy === undefined) return;
  if (!simulator) throw new Error('no IAM simulator stand-in');
  if (policy.simulation === 'denied') simulator.refuse(role);
  for (const action of policy.deny) simulator.deny(role, action);
}
