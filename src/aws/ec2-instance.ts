import {
  DescribeLaunchTemplateVersionsCommand,
  type EC2Client,
  paginateDescribeInstances,
} from '@aws-sdk/client-ec2';
import type { Ec2Instance, LaunchTemplateVersion } from '../core/ports.js';
import { AwsCallError } from '../errors.js';
import { collect } from './ec2-shapes.js';
import { call } from './errors.js';

/*
 * The EC2 instance behind a container instance, and the launch template version its Auto
 * Scaling group's next instance would come from. EC2 lists a terminated instance for about an
 * hour (TerminateInstances: "Terminated instances remain visible after termination (for
 * approximately one hour)"), with its tags: an instance launched from a launch template carries
 * `aws:ec2launchtemplate:id` and `aws:ec2launchtemplate:version`.
 */

/** `DescribeInstances` filtered by `instance-id`: undefined when EC2 no longer knows it. */
export async function describeInstance(ec2: EC2Client, id: string): Promise<Ec2Instance | undefined> {
  // By filter: an instance EC2 has forgotten (terminated over an hour ago) is absent, not a failure.
  const instances = await call('ec2:DescribeInstances', () =>
    collect(
      paginateDescribeInstances({ client: ec2 }, { Filters: [{ Name: 'instance-id', Values: [id] }] }),
      (p) => (p.Reservations ?? []).flatMap((r) => r.Instances ?? []),
    ),
  );
  const found = instances[0];
  if (!found) return undefined;
  const tag = (key: string) => found.Tags?.find((t) => t.Key === key)?.Value;
  const template = tag('aws:ec2launchtemplate:id');
  const version = tag('aws:ec2launchtemplate:version');
  return {
    id: found.InstanceId ?? id,
    state: found.State?.Name ?? 'unknown',
    ...(found.StateReason?.Message ? { stateReason: found.StateReason.Message } : {}),
    ...(found.SubnetId ? { subnetId: found.SubnetId } : {}),
    ...(found.VpcId ? { vpcId: found.VpcId } : {}),
    securityGroupIds: (found.SecurityGroups ?? []).flatMap((g) => (g.GroupId ? [g.GroupId] : [])),
    ...(found.PublicIpAddress ? { publicIp: found.PublicIpAddress } : {}),
    ...(found.IamInstanceProfile?.Arn ? { instanceProfileArn: found.IamInstanceProfile.Arn } : {}),
    ...(template && version ? { launchTemplate: { id: template, version } } : {}),
  };
}

/** EC2's answer when the template, or the version asked of it, does not exist. */
const GONE = /^InvalidLaunchTemplateId\.(NotFound|VersionNotFound|Malformed)$/;

/**
 * `DescribeLaunchTemplateVersions` of one version: what it gives the next instance it launches
 * (its groups, public IP and instance profile); undefined when there is no such template or
 * version (deleted since the instance was launched).
 */
export async function describeLaunchTemplateVersion(
  ec2: EC2Client,
  id: string,
  version: string,
): Promise<LaunchTemplateVersion | undefined> {
  const out = await call('ec2:DescribeLaunchTemplateVersions', () =>
    ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: id, Versions: [version] })),
  ).catch((e: unknown) => {
    if (e instanceof AwsCallError && GONE.test(e.code)) return undefined;
    throw e;
  });
  const data = out?.LaunchTemplateVersions?.[0]?.LaunchTemplateData;
  if (data === undefined) return undefined;
  // The primary interface (device 0) carries the instance's groups and public IP when it is given.
  const primary = (data.NetworkInterfaces ?? []).find((n) => (n.DeviceIndex ?? 0) === 0);
  const profile = data.IamInstanceProfile;
  return {
    id,
    version,
    securityGroupIds: [...new Set([...(data.SecurityGroupIds ?? []), ...(primary?.Groups ?? [])])],
    securityGroupNames: data.SecurityGroups ?? [],
    ...(primary?.AssociatePublicIpAddress !== undefined
      ? { associatePublicIp: primary.AssociatePublicIpAddress }
      : {}),
    ...(profile?.Arn
      ? { instanceProfile: { arn: profile.Arn } }
      : profile?.Name
        ? { instanceProfile: { name: profile.Name } }
        : {}),
  };
}
