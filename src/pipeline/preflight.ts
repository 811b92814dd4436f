import type { CheckAnswer } from '../core/checklist.js';
import { classify } from '../core/classify.js';
import type { StoppedTask } from '../core/event.js';
import { type Finding, isProblem } from '../core/findings.js';
import { DEFAULT_DEPLOYMENT_POLICY, type DeploymentPolicy } from '../core/mode.js';
import { type Plan, planActions } from '../core/plan.js';
import type { EcsReader, ReadPorts, ServiceFacts } from '../core/ports.js';
import { ALL_WORKLOAD_CHECKS } from '../core/workload.js';
import { AwsCallError } from '../errors.js';
import { diagnoseTask } from './run.js';

/** What `ecs-pullfix check` found for one service, before any of its tasks failed. */
export type Preflight = Readonly<{
  cluster: string;
  service: string;
  taskDefinitionArn: string;
  findings: readonly Finding[];
  /** True when a finding would stop a new task of the service from starting. */
  wouldFail: boolean;
  /** What would fix it, planned as `notify` plans (nothing is written): its commands and monthly cost. */
  plan?: Plan;
  /** AWS's checklist for the two errors, answered for the service's next task. */
  checks: readonly CheckAnswer[];
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
  const task = nextTaskOf(cluster, region, facts);
  const ecs = withServiceRead(ports.ecs, facts);
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

/** The service's next task, as a stopped task of it would be described (the first subnet stands in for its ENI). */
function nextTaskOf(cluster: string, region: string, facts: ServiceFacts): StoppedTask {
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
    ...(facts.launchType ? { launchType: facts.launchType } : {}),
    lastStatus: 'PROVISIONING',
    containers: [],
    eni: firstSubnet ? { subnetId: firstSubnet } : {},
  };
}

/** The service is read already: the inspector is given its answer rather than asking again. */
function withServiceRead(ecs: EcsReader, facts: ServiceFacts): EcsReader {
  return {
    describeTaskDefinition: (arn) => ecs.describeTaskDefinition(arn),
    describeServiceNetwork: async (c, s) =>
      s === facts.name ? facts.network : ecs.describeServiceNetwork(c, s),
    describeService: (c, s) => ecs.describeService(c, s),
    listServices: (c) => ecs.listServices(c),
    listClusters: () => ecs.listClusters(),
    describeClusterTags: (c) => ecs.describeClusterTags(c),
    describeTask: (c, t) => ecs.describeTask(c, t),
    describeContainerInstance: (c, arn) => ecs.describeContainerInstance(c, arn),
  };
}
