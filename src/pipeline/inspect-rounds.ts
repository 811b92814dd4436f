import { dialedAddressOf } from '../core/dialed.js';
import type { StoppedTask } from '../core/event.js';
import {
  type Checked,
  checked,
  type NatGateway,
  notChecked,
  type RouteTable,
  type Subnet,
  type TaskNetwork,
} from '../core/network.js';
import type {
  Ec2Reader,
  EcsReader,
  NetworkInterface,
  ResolverReader,
  ServiceNetwork,
} from '../core/ports.js';
import { readContainerInstance } from './inspect-instance.js';
import {
  type BeforeRoundThree,
  mayHold,
  prefixListsToRead,
  readDhcpOptions,
  readPrefixLists,
  readResolverRules,
  relevantEndpoints,
  tablesOf,
  unique,
} from './inspect-names.js';
import type { Attempt } from './inspect-workload.js';

/*
 * The network path's three rounds of reads (network.md, "Where the facts come from"), and
 * what each round's answers tell the next. Each round returns its `Promise.all` itself, so
 * that the inspector awaits each round exactly as if it were written inline.
 */

/**
 * Round 1: what the event names — the task definition, the service, the task's ENI and subnet,
 * and the container instance when the task has no ENI of its own (inspect-instance.ts).
 */
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
    readContainerInstance(task, ecs, attempt),
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
      ...(serviceNetwork.given ? { given: true as const } : {}),
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

/**
 * Round 2: what the VPC holds — route tables, network ACLs, VPC endpoints, both DNS attributes,
 * its security groups (all of them, by `vpc-id`: round 3 reads the prefix lists their rules
 * name), the VPC itself (its DHCP option set and tags) and its Route 53 Resolver associations.
 */
export function readWhatTheVpcHolds(vpc: string, ec2: Ec2Reader, resolver: ResolverReader, attempt: Attempt) {
  return Promise.all([
    attempt(`the route tables of ${vpc}`, () => ec2.describeRouteTables(vpc)),
    attempt(`the network ACLs of ${vpc}`, () => ec2.describeNetworkAcls(vpc)),
    attempt(`the VPC endpoints of ${vpc}`, () => ec2.describeVpcEndpoints(vpc)),
    attempt(`enableDnsSupport of ${vpc}`, () => ec2.describeVpcAttribute(vpc, 'enableDnsSupport')),
    attempt(`enableDnsHostnames of ${vpc}`, () => ec2.describeVpcAttribute(vpc, 'enableDnsHostnames')),
    attempt(`the security groups of ${vpc}`, () => ec2.describeVpcSecurityGroups(vpc)),
    attempt(`${vpc} (its DHCP option set and tags)`, () => ec2.describeVpc(vpc)),
    attempt(`the Route 53 Resolver rules associated with ${vpc}`, () =>
      resolver.listResolverRuleAssociations(vpc),
    ),
  ]);
}

export { type BeforeRoundThree, relevantGroups } from './inspect-names.js';

/** The ports round 3 reads through. */
export type RoundThreePorts = Readonly<{ ec2: Ec2Reader; resolver: ResolverReader }>;

/**
 * Round 3: what those name — the NAT gateways the routes name, the subnets of the endpoints
 * (and of the service) not yet known, the prefix lists the relevant rules and routes name,
 * the VPC's DHCP option set, its associated Resolver rules, and the interface holding the
 * private address the stop text dialled.
 */
export function readWhatThoseName(found: BeforeRoundThree, ports: RoundThreePorts, attempt: Attempt) {
  const { task, taskDefinition, taskNetwork, taskSubnets, routeTables, endpoints, vpc } = found;
  const { ec2 } = ports;
  const relevant = relevantEndpoints(endpoints, taskDefinition, task.region);
  const known = new Set(taskSubnets.ok ? taskSubnets.value.map((s) => s.id) : []);
  const otherSubnetIds = unique([...relevant.flatMap((e) => e.subnetIds), ...taskNetwork.subnetIds]).filter(
    (id) => !known.has(id),
  );
  const taskSubnetIds = unique([...known, ...taskNetwork.subnetIds]);
  const natIds = natGatewayIds(routeTables, taskSubnetIds);
  const dialed = dialedAddressOf(task);
  return Promise.all([
    natIds.length === 0
      ? Promise.resolve(checked<NatGateway[]>([]))
      : attempt(`NAT gateways ${natIds.join(', ')}`, () => ec2.describeNatGateways(natIds)),
    otherSubnetIds.length === 0
      ? Promise.resolve(checked<Subnet[]>([]))
      : attempt(`subnets ${otherSubnetIds.join(', ')}`, () => ec2.describeSubnets(otherSubnetIds)),
    readPrefixLists(prefixListsToRead(found, taskSubnetIds), ec2, attempt),
    readDhcpOptions(found.vpcFacts, ec2, attempt),
    readResolverRules(found.ruleAssociations, ports.resolver, vpc, attempt),
    dialed?.private && mayHold(found.vpcFacts, dialed.ip)
      ? attempt(`the network interface holding ${dialed.ip}`, async () => {
          const [hop] = await ec2.describeNetworkInterfacesByAddress(vpc, dialed.ip);
          return hop;
        })
      : Promise.resolve(undefined),
  ]);
}

/**
 * The NAT gateways named by the routes of the tables that apply to the subnets. Each NAT's own
 * subnet's table (whose default route says whether it reaches the internet) is among round
 * 2's: DescribeRouteTables by `vpc-id` answers every table, the main one included.
 */
function natGatewayIds(routeTables: Checked<readonly RouteTable[]>, subnetIds: readonly string[]): string[] {
  return unique(
    tablesOf(routeTables, subnetIds).flatMap((t) =>
      // IPv6 routes too: NAT64 sends 64:ff9b::/96 to a NAT gateway.
      [...t.routes, ...(t.ipv6Routes ?? [])].flatMap((r) =>
        r.target.kind === 'nat-gateway' ? [r.target.id] : [],
      ),
    ),
  );
}
