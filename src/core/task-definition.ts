/** What the diagnosis reads from the task definition. */
export type TaskDefinitionFacts = Readonly<{
  arn: string;
  family: string;
  executionRoleArn?: string;
  /** The task role: what an EFS volume with IAM authorization mounts as. */
  taskRoleArn?: string;
  networkMode?: string;
  cpuArchitecture?: string;
  /** `ephemeralStorage.sizeInGiB` (absent: Fargate's default, 20 GiB). */
  ephemeralStorageGiB?: number;
  containers: readonly ContainerFacts[];
  volumes: readonly VolumeFacts[];
}>;

/** A volume of the task definition; an EFS volume's `efsVolumeConfiguration` as far as the checks read it. */
export type VolumeFacts = Readonly<{
  name: string;
  efsFileSystemId?: string;
  /** `authorizationConfig.accessPointId`. */
  efsAccessPointId?: string;
  /** `authorizationConfig.iam: ENABLED`: the task role must be allowed to mount (elasticfilesystem:ClientMount). */
  efsIam?: boolean;
  /** Every container mounts it `readOnly` (then it needs no elasticfilesystem:ClientWrite). */
  efsReadOnly?: boolean;
}>;

export type ContainerFacts = Readonly<{
  name: string;
  image: string;
  essential: boolean;
  logDriver?: string;
  logOptions: Readonly<Record<string, string>>;
  secrets: readonly Readonly<{ name: string; valueFrom: string }>[];
  repositoryCredentials?: string;
  environmentFiles: readonly string[];
}>;
