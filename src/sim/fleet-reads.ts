import type { Ec2Reader, EfsReader, ResolverReader } from '../core/ports.js';
import type { SimulatedAccount } from './account.js';

// The fleet's reads of what a VPC's names depend on: its DHCP option set, prefix lists and
// Resolver rules, the VPC itself and its groups, the interface holding an address.

/** A read recorded as `operation` and served by the account owning the id `key` picks from its arguments. */
export type By = <A extends unknown[], R>(
  operation: string,
  key: (...args: A) => string | undefined,
  read: (account: SimulatedAccount, ...args: A) => Promise<R>,
) => (...args: A) => Promise<R>;

/** The EC2 reads of the VPC (by its id) and of its prefix lists and DHCP option set (by theirs). */
export function fleetVpcNameReads(
  by: By,
): Pick<
  Ec2Reader,
  | 'describeVpc'
  | 'describeVpcSecurityGroups'
  | 'describeNetworkInterfacesByAddress'
  | 'getManagedPrefixListEntries'
  | 'describeDhcpOptions'
  | 'describeLaunchTemplateVersion'
> {
  return {
    // A gone container instance's launch template: its account's.
    describeLaunchTemplateVersion: by(
      'ec2:DescribeLaunchTemplateVersions',
      (id: string, _version: string) => id,
      (a, id: string, version: string) => a.ec2.describeLaunchTemplateVersion(id, version),
    ),
    describeVpc: by(
      'ec2:DescribeVpcs',
      (vpc: string) => vpc,
      (a, vpc: string) => a.ec2.describeVpc(vpc),
    ),
    describeVpcSecurityGroups: by(
      'ec2:DescribeSecurityGroups',
      (vpc: string) => vpc,
      (a, vpc: string) => a.ec2.describeVpcSecurityGroups(vpc),
    ),
    describeNetworkInterfacesByAddress: by(
      'ec2:DescribeNetworkInterfaces',
      (vpc: string, _ip: string) => vpc,
      (a, vpc: string, ip: string) => a.ec2.describeNetworkInterfacesByAddress(vpc, ip),
    ),
    getManagedPrefixListEntries: by(
      'ec2:GetManagedPrefixListEntries',
      (id: string) => id,
      (a, id: string) => a.ec2.getManagedPrefixListEntries(id),
    ),
    describeDhcpOptions: by(
      'ec2:DescribeDhcpOptions',
      (id: string) => id,
      (a, id: string) => a.ec2.describeDhcpOptions(id),
    ),
  };
}

/** Route 53 Resolver: a VPC's associations from the account owning it; the rules of every member (one account, one list). */
export function fleetResolverReader(
  by: By,
  accounts: readonly SimulatedAccount[],
  record: (operation: string, input: unknown) => void,
): ResolverReader {
  return {
    listResolverRuleAssociations: by(
      'route53resolver:ListResolverRuleAssociations',
      (vpc: string) => vpc,
      (a, vpc: string) => a.resolver.listResolverRuleAssociations(vpc),
    ),
    listResolverRules: async () => {
      record('route53resolver:ListResolverRules', {});
      const all = await Promise.all(accounts.map((a) => a.resolver.listResolverRules()));
      return [...new Map(all.flat().map((r) => [r.id, r])).values()];
    },
  };
}

/** EFS: each file system and mount target from the account that holds it. */
export function fleetEfsReader(
  accounts: readonly SimulatedAccount[],
  record: (operation: string, input: unknown) => void,
): EfsReader {
  const owner = (holds: (a: SimulatedAccount) => boolean) =>
    accounts.find(holds) ?? (accounts[0] as SimulatedAccount);
  return {
    describeMountTargets: (id) => {
      record('elasticfilesystem:DescribeMountTargets', id);
      return owner((a) => a.scenario.efs.some((f) => f.fileSystemId === id)).efs.describeMountTargets(id);
    },
    describeAccessPoint: (id) => {
      record('elasticfilesystem:DescribeAccessPoints', id);
      return owner((a) =>
        a.scenario.efs.some((f) => f.accessPoints.some((p) => p.id === id)),
      ).efs.describeAccessPoint(id);
    },
    describeFileSystemPolicy: (id) => {
      record('elasticfilesystem:DescribeFileSystemPolicy', id);
      return owner((a) => a.scenario.efs.some((f) => f.fileSystemId === id)).efs.describeFileSystemPolicy(id);
    },
  };
}
