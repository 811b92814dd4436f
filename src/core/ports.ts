import type {
  NatGateway,
  NetworkAcl,
  RouteTable,
  SecurityGroup,
  Subnet,
  TaskDefinitionFacts,
  VpcEndpoint,
} from './network.js';

/**
 * The ports: the narrow interfaces through which the pipeline reads (and, later, writes)
 * AWS. Each has one SDK adapter (`src/aws/`) and the simulated account (`src/sim/`).
 * Methods answer in our types and fail with `AwsCallError`.
 */

/** A service's network configuration (`awsvpcConfiguration`). */
export type ServiceNetwork = Readonly<{
  subnetIds: readonly string[];
  securityGroupIds: readonly string[];
  assignPublicIp: 'ENABLED' | 'DISABLED';
}>;

/** A network interface that still exists. */
export type NetworkInterface = Readonly<{
  id: string;
  subnetId: string;
  vpcId: string;
  securityGroupIds: readonly string[];
  publicIp?: string;
}>;

export interface EcsReader {
  /** `DescribeTaskDefinition`. */
  describeTaskDefinition(arn: string): Promise<TaskDefinitionFacts>;
  /** `DescribeServices` for one service; undefined when ECS no longer knows it or it has no awsvpc configuration. */
  describeServiceNetwork(cluster: string, service: string): Promise<ServiceNetwork | undefined>;
  /** `DescribeClusters` with tags. */
  describeClusterTags(cluster: string): Promise<Readonly<Record<string, string>>>;
  /** `DescribeTasks` for one task: the raw task (same field names as an event's detail), or undefined. */
  describeTask(cluster: string, task: string): Promise<unknown>;
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
}

export type ReadPorts = Readonly<{ ecs: EcsReader; ec2: Ec2Reader }>;
