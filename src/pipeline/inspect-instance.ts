import type { StoppedTask } from '../core/event.js';
import {
  type Checked,
  checked,
  notChecked,
  type Subnet,
  type TaskDefinitionFacts,
  type TaskNetwork,
} from '../core/network.js';
import type { ContainerInstance, Ec2Instance, Ec2Reader, EcsReader } from '../core/ports.js';
import type { WorkloadCheck } from '../core/workload.js';
import { awaitedLater } from './awaited-later.js';
import { type NextInstance, nextInstanceNetwork, readNextInstance } from './inspect-next-instance.js';
import { type Attempt, degrading } from './inspect-workload.js';

/*
 * A task in `bridge`, `host` or `none` network mode on an EC2 container instance has no ENI
 * of its own: the pull, the registry auth, the secrets and the log driver go through the
 * instance's interface. Its path is read from the container instance the event names
 * (network.md, "Where the facts come from"):
 *
 * - round 1: `DescribeContainerInstances` (beside the task definition and the service);
 * - round 2: `DescribeInstances` (its security groups, public IP, instance profile) and its
 *   subnet, beside the VPC's reads: the agent registers every instance with the built-in
 *   attributes `ecs.vpc-id` and `ecs.subnet-id`, so the VPC is known from round 1's answer;
 * - without those attributes (an instance registered by hand), the VPC is known only from
 *   `DescribeInstances`: the VPC's reads wait for it, a fourth round.
 */

/**
 * The instance's part of the path: its network, and its subnet (as the task's); for a gone
 * instance, the launch template version its group's next instance would come from, being read.
 */
export type HostParts = Readonly<{
  taskNetwork: TaskNetwork;
  taskSubnets: Checked<readonly Subnet[]>;
  next?: NextInstance;
}>;

/** The path's source: the VPC to read, and (perhaps still on its way) what the instance gives. */
export type InstancePath = Readonly<{ vpcId: Checked<string>; host: Promise<HostParts> }>;

/** True when the task's path is its container instance's: the event names one, and no ENI of the task's. */
export function runsOnInstance(task: StoppedTask): boolean {
  return task.containerInstanceArn !== undefined && task.eni.subnetId === undefined;
}

/** Round 1: the container instance the event names, when the task's path is its. */
export function readContainerInstance(
  task: StoppedTask,
  ecs: EcsReader,
  attempt: Attempt,
): Promise<Checked<ContainerInstance | undefined>> | undefined {
  const arn = task.containerInstanceArn;
  if (arn === undefined || !runsOnInstance(task)) return undefined;
  return attempt(`container instance ${arn}`, () => ecs.describeContainerInstance(task.clusterArn, arn));
}

/**
 * A task in `awsvpc` mode on EC2 keeps its ENI's path, but with no execution role its ECR pulls
 * and awslogs are signed with its container instance's role. Only the task definition says
 * whether it has one, and it is read in round 1 too: the container instance is read beside it
 * (for a cause that asks for the role only), its EC2 instance (the profile) in round 2 only when
 * the task definition has no execution role; the role's simulation then takes round 4, as in
 * `bridge` mode. Never on Fargate, never for a task whose path is the instance's already.
 */
export function readRoleInstance(
  task: StoppedTask,
  checks: readonly WorkloadCheck[],
  taskDefinition: Promise<Checked<TaskDefinitionFacts>>,
  ports: Readonly<{ ecs: EcsReader; ec2: Ec2Reader }>,
  attempt: Attempt,
): Promise<TaskNetwork> | undefined {
  const arn = task.containerInstanceArn;
  if (!checks.includes('execution-role') || arn === undefined) return undefined;
  if (runsOnInstance(task) || task.launchType !== 'EC2') return undefined;
  // Beyond the path: a failed read (even a transient one) makes the role "not checked", no more.
  const read = degrading(attempt);
  const ci = read('ecs:DescribeContainerInstances', `container instance ${arn}`, () =>
    ports.ecs.describeContainerInstance(task.clusterArn, arn),
  );
  const net = Promise.all([taskDefinition, ci]).then(async ([td, c]): Promise<TaskNetwork> => {
    if (!td.ok || td.value.executionRoleArn) return unknownNet('the task has an execution role');
    const why = unreadWhy(task, c);
    const id = c.ok ? c.value?.ec2InstanceId : undefined;
    if (why !== undefined || id === undefined) return unknownNet(why ?? 'the container instance is unknown');
    const instance = await read('ec2:DescribeInstances', `EC2 instance ${id}`, () =>
      ports.ec2.describeInstance(id),
    );
    if (!instance.ok) return unknownNet(instance.why);
    const found = instance.value;
    if (found === undefined)
      return unknownNet(`the container instance ${id} is gone (EC2 no longer knows it)`);
    return {
      source: 'instance',
      instanceId: id,
      securityGroupIds: found.securityGroupIds,
      publicIp: found.publicIp !== undefined,
      subnetIds: [],
      ...(found.instanceProfileArn ? { instanceProfileArn: found.instanceProfileArn } : {}),
    };
  });
  // Awaited only with the workload's checks.
  return awaitedLater(net);
}

function unknownNet(why: string): TaskNetwork {
  return {
    source: 'unknown',
    why: `${why}: the instance role that signs the pull is unknown`,
    subnetIds: [],
  };
}

/**
 * From the container instance: its VPC, and its EC2 instance and subnet, read at once (the
 * subnet and VPC from its attributes), else one after the other.
 */
export async function readInstancePath(
  task: StoppedTask,
  containerInstance: Checked<ContainerInstance | undefined>,
  ec2: Ec2Reader,
  attempt: Attempt,
): Promise<InstancePath> {
  const why = unreadWhy(task, containerInstance);
  const ci = containerInstance.ok ? containerInstance.value : undefined;
  const id = ci?.ec2InstanceId;
  if (why !== undefined || ci === undefined || id === undefined)
    return unread(why ?? 'the container instance is unknown');
  const instance = attempt(`EC2 instance ${id}`, () => ec2.describeInstance(id));
  const readSubnet = (subnetId: string) =>
    attempt(`subnet ${subnetId}`, () => ec2.describeSubnets([subnetId]));
  if (ci.vpcId !== undefined && ci.subnetId !== undefined) {
    const subnet = readSubnet(ci.subnetId);
    return {
      vpcId: checked(ci.vpcId),
      host: Promise.all([instance, subnet]).then(([i, s]) =>
        hostOf(ci, id, i, s, ci.subnetId, (found) => readNextInstance(found, ec2, attempt)),
      ),
    };
  }
  // Registered without its attributes: the VPC is known only from the instance.
  const read = await instance;
  const found = read.ok ? read.value : undefined;
  if (!found?.vpcId || !found.subnetId) {
    const parts = hostOf(ci, id, read, notChecked('no subnet known'), undefined);
    const gone = parts.taskSubnets.ok ? 'its VPC is unknown' : parts.taskSubnets.why;
    return { vpcId: notChecked(gone), host: Promise.resolve(parts) };
  }
  const subnetId = found.subnetId;
  return {
    vpcId: checked(found.vpcId),
    host: readSubnet(subnetId).then((s) =>
      hostOf(ci, id, read, s, subnetId, (gone) => readNextInstance(gone, ec2, attempt)),
    ),
  };
}

/** The network whose instance role signs the pull: the path's instance, or (gone) its group's next one. */
export function roleNetworkOf(task: StoppedTask, host: Promise<HostParts>): Promise<TaskNetwork> {
  return host.then((h) => nextInstanceNetwork(h.taskNetwork, h.next, undefined, task));
}

/** Why the container instance gives no EC2 instance to read, if it gives none. */
function unreadWhy(task: StoppedTask, ci: Checked<ContainerInstance | undefined>): string | undefined {
  if (!ci.ok) return ci.why;
  if (ci.value === undefined)
    return `ECS no longer knows the container instance ${task.containerInstanceArn ?? ''} (deregistered)`;
  if (ci.value.noneBecause !== undefined) return ci.value.noneBecause;
  if (ci.value.ec2InstanceId === undefined)
    return `the container instance ${ci.value.arn} is not an EC2 instance (external): its network is outside the VPC`;
  return undefined;
}

function unread(why: string): InstancePath {
  return {
    vpcId: notChecked(why),
    host: Promise.resolve({
      taskNetwork: { source: 'unknown', why, subnetIds: [] },
      taskSubnets: notChecked(why),
    }),
  };
}

/** EC2 no longer holds an instance that is gone (scale-in): its interface went with it. */
const GONE: ReadonlySet<string> = new Set(['shutting-down', 'terminated']);

/** What the instance gives the path: its groups and public IP, and its subnet as the task's. */
function hostOf(
  ci: ContainerInstance,
  id: string,
  instance: Checked<Ec2Instance | undefined>,
  subnets: Checked<readonly Subnet[]>,
  subnetId: string | undefined,
  readNext: (gone: Ec2Instance | undefined) => NextInstance | undefined = () => undefined,
): HostParts {
  const subnetIds = subnetId === undefined ? [] : [subnetId];
  const gone = goneWhy(ci, id, instance);
  // Gone with its interface and groups; but its subnet (registered with it) is still there:
  // its routes, endpoints and ACLs are what the next instance of the group will meet, with
  // what its launch template gives it (inspect-next-instance.ts).
  if (gone !== undefined) {
    const next = subnetId === undefined ? undefined : readNext(instance.ok ? instance.value : undefined);
    return {
      taskNetwork: { source: 'unknown', why: gone, subnetIds },
      taskSubnets: subnetId === undefined ? notChecked(gone) : subnets,
      ...(next ? { next } : {}),
    };
  }
  if (!instance.ok)
    return { taskNetwork: { source: 'unknown', why: instance.why, subnetIds }, taskSubnets: subnets };
  const found = instance.value as Ec2Instance;
  return {
    taskNetwork: {
      source: 'instance',
      instanceId: id,
      securityGroupIds: found.securityGroupIds,
      publicIp: found.publicIp !== undefined,
      subnetIds,
      ...(found.instanceProfileArn ? { instanceProfileArn: found.instanceProfileArn } : {}),
    },
    taskSubnets: subnets,
  };
}

/** "the container instance i-… is gone (terminated …)", when it is. */
function goneWhy(
  ci: ContainerInstance,
  id: string,
  instance: Checked<Ec2Instance | undefined>,
): string | undefined {
  if (!instance.ok) return undefined;
  const deregistered = ci.status === 'INACTIVE' ? '; ECS deregistered it' : '';
  if (instance.value === undefined)
    return `the container instance ${id} is gone (EC2 no longer knows it${deregistered}), and with it the launch template its group's next instance would come from`;
  if (!GONE.has(instance.value.state)) return undefined;
  const reason = instance.value.stateReason ? `: ${instance.value.stateReason}` : '';
  return `the container instance ${id} is gone (${instance.value.state}${reason}${deregistered})`;
}
