import { dialedAddressOf } from '../core/dialed.js';
import type { StoppedTask } from '../core/event.js';
import {
  type Checked,
  checked,
  notChecked,
  type SecurityGroup,
  type Snapshot,
  type Subnet,
  type TaskNetwork,
} from '../core/network.js';
import type { ReadPorts } from '../core/ports.js';
import type { WorkloadCheck } from '../core/workload.js';
import { AwsCallError } from '../errors.js';
import {
  fileSystemIdsOf,
  mountTargetGroupIds,
  readMountTargetGroups,
  readMountTargets,
} from './inspect-efs.js';
import { readEfsAuthorization, withAuthorization } from './inspect-efs-auth.js';
import {
  type HostParts,
  type InstancePath,
  readInstancePath,
  readRoleInstance,
  roleNetworkOf,
} from './inspect-instance.js';
import { readManagedInstances, withManagedInstances } from './inspect-managed.js';
import { nextInstanceNetwork } from './inspect-next-instance.js';
import { readReplication, withReplication } from './inspect-replication.js';
import {
  type BeforeRoundThree,
  type RoundThreePorts,
  readWhatTheEventNames,
  readWhatTheVpcHolds,
  readWhatThoseName,
  relevantGroups,
  taskNetworkOf,
  vpcIdOf,
} from './inspect-rounds.js';
import { type Attempt, inspectWorkload } from './inspect-workload.js';

/**
 * The inspector: one snapshot of what the diagnosis needs, gathered in the fewest
 * sequential rounds the data allows (network.md, "Where the facts come from"):
 *
 * 1. from the event alone: the task definition, the service's network configuration, the
 *    task's ENI (if it still exists), the task's subnet;
 * 2. from the subnet's VPC: route tables, network ACLs, VPC endpoints, both DNS attributes,
 *    its security groups (by `vpc-id`), the VPC itself (DHCP option set, tags) and its
 *    Route 53 Resolver rule associations;
 * 3. from those: the NAT gateways the routes name, the subnets of the endpoints (and of the
 *    service) not yet known, the prefix lists the relevant rules and routes name, the DHCP
 *    option set, the associated Resolver rules, and the interface holding the private
 *    address the stop text dialled.
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
  const { ecs, ec2, resolver } = ports;
  const attempt = <T>(what: string, read: () => Promise<T>) => attemptBy(deadline, what, read);

  // Rounds 1, 2 and 3: what the event names, what the VPC holds, what those name.
  const eventReads = readWhatTheEventNames(task, ecs, ec2, attempt);
  // Beside round 1, for a cause that asks for the role: the instance's, a Managed Instances provider's.
  const definition = eventReads.then(([td]) => td);
  const roleInstance = readRoleInstance(task, checks, definition, ports, attempt);
  const managed = readManagedInstances(task, checks, ports, attempt);
  const [taskDefinition, service, enis, taskSubnets, containerInstance] = await eventReads;
  // The path's source: the task's ENI (or its service's configuration), else its container
  // instance, whose EC2 instance and subnet are read beside the VPC's round.
  const path: InstancePath =
    containerInstance === undefined
      ? {
          vpcId: vpcIdOf(task, enis, taskSubnets),
          host: Promise.resolve({ taskNetwork: taskNetworkOf(task, enis, service), taskSubnets }),
        }
      : await readInstancePath(task, containerInstance, ec2, attempt);
  const vpcId = path.vpcId;

  // Beyond the network path, beside rounds 2 and 3: the role (with no execution role, its instance's:
  // an awsvpc task's instance is read for it alone), the image, the secrets, another Region's replication.
  const onInstance = containerInstance === undefined ? roleInstance : roleNetworkOf(task, path.host);
  const workload = withReplication(
    withManagedInstances(inspectWorkload(task, taskDefinition, checks, ports, attempt, onInstance), managed),
    readReplication(task, taskDefinition, ports, attempt),
  );

  const base = {
    region: task.region,
    task,
    taskDefinition,
    vpcId,
    ...(service.ok ? {} : { serviceUnread: service.why }),
  };
  if (!vpcId.ok) {
    const host = await path.host;
    return {
      ...base,
      taskNetwork: host.taskNetwork,
      ...(await workload),
      ...vpcUnread(vpcId.why, task, host.taskSubnets),
    };
  }

  const vpcParts = await readTheVpc(
    { task, vpc: vpcId.value, taskDefinition },
    path.host,
    { ec2, resolver, efs: ports.efs, iam: ports.iam },
    attempt,
  );
  return { ...base, ...(await workload), ...vpcParts };
}

/**
 * Rounds 2 and 3, once the task's VPC is known: what the VPC holds (beside what the host
 * gives, when it is still being read), then what those name (and, for a gone instance, the
 * launch template its group's next instance would come from).
 */
async function readTheVpc(
  known: Pick<BeforeRoundThree, 'task' | 'vpc' | 'taskDefinition'>,
  host: Promise<HostParts>,
  ports: RoundThreePorts & Pick<ReadPorts, 'efs' | 'iam'>,
  attempt: Attempt,
): Promise<VpcParts & Pick<Snapshot, 'vpcTags' | 'taskNetwork' | 'efs'>> {
  const { vpc } = known;
  // The EFS volumes' mount targets, beside round 2 (their ids come with the task definition).
  const fileSystemIds = fileSystemIdsOf(known.taskDefinition, known.task.region);
  const mountTargets = readMountTargets(fileSystemIds, ports.efs, attempt);
  // Their access points, policies and the task role's simulation, beside them (inspect-efs-auth.ts).
  const authorization = readEfsAuthorization(known.taskDefinition, known.task, ports, attempt);
  const [
    [routeTables, networkAcls, endpoints, dnsSupport, dnsHostnames, vpcGroups, vpcFacts, ruleAssociations],
    { taskNetwork: hostNetwork, taskSubnets, next },
  ] = await Promise.all([readWhatTheVpcHolds(vpc, ports.ec2, ports.resolver, attempt), host]);
  const found: BeforeRoundThree = {
    ...known,
    ...{
      taskNetwork: hostNetwork,
      taskSubnets,
      routeTables,
      networkAcls,
      endpoints,
      vpcGroups,
      vpcFacts,
      ruleAssociations,
    },
  };
  const targets = await mountTargets;
  const [[natGateways, otherSubnets, prefixLists, dhcpOptions, resolverRules, failingHop], efs, taskNetwork] =
    await Promise.all([
      readWhatThoseName(found, ports, attempt),
      readMountTargetGroups(fileSystemIds, targets, found, ports.ec2, attempt),
      nextInstanceNetwork(hostNetwork, next, vpcGroups, known.task),
    ]);
  return {
    taskNetwork,
    subnets: subnetsOf(taskSubnets, otherSubnets, taskNetwork, vpc),
    routeTables,
    networkAcls,
    endpoints,
    dnsSupport,
    dnsHostnames,
    securityGroups: withGroups(
      relevantGroups({ ...found, taskNetwork }),
      vpcGroups,
      mountTargetGroupIds(efs),
    ),
    natGateways,
    endpointSubnets: otherSubnets,
    prefixLists,
    dhcpOptions,
    resolverRules,
    ...(failingHop ? { failingHop } : {}),
    // The VPC's tags came with its DHCP option set (one DescribeVpcs): the opt-in reads them from here.
    vpcTags: vpcFacts.ok ? checked(vpcFacts.value.tags) : vpcFacts,
    ...(fileSystemIds.length > 0 ? { efs: withAuthorization(efs, await authorization) } : {}),
  };
}

/** The relevant groups and the EFS mount targets', all among the VPC's groups read in round 2. */
function withGroups(
  relevant: Checked<readonly SecurityGroup[]>,
  vpcGroups: Checked<readonly SecurityGroup[]>,
  ids: readonly string[],
): Checked<readonly SecurityGroup[]> {
  if (!relevant.ok || !vpcGroups.ok || ids.length === 0) return relevant;
  const more = vpcGroups.value.filter(
    (g) => ids.includes(g.id) && !relevant.value.some((r) => r.id === g.id),
  );
  return checked([...relevant.value, ...more]);
}

/** The parts of the snapshot rounds 2 and 3 would have read, when the task's VPC is unknown. */
type VpcParts = Omit<
  Snapshot,
  'region' | 'task' | 'taskDefinition' | 'taskNetwork' | 'vpcId' | 'serviceUnread' | 'workload' | 'vpcTags'
>;

/** Without its VPC, nothing in it can be read: each part says why (a task with no subnet has none to read). */
function vpcUnread(why: string, task: StoppedTask, taskSubnets: Checked<readonly Subnet[]>): VpcParts {
  const unread = notChecked<never>(why);
  return {
    subnets: taskSubnets.ok && task.eni.subnetId === undefined ? checked([]) : unread,
    routeTables: unread,
    networkAcls: unread,
    endpoints: unread,
    dnsSupport: unread,
    dnsHostnames: unread,
    securityGroups: unread,
    natGateways: unread,
    endpointSubnets: unread,
    prefixLists: unread,
    dhcpOptions: unread,
    resolverRules: unread,
    ...(dialedAddressOf(task)?.private ? { failingHop: unread } : {}),
  };
}

/** The task's subnets, and those of its service that round 3 read, in the task's VPC. */
function subnetsOf(
  taskSubnets: Checked<readonly Subnet[]>,
  otherSubnets: Checked<readonly Subnet[]>,
  taskNetwork: TaskNetwork,
  vpc: string,
): Checked<readonly Subnet[]> {
  const serviceSubnets = otherSubnets.ok
    ? otherSubnets.value.filter((s) => taskNetwork.subnetIds.includes(s.id))
    : [];
  return taskSubnets.ok
    ? checked([...taskSubnets.value, ...serviceSubnets.filter((s) => s.vpcId === vpc)])
    : taskSubnets;
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
