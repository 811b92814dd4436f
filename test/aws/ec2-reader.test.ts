import {
  DescribeNatGatewaysCommand,
  DescribeNetworkAclsCommand,
  DescribeNetworkInterfacesCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcEndpointsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SdkEc2Reader } from '../../src/aws/ec2-reader.js';
import { AwsCallError } from '../../src/errors.js';

const ec2 = mockClient(EC2Client);
const reader = new SdkEc2Reader(new EC2Client({ region: 'us-east-1' }));
const vpcFilter = [{ Name: 'vpc-id', Values: ['vpc-0a1b2c3d'] }];

describe(SdkEc2Reader.name, () => {
  beforeEach(() => ec2.reset());

  it('reads the task subnets by id, all in one call', async () => {
    ec2.on(DescribeSubnetsCommand).resolves({
      Subnets: [
        {
          SubnetId: 'subnet-a',
          VpcId: 'vpc-0a1b2c3d',
          CidrBlock: '10.0.1.0/24',
          AvailabilityZone: 'us-east-1a',
        },
      ],
    });
    expect(await reader.describeSubnets(['subnet-a', 'subnet-b'])).toEqual([
      { id: 'subnet-a', vpcId: 'vpc-0a1b2c3d', cidr: '10.0.1.0/24', availabilityZone: 'us-east-1a' },
    ]);
    expect(ec2).toHaveReceivedCommandTimes(DescribeSubnetsCommand, 1);
    expect(ec2).toHaveReceivedCommandWith(DescribeSubnetsCommand, { SubnetIds: ['subnet-a', 'subnet-b'] });
  });

  it('reads an IPv6-only subnet: its associated /64, IPv6-only, and DNS64 on', async () => {
    ec2.on(DescribeSubnetsCommand).resolves({
      Subnets: [
        {
          SubnetId: 'subnet-v6',
          VpcId: 'vpc-0a1b2c3d',
          AvailabilityZone: 'us-east-1a',
          Ipv6Native: true,
          EnableDns64: true,
          Ipv6CidrBlockAssociationSet: [
            { Ipv6CidrBlock: '2600:1f18:1234:5601::/64', Ipv6CidrBlockState: { State: 'associated' } },
            { Ipv6CidrBlock: '2600:1f18:1234:5602::/64', Ipv6CidrBlockState: { State: 'disassociated' } },
            // An emulator's spelling of `associated`: only a block on its way out is left out.
            {
              Ipv6CidrBlock: '2600:1f18:1234:5603::/64',
              Ipv6CidrBlockState: { State: "{'State': 'associated'}" as 'associated' },
            },
          ],
        },
      ],
    });
    expect(await reader.describeSubnets(['subnet-v6'])).toEqual([
      {
        id: 'subnet-v6',
        vpcId: 'vpc-0a1b2c3d',
        cidr: '',
        availabilityZone: 'us-east-1a',
        ipv6Cidrs: ['2600:1f18:1234:5601::/64', '2600:1f18:1234:5603::/64'],
        ipv6Native: true,
        dns64: true,
      },
    ]);
  });

  it('reads every route table of the VPC with one vpc-id filter, and names each route target', async () => {
    ec2.on(DescribeRouteTablesCommand).resolves({
      RouteTables: [
        {
          RouteTableId: 'rtb-main',
          Associations: [{ Main: true }],
          Routes: [
            { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', State: 'active' },
            { DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-1', State: 'blackhole' },
            { DestinationPrefixListId: 'pl-63a5400a', GatewayId: 'vpce-s3', State: 'active' },
            { DestinationIpv6CidrBlock: '::/0', EgressOnlyInternetGatewayId: 'eigw-1', State: 'active' },
          ],
        },
        {
          RouteTableId: 'rtb-a',
          Associations: [{ SubnetId: 'subnet-a', Main: false }],
          Routes: [{ DestinationCidrBlock: '0.0.0.0/0', TransitGatewayId: 'tgw-1', State: 'active' }],
        },
      ],
    });
    const tables = await reader.describeRouteTables('vpc-0a1b2c3d');
    expect(ec2).toHaveReceivedCommandWith(DescribeRouteTablesCommand, { Filters: vpcFilter });
    expect(tables).toEqual([
      {
        id: 'rtb-main',
        main: true,
        subnetIds: [],
        routes: [
          { destinationCidr: '10.0.0.0/16', target: { kind: 'local' }, state: 'active' },
          { destinationCidr: '0.0.0.0/0', target: { kind: 'nat-gateway', id: 'nat-1' }, state: 'blackhole' },
          {
            destinationPrefixListId: 'pl-63a5400a',
            target: { kind: 'vpc-endpoint', id: 'vpce-s3' },
            state: 'active',
          },
        ],
        ipv6Routes: [
          {
            destinationIpv6Cidr: '::/0',
            target: { kind: 'egress-only-internet-gateway', id: 'eigw-1' },
            state: 'active',
          },
        ],
      },
      {
        id: 'rtb-a',
        main: false,
        subnetIds: ['subnet-a'],
        routes: [
          { destinationCidr: '0.0.0.0/0', target: { kind: 'transit-gateway', id: 'tgw-1' }, state: 'active' },
        ],
      },
    ]);
  });

  it('reads the network ACLs of the VPC with one vpc-id filter, IPv6 entries beside IPv4 ones', async () => {
    ec2.on(DescribeNetworkAclsCommand).resolves({
      NetworkAcls: [
        {
          NetworkAclId: 'acl-1',
          Associations: [{ SubnetId: 'subnet-a' }],
          Entries: [
            {
              RuleNumber: 90,
              Egress: true,
              Protocol: '6',
              RuleAction: 'deny',
              CidrBlock: '0.0.0.0/0',
              PortRange: { From: 443, To: 443 },
            },
            { RuleNumber: 100, Egress: true, Protocol: '-1', RuleAction: 'allow', Ipv6CidrBlock: '::/0' },
          ],
        },
      ],
    });
    expect(await reader.describeNetworkAcls('vpc-0a1b2c3d')).toEqual([
      {
        id: 'acl-1',
        subnetIds: ['subnet-a'],
        entries: [
          {
            ruleNumber: 90,
            egress: true,
            protocol: '6',
            action: 'deny',
            cidr: '0.0.0.0/0',
            ports: { from: 443, to: 443 },
          },
          { ruleNumber: 100, egress: true, protocol: '-1', action: 'allow', cidr: '::/0' },
        ],
      },
    ]);
    expect(ec2).toHaveReceivedCommandWith(DescribeNetworkAclsCommand, { Filters: vpcFilter });
  });

  it('reads the VPC endpoints with one vpc-id filter, their state in the API spelling', async () => {
    ec2.on(DescribeVpcEndpointsCommand).resolves({
      VpcEndpoints: [
        {
          VpcEndpointId: 'vpce-dkr',
          ServiceName: 'com.amazonaws.us-east-1.ecr.dkr',
          VpcEndpointType: 'Interface',
          State: 'PendingAcceptance',
          PrivateDnsEnabled: false,
          SubnetIds: ['subnet-a'],
          Groups: [{ GroupId: 'sg-ep' }],
          Tags: [{ Key: 'ecs-pullfix:managed', Value: 'true' }],
        },
      ],
    });
    expect(await reader.describeVpcEndpoints('vpc-0a1b2c3d')).toEqual([
      {
        id: 'vpce-dkr',
        serviceName: 'com.amazonaws.us-east-1.ecr.dkr',
        type: 'Interface',
        state: 'pendingAcceptance',
        privateDns: false,
        subnetIds: ['subnet-a'],
        securityGroupIds: ['sg-ep'],
        routeTableIds: [],
        tags: { 'ecs-pullfix:managed': 'true' },
      },
    ]);
    expect(ec2).toHaveReceivedCommandWith(DescribeVpcEndpointsCommand, { Filters: vpcFilter });
  });

  it("reads an interface endpoint's IP address type and DNS record IP type", async () => {
    ec2.on(DescribeVpcEndpointsCommand).resolves({
      VpcEndpoints: [
        {
          VpcEndpointId: 'vpce-logs',
          ServiceName: 'com.amazonaws.us-east-1.logs',
          VpcEndpointType: 'Interface',
          State: 'Available',
          PrivateDnsEnabled: true,
          IpAddressType: 'dualstack',
          DnsOptions: { DnsRecordIpType: 'ipv4' },
        },
      ],
    });

    const [logs] = await reader.describeVpcEndpoints('vpc-0a1b2c3d');

    expect(logs).toMatchObject({ id: 'vpce-logs', ipAddressType: 'dualstack', dnsRecordIpType: 'ipv4' });
  });

  it('reads one DNS attribute per call, as the API requires', async () => {
    ec2
      .on(DescribeVpcAttributeCommand, { Attribute: 'enableDnsSupport' })
      .resolves({ EnableDnsSupport: { Value: true } });
    ec2
      .on(DescribeVpcAttributeCommand, { Attribute: 'enableDnsHostnames' })
      .resolves({ EnableDnsHostnames: { Value: false } });
    expect(await reader.describeVpcAttribute('vpc-0a1b2c3d', 'enableDnsSupport')).toBe(true);
    expect(await reader.describeVpcAttribute('vpc-0a1b2c3d', 'enableDnsHostnames')).toBe(false);
    expect(ec2).toHaveReceivedCommandWith(DescribeVpcAttributeCommand, {
      VpcId: 'vpc-0a1b2c3d',
      Attribute: 'enableDnsHostnames',
    });
  });

  it('reads all the security groups in one call, by a group-id filter, so one missing id does not fail the rest', async () => {
    ec2.on(DescribeSecurityGroupsCommand).resolves({
      SecurityGroups: [
        {
          GroupId: 'sg-task',
          VpcId: 'vpc-0a1b2c3d',
          Tags: [{ Key: 'ecs-pullfix:allow-https-rules', Value: 'true' }],
          IpPermissions: [],
          IpPermissionsEgress: [
            {
              IpProtocol: 'tcp',
              FromPort: 443,
              ToPort: 443,
              UserIdGroupPairs: [{ GroupId: 'sg-ep' }],
              PrefixListIds: [{ PrefixListId: 'pl-63a5400a' }],
            },
            { IpProtocol: '-1', FromPort: -1, ToPort: -1, IpRanges: [{ CidrIp: '10.0.0.0/16' }] },
            { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, Ipv6Ranges: [{ CidrIpv6: '::/0' }] },
          ],
        },
      ],
    });
    expect(await reader.describeSecurityGroups(['sg-task', 'sg-ep'])).toEqual([
      {
        id: 'sg-task',
        vpcId: 'vpc-0a1b2c3d',
        ingress: [],
        egress: [
          {
            protocol: 'tcp',
            fromPort: 443,
            toPort: 443,
            cidrs: [],
            prefixListIds: ['pl-63a5400a'],
            groupIds: ['sg-ep'],
          },
          { protocol: '-1', cidrs: ['10.0.0.0/16'], prefixListIds: [], groupIds: [] },
          {
            protocol: 'tcp',
            fromPort: 443,
            toPort: 443,
            cidrs: [],
            ipv6Cidrs: ['::/0'],
            prefixListIds: [],
            groupIds: [],
          },
        ],
        tags: { 'ecs-pullfix:allow-https-rules': 'true' },
      },
    ]);
    expect(ec2).toHaveReceivedCommandWith(DescribeSecurityGroupsCommand, {
      Filters: [{ Name: 'group-id', Values: ['sg-task', 'sg-ep'] }],
    });
  });

  it('reads NAT gateways and network interfaces by filter, so that deleted ones are simply absent', async () => {
    ec2
      .on(DescribeNatGatewaysCommand)
      .resolves({ NatGateways: [{ NatGatewayId: 'nat-1', State: 'failed', SubnetId: 'subnet-pub' }] });
    ec2.on(DescribeNetworkInterfacesCommand).resolves({ NetworkInterfaces: [] });
    expect(await reader.describeNatGateways(['nat-1'])).toEqual([
      { id: 'nat-1', state: 'failed', subnetId: 'subnet-pub' },
    ]);
    expect(await reader.describeNetworkInterfaces(['eni-gone'])).toEqual([]);
    expect(ec2).toHaveReceivedCommandWith(DescribeNatGatewaysCommand, {
      Filter: [{ Name: 'nat-gateway-id', Values: ['nat-1'] }],
    });
    expect(ec2).toHaveReceivedCommandWith(DescribeNetworkInterfacesCommand, {
      Filters: [{ Name: 'network-interface-id', Values: ['eni-gone'] }],
    });
  });

  it('turns a refusal into a denied AwsCallError naming the operation', async () => {
    ec2.on(DescribeNetworkAclsCommand).rejects(
      Object.assign(new Error('You are not authorized to perform this operation.'), {
        name: 'UnauthorizedOperation',
      }),
    );
    const error = await reader.describeNetworkAcls('vpc-0a1b2c3d').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsCallError);
    expect(error).toMatchObject({
      operation: 'ec2:DescribeNetworkAcls',
      code: 'UnauthorizedOperation',
      kind: 'denied',
      retryable: false,
    });
  });

  it('turns throttling that outlasted the retries into a retryable AwsCallError', async () => {
    ec2
      .on(DescribeSubnetsCommand)
      .rejects(Object.assign(new Error('Request limit exceeded.'), { name: 'RequestLimitExceeded' }));
    await expect(reader.describeSubnets(['subnet-a'])).rejects.toMatchObject({
      kind: 'throttled',
      retryable: true,
    });
  });
});
