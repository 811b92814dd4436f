import type {
  IpPermission,
  DhcpOptions as SdkDhcpOptions,
  NetworkAcl as SdkNetworkAcl,
  NetworkInterface as SdkNetworkInterface,
  Route as SdkRoute,
  SecurityGroup as SdkSecurityGroup,
  Subnet as SdkSubnet,
  VpcEndpoint as SdkVpcEndpoint,
  Tag,
} from '@aws-sdk/client-ec2';
import type {
  DhcpOptions,
  HopInterface,
  Ipv6Route,
  NaclEntry,
  NetworkAcl,
  Route,
  RouteTarget,
  SecurityGroup,
  SecurityGroupRule,
  Subnet,
  Tags,
  VpcEndpoint,
} from '../core/network.js';

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

/** The states of a subnet's IPv6 block that no longer give its tasks addresses. */
const GONE_STATES: ReadonlySet<string> = new Set(['disassociating', 'disassociated', 'failing', 'failed']);

/** One SDK subnet in our terms, with its IPv6 CIDRs, whether it is IPv6-only, and DNS64. */
export function subnet(s: SdkSubnet): Subnet {
  // Only a block on its way out (or that failed) is left out: some answers spell the state oddly.
  const ipv6Cidrs = (s.Ipv6CidrBlockAssociationSet ?? []).flatMap((a) =>
    a.Ipv6CidrBlock && !GONE_STATES.has(String(a.Ipv6CidrBlockState?.State ?? 'associated'))
      ? [a.Ipv6CidrBlock]
      : [],
  );
  return {
    id: s.SubnetId ?? '',
    vpcId: s.VpcId ?? '',
    cidr: s.CidrBlock ?? '',
    availabilityZone: s.AvailabilityZone ?? '',
    ...(ipv6Cidrs.length > 0 ? { ipv6Cidrs } : {}),
    ...(s.Ipv6Native === true ? { ipv6Native: true } : {}),
    ...(s.EnableDns64 === true ? { dns64: true } : {}),
  };
}

/** One SDK IPv6 route in our terms (none for IPv4 routes and routes without a known target). */
export function ipv6Route(r: SdkRoute): Ipv6Route[] {
  const target = routeTarget(r);
  if (!target || !r.DestinationIpv6CidrBlock) return [];
  return [
    {
      destinationIpv6Cidr: r.DestinationIpv6CidrBlock,
      target,
      state: r.State === 'blackhole' ? 'blackhole' : 'active',
    },
  ];
}

/** A route table's IPv6 routes, as its `ipv6Routes` field (none: no field). */
export function ipv6RoutesOf(routes: readonly SdkRoute[]): { ipv6Routes?: readonly Ipv6Route[] } {
  const ipv6Routes = routes.flatMap(ipv6Route);
  return ipv6Routes.length > 0 ? { ipv6Routes } : {};
}

/** One SDK route in our terms: none for IPv6 routes (see `ipv6Route`) and routes without a known target. */
export function route(r: SdkRoute): Route[] {
  const target = routeTarget(r);
  if (!target) return [];
  const state = r.State === 'blackhole' ? 'blackhole' : 'active';
  if (r.DestinationCidrBlock) return [{ destinationCidr: r.DestinationCidrBlock, target, state }];
  if (r.DestinationPrefixListId)
    return [{ destinationPrefixListId: r.DestinationPrefixListId, target, state }];
  return []; // IPv6 routes: `ipv6Route`
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
    ...ipv6RangesOf(p),
    prefixListIds: (p.PrefixListIds ?? []).flatMap((x) => (x.PrefixListId ? [x.PrefixListId] : [])),
    groupIds: (p.UserIdGroupPairs ?? []).flatMap((x) => (x.GroupId ? [x.GroupId] : [])),
  };
}

function ipv6RangesOf(p: IpPermission): { ipv6Cidrs?: readonly string[] } {
  const ipv6Cidrs = (p.Ipv6Ranges ?? []).flatMap((r) => (r.CidrIpv6 ? [r.CidrIpv6] : []));
  return ipv6Cidrs.length > 0 ? { ipv6Cidrs } : {};
}

/** A DHCP option set's id and `domain-name-servers` (the other options do not decide where names go). */
export function dhcpOptions(set: SdkDhcpOptions): DhcpOptions {
  const servers = (set.DhcpConfigurations ?? []).find((c) => c.Key === 'domain-name-servers');
  return {
    id: set.DhcpOptionsId ?? '',
    domainNameServers: (servers?.Values ?? []).flatMap((v) => (v.Value ? [v.Value] : [])),
  };
}

/** An interface endpoint's network interfaces say so in their description (EC2 writes it, the owner cannot). */
const ENDPOINT_DESCRIPTION = /^VPC Endpoint Interface (vpce-[0-9a-f]+)/;

/** The interface that holds `ip`, and whose it is: an endpoint's, by its description or requester. */
export function hopInterface(n: SdkNetworkInterface, ip: string): HopInterface {
  const endpointId =
    n.Description?.match(ENDPOINT_DESCRIPTION)?.[1] ??
    (n.RequesterId?.startsWith('vpce-') ? n.RequesterId : undefined);
  return {
    id: n.NetworkInterfaceId ?? '',
    ip,
    subnetId: n.SubnetId ?? '',
    ...(n.InterfaceType ? { interfaceType: n.InterfaceType } : {}),
    ...(endpointId ? { endpointId } : {}),
    ...(n.Description ? { description: n.Description } : {}),
  };
}

/** One SDK network ACL in our terms: its subnets and entries, IPv6 ones (`Ipv6CidrBlock`) included. */
export function networkAcl(a: SdkNetworkAcl): NetworkAcl {
  return {
    id: a.NetworkAclId ?? '',
    subnetIds: (a.Associations ?? []).flatMap((x) => (x.SubnetId ? [x.SubnetId] : [])),
    entries: (a.Entries ?? []).flatMap((e): NaclEntry[] => {
      const cidr = e.CidrBlock ?? e.Ipv6CidrBlock;
      return cidr === undefined
        ? []
        : [
            {
              ruleNumber: e.RuleNumber ?? 32767,
              egress: e.Egress === true,
              protocol: e.Protocol ?? '-1',
              action: e.RuleAction === 'allow' ? 'allow' : 'deny',
              cidr,
              ...(e.PortRange?.From !== undefined && e.PortRange.To !== undefined
                ? { ports: { from: e.PortRange.From, to: e.PortRange.To } }
                : {}),
            },
          ];
    }),
  };
}

/** One SDK VPC endpoint in our terms. */
export function vpcEndpoint(e: SdkVpcEndpoint): VpcEndpoint {
  return {
    id: e.VpcEndpointId ?? '',
    serviceName: e.ServiceName ?? '',
    type:
      e.VpcEndpointType === 'Gateway'
        ? 'Gateway'
        : e.VpcEndpointType === 'GatewayLoadBalancer'
          ? 'GatewayLoadBalancer'
          : 'Interface',
    // The API spells states `available`, `pendingAcceptance` … (some endpoints and tools capitalise them).
    state: lowerFirst(e.State ?? 'unknown'),
    privateDns: e.PrivateDnsEnabled === true,
    subnetIds: e.SubnetIds ?? [],
    securityGroupIds: (e.Groups ?? []).flatMap((g) => (g.GroupId ? [g.GroupId] : [])),
    routeTableIds: e.RouteTableIds ?? [],
    ...(e.PolicyDocument ? { policy: e.PolicyDocument } : {}),
    tags: tagsOf(e.Tags),
    // An unreadable timestamp is left out, not thrown on (toISOString throws on an invalid Date).
    ...(e.CreationTimestamp instanceof Date && !Number.isNaN(e.CreationTimestamp.getTime())
      ? { createdAt: e.CreationTimestamp.toISOString() }
      : {}),
    ...(e.IpAddressType ? { ipAddressType: e.IpAddressType } : {}),
    ...(e.DnsOptions?.DnsRecordIpType ? { dnsRecordIpType: e.DnsOptions.DnsRecordIpType } : {}),
  };
}
