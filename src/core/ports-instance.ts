// The read ports' types for an Auto Scaling group's next instance: its launch template's version.

/**
 * What a launch template version gives the next instance it launches
 * (`DescribeLaunchTemplateVersions`): its groups, its public IP, its instance profile.
 */
export type LaunchTemplateVersion = Readonly<{
  id: string;
  /** The version number, as the instance's `aws:ec2launchtemplate:version` tag names it. */
  version: string;
  /** `SecurityGroupIds`, and the primary network interface's `Groups`. */
  securityGroupIds: readonly string[];
  /** `SecurityGroups`: groups named rather than by id (resolved among the VPC's). */
  securityGroupNames: readonly string[];
  /** The primary network interface's `AssociatePublicIpAddress`; absent: the subnet's default. */
  associatePublicIp?: boolean;
  /** `IamInstanceProfile`: its ARN, or its name. */
  instanceProfile?: Readonly<{ arn: string } | { name: string }>;
}>;
