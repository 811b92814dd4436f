import type { StoppedTask } from '../core/event.js';
import { needsOf } from '../core/needs.js';
import {
  type Checked,
  checked,
  endpointServiceName,
  type NatGateway,
  notChecked,
  type RouteTable,
  type SecurityGroup,
  type Subnet,
  type TaskDefinitionFacts,
  type TaskNetwork,
  type VpcEndpoint,
} from '../core/network.js';
import type { Ec2Reader, EcsReader, NetworkInterface, ServiceNetwork } from '../core/ports.js';
import type { Attempt } from './inspect-workload.js';

/*
 * The network path's three rounds of reads (network.md, "Where the facts come from"), and
 * what each round's answers tell the next. Each round returns its `Promise.all` itself, so
 * that the inspector awaits each round exactly as if it were written inline.
 */

/** Round 1: what the event names — the task definition, the service, the task's ENI and subnet. */
export function readWhatTheEventNames(task: StoppedTask, ecs: EcsReader, ec2: Ec2Reader, attempt: Attempt) {
  const taskSubnetId = task.eni.subnetId;
  const eniId = task.eni.networkInterfaceId;
  return Promise.all([
    attempt(`the task definition ${task.taskDefinitionArn}`, () =>
      ecs.describeTaskDefinition(task.taskDefinitionArn),
    ),
    task.serviceName === undefined
      ? Promise.resolve(checked<ServiceNetwork | undefined>(undefined))
      : attempt(`service ${task.serviceName}`, () =>
          ecs.describeServiceNetwork(task.clusterArn, task.serviceName ?? ''),
        ),
    eniId === undefined
      ? Promise.resolve(checked<NetworkInterface[]>([]))
      : attempt(`network interface ${eniId}`, () => ec2.describeNetworkInterfaces([eniId])),
    taskSubnetId === undefined
      ? Promise.resolve(checked<Subnet[]>([]))
      : attempt(`subnet ${taskSubnetId}`, () => ec2.describeSubnets([taskSubnetId])),
  ]);
}

/** The task's VPC: its ENI's, else its subnet's, else why it is unknown. */
export function vpcIdOf(
  task: StoppedTask,
  enis: Checked<readonly NetworkInterface[]>,
  taskSubnets: Checked<readonly Subnet[]>,
): Checked<string> {
  const eni = enis.ok ? enis.value[0] : undefined;
  if (eni) return checked(eni.vpcId);
  if (!taskSubnets.ok) return notChecked(taskSubnets.why);
  const subnet = taskSubnets.value[0];
  if (subnet) return checked(subnet.vpcId);
  return notChecked(
    task.eni.subnetId === undefined
      ? 'the task has no ENI of its own (not awsvpc)'
      : `subnet ${task.eni.subnetId} not found`,
  );
}

/** Where the task's security groups and public IP come from: its ENI, else its service, else nowhere. */
export function taskNetworkOf(
  task: StoppedTask,
  enis: Checked<readonly NetworkInterface[]>,
  service: Checked<ServiceNetwork | undefined>,
): TaskNetwork {
  const eni = enis.ok ? enis.value[0] : undefined;
  const serviceNetwork = service.ok ? service.value : undefined;
  const subnetIds = unique([
    ...(task.eni.subnetId ? [task.eni.subnetId] : []),
    ...(serviceNetwork?.subnetIds ?? []),
  ]);
  if (eni)
    return {
      source: 'eni',
      securityGroupIds: eni.securityGroupIds,
      publicIp: eni.publicIp !== undefined,
      subnetIds,
    };
  if (serviceNetwork) {
    return {
      source: 'service',
      securityGroupIds: serviceNetwork.securityGroupIds,
      assignPublicIp: serviceNetwork.assignPublicIp,
      subnetIds,
    };
  }
  const gone = enis.ok ? 'the task’s ENI is gone' : enis.why;
  const why = !service.ok
    ? `${gone} and ${service.why}`
    : task.serviceName
      ? `${gone} and service ${task.serviceName} has no awsvpc configuration`
      : `${gone} and it was not launched by a service (RunTask)`;
  return { source: 'unknown', why, subnetIds };
}

/** Round 2: what the VPC holds — route tables, network ACLs, VPC endpoints, both DNS attributes. */
export function readWhatTheVpcHolds(vpc: string, ec2: Ec2Reader, attempt: Attempt) {
  return Promise.all([
    attempt(`the route tables of ${vpc}`, () => ec2.describeRouteTables(vpc)),
    attempt(`the network ACLs of ${vpc}`, () => ec2.describeNetworkAcls(vpc)),
    attempt(`the VPC endpoints of ${vpc}`, () => ec2.describeVpcEndpoints(vpc)),
    attempt(`enableDnsSupport of ${vpc}`, () => ec2.describeVpcAttribute(vpc, 'enableDnsSupport')),
    attempt(`enableDnsHostnames of ${vpc}`, () => ec2.describeVpcAttribute(vpc, 'enableDnsHostnames')),
  ]);
}

/** What round 3 starts from: the task, and what rounds 1 and 2 found. */
export type BeforeRoundThree = Readonly<{
  task: StoppedTask;
  taskDefinition: Checked<TaskDefinitionFacts>;
  taskNetwork: TaskNetwork;
  taskSubnets: Checked<readonly Subnet[]>;
  routeTables: Checked<readonly RouteTable[]>;
  endpoints: Checked<readonly VpcEndpoint[]>;
}>;

/**
 * Round 3: what those name — the task's and the endpoints' security groups, the NAT gateways
 * the routes name, and the subnets of the endpoints (and of the service) not yet known.
 */
export function readWhatThoseName(found: BeforeRoundThree, ec2: Ec2Reader, attempt: Attempt) {
  const { task, taskDefinition, taskNetwork, taskSubnets, routeTables, endpoints } = found;
  const relevant = relevantEndpoints(endpoints, taskDefinition, task.region);
  const known = new Set(taskSubnets.ok ? taskSubnets.value.map((s) => s.id) : []);
  const otherSubnetIds = unique([...relevant.flatMap((e) => e.subnetIds), ...taskNetwork.subnetIds]).filter(
    (id) => !known.has(id),
  );
  const groupIds = unique([
    ...(taskNetwork.source === 'unknown' ? [] : taskNetwork.securityGroupIds),
    ...relevant.flatMap((e) => e.securityGroupIds),
  ]);
  const natIds = natGatewayIds(routeTables, [...known, ...taskNetwork.subnetIds]);
  return Promise.all([
    groupIds.length === 0
      ? Promise.resolve(checked<SecurityGroup[]>([]))
      : attempt(`security groups ${groupIds.join(', ')}`, () => ec2.describeSecurityGroups(groupIds)),
    natIds.length === 0
      ? Promise.resolve(checked<NatGateway[]>([]))
      : attempt(`NAT gateways ${natIds.join(', ')}`, () => ec2.describeNatGateways(natIds)),
    otherSubnetIds.length === 0
      ? Promise.resolve(checked<Subnet[]>([]))
      : attempt(`subnets ${otherSubnetIds.join(', ')}`, () => ec2.describeSubnets(otherSubnetIds)),
  ]);
}

/** The endpoints whose security groups and subnets matter: those of services the task needs (all, if unknown). */
function relevantEndpoints(
  endpoints: Checked<readonly VpcEndpoint[]>,
  td: Checked<TaskDefinitionFacts>,
  region: string,
): VpcEndpoint[] {
  if (!endpoints.ok) return [];
  if (!td.ok) return endpoints.value.filter((e) => e.type === 'Interface');
  const names = new Set(
    needsOf(td.value, region).flatMap((n) =>
      n.kind === 'endpoint' ? [endpointServiceName(region, n.service)] : [],
    ),
  );
  return endpoints.value.filter((e) => e.type === 'Interface' && names.has(e.serviceName));
}

/** The NAT gateways named by the default routes of the tables that apply to the subnets. */
function natGatewayIds(routeTables: Checked<readonly RouteTable[]>, subnetIds: readonly string[]): string[] {
  if (!routeTables.ok) return [];
  const tables = subnetIds.map(
    (id) => routeTables.value.find((t) => t.subnetIds.includes(id)) ?? routeTables.value.find((t) => t.main),
  );
  return unique(
    tables.flatMap((t) =>
      (t?.routes ?? []).flatMap((r) => (r.target.kind === 'nat-gateway' ? [r.target.id] : [])),
    ),
  );
}

function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}
