/** What the diagnosis reads from the task definition. */
export type TaskDefinitionFacts = Readonly<{
  arn: string;
  family: string;
  executionRoleArn?: string;
  networkMode?: string;
  cpuArchitecture?: string;
  containers: readonly ContainerFacts[];
  volumes: readonly Readonly<{ name: string; efsFileSystemId?: string }>[];
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
