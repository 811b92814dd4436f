import * as v from 'valibot';
import type { ContainerFacts, TaskDefinitionFacts } from '../core/network.js';
import { InvalidInputError } from '../errors.js';
import { readInputFile } from './input-file.js';

/*
 * The task definition file a deploy pipeline is about to register: the input of
 * `aws ecs register-task-definition --cli-input-json file://…` (`{family, containerDefinitions,
 * …}`), or what `aws ecs describe-task-definition` printed (`{taskDefinition: {…}}`). Only what
 * the checks read is parsed; every other field (cpu, memory, tags, portMappings …) is let
 * through, as ECS adds fields over time.
 */

const Text = v.pipe(v.string(), v.maxLength(2048));
const Name = v.pipe(Text, v.minLength(1, 'must not be empty'));

const Container = v.looseObject({
  name: Name,
  image: Name,
  essential: v.optional(v.boolean()),
  logConfiguration: v.optional(
    v.looseObject({
      logDriver: Name,
      options: v.optional(v.record(v.string(), v.string())),
    }),
  ),
  secrets: v.optional(v.array(v.looseObject({ name: Text, valueFrom: Text }))),
  repositoryCredentials: v.optional(v.looseObject({ credentialsParameter: Text })),
  environmentFiles: v.optional(v.array(v.looseObject({ value: Text }))),
  mountPoints: v.optional(
    v.array(
      v.looseObject({
        sourceVolume: v.optional(Text),
        readOnly: v.optional(v.boolean()),
      }),
    ),
  ),
});

const Volume = v.looseObject({
  name: Name,
  efsVolumeConfiguration: v.optional(
    v.looseObject({
      fileSystemId: Name,
      authorizationConfig: v.optional(
        v.looseObject({
          accessPointId: v.optional(Text),
          iam: v.optional(v.picklist(['ENABLED', 'DISABLED'])),
        }),
      ),
    }),
  ),
});

const Definition = v.looseObject({
  taskDefinitionArn: v.optional(Text),
  family: v.pipe(Name, v.regex(/^[\w-]{1,255}$/, 'must be letters, digits, - and _ (at most 255)')),
  executionRoleArn: v.optional(Text),
  taskRoleArn: v.optional(Text),
  networkMode: v.optional(v.picklist(['awsvpc', 'bridge', 'host', 'none'])),
  requiresCompatibilities: v.optional(v.array(Text)),
  runtimePlatform: v.optional(v.looseObject({ cpuArchitecture: v.optional(Text) })),
  ephemeralStorage: v.optional(v.looseObject({ sizeInGiB: v.number() })),
  containerDefinitions: v.pipe(v.array(Container), v.minLength(1, 'must name at least one container')),
  volumes: v.optional(v.array(Volume)),
});

type Definition = v.InferOutput<typeof Definition>;

/** The file's task definition, as the checks read it, and whether ECS already knows it. */
export type TaskDefinitionFile = Readonly<{
  facts: TaskDefinitionFacts;
  /** Its `requiresCompatibilities` (FARGATE, EC2 …), as written. */
  compatibilities: readonly string[];
}>;

/**
 * Parses a task definition file's text (either shape). Fails with an `InvalidInputError` naming
 * the file and the first fields that are wrong.
 */
export function parseTaskDefinitionFile(text: string, file: string): TaskDefinitionFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new InvalidInputError(
      `${file} is not JSON (${e instanceof Error ? e.message : String(e)}): give the file you pass to aws ecs register-task-definition --cli-input-json`,
      { cause: e },
    );
  }
  const described =
    typeof json === 'object' && json !== null && 'taskDefinition' in json
      ? (json as { taskDefinition: unknown }).taskDefinition
      : json;
  if (typeof described !== 'object' || described === null || Array.isArray(described))
    throw new InvalidInputError(
      `${file} is not a task definition: expected a JSON object ({family, containerDefinitions, …})`,
    );
  const parsed = v.safeParse(Definition, described);
  if (!parsed.success) {
    const problems = parsed.issues
      .slice(0, 3)
      .map((i) => `${v.getDotPath(i) ?? '(the document)'}: ${i.message}`.slice(0, 200));
    throw new InvalidInputError(`${file} is not a task definition: ${problems.join('; ')}`);
  }
  const td = parsed.output;
  return {
    facts: factsOf(td),
    compatibilities: td.requiresCompatibilities ?? [],
  };
}

/** Reads and parses the file; a file that cannot be read is bad input too. */
export async function readTaskDefinitionFile(file: string): Promise<TaskDefinitionFile> {
  return parseTaskDefinitionFile(await readInputFile(file), file);
}

function factsOf(td: Definition): TaskDefinitionFacts {
  return {
    arn: td.taskDefinitionArn ?? '',
    family: td.family,
    ...(td.executionRoleArn ? { executionRoleArn: td.executionRoleArn } : {}),
    ...(td.taskRoleArn ? { taskRoleArn: td.taskRoleArn } : {}),
    ...(td.networkMode ? { networkMode: td.networkMode } : {}),
    ...(td.runtimePlatform?.cpuArchitecture ? { cpuArchitecture: td.runtimePlatform.cpuArchitecture } : {}),
    ...(td.ephemeralStorage ? { ephemeralStorageGiB: td.ephemeralStorage.sizeInGiB } : {}),
    containers: td.containerDefinitions.map(containerFacts),
    volumes: (td.volumes ?? []).map((volume) => {
      const efs = volume.efsVolumeConfiguration;
      return {
        name: volume.name,
        ...(efs ? { efsFileSystemId: efs.fileSystemId } : {}),
        ...(efs?.authorizationConfig?.accessPointId
          ? { efsAccessPointId: efs.authorizationConfig.accessPointId }
          : {}),
        ...(efs?.authorizationConfig?.iam === 'ENABLED' ? { efsIam: true } : {}),
        ...(efs && readOnlyEverywhere(td, volume.name) ? { efsReadOnly: true } : {}),
      };
    }),
  };
}

/** Every container that mounts the volume mounts it `readOnly` (and one does), as ECS's reader says. */
function readOnlyEverywhere(td: Definition, volume: string): boolean {
  const points = td.containerDefinitions.flatMap((c) =>
    (c.mountPoints ?? []).filter((m) => m.sourceVolume === volume),
  );
  return points.length > 0 && points.every((m) => m.readOnly === true);
}

function containerFacts(c: Definition['containerDefinitions'][number]): ContainerFacts {
  return {
    name: c.name,
    image: c.image,
    essential: c.essential ?? true,
    ...(c.logConfiguration ? { logDriver: c.logConfiguration.logDriver } : {}),
    logOptions: c.logConfiguration?.options ?? {},
    secrets: (c.secrets ?? []).map((s) => ({ name: s.name, valueFrom: s.valueFrom })),
    ...(c.repositoryCredentials?.credentialsParameter
      ? { repositoryCredentials: c.repositoryCredentials.credentialsParameter }
      : {}),
    environmentFiles: (c.environmentFiles ?? []).map((f) => f.value),
  };
}
