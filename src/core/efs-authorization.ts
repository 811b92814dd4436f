import type { Checked } from './checked.js';
import type { RoleSimulation } from './workload.js';

/*
 * An EFS volume's authorization (R7 of AWS's list; network.md, "EFS volumes"): the access point
 * it mounts through, and with IAM authorization whether the task role may mount. EFS allows a
 * client action when the task role's own policies or the file system policy allow it, and
 * neither denies it explicitly; with no file system policy the default one allows every client
 * that reaches a mount target.
 * https://docs.aws.amazon.com/efs/latest/ug/iam-access-control-nfs-efs.html
 */

/** An EFS access point (`DescribeAccessPoints` by id). */
export type EfsAccessPoint = Readonly<{
  id: string;
  arn?: string;
  /** The file system it belongs to. */
  fileSystemId: string;
  /** `available`, `creating`, `updating`, `deleting`, `deleted`, `error`. */
  state: string;
  /** Its root directory's path, where the answer gives it. */
  rootDirectory?: string;
}>;

/** The client actions an EFS volume with IAM authorization needs: mount, and write unless read-only. */
export const CLIENT_MOUNT = 'elasticfilesystem:ClientMount';
export const CLIENT_WRITE = 'elasticfilesystem:ClientWrite';

/**
 * What the inspector read of one file system's authorization, in round 2 (the ids come with the
 * task definition): the access point the volume names (`undefined`: there is none by that id),
 * the file system policy (`undefined`: none, the default policy) and the task role's simulation
 * for the client actions. Each is absent when the volume does not ask for it.
 */
export type EfsAuthorization = Readonly<{
  accessPoint?: Checked<EfsAccessPoint | undefined>;
  policy?: Checked<string | undefined>;
  /** The task role simulated (absent: the task definition has none, or it was not asked). */
  taskRole?: Readonly<{ roleArn: string; simulation: Checked<RoleSimulation> }>;
}>;

/** The ARN of a file system (what the client actions are allowed on). */
export const fileSystemArn = (partition: string, region: string, account: string, id: string): string =>
  `arn:${partition}:elasticfilesystem:${region}:${account}:file-system/${id}`;

/** The ARN of an access point (the value of the condition key `elasticfilesystem:AccessPointArn`). */
export const accessPointArn = (partition: string, region: string, account: string, id: string): string =>
  `arn:${partition}:elasticfilesystem:${region}:${account}:access-point/${id}`;

/** The client actions a volume needs: ClientMount, and ClientWrite unless every container mounts it read-only. */
export const clientActions = (readOnly: boolean | undefined): string[] =>
  readOnly ? [CLIENT_MOUNT] : [CLIENT_MOUNT, CLIENT_WRITE];
