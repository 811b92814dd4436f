import type { LifecycleRule } from './ecr-image.js';
import type { EfsAccessPoint } from './efs-authorization.js';
import type { CapacityProvider } from './managed-instances.js';
import type {
  DhcpOptions,
  EfsMountTarget,
  HopInterface,
  NatGateway,
  NetworkAcl,
  RouteTable,
  SecurityGroup,
  Subnet,
  TaskDefinitionFacts,
  VpcEndpoint,
} from './network.js';
import type { LaunchTemplateVersion } from './ports-instance.js';
import type { ResolverReader, VpcFacts } from './ports-vpc.js';
import type { PullThroughRule } from './pull-through.js';
import type { ReplicationRule } from './replication.js';
import type { EcrImageRef, EcrImageState, PermissionDecision, SecretState } from './workload.js';

export type { LaunchTemplateVersion } from './ports-instance.js';
export type { ResolverReader, VpcFacts } from './ports-vpc.js';

/**
 * The ports: the narrow interfaces through which the pipeline reads (and, later, writes)
 * AWS. Each has one SDK adapter (`src/aws/`) and the simulated account (`src/sim/`).
 * Methods answer in our types and fail with `AwsCallError`.
 */

import type { ServiceNetwork } from './task-network.js';

export type { ServiceNetwork } from './task-network.js';

/** A network interface that still exists. */
export type NetworkInterface = Readonly<{
  id: string;
  subnetId: string;
  vpcId: string;
  securityGroupIds: readonly string[];
  publicIp?: string;
}>;

/** What a preflight check needs of a service: its task definition, launch type and network. */
export type ServiceFacts = Readonly<{
  name: string;
  taskDefinitionArn: string;
  launchType?: string;
  /** Absent when the service has no awsvpc configuration. */
  network?: ServiceNetwork;
  /** The capacity providers its strategy names, the one most tasks go to first (absent: none named). */
  capacityProviders?: readonly string[];
}>;

/**
 * One service asked of `DescribeServices` (`service`: as asked, a name or an ARN): what a
 * preflight check needs of it, or why ECS gave nothing (the reason of its entry in the answer's
 * `failures`, `MISSING` for a service it does not know).
 */
export type ServiceRead = Readonly<
  { service: string; facts: ServiceFacts } | { service: string; missing: string }
>;

/** A container instance, as ECS knows it (`DescribeContainerInstances`). */
export type ContainerInstance = Readonly<{
  arn: string;
  /** The EC2 instance it is (absent for an external instance). */
  ec2InstanceId?: string;
  /** `ACTIVE`, `DRAINING`, `INACTIVE` (deregistered) … */
  status: string;
  /**
   * The VPC and subnet the agent registered it in (its built-in attributes `ecs.vpc-id` and
   * `ecs.subnet-id`): with them, the VPC is read beside the instance, not after it.
   */
  vpcId?: string;
  subnetId?: string;
  /** The capacity provider (its Auto Scaling group's) it belongs to, if any. */
  capacityProviderName?: string;
  /**
   * `check` only: no instance could run the service's next task, and why. Then there is no EC2
   * instance, and the path is "not checked" with this reason.
   */
  noneBecause?: string;
}>;

/** An EC2 instance (`DescribeInstances`): what its interface and role give a task on it. */
export type Ec2Instance = Readonly<{
  id: string;
  /** `pending`, `running`, `stopping`, `stopped`, `shutting-down`, `terminated`. */
  state: string;
  /** Why it is in that state, as EC2 says (`Client.UserInitiatedShutdown: …`). */
  stateReason?: string;
  subnetId?: string;
  vpcId?: string;
  /** The security groups of its primary interface. */
  securityGroupIds: readonly string[];
  publicIp?: string;
  /** The ARN of its IAM instance profile, whose role ECR pulls and awslogs use without an execution role. */
  instanceProfileArn?: string;
  /**
   * The launch template (version) it was launched from: its `aws:ec2launchtemplate:id` and
   * `aws:ec2launchtemplate:version` tags, which a terminated instance keeps while EC2 lists it.
   */
  launchTemplate?: Readonly<{ id: string; version: string }>;
}>;

export interface EcsReader {
  /** `DescribeTaskDefinition`. */
  describeTaskDefinition(arn: string): Promise<TaskDefinitionFacts>;
  /** `DescribeServices` for one service; undefined when ECS no longer knows it or it has no awsvpc configuration. */
  describeServiceNetwork(cluster: string, service: string): Promise<ServiceNetwork | undefined>;
  /** `DescribeClusters` with tags. */
  describeClusterTags(cluster: string): Promise<Readonly<Record<string, string>>>;
  /** `DescribeServices` for one service, for `check` (the CLI only); undefined when ECS does not know it. */
  describeService(cluster: string, service: string): Promise<ServiceFacts | undefined>;
  /**
   * `DescribeServices` of a cluster's services, for `scan` (the CLI only): one call per 10
   * services (`SERVICES_PER_DESCRIBE`); each service asked, in the order asked, with its facts
   * or why it has none.
   */
  describeServices(cluster: string, services: readonly string[]): Promise<ServiceRead[]>;
  /** `ListServices`: the ARNs of a cluster's services, for `scan` (the CLI only). */
  listServices(cluster: string): Promise<string[]>;
  /** `ListClusters`: the ARNs of the region's clusters, for `scan` (the CLI only). */
  listClusters(): Promise<string[]>;
  /** `DescribeTasks` for one task: the raw task (same field names as an event's detail), or undefined. */
  describeTask(cluster: string, task: string): Promise<unknown>;
  /** `DescribeContainerInstances` for one; undefined when ECS does not know it. */
  describeContainerInstance(cluster: string, arn: string): Promise<ContainerInstance | undefined>;
  /**
   * `ListContainerInstances` (status `ACTIVE`, one page of at most 100) and
   * `DescribeContainerInstances` of those: the instances that could run a service's next task,
   * for `check` and `scan` (the CLI only).
   */
  listActiveContainerInstances(cluster: string): Promise<ContainerInstance[]>;
  /**
   * `DescribeCapacityProviders` of one, in the cluster (Managed Instances providers belong to
   * one); undefined when ECS does not know it.
   */
  describeCapacityProvider(cluster: string, name: string): Promise<CapacityProvider | undefined>;
}

export type VpcDnsAttribute = 'enableDnsSupport' | 'enableDnsHostnames';

export interface Ec2Reader {
  describeSubnets(ids: readonly string[]): Promise<Subnet[]>;
  describeRouteTables(vpcId: string): Promise<RouteTable[]>;
  describeNetworkAcls(vpcId: string): Promise<NetworkAcl[]>;
  describeVpcEndpoints(vpcId: string): Promise<VpcEndpoint[]>;
  describeVpcAttribute(vpcId: string, attribute: VpcDnsAttribute): Promise<boolean>;
  describeSecurityGroups(ids: readonly string[]): Promise<SecurityGroup[]>;
  describeNatGateways(ids: readonly string[]): Promise<NatGateway[]>;
  /** Interfaces that no longer exist are simply absent from the answer. */
  describeNetworkInterfaces(ids: readonly string[]): Promise<NetworkInterface[]>;
  /** A security group by name (names are unique in a VPC), for the executor's re-reads. */
  findSecurityGroup(vpcId: string, groupName: string): Promise<SecurityGroup | undefined>;
  /** The id of an AWS-managed prefix list (`com.amazonaws.us-east-1.s3`). */
  describeManagedPrefixListId(name: string): Promise<string | undefined>;
  /** `DescribeVpcs`: a VPC's tags (its owner's opt-in to auto-fix); fails `not-found` when there is no such VPC. */
  describeVpcTags(vpcId: string): Promise<Tags>;
  /**
   * `DescribeVpcs`: a VPC's DHCP option set (`default`: none) and its tags, in one call; fails
   * `not-found` when there is no such VPC.
   */
  describeVpc(vpcId: string): Promise<VpcFacts>;
  /** `DescribeSecurityGroups` filtered by `vpc-id`: every security group of the VPC. */
  describeVpcSecurityGroups(vpcId: string): Promise<SecurityGroup[]>;
  /** `GetManagedPrefixListEntries` of one list (customer- or AWS-managed): its CIDRs. */
  getManagedPrefixListEntries(id: string): Promise<string[]>;
  /** `DescribeDhcpOptions` of one set; undefined when there is no such set. */
  describeDhcpOptions(id: string): Promise<DhcpOptions | undefined>;
  /** `DescribeNetworkInterfaces` filtered by `vpc-id` and a private address: the interfaces holding it. */
  describeNetworkInterfacesByAddress(vpcId: string, ip: string): Promise<HopInterface[]>;
  /** `DescribeInstances` filtered by `instance-id`: undefined when EC2 no longer knows it. */
  describeInstance(id: string): Promise<Ec2Instance | undefined>;
  /** `DescribeLaunchTemplateVersions` of one version; undefined when there is no such template or version. */
  describeLaunchTemplateVersion(id: string, version: string): Promise<LaunchTemplateVersion | undefined>;
}

/** Tags every resource ecs-pullfix creates carries. */
export type Tags = Readonly<Record<string, string>>;

/** The other side of a TCP 443 rule the executor adds. */
export type RulePeerId = Readonly<{ groupId: string } | { prefixListId: string } | { cidr: string }>;

export type EndpointRequest = Readonly<
  | {
      type: 'Interface';
      vpcId: string;
      serviceName: string;
      subnetIds: readonly string[];
      securityGroupIds: readonly string[];
      /** Private DNS for the service's names (the executor always asks for it). */
      privateDns: boolean;
    }
  | { type: 'Gateway'; vpcId: string; serviceName: string; routeTableIds: readonly string[] }
>;

/**
 * The EC2 write port: exactly the additive writes auto-fix may make. A write that finds
 * its result already there fails with an `AwsCallError` of kind `conflict`.
 */
export interface Ec2Writer {
  createSecurityGroup(vpcId: string, groupName: string, description: string, tags: Tags): Promise<string>;
  authorizeIngress443(groupId: string, peer: RulePeerId, tags: Tags): Promise<void>;
  authorizeEgress443(groupId: string, peer: RulePeerId, tags: Tags): Promise<void>;
  /** `clientToken`: `clientTokenOf(request)` (plan.ts): a retry of the same request carries the same one. */
  createVpcEndpoint(request: EndpointRequest, clientToken: string, tags: Tags): Promise<string>;
  addRouteTablesToEndpoint(endpointId: string, routeTableIds: readonly string[]): Promise<void>;
}

/** IAM: the execution role's permissions, simulated (never changed). */
export interface IamReader {
  /**
   * `iam:SimulatePrincipalPolicy` of the role for each (action, resource) asked, with the
   * condition keys given (`elasticfilesystem:AccessPointArn`); fails with an `AwsCallError` of
   * kind `not-found` when the role does not exist.
   */
  simulatePrincipalPolicy(
    roleArn: string,
    requests: readonly Readonly<{ action: string; resource: string }>[],
    context?: readonly SimulationContextEntry[],
  ): Promise<PermissionDecision[]>;
  /**
   * `iam:GetInstanceProfile`: the ARN of the role an instance profile holds (undefined: it
   * holds none); fails `not-found` when there is no such profile.
   */
  getInstanceProfileRole(profileArn: string): Promise<string | undefined>;
}

/** Private ECR: whether an image exists, its repository's tags, the platforms it offers. */
export interface EcrReader {
  /** `ecr:DescribeImages` of the reference's tag or digest. */
  describeImage(ref: EcrImageRef): Promise<EcrImageState>;
  /** `ecr:GetLifecyclePolicy` of the reference's repository: its rules, none without a policy. */
  lifecycleRules(ref: EcrImageRef): Promise<LifecycleRule[]>;
  /** `ecr:ListImages`: every tag of the reference's repository. */
  listTags(ref: EcrImageRef): Promise<string[]>;
  /** `ecr:BatchGetImage` (and, for a single-platform image, its config): `os/arch[/variant]` of each platform. */
  imagePlatforms(ref: EcrImageRef): Promise<string[]>;
  /** `ecr:DescribePullThroughCacheRules` of the registry (every page). */
  pullThroughRules(registryId: string): Promise<PullThroughRule[]>;
  /** `ecr:GetRepositoryPolicy` of the reference's repository (its registry's): its JSON text, undefined when it has none. */
  repositoryPolicy(ref: EcrImageRef): Promise<string | undefined>;
  /** `ecr:DescribeRegistry` in `region`: the caller's own registry's replication rules there (none: empty). */
  replicationRules(region: string): Promise<ReplicationRule[]>;
}

/** Secrets Manager and Parameter Store: metadata only; no method reads a value. */
export interface SecretsReader {
  /** `secretsmanager:DescribeSecret`: `missing` when there is no such secret. */
  describeSecret(secretId: string): Promise<SecretState>;
  /** `ssm:DescribeParameters` by exact name: the parameters that exist (absent ones are missing). */
  describeParameters(names: readonly string[]): Promise<SecretState[]>;
}

/**
 * Amazon EFS: an EFS volume's mount targets (never the files). Their security groups are those
 * of their network interfaces, read with EC2's `DescribeNetworkInterfaces` (one call for all,
 * where `DescribeMountTargetSecurityGroups` takes one per mount target and also needs
 * `ec2:DescribeNetworkInterfaceAttribute`).
 */
export interface EfsReader {
  /** `elasticfilesystem:DescribeMountTargets` of one file system; fails `not-found` when there is no such file system. */
  describeMountTargets(fileSystemId: string): Promise<EfsMountTarget[]>;
  /** `elasticfilesystem:DescribeAccessPoints` of one access point by id; undefined when there is none. */
  describeAccessPoint(accessPointId: string): Promise<EfsAccessPoint | undefined>;
  /** `elasticfilesystem:DescribeFileSystemPolicy`: its JSON text; undefined when it has none (PolicyNotFound). */
  describeFileSystemPolicy(fileSystemId: string): Promise<string | undefined>;
}

/** A condition key and its values, as the policy simulator takes them (strings). */
export type SimulationContextEntry = Readonly<{ key: string; values: readonly string[] }>;

export type ReadPorts = Readonly<{
  ecs: EcsReader;
  ec2: Ec2Reader;
  iam: IamReader;
  ecr: EcrReader;
  secrets: SecretsReader;
  resolver: ResolverReader;
  efs: EfsReader;
}>;

export type {
  Busy,
  DeliveryLog,
  FixLedger,
  GroupClaim,
  IncidentStore,
  IncidentWindow,
  LeaseStore,
  Notifier,
  OpenFix,
  PendingNotice,
  UnsentNotice,
} from './ports-store.js';
