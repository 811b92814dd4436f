import type { Finding } from '../findings/types.js';
import type { EndpointService, InterfaceService, Snapshot } from '../network.js';
import type { RecommendedChange } from './action.js';
import type { RulePeer, Write } from './types.js';

/** A rule peer a TCP 443 rule on an endpoint's group may name (never a prefix list). */
export type TaskRulePeer = Exclude<RulePeer, { kind: 's3-prefix-list' }>;

/**
 * What a finding's remedy (its catalogue entry) may ask of the plan: each call adds an action
 * answering the finding, once; the plan decides whether auto-fix may make it.
 */
export interface PlanContext {
  readonly snapshot: Snapshot;
  /** Every finding of the diagnosis (a remedy may gather its kin into one command). */
  readonly findings: readonly Finding[];
  /** A change only a person makes, with the exact command and what it costs a month. */
  recommend(change: RecommendedChange, f: Finding, cli: string, monthlyUsd?: number): void;
  /** One of the safe writes. */
  write(write: Write, service?: EndpointService): void;
  /** An interface endpoint, with the endpoint group it needs and the task's way to it. */
  interfaceEndpoint(service: InterfaceService, vpcId: string, subnetIds: readonly string[]): void;
  /** The S3 gateway, with the task's way to S3's addresses. */
  gatewayEndpoint(vpcId: string, routeTableIds: readonly string[]): void;
  /** Who the task is, as rule peers: its security groups, else the VPC's CIDR. */
  taskPeers(): TaskRulePeer[];
  /** The VPC's own CIDR as a rule peer (undefined, and noted, when unknown or too wide). */
  vpcPeer(): Extract<RulePeer, { kind: 'vpc-cidr' }> | undefined;
}
