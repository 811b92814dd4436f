import type { Entries } from './spec.js';

/** How the task's subnets leave the VPC: no way out, a broken NAT, no public IP, a path unseen, a registry beyond. */
export const EGRESS = {
  'no-egress-path': {
    rank: 20,
    scope: 'network',
    autoFix: true,
    key: (f) => f.id,
    fix: (f) =>
      `Give ${f.subnetIds.join(', ')} a way out: create the VPC endpoints this task needs (below), or route 0.0.0.0/0 in ${f.routeTableIds.join(', ')} to a NAT gateway.`,
  },
  'nat-unavailable': {
    rank: 30,
    scope: 'network',
    autoFix: true,
    key: (f) => f.id,
    fix: (f) =>
      `The default route of ${f.routeTableId} goes to ${f.natGatewayId ?? 'a NAT gateway'}, which is ${f.state}: point 0.0.0.0/0 at an available NAT gateway (or create the VPC endpoints the task needs).`,
  },
  'public-ip-disabled': {
    rank: 40,
    scope: 'network',
    autoFix: true,
    key: (f) => f.id,
    fix: (f) =>
      `The subnets route to ${f.internetGatewayId} but the task has no public IP: set assignPublicIp: ENABLED in the service's network configuration, or move the task to private subnets with a NAT gateway, or create the VPC endpoints it needs.`,
  },
  'path-leaves-vpc': {
    rank: 50,
    scope: 'network',
    autoFix: false,
    key: (f) => f.id,
    fix: (f) =>
      `The default route leaves the VPC through ${'id' in f.target ? f.target.id : f.target.kind} (${f.target.kind}); ecs-pullfix cannot see past it: check that path reaches the internet on 443, or create the VPC endpoints the task needs.`,
  },
  'registry-needs-internet': {
    rank: 150,
    scope: 'network',
    autoFix: false,
    key: (f) => f.id,
    fix: (f, region) =>
      `${f.why}: give the task an internet path (a NAT gateway), or mirror the image into ECR in ${region} (a pull-through cache rule or replication).`,
  },
} as const satisfies Entries<
  'no-egress-path' | 'nat-unavailable' | 'public-ip-disabled' | 'path-leaves-vpc' | 'registry-needs-internet'
>;
