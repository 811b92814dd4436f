import type { RouteTarget } from '../network.js';

/** How a subnet reaches the internet, from its route table's default route. */
export type Egress = Readonly<
  | { kind: 'internet'; routeTableId: string; evidence: string }
  | { kind: 'igw-no-public-ip'; routeTableId: string; igwId: string; evidence: string }
  | { kind: 'igw-public-ip-unknown'; routeTableId: string; igwId: string; evidence: string }
  | {
      kind: 'nat-unavailable';
      routeTableId: string;
      natId?: string;
      state: string;
      /** Why an available NAT gateway is no way out. */
      reason?: NatReason;
      evidence: string;
    }
  | { kind: 'none'; routeTableId: string; evidence: string }
  | { kind: 'leaves-vpc'; routeTableId: string; target: RouteTarget; evidence: string }
  | { kind: 'unknown'; why: string }
>;

/** Why an available NAT gateway is no way out: it is private, or its subnet has no route to an internet gateway. */
export type NatReason = Readonly<
  { kind: 'private' } | { kind: 'no-internet-route'; subnetId: string; routeTableId: string }
>;
