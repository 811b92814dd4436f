import type { Checked } from './checked.js';
import type { EndpointService, SecurityGroup, Tags } from './network.js';
import type { TaskDefinitionFacts } from './task-definition.js';

/**
 * What auto-fix left behind: everything tagged `ecs-pullfix:managed=true` (README, "Auto-fix"):
 * the VPC endpoints it created, the endpoint security group (one per VPC) and the TCP 443 rules
 * it added. Route tables added to an owner's S3 gateway carry no tag of their own, and auto-fix
 * never writes NACLs, routes or anything else, so nothing else is listed.
 */

/** A VPC endpoint tagged as ecs-pullfix's, with the network interfaces AWS made for it. */
export type ManagedEndpoint = Readonly<{
  id: string;
  vpcId: string;
  serviceName: string;
  type: 'Interface' | 'Gateway' | 'GatewayLoadBalancer';
  /** `available`, `pending`, `deleting`, `deleted` … */
  state: string;
  subnetIds: readonly string[];
  securityGroupIds: readonly string[];
  routeTableIds: readonly string[];
  networkInterfaceIds: readonly string[];
  tags: Tags;
}>;

/** A security group rule tagged as ecs-pullfix's (`DescribeSecurityGroupRules`). */
export type ManagedRule = Readonly<{
  id: string;
  groupId: string;
  direction: 'ingress' | 'egress';
  /** Its other side: a group id, a CIDR or a prefix list id. */
  peer: string;
  fromPort?: number;
  toPort?: number;
  protocol: string;
  tags: Tags;
}>;

/** A network interface of a VPC: a task's, an instance's, an endpoint's … */
export type NetworkInterface = Readonly<{
  id: string;
  vpcId: string;
  /** `InterfaceType`: `interface`, `vpc_endpoint`, `nat_gateway` … */
  interfaceType: string;
  privateIps: readonly string[];
  securityGroupIds: readonly string[];
}>;

/** A running task, where its interface is (awsvpc mode) and the endpoints its definition needs. */
export type RunningTask = Readonly<{
  arn: string;
  cluster: string;
  networkInterfaceId?: string;
  needs: Checked<readonly EndpointService[]>;
}>;

/** A running task as ECS describes it, before its task definition is read. */
export type RunningTaskRead = Readonly<{
  arn: string;
  cluster: string;
  taskDefinitionArn: string;
  networkInterfaceId?: string;
}>;

/** Everything `managed` reads; each read that was refused is "not checked: why". */
export type LeftBehindFacts = Readonly<{
  region: string;
  endpoints: readonly ManagedEndpoint[];
  groups: readonly SecurityGroup[];
  rules: Checked<readonly ManagedRule[]>;
  /** Every group of the VPCs the managed resources are in (a task's egress rules among them). */
  vpcGroups: Checked<readonly SecurityGroup[]>;
  interfaces: Checked<readonly NetworkInterface[]>;
  tasks: Checked<readonly RunningTask[]>;
}>;

/** The reads of `managed`, narrow and ours (`src/aws/left-behind.ts` is the adapter). */
export interface LeftBehindReader {
  managedEndpoints(): Promise<ManagedEndpoint[]>;
  managedGroups(): Promise<SecurityGroup[]>;
  managedRules(): Promise<ManagedRule[]>;
  groupsIn(vpcIds: readonly string[]): Promise<SecurityGroup[]>;
  interfacesIn(vpcIds: readonly string[]): Promise<NetworkInterface[]>;
  runningTasks(): Promise<RunningTaskRead[]>;
  taskDefinition(arn: string): Promise<TaskDefinitionFacts>;
}

/** The writes of `managed --delete`: only ever on ids a person named and the listing tagged. */
export interface LeftBehindDeleter {
  /** Deletes the endpoints; resolves to those AWS could not delete, each with why. */
  deleteEndpoints(ids: readonly string[]): Promise<Readonly<{ id: string; why: string }>[]>;
  deleteSecurityGroup(groupId: string): Promise<void>;
  revokeRule(rule: ManagedRule): Promise<void>;
}

/** Whether anything still uses what auto-fix made. */
export type Use = Readonly<{
  verdict: 'in use' | 'not in use' | 'not checked' | 'with its group';
  why: string;
}>;

export type ManagedKind =
  | 'interface-endpoint'
  | 'gateway-endpoint'
  | 'security-group'
  | 'security-group-rule';

/** One row of `managed`: what it is, who made it, what it costs, whether it is used. */
export type ManagedItem = Readonly<{
  id: string;
  kind: ManagedKind;
  /** `ecr.dkr`, `s3 (gateway)`, `ecs-pullfix-endpoints`, `ingress 443 from sg-… on sg-…`. */
  what: string;
  vpcId: string;
  state?: string;
  /** The `ecs-pullfix:incident` and `ecs-pullfix:cluster` tags (absent: made by hand from a printed command). */
  incident?: string;
  cluster?: string;
  monthlyUsd: number;
  use: Use;
}>;

/** AWS's limit on a tag value, and the characters every AWS service accepts in one. */
const TAG_VALUE_MAX = 256;
const TAG_VALUE_UNSAFE = /[^\p{L}\p{N}\p{Zs}_.:/=+\-@]/gu;

/**
 * `value` as a tag value AWS accepts anywhere: the characters every service allows (letters,
 * digits, spaces, `_ . : / = + - @`), others as `_`, at most 256 characters. A cluster name
 * comes from an event: a forged or corrupted one must not make CreateVpcEndpoint fail.
 */
export function tagValue(value: string): string {
  return [...value.replace(TAG_VALUE_UNSAFE, '_')].slice(0, TAG_VALUE_MAX).join('');
}

/** The tags on everything auto-fix creates: its own mark, and the incident and cluster it answers. */
export function managedTags(incidentId: string, clusterName: string): Tags {
  return {
    'ecs-pullfix:managed': 'true',
    'ecs-pullfix:incident': tagValue(incidentId),
    'ecs-pullfix:cluster': tagValue(clusterName),
  };
}
