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
  type Snapshot,
  type Subnet,
  type TaskDefinitionFacts,
  type TaskNetwork,
  type VpcEndpoint,
} from '../core/network.js';
import type { NetworkInterface, ReadPorts, ServiceNetwork } from '../core/ports.js';
import type { WorkloadCheck, WorkloadSnapshot } from '../core/workload.js';
import { AwsCallError } from '../errors.js';
import { inspectWorkload } from './inspect-workload.js';

/**
 * The inspector: one snapshot of what the diagnosis needs, gathered in the fewest
 * sequential rounds the data allows (network.md, "Where the facts come from"):
 *
 * 1. from the event alone: the task definition, the service's network configuration, the
 *    task's ENI (if it still exists), the task's subnet;
 * 2. from the subnet's VPC: route tables, network ACLs, VPC endpoints, both DNS attributes;
 * 3. from those: the task's and the endpoints' security groups, the NAT gateways the routes
 *    name, and the subnets of the endpoints (and of the service) not yet known.
 *
 * Every independent call runs in parallel, every `Describe*` takes all its ids or one
 * `vpc-id` filter, and no resource is read twice. A read that is refused (AccessDenied) or
 * finds nothing degrades only the checks that needed it; other failures surface.
 */
export async function inspect(
  task: StoppedTask,
  ports: ReadPorts,
  deadline?: number,
  checks: readonly WorkloadCheck[] = [],
): Promise<Snapshot> {
  const { ecs, ec2 } = ports;
  const attempt = <T>(what: string, read: () => Promise<T>) => attemptBy(deadline, what, read);
  const taskSubnetId = task.eni.subnetId;
  const eniId = task.eni.networkInterfaceId;

  // Round 1: what the event names.
  const [taskDefinition, service, enis, taskSubnets] = await Promise.all([
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

  const eni = enis.ok ? enis.value[0] : undefined;
  const taskNetwork = taskNetworkOf(task, enis, service);
  const vpcId: Checked<string> = eni
    ? checked(eni.vpcId)
    : !taskSubnets.ok
      ? notChecked(taskSubnets.why)
      : taskSubnets.value[0]
        ? checked(taskSubnets.value[0].vpcId)
        : notChecked(
            taskSubnetId === undefined
              ? 'the task has no ENI of its own (not awsvpc)'
              : `subnet ${taskSubnetId} not found`,
          );

  // Beyond the network path: the role, the image, the secrets, beside rounds 2 and 3.
  const workload = inspectWorkload(task, taskDefinition, checks, ports, attempt);

  const base = {
    region: task.region,
    task,
    taskDefinition,
    taskNetwork,
    vpcId,
    ...(service.ok ? {} : { serviceUnread: service.why }),
  };
  if (!vpcId.ok) {
    const why = notChecked<never>(vpcId.why);
    return {
      ...base,
      ...withWorkload(await workload),
      subnets: taskSubnets.ok && taskSubnetId === undefined ? checked([]) : why,
      routeTables: why,
      networkAcls: why,
      endpoints: why,
      dnsSupport: why,
      dnsHostnames: why,
      securityGroups: why,
      natGateways: why,
      endpointSubnets: why,
    };
  }

  // Round 2: what the VPC holds.
  const vpc = vpcId.value;
  const [routeTables, networkAcls, endpoints, dnsSupport, dnsHostnames] = await Promise.all([
    attempt(`the route tables of ${vpc}`, () => ec2.describeRouteTables(vpc)),
    attempt(`the network ACLs of ${vpc}`, () => ec2.describeNetworkAcls(vpc)),
    attempt(`the VPC endpoints of ${vpc}`, () => ec2.describeVpcEndpoints(vpc)),
    attempt(`enableDnsSupport of ${vpc}`, () => ec2.describeVpcAttribute(vpc, 'enableDnsSupport')),
    attempt(`enableDnsHostnames of ${vpc}`, () => ec2.describeVpcAttribute(vpc, 'enableDnsHostnames')),
  ]);

  // Round 3: what those name.
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
  const [securityGroups, natGateways, otherSubnets] = await Promise.all([
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

  const serviceSubnets = otherSubnets.ok
    ? otherSubnets.value.filter((s) => taskNetwork.subnetIds.includes(s.id))
    : [];
  const subnets: Checked<readonly Subnet[]> = taskSubnets.ok
    ? checked([...taskSubnets.value, ...serviceSubnets.filter((s) => s.vpcId === vpc)])
    : taskSubnets;
  return {
    ...base,
    ...withWorkload(await workload),
    subnets,
    routeTables,
    networkAcls,
    endpoints,
    dnsSupport,
    dnsHostnames,
    securityGroups,
    natGateways,
    endpointSubnets: otherSubnets,
  };
}

function withWorkload(workload: WorkloadSnapshot | undefined): { workload?: WorkloadSnapshot } {
  return workload ? { workload } : {};
}

/**
 * Runs a read; a refusal or an absence becomes "not checked: why", anything else
 * propagates. A read that would outlast the invocation's deadline is not waited for: the
 * checks that needed it say they ran out of time.
 */
export async function attemptBy<T>(
  deadline: number | undefined,
  what: string,
  read: () => Promise<T>,
): Promise<Checked<T>> {
  if (deadline === undefined) return attemptRead(what, read);
  const left = deadline - Date.now();
  if (left <= 0) return notChecked(`out of time before reading ${what}`);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<Checked<T>>((resolve) => {
    timer = setTimeout(() => resolve(notChecked(`no answer in time reading ${what}`)), left);
  });
  try {
    return await Promise.race([attemptRead(what, read), late]);
  } finally {
    clearTimeout(timer);
  }
}

async function attemptRead<T>(what: string, read: () => Promise<T>): Promise<Checked<T>> {
  try {
    return checked(await read());
  } catch (e) {
    if (
      e instanceof AwsCallError &&
      (e.kind === 'denied' || e.kind === 'not-found' || e.kind === 'invalid')
    ) {
      return notChecked(
        `reading ${what} failed: ${e.operation} ${e.kind === 'denied' ? 'was denied' : 'found nothing'} (${e.code})`,
      );
    }
    throw e;
  }
}

/** Where the task's security groups and public IP come from: its ENI, else its service, else nowhere. */
function taskNetworkOf(
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
