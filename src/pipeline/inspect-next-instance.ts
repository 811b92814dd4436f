import type { StoppedTask } from '../core/event.js';
import type { Checked, SecurityGroup, TaskNetwork } from '../core/network.js';
import type { Ec2Instance, Ec2Reader, LaunchTemplateVersion } from '../core/ports.js';
import { awaitedLater } from './awaited-later.js';
import type { Attempt } from './inspect-workload.js';

/*
 * A container instance gone with scale-in took its interface and groups with it, but EC2 still
 * lists a terminated instance for about an hour, with the tags its launch template gave it
 * (`aws:ec2launchtemplate:id`, `aws:ec2launchtemplate:version`). The Auto Scaling group's next
 * instance comes from that launch template version: its groups, public IP and instance profile
 * stand in for the gone instance's (its subnet stays the one the agent registered). The version
 * is read in round 3, beside what round 2 named; its groups are among the VPC's, read in round 2:
 * the path still takes 3 rounds. (The prefix lists only those groups' rules name are not read.)
 */

/** The launch template version the gone instance came from, being read. */
export type NextInstance = Readonly<{
  /** The gone instance's id. */
  goneId: string;
  /** "the next instance from launch template lt-… (version N)". */
  label: string;
  template: Promise<Checked<LaunchTemplateVersion | undefined>>;
}>;

/** Round 3: the launch template version a gone instance came from, when its tags name one. */
export function readNextInstance(
  instance: Ec2Instance | undefined,
  ec2: Ec2Reader,
  attempt: Attempt,
): NextInstance | undefined {
  const lt = instance?.launchTemplate;
  if (instance === undefined || lt === undefined) return undefined;
  const label = `the next instance from launch template ${lt.id} (version ${lt.version})`;
  // Awaited after round 3's other reads.
  const template = awaitedLater(
    attempt(`launch template ${lt.id} (version ${lt.version})`, () =>
      ec2.describeLaunchTemplateVersion(lt.id, lt.version),
    ),
  );
  return { goneId: instance.id, label, template };
}

/**
 * The path's source once the launch template is read: the next instance, with the template's
 * groups (by id, or by name among the VPC's; none: the VPC's default group, as EC2 gives), its
 * public IP (`AssociatePublicIpAddress`; unsaid: none, a non-default subnet's default) and its
 * instance profile; or, when it cannot be told, the gone instance's "not checked" and why.
 */
export async function nextInstanceNetwork(
  gone: TaskNetwork,
  next: NextInstance | undefined,
  /** The VPC's groups, to find those the template names; undefined: only its role is asked for. */
  vpcGroups: Checked<readonly SecurityGroup[]> | undefined,
  task: StoppedTask,
): Promise<TaskNetwork> {
  if (next === undefined || gone.source !== 'unknown') return gone;
  const read = await next.template;
  const unknown = (why: string): TaskNetwork => ({ ...gone, why: `${gone.why}; ${why}` });
  if (!read.ok) return unknown(`${next.label} is not checked: ${read.why}`);
  const lt = read.value;
  if (lt === undefined) return unknown(`${next.label} is unknown: the template or version no longer exists`);
  const groups = vpcGroups === undefined ? [...lt.securityGroupIds] : groupsOf(lt, vpcGroups);
  if (typeof groups === 'string') return unknown(`${next.label}'s security groups are unknown: ${groups}`);
  const partition = task.clusterArn.split(':')[1] ?? 'aws';
  const profile = lt.instanceProfile;
  return {
    source: 'instance',
    instanceId: `${next.goneId} (gone; ${next.label} stands in)`,
    securityGroupIds: groups,
    publicIp: lt.associatePublicIp ?? false,
    subnetIds: gone.subnetIds,
    ...(profile === undefined
      ? {}
      : {
          instanceProfileArn:
            'arn' in profile
              ? profile.arn
              : `arn:${partition}:iam::${task.account}:instance-profile/${profile.name}`,
        }),
  };
}

/** The template's groups by id; those it names, among the VPC's; none: the VPC's default group. */
function groupsOf(
  lt: LaunchTemplateVersion,
  vpcGroups: Checked<readonly SecurityGroup[]>,
): string[] | string {
  if (lt.securityGroupIds.length > 0 && lt.securityGroupNames.length === 0) return [...lt.securityGroupIds];
  if (!vpcGroups.ok) return vpcGroups.why;
  const wanted = lt.securityGroupNames.length > 0 ? lt.securityGroupNames : ['default'];
  const named = wanted.map((name) => vpcGroups.value.find((g) => g.name === name)?.id);
  const missing = wanted.filter((_, i) => named[i] === undefined);
  if (missing.length > 0) return `no group named ${missing.join(', ')} in the VPC`;
  return [...lt.securityGroupIds, ...named.filter((id): id is string => id !== undefined)];
}
