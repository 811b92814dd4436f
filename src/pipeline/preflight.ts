import type { CheckAnswer } from '../core/checklist.js';
import { classify } from '../core/classify.js';
import type { StoppedTask } from '../core/event.js';
import { type Finding, isProblem } from '../core/findings.js';
import { DEFAULT_DEPLOYMENT_POLICY, type DeploymentPolicy } from '../core/mode.js';
import { type Plan, planActions } from '../core/plan.js';
import type { ContainerInstance, EcsReader, ReadPorts, ServiceFacts, ServiceNetwork } from '../core/ports.js';
import { ALL_WORKLOAD_CHECKS } from '../core/workload.js';
import { AwsCallError } from '../errors.js';
import { awaitedLater } from './awaited-later.js';
import { instanceStandingIn, standInLabel } from './preflight-instance.js';
import { diagnoseTask } from './run.js';

/** What `ecs-pullfix check` found for one service, before any of its tasks failed. */
export type Preflight = Readonly<{
  cluster: string;
  service: string;
  taskDefinitionArn: string;
  /** The container instance whose path the next task's stands for (bridge, host, none), or why none. */
  instance?: string;
  findings: readonly Finding[];
  /** True when a finding would stop a new task of the service from starting. */
  wouldFail: boolean;
  /** What would fix it, planned as `notify` plans (nothing is written): its commands and monthly cost. */
  plan?: Plan;
  /** AWS's checklist for the two errors, answered for the service's next task. */
  checks: readonly CheckAnswer[];
  /** `check --task-definition`: the file checked (a task definition not registered yet). */
  taskDefinitionFile?: string;
  /** `check --task-definition`: the awsvpc configuration given by the flags. */
  network?: ServiceNetwork;
}>;

const ARN = /^arn:aws[\w-]*:ecs:([a-z0-9-]+):(\d{12}):cluster\/(.+)$/;

/**
 * Preflight: the diagnosis of a service's next task, before it fails — its current task
 * definition and network configuration, inspected and diagnosed as a stopped task of the
 * service would be (the same rounds and checks; the service's subnets stand in for the ENI).
 */
export async function preflight(
  cluster: string,
  service: string,
  region: string,
  ports: ReadPorts,
  deployment: DeploymentPolicy = DEFAULT_DEPLOYMENT_POLICY,
): Promise<Preflight> {
  const facts = await ports.ecs.describeService(cluster, service);
  if (!facts)
    throw new AwsCallError(
      'ecs:DescribeServices',
      'ServiceNotFoundException',
      'not-found',
      `no service ${service} in cluster ${cluster}`,
    );
  return preflightOf(cluster, facts, region, ports, deployment);
}

/** Preflight of a service already described (`scan` describes them 10 at a time). */
export async function preflightOf(
  cluster: string,
  facts: ServiceFacts,
  region: string,
  ports: ReadPorts,
  deployment: DeploymentPolicy = DEFAULT_DEPLOYMENT_POLICY,
): Promise<Preflight> {
  // The task definition is read beside the instances: the inspection's first round is then free.
  const taskDefinition = awaitedLater(ports.ecs.describeTaskDefinition(facts.taskDefinitionArn));
  const instance = await instanceStandingIn(cluster, facts, ports.ecs);
  const task = nextTaskOf(cluster, region, facts, instance);
  const ecs = withServiceRead(ports.ecs, { facts, taskDefinition, instance });
  // No stop reason: every check the task definition calls for runs (the cause is "unknown"),
  // the execution role, image and secrets checks included.
  const { findings, snapshot, checks } = await diagnoseTask(
    task,
    { ...ports, ecs },
    classify({}),
    undefined,
    ALL_WORKLOAD_CHECKS,
  );
  return {
    cluster: task.clusterName,
    service: facts.name,
    taskDefinitionArn: facts.taskDefinitionArn,
    ...(instance ? { instance: standInLabel(instance) } : {}),
    // No task stopped: path-ok points at nothing else to look at.
    findings: findings.map((f) =>
      f.id === 'path-ok' ? { ...f, fix: 'Nothing is wrong on the network path ecs-pullfix can see.' } : f,
    ),
    wouldFail: findings.some(isProblem),
    checks,
    ...(snapshot
      ? { plan: planActions(findings, snapshot, { ...deployment, mode: 'notify', source: 'flag' }) }
      : {}),
  };
}

/**
 * The service's next task, as a stopped task of it would be described (the first subnet stands
 * in for its ENI; with no awsvpc configuration, an instance that could run it for its instance).
 */
function nextTaskOf(
  cluster: string,
  region: string,
  facts: ServiceFacts,
  instance: ContainerInstance | undefined,
): StoppedTask {
  const [, arnRegion, account = '', clusterName = cluster] = ARN.exec(cluster) ?? [];
  const family = /task-definition\/([^:/]+)/.exec(facts.taskDefinitionArn)?.[1] ?? '';
  const firstSubnet = facts.network?.subnetIds[0];
  return {
    region: arnRegion ?? region,
    account,
    clusterArn: cluster,
    clusterName,
    taskArn: `preflight:${clusterName}/${facts.name}`,
    taskId: 'preflight',
    taskDefinitionArn: facts.taskDefinitionArn,
    family,
    group: `service:${facts.name}`,
    serviceName: facts.name,
    ...(facts.launchType ? { launchType: facts.launchType } : instance ? { launchType: 'EC2' } : {}),
    ...(instance ? { containerInstanceArn: instance.arn } : {}),
    // The strategy's first provider places most tasks: on Managed Instances, its roles are checked.
    ...(facts.capacityProviders?.[0] ? { capacityProviderName: facts.capacityProviders[0] } : {}),
    lastStatus: 'PROVISIONING',
    containers: [],
    eni: firstSubnet ? { subnetId: firstSubnet } : {},
  };
}

/** The service (and the instance standing in) are read already: the inspector is given their answers. */
function withServiceRead(
  ecs: EcsReader,
  read: Readonly<{
    facts: ServiceFacts;
    taskDefinition: ReturnType<EcsReader['describeTaskDefinition']>;
    instance: ContainerInstance | undefined;
  }>,
): EcsReader {
  const { facts, instance } = read;
  return {
    describeTaskDefinition: (arn) =>
      arn === facts.taskDefinitionArn ? read.taskDefinition : ecs.describeTaskDefinition(arn),
    describeServiceNetwork: async (c, s) =>
      s === facts.name ? facts.network : ecs.describeServiceNetwork(c, s),
    describeService: (c, s) => ecs.describeService(c, s),
    describeServices: (c, names) => ecs.describeServices(c, names),
    listServices: (c) => ecs.listServices(c),
    listClusters: () => ecs.listClusters(),
    describeClusterTags: (c) => ecs.describeClusterTags(c),
    describeTask: (c, t) => ecs.describeTask(c, t),
    describeContainerInstance: async (c, arn) =>
      arn === instance?.arn ? instance : ecs.describeContainerInstance(c, arn),
    listActiveContainerInstances: (c) => ecs.listActiveContainerInstances(c),
    describeCapacityProvider: (c, name) => ecs.describeCapacityProvider(c, name),
  };
}
