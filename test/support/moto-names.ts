import {
  AssociateDhcpOptionsCommand,
  CreateDhcpOptionsCommand,
  CreateManagedPrefixListCommand,
  CreateNetworkInterfaceCommand,
  CreateSecurityGroupCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import {
  AssociateResolverRuleCommand,
  CreateResolverEndpointCommand,
  CreateResolverRuleCommand,
  Route53ResolverClient,
} from '@aws-sdk/client-route53resolver';
import type { Scenario } from '../../src/sim/scenario.js';

/*
 * What a VPC's names depend on, built in moto (buildInMoto calls these): customer-managed
 * prefix lists, the DHCP option set, Route 53 Resolver rules and their associations, and the
 * addresses of the interface endpoints' network interfaces. What moto cannot build is said
 * where it is stood in for:
 * - the AWS-managed S3 prefix list exists (`com.amazonaws.us-east-1.s3`) but moto gives it three
 *   CIDRs (52.216.0.0/15, 3.5.0.0/19, 54.231.0.0/16), not the region's published seven;
 * - an interface endpoint's network interfaces get a random 10.x address outside its subnet,
 *   an empty description and the type `interface`: the address the stop text dials is given
 *   to a network interface of our own in the endpoint's subnet, described as EC2 describes an
 *   endpoint's ("VPC Endpoint Interface vpce-…"), of moto's type `interface` (EC2's
 *   CreateNetworkInterface cannot make a `vpc_endpoint` one).
 */

/** Maps a scenario id to moto's. */
type Ids = Map<string, string>;

/** The customer-managed prefix lists, before the security groups whose rules name them. */
export async function buildPrefixListsInMoto(s: Scenario, ec2: EC2Client, ids: Ids): Promise<void> {
  for (const list of s.file.prefixLists) {
    const out = await ec2.send(
      new CreateManagedPrefixListCommand({
        PrefixListName: list.name ?? list.id,
        AddressFamily: 'IPv4',
        MaxEntries: Math.max(list.cidrs.length, 1),
        Entries: list.cidrs.map((Cidr) => ({ Cidr })),
      }),
    );
    ids.set(list.id, out.PrefixList?.PrefixListId ?? '');
  }
}

/** The VPC's DHCP option set, associated with it (absent: the VPC keeps moto's `default`). */
export async function buildDhcpOptionsInMoto(
  s: Scenario,
  ec2: EC2Client,
  vpcId: string,
  ids: Ids,
): Promise<void> {
  if (!s.dhcpOptions) return;
  const out = await ec2.send(
    new CreateDhcpOptionsCommand({
      DhcpConfigurations: [{ Key: 'domain-name-servers', Values: [...s.dhcpOptions.domainNameServers] }],
    }),
  );
  const dhcpId = out.DhcpOptions?.DhcpOptionsId ?? '';
  ids.set(s.dhcpOptions.id, dhcpId);
  await ec2.send(new AssociateDhcpOptionsCommand({ DhcpOptionsId: dhcpId, VpcId: vpcId }));
}

/**
 * The Resolver rules, each associated with the VPC. A FORWARD rule needs an outbound Resolver
 * endpoint (two addresses, in the scenario's first subnets, with a group of its own), as in AWS.
 */
export async function buildResolverRulesInMoto(
  s: Scenario,
  ec2: EC2Client,
  config: object,
  vpcId: string,
  ids: Ids,
): Promise<void> {
  if (s.resolverRules.length === 0) return;
  const resolver = new Route53ResolverClient(config);
  let endpointId: string | undefined;
  if (s.resolverRules.some((r) => r.ruleType === 'FORWARD')) {
    const group = await ec2.send(
      new CreateSecurityGroupCommand({
        VpcId: vpcId,
        GroupName: 'resolver-outbound',
        Description: 'Route 53 Resolver outbound endpoint',
      }),
    );
    const [first, second = first] = s.subnets.map((x) => ids.get(x.id) ?? x.id);
    const endpoint = await resolver.send(
      new CreateResolverEndpointCommand({
        CreatorRequestId: `${s.name}-outbound`,
        Name: 'corp-dns-outbound',
        Direction: 'OUTBOUND',
        SecurityGroupIds: [group.GroupId ?? ''],
        IpAddresses: [{ SubnetId: first }, { SubnetId: second }],
      }),
    );
    endpointId = endpoint.ResolverEndpoint?.Id;
  }
  for (const rule of s.resolverRules) {
    const forward = rule.ruleType === 'FORWARD';
    const out = await resolver.send(
      new CreateResolverRuleCommand({
        CreatorRequestId: `${s.name}-${rule.id}`,
        Name: rule.name ?? rule.id,
        RuleType: rule.ruleType as 'FORWARD' | 'SYSTEM' | 'RECURSIVE',
        // AWS stores the name with one trailing dot whether or not it is given; moto adds one
        // to whatever it gets (`amazonaws.com.` would come back `amazonaws.com..`).
        DomainName: rule.domainName.replace(/\.$/, ''),
        ...(forward
          ? { TargetIps: rule.targetIps.map((Ip) => ({ Ip, Port: 53 })), ResolverEndpointId: endpointId }
          : {}),
      }),
    );
    const ruleId = out.ResolverRule?.Id ?? '';
    ids.set(rule.id, ruleId);
    await resolver.send(
      new AssociateResolverRuleCommand({ ResolverRuleId: ruleId, VPCId: vpcId, Name: `${rule.id}-assoc` }),
    );
  }
}

/** The interface endpoints' addresses (see above: an interface of our own for each, described as the endpoint's). */
export async function buildEndpointAddressesInMoto(s: Scenario, ec2: EC2Client, ids: Ids): Promise<void> {
  for (const n of s.endpointInterfaces) {
    const endpointId = ids.get(n.endpointId ?? '') ?? n.endpointId ?? '';
    const endpoint = s.endpoints.find((e) => e.id === n.endpointId);
    await ec2.send(
      new CreateNetworkInterfaceCommand({
        SubnetId: ids.get(n.subnetId) ?? n.subnetId,
        PrivateIpAddress: n.ip,
        Description: `VPC Endpoint Interface ${endpointId}`,
        Groups: (endpoint?.securityGroupIds ?? []).map((g) => ids.get(g) ?? g),
      }),
    );
  }
}
