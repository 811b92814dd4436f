import {
  DescribeInstancesCommand,
  DescribeLaunchTemplateVersionsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SdkEc2Reader } from '../../src/aws/ec2-reader.js';

/** A gone container instance's launch template: its tags, then the version they name. */
const ec2 = mockClient(EC2Client);
const reader = new SdkEc2Reader(new EC2Client({ region: 'us-east-1' }));
const LT = 'lt-0b1a2f3e4d5c6b7a8';

beforeEach(() => ec2.reset());

describe('SdkEc2Reader.describeInstance, terminated', () => {
  it('gives the launch template and version its tags name, and no groups or subnet', async () => {
    ec2.on(DescribeInstancesCommand).resolves({
      Reservations: [
        {
          Instances: [
            {
              InstanceId: 'i-0a0f1e2d3c4b5a6f7',
              State: { Name: 'terminated', Code: 48 },
              StateReason: {
                Code: 'Client.UserInitiatedShutdown',
                Message: 'Client.UserInitiatedShutdown: User initiated shutdown',
              },
              SecurityGroups: [],
              Tags: [
                { Key: 'aws:autoscaling:groupName', Value: 'invoices-render-asg' },
                { Key: 'aws:ec2launchtemplate:id', Value: LT },
                { Key: 'aws:ec2launchtemplate:version', Value: '7' },
              ],
            },
          ],
        },
      ],
    });
    expect(await reader.describeInstance('i-0a0f1e2d3c4b5a6f7')).toEqual({
      id: 'i-0a0f1e2d3c4b5a6f7',
      state: 'terminated',
      stateReason: 'Client.UserInitiatedShutdown: User initiated shutdown',
      securityGroupIds: [],
      launchTemplate: { id: LT, version: '7' },
    });
  });
});

describe('SdkEc2Reader.describeLaunchTemplateVersion', () => {
  it('gives the groups (by id, and of the primary interface, once each), the public IP and the profile of that version', async () => {
    ec2.on(DescribeLaunchTemplateVersionsCommand, { LaunchTemplateId: LT, Versions: ['7'] }).resolves({
      LaunchTemplateVersions: [
        {
          LaunchTemplateId: LT,
          VersionNumber: 7,
          LaunchTemplateData: {
            ImageId: 'ami-0c2b8ca1dad447f8a',
            IamInstanceProfile: { Arn: 'arn:aws:iam::111122223333:instance-profile/ecsInstanceRole' },
            SecurityGroupIds: ['sg-0f9e0d1c2b3a4f5e6'],
            NetworkInterfaces: [
              {
                DeviceIndex: 0,
                AssociatePublicIpAddress: false,
                Groups: ['sg-0f9e0d1c2b3a4f5e6', 'sg-0a1b2c3d4e5f60718'],
              },
            ],
          },
        },
      ],
    });
    expect(await reader.describeLaunchTemplateVersion(LT, '7')).toEqual({
      id: LT,
      version: '7',
      securityGroupIds: ['sg-0f9e0d1c2b3a4f5e6', 'sg-0a1b2c3d4e5f60718'],
      securityGroupNames: [],
      associatePublicIp: false,
      instanceProfile: { arn: 'arn:aws:iam::111122223333:instance-profile/ecsInstanceRole' },
    });
  });

  it('gives the groups a template names rather than by id, and a profile by name', async () => {
    ec2.on(DescribeLaunchTemplateVersionsCommand).resolves({
      LaunchTemplateVersions: [
        {
          LaunchTemplateData: {
            SecurityGroups: ['invoices-render-instances'],
            IamInstanceProfile: { Name: 'ecsInstanceRole' },
          },
        },
      ],
    });
    expect(await reader.describeLaunchTemplateVersion(LT, '7')).toEqual({
      id: LT,
      version: '7',
      securityGroupIds: [],
      securityGroupNames: ['invoices-render-instances'],
      instanceProfile: { name: 'ecsInstanceRole' },
    });
  });

  it.each(['InvalidLaunchTemplateId.NotFound', 'InvalidLaunchTemplateId.VersionNotFound'])(
    'says nothing of a template or version that no longer exists (%s)',
    async (code) => {
      ec2.on(DescribeLaunchTemplateVersionsCommand).rejects(
        Object.assign(new Error(`The specified launch template ${LT} does not exist`), {
          name: code,
          $metadata: { httpStatusCode: 400 },
        }),
      );
      expect(await reader.describeLaunchTemplateVersion(LT, '7')).toBeUndefined();
    },
  );

  it('names DescribeLaunchTemplateVersions when it is refused', async () => {
    ec2.on(DescribeLaunchTemplateVersionsCommand).rejects(
      Object.assign(new Error('You are not authorized to perform this operation.'), {
        name: 'UnauthorizedOperation',
        $metadata: { httpStatusCode: 403 },
      }),
    );
    await expect(reader.describeLaunchTemplateVersion(LT, '7')).rejects.toMatchObject({
      operation: 'ec2:DescribeLaunchTemplateVersions',
      kind: 'denied',
    });
  });
});
