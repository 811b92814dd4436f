import type { ContainerInstance, EcsReader, ServiceFacts } from '../core/ports.js';

/*
 * A service in `bridge`, `host` or `none` network mode has no awsvpc configuration: its tasks'
 * pulls go through the interface of the container instance ECS places them on. `check` has no
 * stopped task to name one, so an ACTIVE instance that could run the next task stands in for it
 * (network.md, "Whose interface, whose role: each estate"): one of the service's capacity providers when
 * its strategy names some, else any of the cluster's. Listing costs `ListContainerInstances`
 * and one `DescribeContainerInstances` per cluster (shared by every service of a `scan`).
 */

/** Why a service's next task has no instance to stand in for it, when the cluster has none. */
export const NO_INSTANCE = 'the cluster has no container instance to run the service’s tasks';

/**
 * The container instance whose path a service's next task would take, when its path is an
 * instance's (the service has no awsvpc configuration); undefined when it is the service's own.
 * When none could run it, a stand-in with no EC2 instance says why (`noneBecause`).
 */
export async function instanceStandingIn(
  cluster: string,
  facts: ServiceFacts,
  ecs: EcsReader,
): Promise<ContainerInstance | undefined> {
  if (facts.network !== undefined) return undefined;
  const instances = await ecs.listActiveContainerInstances(cluster);
  const picked = pickInstance(instances, facts.capacityProviders ?? []);
  if (picked !== undefined) return picked;
  const arn = `${cluster.replace(':cluster/', ':container-instance/')}/none`;
  return { arn, status: 'ACTIVE', noneBecause: noneWhy(instances, facts.capacityProviders ?? []) };
}

/**
 * An ACTIVE EC2 instance that could run the task: the first of the strategy's first capacity
 * provider that has one (ECS places a capacity provider's tasks on its own instances only); with
 * no strategy, the first the cluster lists.
 */
export function pickInstance(
  instances: readonly ContainerInstance[],
  capacityProviders: readonly string[],
): ContainerInstance | undefined {
  const running = instances.filter((i) => i.status === 'ACTIVE' && i.ec2InstanceId !== undefined);
  if (capacityProviders.length === 0) return running[0];
  for (const provider of capacityProviders) {
    const found = running.find((i) => i.capacityProviderName === provider);
    if (found) return found;
  }
  return undefined;
}

function noneWhy(instances: readonly ContainerInstance[], capacityProviders: readonly string[]): string {
  if (capacityProviders.length === 0 || !instances.some((i) => i.ec2InstanceId !== undefined))
    return NO_INSTANCE;
  // An Auto Scaling group with managed scaling may scale out from zero: its next instance is unseen.
  return `no ACTIVE container instance of capacity provider ${capacityProviders.join(' or ')} to run the service’s tasks`;
}

/** "i-0d6e… (container instance …/3f2a…, capacity provider x)": which instance stands in, for the output. */
export function standInLabel(instance: ContainerInstance): string {
  if (instance.noneBecause !== undefined) return `none: ${instance.noneBecause}`;
  const provider = instance.capacityProviderName
    ? `, capacity provider ${instance.capacityProviderName}`
    : '';
  return `${instance.ec2InstanceId ?? instance.arn} (container instance ${instance.arn.split('/').pop() ?? ''}${provider})`;
}
