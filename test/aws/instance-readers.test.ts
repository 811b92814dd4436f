import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeContainerInstancesCommand, ECSClient } from '@aws-sdk/client-ecs';
import { GetInstanceProfileCommand, IAMClient } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SdkEc2Reader } from '../../src/aws/ec2-reader.js';
import { SdkEcsReader } from '../../src/aws/ecs-reader.js';
import { SdkIamReader } from '../../src/aws/iam-reader.js';

/** The reads behind a task on a container instance: the instance, its EC2 instance, its profile's role. */
const ecs = mockClient(ECSClient);
const ec2 = mockClient(EC2Client);
const iam = mockClient(IAMClient);
const region = { region: 'us-east-1' };
const CI =
  'arn:aws:ecs:us-east-1:111122223333:container-instance/orders-ec2/c1b80f49a53f6bd15da9c38f0f1c5dec';

beforeEach(() => {
  ecs.reset();
  ec2.reset();
  iam.reset();
});

describe('SdkEcsReader.describeContainerInstance', () => {
  const reader = new SdkEcsReader(new ECSClient(region));

  it('gives the EC2 instance, its status, and the VPC and subnet the agent registered', async () => {
    ecs.on(DescribeContainerInstancesCommand, { cluster: 'orders-ec2', containerInstances: [CI] }).resolves({
      containerInstances: [
        {
          containerInstanceArn: CI,
          ec2InstanceId: 'i-0d6e5f4a3b2c1d0e9',
          status: 'ACTIVE',
          attributes: [
            { name: 'ecs.availability-zone', value: 'us-east-1a' },
            { name: 'ecs.vpc-id', value: 'vpc-0e1f2a3b4c5d6e7f8' },
            { name: 'ecs.subnet-id', value: 'subnet-0a9b8c7d6e5f4a3b2' },
          ],
        },
      ],
    });
    expect(await reader.describeContainerInstance('orders-ec2', CI)).toEqual({
      arn: CI,
      ec2InstanceId: 'i-0d6e5f4a3b2c1d0e9',
      status: 'ACTIVE',
      vpcId: 'vpc-0e1f2a3b4c5d6e7f8',
      subnetId: 'subnet-0a9b8c7d6e5f4a3b2',
    });
  });

  it('says nothing of one ECS no longer knows', async () => {
    ecs.on(DescribeContainerInstancesCommand).resolves({
      containerInstances: [],
      failures: [{ arn: CI, reason: 'MISSING' }],
    });
    expect(await reader.describeContainerInstance('orders-ec2', CI)).toBeUndefined();
  });
});

describe('SdkEc2Reader.describeInstance', () => {
  const reader = new SdkEc2Reader(new EC2Client(region));

  it('asks by filter, so that an instance EC2 forgot is absent rather than a failure', async () => {
    ec2.on(DescribeInstancesCommand).resolves({ Reservations: [] });
    expect(await reader.describeInstance('i-0d6e5f4a3b2c1d0e9')).toBeUndefined();
    expect(ec2.commandCalls(DescribeInstancesCommand)[0]?.args[0].input).toEqual({
      Filters: [{ Name: 'instance-id', Values: ['i-0d6e5f4a3b2c1d0e9'] }],
    });
  });

  it('gives its state, subnet, groups, public IP and instance profile', async () => {
    ec2.on(DescribeInstancesCommand).resolves({
      Reservations: [
        {
          Instances: [
            {
              InstanceId: 'i-0f9a0b1c2d3e4f5a6',
              State: { Name: 'running', Code: 16 },
              SubnetId: 'subnet-0b5c6d7e8f9a0b1c2',
              VpcId: 'vpc-0a4b5c6d7e8f9a0b1',
              SecurityGroups: [{ GroupId: 'sg-0e8f9a0b1c2d3e4f5', GroupName: 'edge-proxy-instances' }],
              PublicIpAddress: '3.91.24.117',
              IamInstanceProfile: { Arn: 'arn:aws:iam::111122223333:instance-profile/ecs/ecsInstanceRole' },
            },
          ],
        },
      ],
    });
    expect(await reader.describeInstance('i-0f9a0b1c2d3e4f5a6')).toEqual({
      id: 'i-0f9a0b1c2d3e4f5a6',
      state: 'running',
      subnetId: 'subnet-0b5c6d7e8f9a0b1c2',
      vpcId: 'vpc-0a4b5c6d7e8f9a0b1',
      securityGroupIds: ['sg-0e8f9a0b1c2d3e4f5'],
      publicIp: '3.91.24.117',
      instanceProfileArn: 'arn:aws:iam::111122223333:instance-profile/ecs/ecsInstanceRole',
    });
  });
});

describe('SdkIamReader.getInstanceProfileRole', () => {
  const reader = new SdkIamReader(new IAMClient(region));

  it('asks by the profile’s name (without its path) and gives its role', async () => {
    iam.on(GetInstanceProfileCommand, { InstanceProfileName: 'ecsInstanceRole' }).resolves({
      InstanceProfile: {
        InstanceProfileName: 'ecsInstanceRole',
        InstanceProfileId: 'AIPAEXAMPLEPROFILE01',
        Arn: 'arn:aws:iam::111122223333:instance-profile/ecs/ecsInstanceRole',
        Path: '/ecs/',
        CreateDate: new Date('2025-03-02T10:00:00Z'),
        Roles: [
          {
            RoleName: 'ecsInstanceRole',
            RoleId: 'AROAEXAMPLEROLE0001',
            Arn: 'arn:aws:iam::111122223333:role/ecsInstanceRole',
            Path: '/',
            CreateDate: new Date('2025-03-02T10:00:00Z'),
          },
        ],
      },
    });
    expect(
      await reader.getInstanceProfileRole('arn:aws:iam::111122223333:instance-profile/ecs/ecsInstanceRole'),
    ).toBe('arn:aws:iam::111122223333:role/ecsInstanceRole');
  });
});
