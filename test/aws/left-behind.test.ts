import {
  DeleteSecurityGroupCommand,
  DeleteVpcEndpointsCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeVpcEndpointsCommand,
  EC2Client,
  RevokeSecurityGroupEgressCommand,
} from '@aws-sdk/client-ec2';
import { DescribeTasksCommand, ECSClient, ListClustersCommand, ListTasksCommand } from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SdkLeftBehind } from '../../src/aws/left-behind.js';
import { AwsCallError } from '../../src/errors.js';

const ec2 = mockClient(EC2Client);
const ecs = mockClient(ECSClient);
const port = new SdkLeftBehind(
  new EC2Client({ region: 'us-east-1' }),
  new ECSClient({ region: 'us-east-1' }),
);
const MANAGED = [{ Name: 'tag:ecs-pullfix:managed', Values: ['true'] }];
const TAGS = [
  { Key: 'ecs-pullfix:managed', Value: 'true' },
  { Key: 'ecs-pullfix:incident', Value: 'inc-10577b24521de77b' },
  { Key: 'ecs-pullfix:cluster', Value: 'prod-apps' },
];

describe(SdkLeftBehind.name, () => {
  beforeEach(() => {
    ec2.reset();
    ecs.reset();
  });

  it('finds the endpoints by ecs-pullfix’s tag, with their groups and network interfaces', async () => {
    ec2.on(DescribeVpcEndpointsCommand).resolves({
      VpcEndpoints: [
        {
          VpcEndpointId: 'vpce-0bbb000000000002',
          VpcEndpointType: 'Interface',
          VpcId: 'vpc-0a1b2c3d',
          ServiceName: 'com.amazonaws.us-east-1.ecr.dkr',
          State: 'Available',
          SubnetIds: ['subnet-0a', 'subnet-0b'],
          Groups: [{ GroupId: 'sg-0endpoints', GroupName: 'ecs-pullfix-endpoints' }],
          NetworkInterfaceIds: ['eni-0a', 'eni-0b'],
          Tags: TAGS,
        },
      ],
    });
    expect(await port.managedEndpoints()).toEqual([
      {
        id: 'vpce-0bbb000000000002',
        vpcId: 'vpc-0a1b2c3d',
        serviceName: 'com.amazonaws.us-east-1.ecr.dkr',
        type: 'Interface',
        state: 'available',
        subnetIds: ['subnet-0a', 'subnet-0b'],
        securityGroupIds: ['sg-0endpoints'],
        routeTableIds: [],
        networkInterfaceIds: ['eni-0a', 'eni-0b'],
        tags: {
          'ecs-pullfix:managed': 'true',
          'ecs-pullfix:incident': 'inc-10577b24521de77b',
          'ecs-pullfix:cluster': 'prod-apps',
        },
      },
    ]);
    expect(ec2).toHaveReceivedCommandWith(DescribeVpcEndpointsCommand, { Filters: MANAGED });
  });

  it('reads ecs-pullfix’s rules with their direction and peer', async () => {
    ec2.on(DescribeSecurityGroupRulesCommand).resolves({
      SecurityGroupRules: [
        {
          SecurityGroupRuleId: 'sgr-0egress',
          GroupId: 'sg-0task',
          IsEgress: true,
          IpProtocol: 'tcp',
          FromPort: 443,
          ToPort: 443,
          ReferencedGroupInfo: { GroupId: 'sg-0endpoints' },
          Tags: TAGS,
        },
      ],
    });
    expect(await port.managedRules()).toMatchObject([
      { id: 'sgr-0egress', groupId: 'sg-0task', direction: 'egress', peer: 'sg-0endpoints', fromPort: 443 },
    ]);
    expect(ec2).toHaveReceivedCommandWith(DescribeSecurityGroupRulesCommand, { Filters: MANAGED });
  });

  it('reads the network interfaces of the VPCs, with their type, addresses and groups', async () => {
    ec2.on(DescribeNetworkInterfacesCommand).resolves({
      NetworkInterfaces: [
        {
          NetworkInterfaceId: 'eni-0task',
          VpcId: 'vpc-0a1b2c3d',
          InterfaceType: 'interface',
          PrivateIpAddresses: [{ PrivateIpAddress: '10.0.1.77' }],
          Groups: [{ GroupId: 'sg-0task' }],
        },
      ],
    });
    expect(await port.interfacesIn(['vpc-0a1b2c3d'])).toEqual([
      {
        id: 'eni-0task',
        vpcId: 'vpc-0a1b2c3d',
        interfaceType: 'interface',
        privateIps: ['10.0.1.77'],
        securityGroupIds: ['sg-0task'],
      },
    ]);
    expect(ec2).toHaveReceivedCommandWith(DescribeNetworkInterfacesCommand, {
      Filters: [{ Name: 'vpc-id', Values: ['vpc-0a1b2c3d'] }],
    });
  });

  it('reads the running tasks of every cluster with their network interface', async () => {
    ecs
      .on(ListClustersCommand)
      .resolves({ clusterArns: ['arn:aws:ecs:us-east-1:123456789012:cluster/prod-apps'] });
    ecs
      .on(ListTasksCommand)
      .resolves({ taskArns: ['arn:aws:ecs:us-east-1:123456789012:task/prod-apps/abc'] });
    ecs.on(DescribeTasksCommand).resolves({
      tasks: [
        {
          taskArn: 'arn:aws:ecs:us-east-1:123456789012:task/prod-apps/abc',
          taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/checkout:7',
          attachments: [
            {
              type: 'ElasticNetworkInterface',
              details: [{ name: 'networkInterfaceId', value: 'eni-0task' }],
            },
          ],
        },
      ],
    });
    expect(await port.runningTasks()).toEqual([
      {
        arn: 'arn:aws:ecs:us-east-1:123456789012:task/prod-apps/abc',
        cluster: 'prod-apps',
        taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/checkout:7',
        networkInterfaceId: 'eni-0task',
      },
    ]);
    expect(ecs).toHaveReceivedCommandWith(ListTasksCommand, { desiredStatus: 'RUNNING' });
  });

  it('deletes endpoints in one call and answers those AWS did not delete', async () => {
    ec2.on(DeleteVpcEndpointsCommand).resolves({
      Unsuccessful: [
        { ResourceId: 'vpce-0b', Error: { Code: 'InvalidVpcEndpoint.NotFound', Message: 'gone' } },
      ],
    });
    expect(await port.deleteEndpoints(['vpce-0a', 'vpce-0b'])).toEqual([
      { id: 'vpce-0b', why: 'InvalidVpcEndpoint.NotFound: gone' },
    ]);
    expect(ec2).toHaveReceivedCommandWith(DeleteVpcEndpointsCommand, {
      VpcEndpointIds: ['vpce-0a', 'vpce-0b'],
    });
  });

  it('revokes an egress rule by its id, and deletes a group by its id', async () => {
    ec2.on(RevokeSecurityGroupEgressCommand).resolves({ Return: true });
    ec2.on(DeleteSecurityGroupCommand).resolves({});
    await port.revokeRule({
      id: 'sgr-0egress',
      groupId: 'sg-0task',
      direction: 'egress',
      peer: 'sg-0endpoints',
      protocol: 'tcp',
      tags: {},
    });
    await port.deleteSecurityGroup('sg-0endpoints');
    expect(ec2).toHaveReceivedCommandWith(RevokeSecurityGroupEgressCommand, {
      GroupId: 'sg-0task',
      SecurityGroupRuleIds: ['sgr-0egress'],
    });
    expect(ec2).toHaveReceivedCommandWith(DeleteSecurityGroupCommand, { GroupId: 'sg-0endpoints' });
  });

  it('turns a refusal into our AwsCallError, naming the operation', async () => {
    ec2
      .on(DescribeSecurityGroupRulesCommand)
      .rejects(Object.assign(new Error('not authorized'), { name: 'UnauthorizedOperation' }));
    await expect(port.managedRules()).rejects.toMatchObject(
      new AwsCallError('ec2:DescribeSecurityGroupRules', 'UnauthorizedOperation', 'denied', 'not authorized'),
    );
  });
});
