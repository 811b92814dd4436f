import type { StoppedTask } from '../core/event.js';
import { needsOf } from '../core/needs.js';
import {
  type Checked,
  checked,
  type EfsFileSystem,
  type EfsMountTarget,
  notChecked,
  type Subnet,
  type TaskDefinitionFacts,
  type TaskNetwork,
} from '../core/network.js';
import type { Ec2Reader, EfsReader } from '../core/ports.js';
import type { Attempt } from './inspect-workload.js';

/*
 * The EFS volumes' reads (network.md, "EFS volumes"), beside the network path's rounds: the
 * file system ids come with the task definition (round 1), so each file system's mount
 * targets are read in round 2 (`DescribeMountTargets`), and the security groups of those the
 * task may mount through in round 3: their network interfaces' (one `DescribeNetworkInterfaces`
 * for all of them). The groups themselves are the VPC's, read in round 2.
 */

/** Each EFS file system the task definition mounts, in order, without duplicates. */
export function fileSystemIdsOf(td: Checked<TaskDefinitionFacts>, region: string): string[] {
  if (!td.ok) return [];
  return needsOf(td.value, region).flatMap((n) => (n.kind === 'efs' ? [n.fileSystemId] : []));
}

/** Round 2: each file system's mount targets. */
export function readMountTargets(
  fileSystemIds: readonly string[],
  efs: EfsReader,
  attempt: Attempt,
): Promise<Checked<EfsMountTarget[]>[]> {
  return Promise.all(
    fileSystemIds.map((id) => attempt(`the mount targets of ${id}`, () => efs.describeMountTargets(id))),
  );
}

/** What round 3 knows of where the task may run. */
export type TaskZones = Readonly<{
  task: StoppedTask;
  vpc: string;
  taskSubnets: Checked<readonly Subnet[]>;
  taskNetwork: TaskNetwork;
}>;

/**
 * Round 3: the security groups of the mount targets the task may mount through — those in the
 * zones of its subnets — as their interfaces', in one `DescribeNetworkInterfaces`. When its
 * service names subnets whose zones are not known yet (they are read in this same round), every
 * available mount target of the VPC; when none is in the task's zones, one other (the groups a
 * new mount target may take, for the fix).
 */
export async function readMountTargetGroups(
  fileSystemIds: readonly string[],
  targets: readonly Checked<EfsMountTarget[]>[],
  known: TaskZones,
  ec2: Ec2Reader,
  attempt: Attempt,
): Promise<EfsFileSystem[]> {
  const subnets = known.taskSubnets.ok ? known.taskSubnets.value : [];
  const zones = new Set([
    ...subnets.map((s) => s.availabilityZone),
    ...(known.task.availabilityZone ? [known.task.availabilityZone] : []),
  ]);
  const zonesUnknown = known.taskNetwork.subnetIds.some((id) => !subnets.some((s) => s.id === id));
  const toRead = fileSystemIds.map((_, i) => {
    const mountTargets = targets[i];
    if (!mountTargets?.ok) return [];
    const serving = mountTargets.value.filter(
      (m) => m.state === 'available' && (m.vpcId === undefined || m.vpcId === known.vpc),
    );
    const inZones = serving.filter((m) => zonesUnknown || zones.has(m.availabilityZone));
    return inZones.length > 0 ? inZones : serving.slice(0, 1);
  });
  const eniIds = [...new Set(toRead.flat().flatMap((m) => m.networkInterfaceId ?? []))];
  const interfaces =
    eniIds.length === 0
      ? checked([])
      : await attempt(`the network interfaces of EFS mount targets (${eniIds.join(', ')})`, () =>
          ec2.describeNetworkInterfaces(eniIds),
        );
  return fileSystemIds.map((fileSystemId, i) => ({
    fileSystemId,
    mountTargets: targets[i] ?? checked([]),
    securityGroups: Object.fromEntries(
      (toRead[i] ?? []).map((m): [string, Checked<readonly string[]>] => {
        if (!interfaces.ok) return [m.id, interfaces];
        const eni = interfaces.value.find((n) => n.id === m.networkInterfaceId);
        return [
          m.id,
          eni ? checked(eni.securityGroupIds) : notChecked(`the network interface of ${m.id} was not found`),
        ];
      }),
    ),
  }));
}

/** The ids of every security group the mount targets read name. */
export const mountTargetGroupIds = (fileSystems: readonly EfsFileSystem[]): string[] => [
  ...new Set(
    fileSystems.flatMap((fs) => Object.values(fs.securityGroups).flatMap((g) => (g.ok ? g.value : []))),
  ),
];
