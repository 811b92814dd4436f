import {
  type ContainerDefinition,
  DescribeCapacityProvidersCommand,
  DescribeClustersCommand,
  DescribeContainerInstancesCommand,
  DescribeServicesCommand,
  type DescribeServicesResponse,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  type ECSClient,
  ListContainerInstancesCommand,
  paginateListClusters,
  paginateListServices,
  type ContainerInstance as SdkContainerInstance,
  type Service,
  type TaskDefinition,
} from '@aws-sdk/client-ecs';
import { describeBatchesOf } from '../core/describe-batches.js';
import type { CapacityProvider } from '../core/managed-instances.js';
import type { ContainerFacts, TaskDefinitionFacts } from '../core/network.js';
import type {
  ContainerInstance,
  EcsReader,
  ServiceFacts,
  ServiceNetwork,
  ServiceRead,
} from '../core/ports.js';
import { AwsCallError } from '../errors.js';
import { call } from './errors.js';

/** The ECS read port, on the SDK. */
export class SdkEcsReader implements EcsReader {
  readonly #ecs: ECSClient;
  constructor(ecs: ECSClient) {
    this.#ecs = ecs;
  }

  async describeTaskDefinition(arn: string): Promise<TaskDefinitionFacts> {
    const out = await call('ecs:DescribeTaskDefinition', () =>
      this.#ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn })),
    );
    if (!out.taskDefinition) {
      throw new AwsCallError(
        'ecs:DescribeTaskDefinition',
        'ClientException',
        'not-found',
        `no task definition ${arn}`,
      );
    }
    return taskDefinitionFacts(out.taskDefinition);
  }

  async describeServiceNetwork(cluster: string, service: string): Promise<ServiceNetwork | undefined> {
    return networkOf(await this.#service(cluster, service));
  }

  async describeService(cluster: string, service: string): Promise<ServiceFacts | undefined> {
    const found = await this.#service(cluster, service);
    return found ? factsOf(found, service) : undefined;
  }

  async describeServices(cluster: string, services: readonly string[]): Promise<ServiceRead[]> {
    const batches = describeBatchesOf(services);
    const answers = await Promise.all(
      batches.map((batch) =>
        call('ecs:DescribeServices', () =>
          this.#ecs.send(new DescribeServicesCommand({ cluster, services: batch })),
        ),
      ),
    );
    return batches.flatMap((batch, i) => batch.map((asked) => serviceReadOf(asked, answers[i] ?? {})));
  }

  async listServices(cluster: string): Promise<string[]> {
    return call('ecs:ListServices', async () => {
      const arns: string[] = [];
      for await (const page of paginateListServices({ client: this.#ecs }, { cluster }))
        arns.push(...(page.serviceArns ?? []));
      return arns;
    });
  }

  async listClusters(): Promise<string[]> {
    return call('ecs:ListClusters', async () => {
      const arns: string[] = [];
      for await (const page of paginateListClusters({ client: this.#ecs }, {}))
        arns.push(...(page.clusterArns ?? []));
      return arns;
    });
  }

  async #service(cluster: string, service: string): Promise<Service | undefined> {
    const out = await call('ecs:DescribeServices', () =>
      this.#ecs.send(new DescribeServicesCommand({ cluster, services: [service] })),
    );
    return out.services?.[0];
  }

  async describeClusterTags(cluster: string): Promise<Readonly<Record<string, string>>> {
    const out = await call('ecs:DescribeClusters', () =>
      this.#ecs.send(new DescribeClustersCommand({ clusters: [cluster], include: ['TAGS'] })),
    );
    const found = out.clusters?.[0];
    if (!found)
      throw new AwsCallError(
        'ecs:DescribeClusters',
        'ClusterNotFoundException',
        'not-found',
        `no cluster ${cluster}`,
      );
    return Object.fromEntries(
      (found.tags ?? []).flatMap((t) => (t.key === undefined ? [] : [[t.key, t.value ?? '']])),
    );
  }

  async describeTask(cluster: string, task: string): Promise<unknown> {
    const out = await call('ecs:DescribeTasks', () =>
      this.#ecs.send(new DescribeTasksCommand({ cluster, tasks: [task] })),
    );
    const found = out.tasks?.[0];
    // Timestamps arrive as Dates; the event parser reads the ISO strings EventBridge carries.
    return found === undefined ? undefined : JSON.parse(JSON.stringify(found));
  }

  async describeContainerInstance(cluster: string, arn: string): Promise<ContainerInstance | undefined> {
    // A deregistered instance is still answered (INACTIVE) for a while; one ECS forgot is a failure.
    const out = await call('ecs:DescribeContainerInstances', () =>
      this.#ecs.send(new DescribeContainerInstancesCommand({ cluster, containerInstances: [arn] })),
    );
    const found = out.containerInstances?.[0];
    return found === undefined ? undefined : containerInstanceOf(found, arn);
  }

  async listActiveContainerInstances(cluster: string): Promise<ContainerInstance[]> {
    // One page: a service's next task needs one instance to stand in, not the whole fleet.
    const listed = await call('ecs:ListContainerInstances', () =>
      this.#ecs.send(new ListContainerInstancesCommand({ cluster, status: 'ACTIVE', maxResults: 100 })),
    );
    const arns = listed.containerInstanceArns ?? [];
    if (arns.length === 0) return [];
    const out = await call('ecs:DescribeContainerInstances', () =>
      this.#ecs.send(new DescribeContainerInstancesCommand({ cluster, containerInstances: arns })),
    );
    return (out.containerInstances ?? []).map((c) => containerInstanceOf(c, c.containerInstanceArn ?? ''));
  }

  async describeCapacityProvider(cluster: string, name: string): Promise<CapacityProvider | undefined> {
    // A Managed Instances provider belongs to its cluster: only asked with it is it answered.
    const out = await call('ecs:DescribeCapacityProviders', () =>
      this.#ecs.send(new DescribeCapacityProvidersCommand({ cluster, capacityProviders: [name] })),
    );
    const found = out.capacityProviders?.[0];
    if (!found) return undefined;
    const managed = found.managedInstancesProvider;
    const profile = managed?.instanceLaunchTemplate?.ec2InstanceProfileArn;
    return {
      name: found.name ?? name,
      ...(found.capacityProviderArn ? { arn: found.capacityProviderArn } : {}),
      ...(found.type ? { type: found.type } : {}),
      ...(managed?.infrastructureRoleArn ? { infrastructureRoleArn: managed.infrastructureRoleArn } : {}),
      ...(profile ? { instanceProfileArn: profile } : {}),
    };
  }
}

/** One service asked, in a `DescribeServices` answer: found by its name or ARN, else its failure's reason. */
function serviceReadOf(asked: string, out: DescribeServicesResponse): ServiceRead {
  const found = out.services?.find((x) => x.serviceName === asked || x.serviceArn === asked);
  const facts = found && factsOf(found, asked);
  if (facts) return { service: asked, facts };
  if (found) return { service: asked, missing: 'it names no task definition' };
  const failure = out.failures?.find((f) => f.arn === asked || f.arn?.endsWith(`/${asked}`));
  return { service: asked, missing: failure?.reason ?? 'MISSING' };
}

/** What `check` needs of a service; undefined when it names no task definition (task sets of an external deployment). */
function factsOf(found: Service, asked: string): ServiceFacts | undefined {
  if (!found.taskDefinition) return undefined;
  const network = networkOf(found);
  const capacityProviders = capacityProvidersOf(found);
  return {
    name: found.serviceName ?? asked,
    taskDefinitionArn: found.taskDefinition,
    ...(found.launchType ? { launchType: found.launchType } : {}),
    ...(network ? { network } : {}),
    ...(capacityProviders.length > 0 ? { capacityProviders } : {}),
  };
}

/** Our container instance, with the VPC and subnet its agent registered (`ecs.vpc-id`, `ecs.subnet-id`). */
function containerInstanceOf(found: SdkContainerInstance, arn: string): ContainerInstance {
  const attribute = (name: string) => found.attributes?.find((a) => a.name === name)?.value;
  const vpcId = attribute('ecs.vpc-id');
  const subnetId = attribute('ecs.subnet-id');
  return {
    arn: found.containerInstanceArn ?? arn,
    status: found.status ?? 'UNKNOWN',
    ...(found.ec2InstanceId ? { ec2InstanceId: found.ec2InstanceId } : {}),
    ...(vpcId ? { vpcId } : {}),
    ...(subnetId ? { subnetId } : {}),
    ...(found.capacityProviderName ? { capacityProviderName: found.capacityProviderName } : {}),
  };
}

/** The capacity providers of the service's strategy: those with a base first, then by weight. */
function capacityProvidersOf(service: Service): string[] {
  return [...(service.capacityProviderStrategy ?? [])]
    .sort((a, b) => (b.base ?? 0) - (a.base ?? 0) || (b.weight ?? 0) - (a.weight ?? 0))
    .flatMap((s) => (s.capacityProvider ? [s.capacityProvider] : []));
}

function networkOf(service: Service | undefined): ServiceNetwork | undefined {
  const vpc = service?.networkConfiguration?.awsvpcConfiguration;
  if (!vpc) return undefined;
  return {
    subnetIds: vpc.subnets ?? [],
    securityGroupIds: vpc.securityGroups ?? [],
    assignPublicIp: vpc.assignPublicIp === 'ENABLED' ? 'ENABLED' : 'DISABLED',
  };
}

function taskDefinitionFacts(td: TaskDefinition): TaskDefinitionFacts {
  return {
    arn: td.taskDefinitionArn ?? '',
    family: td.family ?? '',
    ...(td.executionRoleArn ? { executionRoleArn: td.executionRoleArn } : {}),
    ...(td.taskRoleArn ? { taskRoleArn: td.taskRoleArn } : {}),
    ...(td.networkMode ? { networkMode: td.networkMode } : {}),
    ...(td.runtimePlatform?.cpuArchitecture ? { cpuArchitecture: td.runtimePlatform.cpuArchitecture } : {}),
    ...(typeof td.ephemeralStorage?.sizeInGiB === 'number'
      ? { ephemeralStorageGiB: td.ephemeralStorage.sizeInGiB }
      : {}),
    containers: (td.containerDefinitions ?? []).map(containerFacts),
    volumes: (td.volumes ?? []).map((v) => ({
      name: v.name ?? '',
      ...(v.efsVolumeConfiguration?.fileSystemId
        ? { efsFileSystemId: v.efsVolumeConfiguration.fileSystemId }
        : {}),
      ...(v.efsVolumeConfiguration?.authorizationConfig?.accessPointId
        ? { efsAccessPointId: v.efsVolumeConfiguration.authorizationConfig.accessPointId }
        : {}),
      ...(v.efsVolumeConfiguration?.authorizationConfig?.iam === 'ENABLED' ? { efsIam: true } : {}),
      ...(v.efsVolumeConfiguration && readOnlyEverywhere(td, v.name ?? '') ? { efsReadOnly: true } : {}),
    })),
  };
}

/** Every container that mounts the volume mounts it `readOnly` (and one does). */
function readOnlyEverywhere(td: TaskDefinition, volume: string): boolean {
  const points = (td.containerDefinitions ?? []).flatMap((c) =>
    (c.mountPoints ?? []).filter((m) => m.sourceVolume === volume),
  );
  return points.length > 0 && points.every((m) => m.readOnly === true);
}

function containerFacts(c: ContainerDefinition): ContainerFacts {
  return {
    name: c.name ?? '',
    image: c.image ?? '',
    essential: c.essential ?? true,
    ...(c.logConfiguration?.logDriver ? { logDriver: c.logConfiguration.logDriver } : {}),
    logOptions: c.logConfiguration?.options ?? {},
    secrets: (c.secrets ?? []).map((s) => ({ name: s.name ?? '', valueFrom: s.valueFrom ?? '' })),
    ...(c.repositoryCredentials?.credentialsParameter
      ? { repositoryCredentials: c.repositoryCredentials.credentialsParameter }
      : {}),
    environmentFiles: (c.environmentFiles ?? []).flatMap((f) => (f.value ? [f.value] : [])),
  };
}
