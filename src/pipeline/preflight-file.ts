import { DEFAULT_DEPLOYMENT_POLICY, type DeploymentPolicy } from '../core/mode.js';
import type { TaskDefinitionFacts } from '../core/network.js';
import type { Ec2Reader, EcsReader, ReadPorts, ServiceNetwork } from '../core/ports.js';
import { AwsCallError, InvalidInputError } from '../errors.js';
import { type Preflight, preflightOf } from './preflight.js';

/** A task definition not registered yet, and the network a deploy would start it in. */
export type UnregisteredTask = Readonly<{
  /** What the checks read of the file (its `arn` empty unless the file came from ECS). */
  taskDefinition: TaskDefinitionFacts;
  /** The subnets, security groups and public IP its service or `run-task` would give it. */
  network: ServiceNetwork;
  /** FARGATE or EC2: what decides the platform's part (ephemeral storage, the instance role). */
  launchType: string;
  /** The cluster it would run in (its name in the report; nothing of it is read). */
  cluster: string;
  /** The account it would run in (the registry its own images live in, its roles). */
  account: string;
}>;

/**
 * Preflight of a task definition that is not registered yet: the same diagnosis as
 * `check --cluster --service` makes of a service's next task, with the file standing in for
 * the service's task definition and the flags for its awsvpc configuration. Reads only; the
 * task definition itself is never asked of ECS.
 */
export async function preflightUnregistered(
  task: UnregisteredTask,
  region: string,
  ports: ReadPorts,
  deployment: DeploymentPolicy = DEFAULT_DEPLOYMENT_POLICY,
): Promise<Preflight> {
  const { taskDefinition: td } = task;
  // An ARN of the account and region, with no revision: what the checks parse (the family, the
  // account whose registry is "own", the partition) is there, and ECS has no such revision.
  const arn =
    td.arn || `arn:${partitionOfRegion(region)}:ecs:${region}:${task.account}:task-definition/${td.family}`;
  const cluster = `arn:${partitionOfRegion(region)}:ecs:${region}:${task.account}:cluster/${task.cluster}`;
  const facts = {
    name: td.family,
    taskDefinitionArn: arn,
    launchType: task.launchType,
    network: task.network,
  };
  const definition = { ...td, arn };
  const ecs: EcsReader = {
    describeTaskDefinition: async (asked) =>
      asked === arn ? definition : ports.ecs.describeTaskDefinition(asked),
    describeServiceNetwork: (c, s) => ports.ecs.describeServiceNetwork(c, s),
    describeService: (c, s) => ports.ecs.describeService(c, s),
    describeServices: (c, names) => ports.ecs.describeServices(c, names),
    listServices: (c) => ports.ecs.listServices(c),
    listClusters: () => ports.ecs.listClusters(),
    describeClusterTags: (c) => ports.ecs.describeClusterTags(c),
    describeTask: (c, t) => ports.ecs.describeTask(c, t),
    describeContainerInstance: (c, a) => ports.ecs.describeContainerInstance(c, a),
    listActiveContainerInstances: (c) => ports.ecs.listActiveContainerInstances(c),
    describeCapacityProvider: (c, name) => ports.ecs.describeCapacityProvider(c, name),
  };
  const watched = watchingNetwork(ports.ec2, task.network);
  const result = await preflightOf(cluster, facts, region, { ...ports, ecs, ec2: watched.ec2 }, deployment);
  const unknown = watched.unknown();
  // A CI gate must not pass a task on a mistyped id: the checks would only say "not checked".
  if (unknown.length > 0)
    throw new InvalidInputError(`EC2 does not know the network given: ${unknown.join('; ')}`);
  return { ...result, network: task.network };
}

/**
 * The EC2 reader, watching what the diagnosis reads anyway (no call of its own): the subnets
 * and security groups given that EC2 answers "not found" for, or leaves out of its answer.
 */
function watchingNetwork(
  ec2: Ec2Reader,
  network: ServiceNetwork,
): Readonly<{ ec2: Ec2Reader; unknown: () => string[] }> {
  const given = new Set([...network.subnetIds, ...network.securityGroupIds]);
  const unknown = new Set<string>();
  const watch = async <T extends Readonly<{ id: string }>>(ids: readonly string[], read: Promise<T[]>) => {
    try {
      const found = await read;
      for (const id of ids)
        if (given.has(id) && !found.some((f) => f.id === id)) unknown.add(`${id} does not exist`);
      return found;
    } catch (e) {
      if (e instanceof AwsCallError && e.kind === 'not-found' && ids.some((id) => given.has(id)))
        unknown.add(e.message);
      throw e;
    }
  };
  const watched = new Proxy(ec2, {
    get(target, property) {
      if (property === 'describeSubnets')
        return (ids: readonly string[]) => watch(ids, target.describeSubnets(ids));
      if (property === 'describeSecurityGroups')
        return (ids: readonly string[]) => watch(ids, target.describeSecurityGroups(ids));
      // The task's groups must be the subnets' VPC's (RunTask refuses others): read with the VPC's.
      if (property === 'describeVpcSecurityGroups')
        return (vpcId: string) => watch(network.securityGroupIds, target.describeVpcSecurityGroups(vpcId));
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { ec2: watched, unknown: () => [...unknown] };
}

/** The partition of a region (`cn-north-1` → `aws-cn`), for the ARNs the checks parse. */
export function partitionOfRegion(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}
