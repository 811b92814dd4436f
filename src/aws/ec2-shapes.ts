import type {
  IpPermission,
  Route as SdkRoute,
  SecurityGroup as SdkSecurityGroup,
  Tag,
} from '@aws-sdk/client-ec2';
import type { Route, RouteTarget, SecurityGroup, SecurityGroupRule, Tags } from '../core/network.js';

// The SDK's EC2 shapes translated into ours (the read adapter's pure half).

/** Every item of every page, in order. */
export async function collect<P, T>(pages: AsyncIterable<P>, map: (page: P) => T[]): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(...map(page));
  return all;
}

/** `EnableDnsSupport` → `enableDnsSupport`. */
export function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

/** One SDK route in our terms: none for IPv6 routes and routes without a known target. */
export function route(r: SdkRoute): Route[] {
  const target = routeTarget(r);
  if (!target) return [];
  const state = r.State === 'blackhole' ? 'blackhole' : 'active';
  if (r.DestinationCidrBlock) return [{ destinationCidr: r.DestinationCidrBlock, target, state }];
  if (r.DestinationPrefixListId)
    return [{ destinationPrefixListId: r.DestinationPrefixListId, target, state }];
  return []; // IPv6 routes: the checks are IPv4
}

function routeTarget(r: SdkRoute): RouteTarget | undefined {
  if (r.NatGatewayId) return { kind: 'nat-gateway', id: r.NatGatewayId };
  if (r.TransitGatewayId) return { kind: 'transit-gateway', id: r.TransitGatewayId };
  if (r.VpcPeeringConnectionId) return { kind: 'peering', id: r.VpcPeeringConnectionId };
  if (r.EgressOnlyInternetGatewayId)
    return { kind: 'egress-only-internet-gateway', id: r.EgressOnlyInternetGatewayId };
  if (r.InstanceId) return { kind: 'instance', id: r.InstanceId };
  if (r.NetworkInterfaceId) return { kind: 'network-interface', id: r.NetworkInterfaceId };
  const gw = r.GatewayId;
  if (gw === 'local') return { kind: 'local' };
  if (gw?.startsWith('igw-')) return { kind: 'internet-gateway', id: gw };
  if (gw?.startsWith('vgw-')) return { kind: 'virtual-private-gateway', id: gw };
  if (gw?.startsWith('vpce-')) return { kind: 'vpc-endpoint', id: gw };
  const other = gw ?? r.LocalGatewayId ?? r.CarrierGatewayId ?? r.CoreNetworkArn;
  return other ? { kind: 'other', id: other } : undefined;
}

/** One SDK security group in our terms, its rules and tags included. */
export function securityGroup(g: SdkSecurityGroup): SecurityGroup {
  return {
    id: g.GroupId ?? '',
    ...(g.GroupName ? { name: g.GroupName } : {}),
    ...(g.VpcId ? { vpcId: g.VpcId } : {}),
    ingress: (g.IpPermissions ?? []).map(sgRule),
    egress: (g.IpPermissionsEgress ?? []).map(sgRule),
    tags: tagsOf(g.Tags),
  };
}

/** The SDK's tag list as a record; keyless tags dropped. */
export function tagsOf(tags: readonly Tag[] | undefined): Tags {
  return Object.fromEntries((tags ?? []).flatMap((t) => (t.Key ? [[t.Key, t.Value ?? '']] : [])));
}

function sgRule(p: IpPermission): SecurityGroupRule {
  return {
    protocol: p.IpProtocol ?? '-1',
    ...(p.FromPort !== undefined && p.FromPort !== -1 ? { fromPort: p.FromPort } : {}),
    ...(p.ToPort !== undefined && p.ToPort !== -1 ? { toPort: p.ToPort } : {}),
    cidrs: (p.IpRanges ?? []).flatMap((r) => (r.CidrIp ? [r.CidrIp] : [])),
    prefixListIds: (p.PrefixListIds ?? []).flatMap((x) => (x.PrefixListId ? [x.PrefixListId] : [])),
    groupIds: (p.UserIdGroupPairs ?? []).flatMap((x) => (x.GroupId ? [x.GroupId] : [])),
  };
}
