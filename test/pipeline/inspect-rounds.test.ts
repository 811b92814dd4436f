import { describe, expect, it } from 'vitest';
import { parseTaskStateChange } from '../../src/core/event.js';
import type { Snapshot } from '../../src/core/network.js';
import { inspect } from '../../src/pipeline/inspect.js';
import { type Fault, SimulatedAccount } from '../../src/sim/account.js';
import { parseScenario, S3_PREFIX_LIST_CIDRS, type Scenario } from '../../src/sim/scenario.js';

/**
 * An enterprise VPC: the endpoints' group admits 443 from a customer-managed prefix list, the
 * task's group reaches S3 through the S3 prefix list, the subnets' NACL is written per S3
 * range, the VPC asks its names of the company's DNS servers and forwards amazonaws.com to
 * them through Resolver, the NAT gateway is private, and the stop text dialled the address of
 * the ECR API endpoint's interface.
 */
const ENTERPRISE = `
description: payments-api behind corporate DNS, endpoints admitting a prefix list
region: eu-west-1
account: '444455556666'
vpc: { id: vpc-0b7e2c4d6f8a1e359, cidr: 10.60.0.0/16 }
subnets:
  - { id: subnet-0c1d2e3f4a5b6c701, cidr: 10.60.10.0/24, az: eu-west-1a }
  - { id: subnet-0c1d2e3f4a5b6c702, cidr: 10.60.11.0/24, az: eu-west-1b }
  - { id: subnet-0c1d2e3f4a5b6c799, cidr: 10.60.250.0/24, az: eu-west-1a }
natGateways:
  - { id: nat-0f1e2d3c4b5a69788, subnet: subnet-0c1d2e3f4a5b6c799, connectivity: private }
prefixLists:
  - { id: pl-0a1b2c3d4e5f60718, name: corp-private-ranges, cidrs: [10.0.0.0/8, 172.16.0.0/12] }
dhcpOptions: { id: dopt-0e4f5a6b7c8d9e012, domainNameServers: [10.200.0.2, 10.200.1.2] }
resolverRules:
  - id: rslvr-rr-5b8e1c7a2d4f4a6b9
    name: corp-forward-all-aws
    domainName: amazonaws.com.
    targetIps: [10.200.0.2, 10.200.1.2]
routeTables:
  - id: rtb-0d9c8b7a6f5e4d301
    main: true
    subnets: [subnet-0c1d2e3f4a5b6c701, subnet-0c1d2e3f4a5b6c702]
    routes: [{ destination: 0.0.0.0/0, target: nat-0f1e2d3c4b5a69788 }]
networkAcls:
  - id: acl-0a9b8c7d6e5f4a321
    subnets: [subnet-0c1d2e3f4a5b6c701, subnet-0c1d2e3f4a5b6c702]
    entries:
      - { rule: 100, egress: true, action: allow, protocol: tcp, cidr: 10.60.0.0/16, ports: 443 }
      - { rule: 110, egress: true, action: allow, protocol: tcp, cidr: 52.218.0.0/17, ports: 443 }
      - { rule: 100, egress: false, action: allow, protocol: tcp, cidr: 10.60.0.0/16, ports: 1024-65535 }
      - { rule: 110, egress: false, action: allow, protocol: tcp, cidr: 52.218.0.0/17, ports: 1024-65535 }
securityGroups:
  - id: sg-0a1a2b3c4d5e6f701
    name: payments-api-task
    egress:
      - { ports: 443, cidr: 10.60.0.0/16 }
      - { ports: 443, prefixLists: [pl-s3-eu-west-1] }
  - id: sg-0a1a2b3c4d5e6f702
    name: shared-vpc-endpoints
    ingress: [{ ports: 443, prefixLists: [pl-0a1b2c3d4e5f60718] }]
endpoints:
  - id: vpce-0aa1bb2cc3dd4ee51
    service: ecr.api
    subnets: [subnet-0c1d2e3f4a5b6c701, subnet-0c1d2e3f4a5b6c702]
    securityGroups: [sg-0a1a2b3c4d5e6f702]
    addresses: [10.60.10.41, 10.60.11.207]
  - id: vpce-0aa1bb2cc3dd4ee52
    service: ecr.dkr
    subnets: [subnet-0c1d2e3f4a5b6c701, subnet-0c1d2e3f4a5b6c702]
    securityGroups: [sg-0a1a2b3c4d5e6f702]
    addresses: [10.60.10.42, 10.60.11.208]
  - id: vpce-0aa1bb2cc3dd4ee53
    service: s3
    type: Gateway
    routeTables: [rtb-0d9c8b7a6f5e4d301]
cluster: { name: payments }
taskDefinition:
  family: payments-api
  revision: 112
  containers:
    - name: api
      image: 444455556666.dkr.ecr.eu-west-1.amazonaws.com/payments-api:4.18.2
service:
  name: payments-api
  subnets: [subnet-0c1d2e3f4a5b6c701, subnet-0c1d2e3f4a5b6c702]
  securityGroups: [sg-0a1a2b3c4d5e6f701]
task:
  subnet: subnet-0c1d2e3f4a5b6c701
  stopCode: TaskFailedToStart
  stoppedReason: >-
    ResourceInitializationError: unable to pull secrets or registry auth: The task cannot pull
    registry auth from Amazon ECR: There is a connection issue between the task and Amazon ECR.
    Check your task network configuration. RequestError: send request failed caused by: Post
    "https://api.ecr.eu-west-1.amazonaws.com/": dial tcp 10.60.10.41:443: i/o timeout
expect: { cause: network-timeout, findings: [] }
`;

/** The same VPC, plainly open: the default NACL, no DHCP set, no Resolver rule, a public dial. */
const PLAIN = ENTERPRISE.replace(/networkAcls:[\s\S]*?(?=securityGroups:)/, '')
  .replace(/dhcpOptions:.*\n/, '')
  .replace(/resolverRules:[\s\S]*?(?=routeTables:)/, '')
  .replace('dial tcp 10.60.10.41:443', 'dial tcp 52.95.122.12:443');

async function inspected(
  text: string,
  faults: readonly Fault[] = [],
): Promise<{ snapshot: Snapshot; account: SimulatedAccount; scenario: Scenario }> {
  const scenario = parseScenario('enterprise', text);
  const account = new SimulatedAccount(scenario, { faults });
  const snapshot = await inspect(parseTaskStateChange(account.event()), account);
  return { snapshot, account, scenario };
}

const inRound = (account: SimulatedAccount, round: number) =>
  account.calls
    .filter((c) => c.round === round)
    .map((c) => c.operation)
    .sort();

describe('inspect: the reads of prefix lists, DHCP options, Resolver rules and the failing hop', () => {
  it('reads them in the three rounds, each call once: 19 calls when a VPC needs every one of them', async () => {
    const { account } = await inspected(ENTERPRISE);
    expect(inRound(account, 1)).toEqual([
      'ec2:DescribeNetworkInterfaces',
      'ec2:DescribeSubnets',
      'ecs:DescribeServices',
      'ecs:DescribeTaskDefinition',
    ]);
    expect(inRound(account, 2)).toEqual([
      'ec2:DescribeNetworkAcls',
      'ec2:DescribeRouteTables',
      'ec2:DescribeSecurityGroups',
      'ec2:DescribeVpcAttribute',
      'ec2:DescribeVpcAttribute',
      'ec2:DescribeVpcEndpoints',
      'ec2:DescribeVpcs',
      'route53resolver:ListResolverRuleAssociations',
    ]);
    expect(inRound(account, 3)).toEqual(
      [
        'ec2:DescribeDhcpOptions',
        'ec2:DescribeNatGateways',
        'ec2:DescribeNetworkInterfaces',
        'ec2:GetManagedPrefixListEntries',
        'ec2:GetManagedPrefixListEntries',
        'ec2:DescribeSubnets',
        'route53resolver:ListResolverRules',
      ].sort(),
    );
    expect(account.rounds).toBe(3);
    expect(account.repeats).toBe(0);
    expect(account.calls).toHaveLength(19);
  });

  it('reads the security groups once, by the VPC, and keeps the task’s and the needed endpoints’', async () => {
    const { snapshot, account } = await inspected(ENTERPRISE);
    const sgReads = account.calls.filter((c) => c.operation === 'ec2:DescribeSecurityGroups');
    expect(sgReads.map((c) => c.input)).toEqual([JSON.stringify({ vpcId: 'vpc-0b7e2c4d6f8a1e359' })]);
    expect(snapshot.securityGroups.ok && snapshot.securityGroups.value.map((g) => g.id)).toEqual([
      'sg-0a1a2b3c4d5e6f701',
      'sg-0a1a2b3c4d5e6f702',
    ]);
  });

  it('resolves the customer-managed list the endpoints’ group names and the S3 list a strict NACL needs', async () => {
    const { snapshot } = await inspected(ENTERPRISE);
    expect(snapshot.prefixLists).toEqual({
      ok: true,
      value: expect.arrayContaining([
        { id: 'pl-0a1b2c3d4e5f60718', cidrs: ['10.0.0.0/8', '172.16.0.0/12'] },
        {
          id: 'pl-s3-eu-west-1',
          name: 'com.amazonaws.eu-west-1.s3',
          cidrs: S3_PREFIX_LIST_CIDRS['eu-west-1'],
        },
      ]),
    });
  });

  it('skips the S3 list’s entries when nothing needs them: open NACLs, no rule naming a list', async () => {
    const open = PLAIN.replace(/prefixLists: \[pl-[^\]]*\]/g, 'cidr: 0.0.0.0/0');
    const { snapshot, account } = await inspected(open);
    const ops = account.calls.map((c) => c.operation);
    expect(ops).not.toContain('ec2:GetManagedPrefixListEntries');
    expect(snapshot.prefixLists).toEqual({ ok: true, value: [] });
  });

  it('reads the DHCP option set, the associated Resolver rules and the hop that holds the dialled address', async () => {
    const { snapshot } = await inspected(ENTERPRISE);
    expect(snapshot.dhcpOptions).toEqual({
      ok: true,
      value: { id: 'dopt-0e4f5a6b7c8d9e012', domainNameServers: ['10.200.0.2', '10.200.1.2'] },
    });
    expect(snapshot.resolverRules).toEqual({
      ok: true,
      value: [
        {
          id: 'rslvr-rr-5b8e1c7a2d4f4a6b9',
          name: 'corp-forward-all-aws',
          domainName: 'amazonaws.com.',
          ruleType: 'FORWARD',
          targetIps: ['10.200.0.2', '10.200.1.2'],
        },
      ],
    });
    expect(snapshot.failingHop).toEqual({
      ok: true,
      value: expect.objectContaining({
        ip: '10.60.10.41',
        subnetId: 'subnet-0c1d2e3f4a5b6c701',
        interfaceType: 'vpc_endpoint',
        endpointId: 'vpce-0aa1bb2cc3dd4ee51',
      }),
    });
  });

  it('keeps the NAT gateway’s subnet and connectivity, its subnet’s table (the main one) among those read', async () => {
    const { snapshot } = await inspected(ENTERPRISE);
    expect(snapshot.natGateways).toEqual({
      ok: true,
      value: [
        {
          id: 'nat-0f1e2d3c4b5a69788',
          state: 'available',
          subnetId: 'subnet-0c1d2e3f4a5b6c799',
          connectivityType: 'private',
        },
      ],
    });
    expect(snapshot.routeTables.ok && snapshot.routeTables.value.some((t) => t.main)).toBe(true);
  });

  it('takes the VPC’s tags from the same DescribeVpcs, and makes no DHCP, Resolver or hop call it does not need', async () => {
    const { snapshot, account } = await inspected(PLAIN);
    const ops = account.calls.map((c) => c.operation);
    expect(ops.filter((o) => o === 'ec2:DescribeVpcs')).toHaveLength(1);
    expect(ops).not.toContain('ec2:DescribeDhcpOptions');
    expect(ops).not.toContain('route53resolver:ListResolverRules');
    expect(ops.filter((o) => o === 'ec2:DescribeNetworkInterfaces')).toHaveLength(1);
    expect(snapshot.vpcTags).toEqual({ ok: true, value: {} });
    expect(snapshot.dhcpOptions).toEqual({ ok: true, value: undefined });
    expect(snapshot.resolverRules).toEqual({ ok: true, value: [] });
    expect(snapshot.failingHop).toBeUndefined();
  });

  it('does not look for the interface of a private address outside the VPC’s CIDRs (a corporate proxy over the transit gateway)', async () => {
    const { snapshot, account } = await inspected(
      ENTERPRISE.replace('dial tcp 10.60.10.41:443', 'dial tcp 10.200.8.15:443'),
    );
    expect(account.calls.filter((c) => c.operation === 'ec2:DescribeNetworkInterfaces')).toHaveLength(1);
    expect(snapshot.failingHop).toBeUndefined();
  });

  it.each([
    [
      'ec2:DescribeVpcs',
      'dhcpOptions',
      'reading vpc-0b7e2c4d6f8a1e359 (its DHCP option set and tags) failed: ec2:DescribeVpcs was denied',
    ],
    ['ec2:DescribeDhcpOptions', 'dhcpOptions', 'reading DHCP option set dopt-0e4f5a6b7c8d9e012 failed'],
    [
      'route53resolver:ListResolverRuleAssociations',
      'resolverRules',
      'reading the Route 53 Resolver rules associated with vpc-0b7e2c4d6f8a1e359 failed',
    ],
    [
      'route53resolver:ListResolverRules',
      'resolverRules',
      'reading the Route 53 Resolver rules of vpc-0b7e2c4d6f8a1e359 failed',
    ],
    ['ec2:GetManagedPrefixListEntries', 'prefixLists', 'reading the entries of prefix list'],
    [
      'ec2:DescribeSecurityGroups',
      'securityGroups',
      'reading the security groups of vpc-0b7e2c4d6f8a1e359 failed',
    ],
    [
      'ec2:DescribeNetworkInterfaces',
      'failingHop',
      'reading the network interface holding 10.60.10.41 failed',
    ],
  ] as const)('degrades to not checked when %s is denied (%s)', async (operation, part, why) => {
    const { snapshot } = await inspected(ENTERPRISE, [{ operation, kind: 'denied' }]);
    const read = snapshot[part];
    expect(read?.ok).toBe(false);
    expect(read && !read.ok && read.why).toContain(why);
  });

  it('says every new part is not checked when the VPC is unknown', async () => {
    const gone = ENTERPRISE.replace(/ {2}- \{ id: subnet-0c1d2e3f4a5b6c701.*\n/, '');
    const { snapshot } = await inspected(gone);
    for (const part of ['prefixLists', 'dhcpOptions', 'resolverRules', 'failingHop'] as const)
      expect(snapshot[part]?.ok, part).toBe(false);
  });
});
