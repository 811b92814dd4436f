import {
  DescribeManagedPrefixListsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcsCommand,
  type EC2Client,
  paginateDescribeNatGateways,
  paginateDescribeNetworkAcls,
  paginateDescribeNetworkInterfaces,
  paginateDescribeRouteTables,
  paginateDescribeSecurityGroups,
  paginateDescribeSubnets,
  paginateDescribeVpcEndpoints,
} from '@aws-sdk/client-ec2';
import type {
  NaclEntry,
  NatGateway,
  NetworkAcl,
  RouteTable,
  SecurityGroup,
  Subnet,
  Tags,
  VpcEndpoint,
} from '../core/network.js';
import type { Ec2Reader, NetworkInterface, VpcDnsAttribute } from '../core/ports.js';
import { AwsCallError } from '../errors.js';
import { collect, lowerFirst, route, securityGroup, tagsOf } from './ec2-shapes.js';
import { call } from './errors.js';

/**
 * The EC2 read port, on the SDK. Every call takes all its ids at once or one `vpc-id`
 * filter; ids go in filters where AWS would otherwise fail the whole call for one
 * missing id (an ENI deleted at STOPPED, a NAT gateway deleted since), so that what is
 * gone is simply absent.
 */
export class SdkEc2Reader implements Ec2Reader {
  readonly #ec2: EC2Client;
  constructor(ec2: EC2Client) {
    this.#ec2 = ec2;
  }

  describeSubnets(ids: readonly string[]): Promise<Subnet[]> {
    return call('ec2:DescribeSubnets', () =>
      collect(paginateDescribeSubnets({ client: this.#ec2 }, { SubnetIds: [...ids] }), (p) =>
        (p.Subnets ?? []).map((s) => ({
          id: s.SubnetId ?? '',
          vpcId: s.VpcId ?? '',
          cidr: s.CidrBlock ?? '',
          availabilityZone: s.AvailabilityZone ?? '',
        })),
      ),
    );
  }

  describeRouteTables(vpcId: string): Promise<RouteTable[]> {
    return call('ec2:DescribeRouteTables', () =>
      collect(
        paginateDescribeRouteTables(
          { client: this.#ec2 },
          { Filters: [{ Name: 'vpc-id', Values: [vpcId] }] },
        ),
        (p) =>
          (p.RouteTables ?? []).map((t) => ({
            id: t.RouteTableId ?? '',
            main: (t.Associations ?? []).some((a) => a.Main === true),
            subnetIds: (t.Associations ?? []).flatMap((a) => (a.SubnetId ? [a.SubnetId] : [])),
            routes: (t.Routes ?? []).flatMap(route),
          })),
      ),
    );
  }

  describeNetworkAcls(vpcId: string): Promise<NetworkAcl[]> {
    return call('ec2:DescribeNetworkAcls', () =>
      collect(
        paginateDescribeNetworkAcls(
          { client: this.#ec2 },
          { Filters: [{ Name: 'vpc-id', Values: [vpcId] }] },
        ),
        (p) =>
          (p.NetworkAcls ?? []).map((a) => ({
            id: a.NetworkAclId ?? '',
            subnetIds: (a.Associations ?? []).flatMap((x) => (x.SubnetId ? [x.SubnetId] : [])),
            entries: (a.Entries ?? []).flatMap((e): NaclEntry[] =>
              e.CidrBlock === undefined
                ? [] // IPv6 entries: the checks are IPv4
                : [
                    {
                      ruleNumber: e.RuleNumber ?? 32767,
                      egress: e.Egress === true,
                      protocol: e.Protocol ?? '-1',
                      action: e.RuleAction === 'allow' ? 'allow' : 'deny',
                      cidr: e.CidrBlock,
                      ...(e.PortRange?.From !== undefined && e.PortRange.To !== undefined
                        ? { ports: { from: e.PortRange.From, to: e.PortRange.To } }
                        : {}),
                    },
                  ],
            ),
          })),
      ),
    );
  }

  describeVpcEndpoints(vpcId: string): Promise<VpcEndpoint[]> {
    return call('ec2:DescribeVpcEndpoints', () =>
      collect(
        paginateDescribeVpcEndpoints(
          { client: this.#ec2 },
          { Filters: [{ Name: 'vpc-id', Values: [vpcId] }] },
        ),
        (p) =>
          (p.VpcEndpoints ?? []).map((e) => ({
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
          })),
      ),
    );
  }

  async describeVpcAttribute(vpcId: string, attribute: VpcDnsAttribute): Promise<boolean> {
    const out = await call('ec2:DescribeVpcAttribute', () =>
      this.#ec2.send(new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: attribute })),
    );
    return (
      (attribute === 'enableDnsSupport' ? out.EnableDnsSupport?.Value : out.EnableDnsHostnames?.Value) ===
      true
    );
  }

  describeSecurityGroups(ids: readonly string[]): Promise<SecurityGroup[]> {
    return call('ec2:DescribeSecurityGroups', () =>
      collect(
        paginateDescribeSecurityGroups(
          { client: this.#ec2 },
          { Filters: [{ Name: 'group-id', Values: [...ids] }] },
        ),
        (p) => (p.SecurityGroups ?? []).map(securityGroup),
      ),
    );
  }

  describeNatGateways(ids: readonly string[]): Promise<NatGateway[]> {
    return call('ec2:DescribeNatGateways', () =>
      collect(
        paginateDescribeNatGateways(
          { client: this.#ec2 },
          { Filter: [{ Name: 'nat-gateway-id', Values: [...ids] }] },
        ),
        (p) =>
          (p.NatGateways ?? []).map((n) => ({
            id: n.NatGatewayId ?? '',
            state: n.State ?? 'unknown',
            ...(n.SubnetId ? { subnetId: n.SubnetId } : {}),
          })),
      ),
    );
  }

  async findSecurityGroup(vpcId: string, groupName: string): Promise<SecurityGroup | undefined> {
    const groups = await call('ec2:DescribeSecurityGroups', () =>
      collect(
        paginateDescribeSecurityGroups(
          { client: this.#ec2 },
          {
            Filters: [
              { Name: 'vpc-id', Values: [vpcId] },
              { Name: 'group-name', Values: [groupName] },
            ],
          },
        ),
        (p) => (p.SecurityGroups ?? []).map(securityGroup),
      ),
    );
    return groups[0];
  }

  async describeManagedPrefixListId(name: string): Promise<string | undefined> {
    const out = await call('ec2:DescribeManagedPrefixLists', () =>
      this.#ec2.send(
        new DescribeManagedPrefixListsCommand({ Filters: [{ Name: 'prefix-list-name', Values: [name] }] }),
      ),
    );
    return out.PrefixLists?.[0]?.PrefixListId;
  }

  async describeVpcTags(vpcId: string): Promise<Tags> {
    // A filter, not VpcIds: a VPC deleted since answers an empty list, not the whole call failing.
    const out = await call('ec2:DescribeVpcs', () =>
      this.#ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] })),
    );
    const vpc = out.Vpcs?.[0];
    if (!vpc)
      throw new AwsCallError('ec2:DescribeVpcs', 'InvalidVpcID.NotFound', 'not-found', `no VPC ${vpcId}`);
    return tagsOf(vpc.Tags);
  }

  describeNetworkInterfaces(ids: readonly string[]): Promise<NetworkInterface[]> {
    return call('ec2:DescribeNetworkInterfaces', () =>
      collect(
        paginateDescribeNetworkInterfaces(
          { client: this.#ec2 },
          { Filters: [{ Name: 'network-interface-id', Values: [...ids] }] },
        ),
        (p) =>
          (p.NetworkInterfaces ?? []).map((n) => ({
            id: n.NetworkInterfaceId ?? '',
            subnetId: n.SubnetId ?? '',
            vpcId: n.VpcId ?? '',
            securityGroupIds: (n.Groups ?? []).flatMap((g) => (g.GroupId ? [g.GroupId] : [])),
            ...(n.Association?.PublicIp ? { publicIp: n.Association.PublicIp } : {}),
          })),
      ),
    );
  }
}
