import type { Ec2Reader } from '../core/ports.js';
import type { By } from './fleet-reads.js';

// The fleet's EC2 reads of a VPC's network, each served by the account that owns the id it names.

/** The EC2 reads that name a VPC, served by the account that owns it. */
export function fleetEc2ReadsByVpc(
  by: By,
): Pick<
  Ec2Reader,
  | 'describeRouteTables'
  | 'describeNetworkAcls'
  | 'describeVpcEndpoints'
  | 'describeVpcAttribute'
  | 'findSecurityGroup'
  | 'describeVpcTags'
> {
  type Attribute = Parameters<Ec2Reader['describeVpcAttribute']>[1];
  return {
    describeRouteTables: by(
      'ec2:DescribeRouteTables',
      (vpc: string) => vpc,
      (a, vpc) => a.ec2.describeRouteTables(vpc),
    ),
    describeNetworkAcls: by(
      'ec2:DescribeNetworkAcls',
      (vpc: string) => vpc,
      (a, vpc) => a.ec2.describeNetworkAcls(vpc),
    ),
    describeVpcEndpoints: by(
      'ec2:DescribeVpcEndpoints',
      (vpc: string) => vpc,
      (a, vpc) => a.ec2.describeVpcEndpoints(vpc),
    ),
    describeVpcAttribute: by(
      'ec2:DescribeVpcAttribute',
      (vpc: string, _attribute: Attribute) => vpc,
      (a, vpc, attribute: Attribute) => a.ec2.describeVpcAttribute(vpc, attribute),
    ),
    findSecurityGroup: by(
      'ec2:DescribeSecurityGroups',
      (vpc: string, _name: string) => vpc,
      (a, vpc, name: string) => a.ec2.findSecurityGroup(vpc, name),
    ),
    describeVpcTags: by(
      'ec2:DescribeVpcs',
      (vpc: string) => vpc,
      (a, vpc: string) => a.ec2.describeVpcTags(vpc),
    ),
  };
}

/**
 * The EC2 reads that name resources by id, served by the account owning the first id (a
 * prefix list's name is no account's: the first account answers).
 */
export function fleetEc2ReadsById(
  by: By,
): Pick<
  Ec2Reader,
  | 'describeSubnets'
  | 'describeSecurityGroups'
  | 'describeNatGateways'
  | 'describeNetworkInterfaces'
  | 'describeManagedPrefixListId'
  | 'describeInstance'
> {
  return {
    describeInstance: by(
      'ec2:DescribeInstances',
      (id: string) => id,
      (a, id: string) => a.ec2.describeInstance(id),
    ),
    describeSubnets: by(
      'ec2:DescribeSubnets',
      (ids: readonly string[]) => ids[0],
      (a, ids) => a.ec2.describeSubnets(ids),
    ),
    describeSecurityGroups: by(
      'ec2:DescribeSecurityGroups',
      (ids: readonly string[]) => ids[0],
      (a, ids) => a.ec2.describeSecurityGroups(ids),
    ),
    describeNatGateways: by(
      'ec2:DescribeNatGateways',
      (ids: readonly string[]) => ids[0],
      (a, ids) => a.ec2.describeNatGateways(ids),
    ),
    describeNetworkInterfaces: by(
      'ec2:DescribeNetworkInterfaces',
      (ids: readonly string[]) => ids[0],
      (a, ids) => a.ec2.describeNetworkInterfaces(ids),
    ),
    describeManagedPrefixListId: by(
      'ec2:DescribeManagedPrefixLists',
      (_name: string) => undefined,
      (a, name: string) => a.ec2.describeManagedPrefixListId(name),
    ),
  };
}
