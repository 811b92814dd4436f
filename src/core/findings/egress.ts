import type { Snapshot } from '../network.js';
import { natCli, natSubnetRouteCli, publicIpCli } from '../plan/recommend-network.js';
import { replicationCli, replicationWords } from '../plan/recommend-replication.js';
import { pullThroughCacheCli } from '../plan/recommend-workload.js';
import { HOURS_PER_MONTH, NAT_GATEWAY_USD_PER_HOUR, PUBLIC_IPV4_USD_PER_HOUR } from '../prices.js';
import { commentLine } from '../shell.js';
import type { Entries } from './spec.js';
import type { FindingOf } from './types.js';

/** The VPC's internet gateway, where one of its route tables names it. */
function igwOf(s: Snapshot): string | undefined {
  const tables = s.routeTables.ok ? s.routeTables.value : [];
  for (const r of tables.flatMap((t) => t.routes))
    if (r.target.kind === 'internet-gateway' && r.state === 'active') return r.target.id;
  return undefined;
}

/** What to do about a NAT gateway that is no way out: failed or gone, private, or in a subnet with no route out. */
function natFix(f: FindingOf<'nat-unavailable'>): string {
  const nat = f.natGatewayId ?? 'a NAT gateway';
  const endpoints = 'or create the VPC endpoints the task needs';
  if (f.reason === 'private')
    return `The default route of ${f.routeTableId} goes to ${nat}, a private NAT gateway, which cannot reach the internet: point 0.0.0.0/0 at a public NAT gateway in a public subnet (${endpoints}).`;
  if (f.reason === 'no-internet-route')
    return `The default route of ${f.routeTableId} goes to ${nat}, but its subnet ${f.natSubnetId ?? ''} has no 0.0.0.0/0 route to an internet gateway (route table ${f.natRouteTableId ?? ''}): add that route, or point 0.0.0.0/0 at a NAT gateway in a public subnet (${endpoints}).`;
  return `The default route of ${f.routeTableId} goes to ${nat}, which is ${f.state}: point 0.0.0.0/0 at an available NAT gateway (${endpoints}).`;
}

/** How the task's subnets leave the VPC: no way out, a broken NAT, no public IP, a path unseen, a registry beyond. */
export const EGRESS = {
  'no-egress-path': {
    rank: 20,
    scope: 'network',
    autoFix: true,
    key: (f) => f.id,
    fix: (f) =>
      `Give ${f.subnetIds.join(', ')} a way out: create the VPC endpoints this task needs (below), or route 0.0.0.0/0 in ${f.routeTableIds.join(', ')} to a NAT gateway.`,
    remedy: (f, plan) =>
      plan.recommend(
        'add-nat-gateway',
        f,
        natCli(f.routeTableIds, f.vpcId),
        NAT_GATEWAY_USD_PER_HOUR * HOURS_PER_MONTH,
      ),
  },
  'nat-unavailable': {
    rank: 30,
    scope: 'network',
    autoFix: true,
    key: (f) => f.id,
    fix: natFix,
    remedy: (f, plan) => {
      const { vpcId } = plan.snapshot;
      const vpc = vpcId.ok ? vpcId.value : undefined;
      if (f.reason === 'no-internet-route' && f.natRouteTableId)
        plan.recommend('fix-nat-route', f, natSubnetRouteCli(f.natRouteTableId, vpc, igwOf(plan.snapshot)));
      else plan.recommend('fix-nat-route', f, natCli([f.routeTableId], vpc));
    },
  },
  'public-ip-disabled': {
    rank: 40,
    scope: 'network',
    autoFix: true,
    key: (f) => f.id,
    fix: (f) =>
      f.instanceId
        ? `The subnets route to ${f.internetGatewayId} but the container instance ${f.instanceId}, whose interface the task's pull uses, has no public IP: launch the instances with one (AssociatePublicIpAddress in the launch template's network interface), or move them to private subnets with a NAT gateway, or create the VPC endpoints the task needs.`
        : `The subnets route to ${f.internetGatewayId} but the task has no public IP: set assignPublicIp: ENABLED in the service's network configuration, or move the task to private subnets with a NAT gateway, or create the VPC endpoints it needs.`,
    remedy: (f, plan) =>
      plan.recommend(
        'assign-public-ip',
        f,
        publicIpCli(plan.snapshot),
        PUBLIC_IPV4_USD_PER_HOUR * HOURS_PER_MONTH,
      ),
  },
  'path-leaves-vpc': {
    rank: 50,
    scope: 'network',
    autoFix: false,
    key: (f) => f.id,
    fix: (f) =>
      `The default route leaves the VPC through ${'id' in f.target ? f.target.id : f.target.kind} (${f.target.kind}); ecs-pullfix cannot see past it: check that path reaches the internet on 443, or create the VPC endpoints the task needs.`,
    remedy: (f, plan) =>
      plan.recommend(
        'check-path',
        f,
        commentLine(
          `the default route of ${f.routeTableId} leaves the VPC: check that the path beyond it allows TCP 443 to the registries and AWS services`,
        ),
      ),
  },
  'registry-needs-internet': {
    rank: 150,
    scope: 'network',
    autoFix: false,
    key: (f) => f.id,
    fix: (f, region) =>
      f.replication?.kind === 'replicated'
        ? `${f.why}.${replicationWords(f.replication)} Otherwise give the task an internet path (a NAT gateway).`
        : `${f.why}: give the task an internet path (a NAT gateway), or mirror the image into ECR in ${region} (a pull-through cache rule or replication).${f.replication ? replicationWords(f.replication) : ''}`,
    remedy: (f, plan) =>
      plan.recommend(
        'mirror-image',
        f,
        f.registryHost?.includes('docker.io')
          ? pullThroughCacheCli(plan.snapshot)
          : ((f.replication && replicationCli(f.replication)) ??
              commentLine(
                'give the task an internet path (a NAT gateway), or copy the image into ECR in this region (replication or a pull-through cache rule)',
              )),
      ),
  },
} as const satisfies Entries<
  'no-egress-path' | 'nat-unavailable' | 'public-ip-disabled' | 'path-leaves-vpc' | 'registry-needs-internet'
>;
