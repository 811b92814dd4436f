import type { Checked } from './checked.js';
import type { EfsAuthorization } from './efs-authorization.js';
import type { StoppedTask } from './event.js';
import type { ReplicationCheck } from './replication.js';
import type { TaskDefinitionFacts } from './task-definition.js';
import type { WorkloadSnapshot } from './workload.js';

/**
 * The snapshot: one plain-data picture of everything the diagnosis needs, gathered by the
 * inspector (`src/inspect.ts`) through the read ports. Each part is `Checked`: a read that
 * was refused degrades only the checks that needed it, to "not checked: why".
 */
/** A resource's tags, by key. */
export type Tags = Readonly<Record<string, string>>;

export { type Checked, checked, notChecked } from './checked.js';

/** The interface endpoints a task may need, by their short name (`com.amazonaws.<region>.<name>`). */
export type InterfaceService = 'ecr.api' | 'ecr.dkr' | 'logs' | 'secretsmanager' | 'ssm';
/** Every interface endpoint service ecs-pullfix knows, in a stable order. */
export const INTERFACE_SERVICES: readonly InterfaceService[] = [
  'ecr.api',
  'ecr.dkr',
  'logs',
  'secretsmanager',
  'ssm',
];
/** Every endpoint service a task may need: the interface ones and the S3 gateway. */
export type EndpointService = InterfaceService | 's3';

export const endpointServiceName = (region: string, service: EndpointService): string =>
  `com.amazonaws.${region}.${service}`;

export type RouteTarget = Readonly<
  | { kind: 'local' }
  | { kind: 'internet-gateway'; id: string }
  | { kind: 'nat-gateway'; id: string }
  | { kind: 'transit-gateway'; id: string }
  | { kind: 'peering'; id: string }
  | { kind: 'virtual-private-gateway'; id: string }
  | { kind: 'vpc-endpoint'; id: string }
  | { kind: 'instance'; id: string }
  | { kind: 'network-interface'; id: string }
  | { kind: 'egress-only-internet-gateway'; id: string }
  | { kind: 'other'; id: string }
>;

export type Route = Readonly<{
  /** An IPv4 CIDR, or absent when the destination is a prefix list. */
  destinationCidr?: string;
  destinationPrefixListId?: string;
  target: RouteTarget;
  state: 'active' | 'blackhole';
}>;

/** A route for an IPv6 destination (`::/0`, NAT64's `64:ff9b::/96`, a peer's /56). */
export type Ipv6Route = Readonly<{
  destinationIpv6Cidr: string;
  target: RouteTarget;
  state: 'active' | 'blackhole';
}>;

export type RouteTable = Readonly<{
  id: string;
  main: boolean;
  subnetIds: readonly string[];
  routes: readonly Route[];
  /** Its IPv6 routes, apart: the IPv4 checks never see them (absent: none). */
  ipv6Routes?: readonly Ipv6Route[];
}>;

export type Subnet = Readonly<{
  id: string;
  vpcId: string;
  /** Its IPv4 CIDR; empty in an IPv6-only subnet. */
  cidr: string;
  availabilityZone: string;
  /** Its IPv6 CIDRs (`Ipv6CidrBlockAssociationSet`, associated ones); absent: none (IPv4 only). */
  ipv6Cidrs?: readonly string[];
  /** `Ipv6Native`: an IPv6-only subnet, its tasks have no IPv4 address at all. */
  ipv6Native?: boolean;
  /** `EnableDns64`: the VPC resolver answers IPv4-only names with NAT64 (`64:ff9b::/96`) addresses. */
  dns64?: boolean;
}>;

export type NaclEntry = Readonly<{
  ruleNumber: number;
  egress: boolean;
  /** `-1` (all), `6` (TCP), `17` (UDP) … */
  protocol: string;
  action: 'allow' | 'deny';
  /** An IPv4 CIDR, or an IPv6 one (`::/0`, from `Ipv6CidrBlock`): each family's entries judge only its peers. */
  cidr: string;
  ports?: Readonly<{ from: number; to: number }>;
}>;

export type NetworkAcl = Readonly<{
  id: string;
  subnetIds: readonly string[];
  entries: readonly NaclEntry[];
}>;

export type VpcEndpoint = Readonly<{
  id: string;
  serviceName: string;
  type: 'Interface' | 'Gateway' | 'GatewayLoadBalancer';
  /** `available`, `pendingAcceptance`, `pending`, `failed`, `rejected`, `deleting`, `deleted` … */
  state: string;
  privateDns: boolean;
  subnetIds: readonly string[];
  securityGroupIds: readonly string[];
  routeTableIds: readonly string[];
  /** The policy document (JSON text) when it is not the default full-access one. */
  policy?: string;
  tags?: Tags;
  /** When it was created (ISO 8601), where the answer says. */
  createdAt?: string;
  /** An interface endpoint's `IpAddressType` and `DnsOptions.DnsRecordIpType` (`ipv4`, `dualstack`, `ipv6` …). */
  ipAddressType?: string;
  dnsRecordIpType?: string;
}>;

export type SecurityGroupRule = Readonly<{
  /** `-1` (all), `tcp`, `udp`, `icmp`, or a protocol number. */
  protocol: string;
  fromPort?: number;
  toPort?: number;
  cidrs: readonly string[];
  /** Its IPv6 ranges (`Ipv6Ranges`: `::/0`, a VPC's /56); absent: none. They admit IPv6 peers only. */
  ipv6Cidrs?: readonly string[];
  prefixListIds: readonly string[];
  groupIds: readonly string[];
}>;

export type SecurityGroup = Readonly<{
  id: string;
  name?: string;
  vpcId?: string;
  ingress: readonly SecurityGroupRule[];
  egress: readonly SecurityGroupRule[];
  /** Its tags: an owner's opt-in (`ecs-pullfix:allow-https-rules`), or ecs-pullfix's own. */
  tags?: Tags;
}>;

/**
 * A NAT gateway a route names. It is a way out only when it is `public` and its own subnet's
 * route table sends 0.0.0.0/0 to an internet gateway (network.md, "Egress or endpoints").
 */
export type NatGateway = Readonly<{
  id: string;
  state: string;
  subnetId?: string;
  /** `public` (the default) or `private` (no way to the internet by itself). */
  connectivityType?: 'public' | 'private';
}>;

/** A prefix list a security-group rule or a route names, with its entries as CIDRs. */
export type PrefixList = Readonly<{
  id: string;
  /** Its name (`corp-private-ranges`, `com.amazonaws.eu-west-1.s3`), where the answer says. */
  name?: string;
  cidrs: readonly string[];
}>;

/** The VPC's DHCP option set: which servers its instances and tasks ask names of. */
export type DhcpOptions = Readonly<{
  id: string;
  /** `domain-name-servers`: `AmazonProvidedDNS`, or addresses of the owner's own resolvers. */
  domainNameServers: readonly string[];
}>;

/** A Route 53 Resolver rule associated with the VPC. */
export type ResolverRule = Readonly<{
  id: string;
  name?: string;
  /** The name it captures, as Resolver writes it (`amazonaws.com.`, `ecr.eu-west-1.amazonaws.com`). */
  domainName: string;
  /** `FORWARD` (to the owner's resolvers), `SYSTEM` (answered by the VPC resolver), `RECURSIVE`. */
  ruleType: string;
  /** Where a FORWARD rule sends the questions. */
  targetIps: readonly string[];
}>;

/** The network interface that holds the private address the stop text names (`dial tcp 10.0.1.5:443`). */
export type HopInterface = Readonly<{
  id: string;
  ip: string;
  subnetId: string;
  /** `vpc_endpoint`, `interface`, `natGateway` …, as EC2 says. */
  interfaceType?: string;
  /** The endpoint it belongs to, when it is an interface endpoint's. */
  endpointId?: string;
  description?: string;
}>;

/** An EFS mount target: the file system's NFS interface in one Availability Zone (DescribeMountTargets). */
export type EfsMountTarget = Readonly<{
  id: string;
  subnetId: string;
  availabilityZone: string;
  vpcId?: string;
  /** Its private IPv4 address, where the answer gives it. */
  ip?: string;
  /** Its network interface, whose security groups are the mount target's. */
  networkInterfaceId?: string;
  /** `available`, `creating`, `updating`, `deleting`, `deleted`, `error`. */
  state: string;
}>;

/**
 * An EFS volume's file system as the inspector read it: its mount targets (round 2), and the
 * security groups of those in the task's Availability Zones (their interfaces', round 3), by
 * mount target id; a mount target absent from `securityGroups` was not read.
 */
export type EfsFileSystem = Readonly<{
  fileSystemId: string;
  mountTargets: Checked<readonly EfsMountTarget[]>;
  securityGroups: Readonly<Record<string, Checked<readonly string[]>>>;
  /** Its access point and IAM authorization, when a volume uses them (round 2). */
  authorization?: EfsAuthorization;
}>;

import type { TaskNetwork } from './task-network.js';

export type { ContainerFacts, TaskDefinitionFacts } from './task-definition.js';
export type { ServiceNetwork, TaskNetwork } from './task-network.js';

export type Snapshot = Readonly<{
  region: string;
  task: StoppedTask;
  taskDefinition: Checked<TaskDefinitionFacts>;
  taskNetwork: TaskNetwork;
  vpcId: Checked<string>;
  /** The subnets the task ran in (or its service may place it in). */
  subnets: Checked<readonly Subnet[]>;
  routeTables: Checked<readonly RouteTable[]>;
  networkAcls: Checked<readonly NetworkAcl[]>;
  endpoints: Checked<readonly VpcEndpoint[]>;
  dnsSupport: Checked<boolean>;
  dnsHostnames: Checked<boolean>;
  /** The task's and the endpoints' security groups. */
  securityGroups: Checked<readonly SecurityGroup[]>;
  /** The NAT gateways the task subnets' routes name. */
  natGateways: Checked<readonly NatGateway[]>;
  /** The subnets of the endpoints the task needs (their CIDRs, for SG and NACL checks). */
  endpointSubnets: Checked<readonly Subnet[]>;
  /**
   * The prefix lists the relevant security-group rules (the task's, the endpoints') and the
   * task subnets' routes name, with their CIDRs: customer-managed ones and the S3 one.
   */
  prefixLists: Checked<readonly PrefixList[]>;
  /** The VPC's DHCP option set; `undefined` when it has none (`default`: the Amazon-provided DNS). */
  dhcpOptions: Checked<DhcpOptions | undefined>;
  /** The Route 53 Resolver rules associated with the VPC. */
  resolverRules: Checked<readonly ResolverRule[]>;
  /**
   * The interface holding the private address the stop text names, when it names one
   * (`undefined`: no interface holds it, or no private address was named).
   */
  failingHop?: Checked<HopInterface | undefined>;
  /**
   * The file systems of the task's EFS volumes, with their mount targets; absent: not read (no
   * EFS volume, or the VPC unknown). Their security groups are among `securityGroups`.
   */
  efs?: readonly EfsFileSystem[];
  /** Why the task's service could not be read, when it could not (its other subnets are then unknown). */
  serviceUnread?: string;
  /** The execution role, image and secrets, for the checks the cause (or a preflight) asked for. */
  workload?: WorkloadSnapshot;
  /** The registry's replication rules in each other Region an image of the account's comes from. */
  replication?: readonly ReplicationCheck[];
  /**
   * The VPC's tags (its owner's opt-in to auto-fix, `ecs-pullfix:allow-auto-fix`), read with the
   * VPC itself in round 2 (DescribeVpcs); absent: not read, and no write is allowed.
   */
  vpcTags?: Checked<Tags>;
}>;
