import {
  DescribeDhcpOptionsCommand,
  DescribeNatGatewaysCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSecurityGroupsCommand,
  DescribeVpcsCommand,
  EC2Client,
  GetManagedPrefixListEntriesCommand,
} from '@aws-sdk/client-ec2';
import {
  ListResolverRuleAssociationsCommand,
  ListResolverRulesCommand,
  Route53ResolverClient,
} from '@aws-sdk/client-route53resolver';
import type { MetadataBearer } from '@smithy/types';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SdkEc2Reader } from '../../src/aws/ec2-reader.js';
import { SdkResolverReader } from '../../src/aws/resolver-reader.js';

const ec2 = mockClient(EC2Client);
const reader = new SdkEc2Reader(new EC2Client({ region: 'eu-west-1' }));
const VPC = 'vpc-0b7e2c4d6f8a1e359';

/** An error as the SDK throws it for an AWS answer. */
function awsError(name: string, status = 400): Error {
  return Object.assign(new Error(`${name} (injected)`), {
    name,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status },
  });
}

describe(`${SdkEc2Reader.name}: what a VPC's names depend on`, () => {
  beforeEach(() => ec2.reset());

  it('reads the VPC once by a vpc-id filter: its DHCP option set, its associated CIDRs and its tags', async () => {
    ec2.on(DescribeVpcsCommand).resolves({
      Vpcs: [
        {
          VpcId: VPC,
          CidrBlock: '10.60.0.0/16',
          DhcpOptionsId: 'dopt-0e4f5a6b7c8d9e012',
          CidrBlockAssociationSet: [
            { CidrBlock: '10.60.0.0/16', CidrBlockState: { State: 'associated' } },
            { CidrBlock: '100.64.0.0/16', CidrBlockState: { State: 'associated' } },
            { CidrBlock: '10.99.0.0/16', CidrBlockState: { State: 'disassociated' } },
          ],
          Tags: [{ Key: 'ecs-pullfix:allow-auto-fix', Value: 'true' }],
        },
      ],
    });
    expect(await reader.describeVpc(VPC)).toEqual({
      dhcpOptionsId: 'dopt-0e4f5a6b7c8d9e012',
      cidrs: ['10.60.0.0/16', '100.64.0.0/16'],
      tags: { 'ecs-pullfix:allow-auto-fix': 'true' },
    });
    expect(ec2).toHaveReceivedCommandWith(DescribeVpcsCommand, {
      Filters: [{ Name: 'vpc-id', Values: [VPC] }],
    });
  });

  it('says a VPC with no option set uses `default`, and that a VPC that is gone is not found', async () => {
    ec2
      .on(DescribeVpcsCommand)
      .resolvesOnce({ Vpcs: [{ VpcId: VPC, CidrBlock: '10.60.0.0/16' }] })
      .resolves({ Vpcs: [] });
    expect(await reader.describeVpc(VPC)).toMatchObject({
      dhcpOptionsId: 'default',
      cidrs: ['10.60.0.0/16'],
    });
    await expect(reader.describeVpc(VPC)).rejects.toMatchObject({
      operation: 'ec2:DescribeVpcs',
      kind: 'not-found',
    });
  });

  it('reads every security group of the VPC by one vpc-id filter, across pages', async () => {
    ec2
      .on(DescribeSecurityGroupsCommand)
      .resolvesOnce({
        SecurityGroups: [{ GroupId: 'sg-0a1a2b3c4d5e6f701', VpcId: VPC, IpPermissions: [] }],
        NextToken: 'page-2',
      })
      .resolvesOnce({
        SecurityGroups: [
          {
            GroupId: 'sg-0a1a2b3c4d5e6f702',
            VpcId: VPC,
            IpPermissions: [
              {
                IpProtocol: 'tcp',
                FromPort: 443,
                ToPort: 443,
                PrefixListIds: [{ PrefixListId: 'pl-0a1b2c3d4e5f60718' }],
              },
            ],
          },
        ],
      });
    const groups = await reader.describeVpcSecurityGroups(VPC);
    expect(groups.map((g) => g.id)).toEqual(['sg-0a1a2b3c4d5e6f701', 'sg-0a1a2b3c4d5e6f702']);
    expect(groups[1]?.ingress[0]?.prefixListIds).toEqual(['pl-0a1b2c3d4e5f60718']);
    expect(ec2).toHaveReceivedCommandTimes(DescribeSecurityGroupsCommand, 2);
    expect(ec2).toHaveReceivedNthCommandWith(DescribeSecurityGroupsCommand, 2, {
      Filters: [{ Name: 'vpc-id', Values: [VPC] }],
      NextToken: 'page-2',
    });
  });

  it('reads a list’s entries across pages (S3’s list has more than a page can hold in some regions)', async () => {
    ec2
      .on(GetManagedPrefixListEntriesCommand)
      .resolvesOnce({ Entries: [{ Cidr: '52.218.0.0/17' }, { Cidr: '52.92.0.0/17' }], NextToken: 'next' })
      .resolvesOnce({ Entries: [{ Cidr: '3.5.64.0/21', Description: 'S3' }, {}] });
    expect(await reader.getManagedPrefixListEntries('pl-6da54004')).toEqual([
      '52.218.0.0/17',
      '52.92.0.0/17',
      '3.5.64.0/21',
    ]);
    expect(ec2).toHaveReceivedNthCommandWith(GetManagedPrefixListEntriesCommand, 2, {
      PrefixListId: 'pl-6da54004',
      NextToken: 'next',
    });
  });

  it.each([
    ['InvalidPrefixListID.NotFound', 'not-found'],
    ['UnauthorizedOperation', 'denied'],
    ['RequestLimitExceeded', 'throttled'],
  ] as const)('fails a list’s entries with %s as a %s AwsCallError', async (code, kind) => {
    ec2.on(GetManagedPrefixListEntriesCommand).rejects(awsError(code));
    await expect(reader.getManagedPrefixListEntries('pl-0a1b2c3d4e5f60718')).rejects.toMatchObject({
      name: 'AwsCallError',
      operation: 'ec2:GetManagedPrefixListEntries',
      code,
      kind,
    });
  });

  it('reads the DHCP option set’s domain-name-servers, and nothing for a set that is gone', async () => {
    ec2
      .on(DescribeDhcpOptionsCommand)
      .resolvesOnce({
        DhcpOptions: [
          {
            DhcpOptionsId: 'dopt-0e4f5a6b7c8d9e012',
            DhcpConfigurations: [
              { Key: 'domain-name', Values: [{ Value: 'corp.example.com' }] },
              { Key: 'domain-name-servers', Values: [{ Value: '10.200.0.2' }, { Value: '10.200.1.2' }] },
            ],
          },
        ],
      })
      .resolvesOnce({ DhcpOptions: [] });
    expect(await reader.describeDhcpOptions('dopt-0e4f5a6b7c8d9e012')).toEqual({
      id: 'dopt-0e4f5a6b7c8d9e012',
      domainNameServers: ['10.200.0.2', '10.200.1.2'],
    });
    expect(ec2).toHaveReceivedCommandWith(DescribeDhcpOptionsCommand, {
      Filters: [{ Name: 'dhcp-options-id', Values: ['dopt-0e4f5a6b7c8d9e012'] }],
    });
    expect(await reader.describeDhcpOptions('dopt-0e4f5a6b7c8d9e012')).toBeUndefined();
  });

  it('finds the interface holding an address in the VPC, and the endpoint it belongs to', async () => {
    ec2.on(DescribeNetworkInterfacesCommand).resolves({
      NetworkInterfaces: [
        {
          NetworkInterfaceId: 'eni-0f3c2b1a09e8d7c65',
          SubnetId: 'subnet-0c1d2e3f4a5b6c701',
          InterfaceType: 'vpc_endpoint',
          Description: 'VPC Endpoint Interface vpce-0aa1bb2cc3dd4ee51',
          RequesterManaged: true,
        },
      ],
    });
    expect(await reader.describeNetworkInterfacesByAddress(VPC, '10.60.10.41')).toEqual([
      {
        id: 'eni-0f3c2b1a09e8d7c65',
        ip: '10.60.10.41',
        subnetId: 'subnet-0c1d2e3f4a5b6c701',
        interfaceType: 'vpc_endpoint',
        endpointId: 'vpce-0aa1bb2cc3dd4ee51',
        description: 'VPC Endpoint Interface vpce-0aa1bb2cc3dd4ee51',
      },
    ]);
    expect(ec2).toHaveReceivedCommandWith(DescribeNetworkInterfacesCommand, {
      Filters: [
        { Name: 'vpc-id', Values: [VPC] },
        { Name: 'addresses.private-ip-address', Values: ['10.60.10.41'] },
      ],
    });
  });

  it('tells a NAT gateway’s interface from an endpoint’s: no endpoint id', async () => {
    ec2.on(DescribeNetworkInterfacesCommand).resolves({
      NetworkInterfaces: [
        {
          NetworkInterfaceId: 'eni-0a9b8c7d6e5f40312',
          SubnetId: 'subnet-0c1d2e3f4a5b6c799',
          InterfaceType: 'natGateway',
          Description: 'Interface for NAT Gateway nat-0f1e2d3c4b5a69788',
        },
      ],
    });
    const [hop] = await reader.describeNetworkInterfacesByAddress(VPC, '10.60.250.9');
    expect(hop).toMatchObject({ interfaceType: 'natGateway' });
    expect(hop).not.toHaveProperty('endpointId');
  });

  it('keeps a NAT gateway’s subnet and connectivity type', async () => {
    ec2.on(DescribeNatGatewaysCommand).resolves({
      NatGateways: [
        {
          NatGatewayId: 'nat-private',
          State: 'available',
          SubnetId: 'subnet-a',
          ConnectivityType: 'private',
        },
        { NatGatewayId: 'nat-public', State: 'available', SubnetId: 'subnet-b', ConnectivityType: 'public' },
      ],
    });
    expect(await reader.describeNatGateways(['nat-private', 'nat-public'])).toEqual([
      { id: 'nat-private', state: 'available', subnetId: 'subnet-a', connectivityType: 'private' },
      { id: 'nat-public', state: 'available', subnetId: 'subnet-b', connectivityType: 'public' },
    ]);
  });
});

/*
 * The Resolver client is of an older SDK line than the others (3.654.0: the newest the package
 * registry offers), whose smithy types are not aws-sdk-client-mock's: the stub and its commands
 * are typed loosely here; at run time the mock intercepts `send` as for any client.
 */
type Answer = MetadataBearer & Record<string, unknown>;
const r53r = mockClient<object, Answer, unknown>(
  Route53ResolverClient as unknown as Parameters<typeof mockClient<object, Answer, unknown>>[0],
);
type Stub = typeof r53r;
const cmd = (c: unknown) => c as Parameters<Stub['on']>[0];
const resolver = new SdkResolverReader(new Route53ResolverClient({ region: 'eu-west-1' }));

describe(SdkResolverReader.name, () => {
  beforeEach(() => r53r.reset());

  it('lists the rules associated with the VPC by a VPCId filter, across pages, leaving out failed and leaving ones', async () => {
    r53r
      .on(cmd(ListResolverRuleAssociationsCommand))
      .resolvesOnce({
        ResolverRuleAssociations: [
          {
            Id: 'rslvr-rrassoc-1',
            ResolverRuleId: 'rslvr-autodefined-rr-internet-resolver',
            VPCId: VPC,
            Status: 'COMPLETE',
          },
          {
            Id: 'rslvr-rrassoc-2',
            ResolverRuleId: 'rslvr-rr-5b8e1c7a2d4f4a6b9',
            VPCId: VPC,
            Status: 'COMPLETE',
          },
        ],
        NextToken: 'more',
      })
      .resolvesOnce({
        ResolverRuleAssociations: [
          {
            Id: 'rslvr-rrassoc-3',
            ResolverRuleId: 'rslvr-rr-0c1d2e3f4a5b6c7d8',
            VPCId: VPC,
            Status: 'FAILED',
          },
          {
            Id: 'rslvr-rrassoc-4',
            ResolverRuleId: 'rslvr-rr-1a2b3c4d5e6f7a8b9',
            VPCId: VPC,
            Status: 'DELETING',
          },
          {
            Id: 'rslvr-rrassoc-5',
            ResolverRuleId: 'rslvr-rr-9f8e7d6c5b4a39281',
            VPCId: VPC,
            Status: 'CREATING',
          },
        ],
      });
    expect(await resolver.listResolverRuleAssociations(VPC)).toEqual([
      'rslvr-autodefined-rr-internet-resolver',
      'rslvr-rr-5b8e1c7a2d4f4a6b9',
      'rslvr-rr-9f8e7d6c5b4a39281',
    ]);
    expect(r53r).toHaveReceivedNthCommandWith(cmd(ListResolverRuleAssociationsCommand), 1, {
      Filters: [{ Name: 'VPCId', Values: [VPC] }],
    });
    expect(r53r).toHaveReceivedNthCommandWith(cmd(ListResolverRuleAssociationsCommand), 2, {
      Filters: [{ Name: 'VPCId', Values: [VPC] }],
      NextToken: 'more',
    });
  });

  it('lists the rules with their domain, type and target addresses', async () => {
    r53r.on(cmd(ListResolverRulesCommand)).resolves({
      ResolverRules: [
        {
          Id: 'rslvr-rr-5b8e1c7a2d4f4a6b9',
          Name: 'corp-forward-all-aws',
          DomainName: 'amazonaws.com.',
          RuleType: 'FORWARD',
          TargetIps: [
            { Ip: '10.200.0.2', Port: 53 },
            { Ip: '10.200.1.2', Port: 53 },
          ],
        },
        { Id: 'rslvr-autodefined-rr-internet-resolver', DomainName: '.', RuleType: 'RECURSIVE' },
      ],
    });
    expect(await resolver.listResolverRules()).toEqual([
      {
        id: 'rslvr-rr-5b8e1c7a2d4f4a6b9',
        name: 'corp-forward-all-aws',
        domainName: 'amazonaws.com.',
        ruleType: 'FORWARD',
        targetIps: ['10.200.0.2', '10.200.1.2'],
      },
      { id: 'rslvr-autodefined-rr-internet-resolver', domainName: '.', ruleType: 'RECURSIVE', targetIps: [] },
    ]);
  });

  it.each([
    ['AccessDeniedException', 400, 'denied'],
    ['ThrottlingException', 400, 'throttled'],
    ['InternalServiceErrorException', 500, 'transient'],
    ['InvalidParameterException', 400, 'invalid'],
  ] as const)('fails with %s as a %s AwsCallError naming the operation', async (code, status, kind) => {
    r53r.on(cmd(ListResolverRulesCommand)).rejects(awsError(code, status));
    await expect(resolver.listResolverRules()).rejects.toMatchObject({
      name: 'AwsCallError',
      operation: 'route53resolver:ListResolverRules',
      code,
      kind,
    });
  });
});
