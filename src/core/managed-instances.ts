import type { Checked } from './checked.js';
import type { StoppedTask } from './event.js';

/*
 * Amazon ECS Managed Instances (network.md, "Every estate"): ECS launches and manages the EC2
 * instances of a capacity provider of type `MANAGED_INSTANCES`, through the provider's
 * infrastructure role, which passes the instance profile's role to EC2. Tasks run in `awsvpc`
 * mode (their path is their ENI's, as on Fargate). What stops them at launch that is the
 * provider's own: AWS's managed `AmazonECSInfrastructureRolePolicyForManagedInstances` scopes
 * `iam:PassRole` to `arn:aws:iam::*:role/ecsInstanceRole*`, so an instance role named otherwise
 * (CloudFormation's `MyStack-InstanceRole-ABC123`) cannot be passed and no instance starts.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/managed-instances-instance-profile.html
 */

/** The launch type of a task on Managed Instances (and the type of its capacity provider). */
export const MANAGED_INSTANCES = 'MANAGED_INSTANCES';

/** The prefix the managed infrastructure policy's `iam:PassRole` scope gives instance roles. */
export const INSTANCE_ROLE_PREFIX = 'ecsInstanceRole';

/** The service the infrastructure role passes the instance role to (`iam:PassedToService`). */
export const PASSED_TO_SERVICE = 'ec2.amazonaws.com';

/** A capacity provider, as `DescribeCapacityProviders` describes it. */
export type CapacityProvider = Readonly<{
  name: string;
  arn?: string;
  /** `MANAGED_INSTANCES`, `EC2_AUTOSCALING`, `FARGATE`, `FARGATE_SPOT` (absent: an older answer, EC2's). */
  type?: string;
  /** Managed Instances: the role ECS launches the instances with. */
  infrastructureRoleArn?: string;
  /** Managed Instances: the instance profile of the instances it launches. */
  instanceProfileArn?: string;
}>;

/** The finding `managed-instances-role-not-passable`: the provider, its roles, and what says so. */
export type InstanceRoleNotPassable = Readonly<{
  /** The Managed Instances capacity provider whose instances cannot be launched. */
  capacityProvider: string;
  cluster: string;
  infrastructureRoleArn: string;
  instanceProfileArn: string;
  instanceRoleArn: string;
  /**
   * `simulated`: IAM's simulator denies the infrastructure role `iam:PassRole` on it;
   * `name-rule`: the simulation could not be made, and the role is not named `ecsInstanceRole*`.
   */
  basis: 'simulated' | 'name-rule';
}>;

/** What the inspector read of a Managed Instances task's capacity provider and its roles. */
export type ManagedInstancesCheck = Readonly<{
  /** The capacity provider the task (or service) names. */
  providerName: string;
  cluster: string;
  /** `undefined`: ECS does not know it. */
  provider: Checked<CapacityProvider | undefined>;
  /** The role the provider's instance profile holds (`undefined`: it holds none); absent: not read. */
  instanceRole?: Checked<string | undefined>;
  /** Whether the infrastructure role may pass that role to EC2; absent: not simulated. */
  passRole?: Checked<'allowed' | 'explicitDeny' | 'implicitDeny' | 'no-such-role'>;
}>;

/**
 * The capacity provider to read for a task that may run on Managed Instances: the one its
 * event names, when its launch type is `MANAGED_INSTANCES` or not said (the provider's type
 * then tells). Never for Fargate or EC2, whose capacity providers carry no instance role.
 */
export function managedProviderOf(
  task: Pick<StoppedTask, 'launchType' | 'capacityProviderName'>,
): string | undefined {
  const name = task.capacityProviderName;
  if (name === undefined || name === '' || FARGATE_PROVIDERS.has(name)) return undefined;
  if (task.launchType !== undefined && task.launchType !== MANAGED_INSTANCES) return undefined;
  return name;
}

/** Fargate's own capacity providers, which carry no instance role. */
const FARGATE_PROVIDERS: ReadonlySet<string> = new Set(['FARGATE', 'FARGATE_SPOT']);

/** The name of a role (or instance profile) from its ARN: the last part, after its path. */
export function nameOfArn(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

/** True when the managed infrastructure policy's `iam:PassRole` scope covers the role. */
export function inManagedPassRoleScope(roleArn: string): boolean {
  // The policy names `role/ecsInstanceRole*`: the role's path is part of what it matches.
  const resource = roleArn.slice(roleArn.indexOf(':role/') + ':role/'.length);
  return resource.startsWith(INSTANCE_ROLE_PREFIX);
}
