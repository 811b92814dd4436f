import {
  CreateEgressOnlyInternetGatewayCommand,
  CreateNetworkAclEntryCommand,
  CreateRouteCommand,
  DescribeNetworkAclsCommand,
  DescribeVpcsCommand,
  type EC2Client,
  ModifySubnetAttributeCommand,
} from '@aws-sdk/client-ec2';
import { rangeOf6 } from '../../src/core/cidr.js';
import type { RouteTable, Subnet } from '../../src/core/network.js';
import type { Scenario } from '../../src/sim/scenario.js';

/*
 * The IPv6 half of the moto builder (`moto.ts`). moto gives a VPC its own Amazon-provided /56,
 * not the scenario's: each subnet's /64 keeps its place in the /56 (`…:7c01::/64` of
 * `…:7c00::/56` is the second /64 of moto's /56). moto's default network ACL has no IPv6
 * entries, where EC2's has rule 101 for `::/0` both ways: the builder adds them, as EC2 would.
 */

/** The /56 moto gave the VPC, when the scenario's VPC has one. */
export async function vpcIpv6InMoto(s: Scenario, ec2: EC2Client, vpcId: string): Promise<string | undefined> {
  if (s.file.vpc.ipv6Cidr === undefined) return undefined;
  const out = await ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }));
  return out.Vpcs?.[0]?.Ipv6CidrBlockAssociationSet?.[0]?.Ipv6CidrBlock;
}

/** The CreateSubnet fields of a subnet's IPv6 side: its /64 moved into moto's /56, IPv6-only or not. */
export function subnetIpv6Fields(
  s: Scenario,
  subnet: Subnet,
  motoVpc: string | undefined,
): { Ipv6CidrBlock?: string; Ipv6Native?: boolean } {
  const [own] = subnet.ipv6Cidrs ?? [];
  const scenarioVpc = s.file.vpc.ipv6Cidr;
  const from = scenarioVpc === undefined ? undefined : rangeOf6(scenarioVpc);
  const to = motoVpc === undefined ? undefined : rangeOf6(motoVpc);
  const mine = own === undefined ? undefined : rangeOf6(own);
  if (!from || !to || !mine) return {};
  return {
    Ipv6CidrBlock: `${textOf6(to.start + (mine.start - from.start))}/64`,
    ...(subnet.ipv6Native ? { Ipv6Native: true } : {}),
  };
}

/** DNS64 on the subnets whose scenario turns it on (moto takes it, and does not say it back). */
export async function buildDns64InMoto(
  s: Scenario,
  ec2: EC2Client,
  id: (x: string) => string,
): Promise<void> {
  for (const subnet of s.subnets.filter((x) => x.dns64))
    await ec2.send(
      new ModifySubnetAttributeCommand({ SubnetId: id(subnet.id), EnableDns64: { Value: true } }),
    );
}

/** A table's IPv6 routes (the local /56 is moto's own), their egress-only gateways created once. */
export async function buildIpv6RoutesInMoto(
  ec2: EC2Client,
  table: RouteTable,
  tableId: string,
  vpcId: string,
  ids: Map<string, string>,
): Promise<void> {
  const id = (x: string) => ids.get(x) ?? x;
  for (const r of table.ipv6Routes ?? []) {
    if (r.target.kind === 'local' || !('id' in r.target)) continue;
    if (r.target.kind === 'egress-only-internet-gateway' && !ids.has(r.target.id)) {
      const out = await ec2.send(new CreateEgressOnlyInternetGatewayCommand({ VpcId: vpcId }));
      ids.set(r.target.id, out.EgressOnlyInternetGateway?.EgressOnlyInternetGatewayId ?? '');
    }
    const target =
      r.target.kind === 'egress-only-internet-gateway'
        ? { EgressOnlyInternetGatewayId: id(r.target.id) }
        : r.target.kind === 'nat-gateway'
          ? { NatGatewayId: id(r.target.id) }
          : { GatewayId: id(r.target.id) };
    await ec2.send(
      new CreateRouteCommand({
        RouteTableId: tableId,
        DestinationIpv6CidrBlock: r.destinationIpv6Cidr,
        ...target,
      }),
    );
  }
}

/** EC2's default ACL of a VPC with an IPv6 CIDR passes `::/0` both ways (rule 101): moto's does not. */
export async function openDefaultAclToIpv6(s: Scenario, ec2: EC2Client, vpcId: string): Promise<void> {
  if (s.file.vpc.ipv6Cidr === undefined || s.file.networkAcls) return;
  const acls = await ec2.send(
    new DescribeNetworkAclsCommand({
      Filters: [
        { Name: 'vpc-id', Values: [vpcId] },
        { Name: 'default', Values: ['true'] },
      ],
    }),
  );
  const aclId = acls.NetworkAcls?.[0]?.NetworkAclId ?? '';
  for (const Egress of [true, false])
    await ec2.send(
      new CreateNetworkAclEntryCommand({
        NetworkAclId: aclId,
        RuleNumber: 101,
        Egress,
        Protocol: '-1',
        RuleAction: 'allow',
        Ipv6CidrBlock: '::/0',
      }),
    );
}

/** An IPv6 address as eight groups (uncompressed: every reader takes it). */
function textOf6(value: bigint): string {
  return Array.from({ length: 8 }, (_, i) => ((value >> BigInt(112 - 16 * i)) & 0xffffn).toString(16)).join(
    ':',
  );
}
