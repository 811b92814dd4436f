import {
  DescribeDhcpOptionsCommand,
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
  paginateGetManagedPrefixListEntries,
} from '@aws-sdk/client-ec2';
import type {
  DhcpOptions,
  HopInterface,
  NatGateway,
  NetworkAcl,
  RouteTable,
  SecurityGroup,
  Subnet,
  Tags,
  VpcEndpoint,
} from '../core/network.js';
import type {
  Ec2Instance,
  Ec2Reader,
  LaunchTemplateVersion,
  NetworkInterface,
  VpcDnsAttribute,
  VpcFacts,
} from '../core/ports.js';
import { AwsCallError } from '../errors.js';
import { describeInstance, describeLaunchTemplateVersion } from './ec2-instance.js';
import {
  collect,
  dhcpOptions,
  hopInterface,
  ipv6RoutesOf,
  networkAcl,
  route,
  securityGroup,
  subnet,
  tagsOf,
  vpcEndpoint,
} from './ec2-shapes.js';
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
        (p.Subnets ?? []).map(subnet),
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
            ...ipv6RoutesOf(t.Routes ?? []),
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
        (p) => (p.NetworkAcls ?? []).map(networkAcl),
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
        (p) => (p.VpcEndpoints ?? []).map(vpcEndpoint),
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
            ...(n.ConnectivityType === 'private' || n.ConnectivityType === 'public'
              ? { connectivityType: n.ConnectivityType }
              : {}),
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
    return (await this.describeVpc(vpcId)).tags;
  }

  async describeVpc(vpcId: string): Promise<VpcFacts> {
    // A filter, not VpcIds: a VPC deleted since answers an empty list, not the whole call failing.
    const out = await call('ec2:DescribeVpcs', () =>
      this.#ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] })),
    );
    const vpc = out.Vpcs?.[0];
    if (!vpc)
      throw new AwsCallError('ec2:DescribeVpcs', 'InvalidVpcID.NotFound', 'not-found', `no VPC ${vpcId}`);
    const associated = (vpc.CidrBlockAssociationSet ?? []).flatMap((a) =>
      a.CidrBlock && a.CidrBlockState?.State === 'associated' ? [a.CidrBlock] : [],
    );
    return {
      dhcpOptionsId: vpc.DhcpOptionsId ?? 'default',
      cidrs: associated.length > 0 ? associated : vpc.CidrBlock ? [vpc.CidrBlock] : [],
      tags: tagsOf(vpc.Tags),
    };
  }

  describeVpcSecurityGroups(vpcId: string): Promise<SecurityGroup[]> {
    return call('ec2:DescribeSecurityGroups', () =>
      collect(
        paginateDescribeSecurityGroups(
          { client: this.#ec2 },
          { Filters: [{ Name: 'vpc-id', Values: [vpcId] }] },
        ),
        (p) => (p.SecurityGroups ?? []).map(securityGroup),
      ),
    );
  }

  getManagedPrefixListEntries(id: string): Promise<string[]> {
    return call('ec2:GetManagedPrefixListEntries', () =>
      collect(paginateGetManagedPrefixListEntries({ client: this.#ec2 }, { PrefixListId: id }), (p) =>
        (p.Entries ?? []).flatMap((e) => (e.Cidr ? [e.Cidr] : [])),
      ),
    );
  }

  async describeDhcpOptions(id: string): Promise<DhcpOptions | undefined> {
    // A filter, not DhcpOptionsIds: a set deleted since is absent, not the whole call failing.
    const out = await call('ec2:DescribeDhcpOptions', () =>
      this.#ec2.send(
        new DescribeDhcpOptionsCommand({ Filters: [{ Name: 'dhcp-options-id', Values: [id] }] }),
      ),
    );
    const set = out.DhcpOptions?.[0];
    return set ? dhcpOptions(set) : undefined;
  }

  describeNetworkInterfacesByAddress(vpcId: string, ip: string): Promise<HopInterface[]> {
    return call('ec2:DescribeNetworkInterfaces', () =>
      collect(
        paginateDescribeNetworkInterfaces(
          { client: this.#ec2 },
          {
            Filters: [
              { Name: 'vpc-id', Values: [vpcId] },
              { Name: 'addresses.private-ip-address', Values: [ip] },
            ],
          },
        ),
        (p) => (p.NetworkInterfaces ?? []).map((n) => hopInterface(n, ip)),
      ),
    );
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

  describeInstance(id: string): Promise<Ec2Instance | undefined> {
    return describeInstance(this.#ec2, id);
  }

  describeLaunchTemplateVersion(id: string, version: string): Promise<LaunchTemplateVersion | undefined> {
    return describeLaunchTemplateVersion(this.#ec2, id, version);
  }
}
