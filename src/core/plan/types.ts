import type { InterfaceService } from '../network.js';

/** A security group the plan refers to: one that exists, or the dedicated endpoint group the plan creates. */
export type GroupRef = Readonly<
  { kind: 'existing'; groupId: string } | { kind: 'endpoint-group'; vpcId: string }
>;

/** What a planned TCP 443 rule may name on its other side. */
export type RulePeer = Readonly<
  | { kind: 'security-group'; group: GroupRef }
  | { kind: 's3-prefix-list'; region: string; prefixListId?: string }
  | { kind: 'vpc-cidr'; vpcId: string; cidr: string }
>;

/**
 * The only writes auto-fix can make (design.md, "Policy"): create a VPC endpoint (interface
 * with private DNS, or the S3 gateway), create the dedicated endpoint security group, add TCP
 * 443 rules whose peer is a security group, the S3 prefix list or the VPC's own CIDR, and add
 * route tables to an existing S3 gateway. No type can express a delete, a modification, a
 * port other than 443 or a peer wider than the VPC: an unsafe write cannot be planned.
 */
export type Write = Readonly<
  | { kind: 'create-endpoint-security-group'; vpcId: string; groupName: string }
  | { kind: 'authorize-ingress-443'; group: GroupRef; peer: Exclude<RulePeer, { kind: 's3-prefix-list' }> }
  | { kind: 'authorize-egress-443'; group: GroupRef; peer: RulePeer }
  | {
      kind: 'create-interface-endpoint';
      vpcId: string;
      service: InterfaceService;
      serviceName: string;
      subnetIds: readonly string[];
      group: GroupRef;
    }
  | {
      kind: 'create-s3-gateway-endpoint';
      vpcId: string;
      serviceName: string;
      routeTableIds: readonly string[];
    }
  | { kind: 'add-route-tables-to-s3-gateway'; endpointId: string; routeTableIds: readonly string[] }
>;

export type WriteKind = Write['kind'];

/** The write of one kind, with its own fields. */
export type WriteOf<K extends WriteKind> = Extract<Write, { kind: K }>;

/** The name of the dedicated endpoint security group ecs-pullfix creates (one per VPC). */
export const ENDPOINT_GROUP_NAME = 'ecs-pullfix-endpoints';
