import {
  DescribeAccessPointsCommand,
  DescribeFileSystemPolicyCommand,
  DescribeMountTargetsCommand,
  EFSClient,
} from '@aws-sdk/client-efs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SdkEfsReader } from '../../src/aws/efs-reader.js';

const efs = mockClient(EFSClient);
const reader = new SdkEfsReader(new EFSClient({ region: 'eu-west-1' }));
const FS = 'fs-0a1b2c3d4e5f60718';

/** An error as the SDK throws it for an AWS answer. */
function awsError(name: string, status = 400): Error {
  return Object.assign(new Error(`${name} (injected)`), {
    name,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status },
  });
}

describe(SdkEfsReader.name, () => {
  beforeEach(() => efs.reset());

  it('reads a file system’s mount targets by its id, across pages, each with its zone, address and interface', async () => {
    efs
      .on(DescribeMountTargetsCommand)
      .resolvesOnce({
        MountTargets: [
          {
            MountTargetId: 'fsmt-0a1b2c3d4e5f60701',
            FileSystemId: FS,
            SubnetId: 'subnet-0a2b3c4d5e6f7a819',
            AvailabilityZoneName: 'eu-west-1a',
            VpcId: 'vpc-0f1a2b3c4d5e6f708',
            IpAddress: '10.48.7.21',
            NetworkInterfaceId: 'eni-0a1b2c3d4e5f60701',
            LifeCycleState: 'available',
            OwnerId: '111122223333',
          },
        ],
        NextMarker: 'page-2',
      })
      .resolvesOnce({
        MountTargets: [
          {
            MountTargetId: 'fsmt-0a1b2c3d4e5f60702',
            FileSystemId: FS,
            SubnetId: 'subnet-0a2b3c4d5e6f7a820',
            AvailabilityZoneName: 'eu-west-1b',
            LifeCycleState: 'creating',
            OwnerId: '111122223333',
          },
        ],
      });

    expect(await reader.describeMountTargets(FS)).toEqual([
      {
        id: 'fsmt-0a1b2c3d4e5f60701',
        subnetId: 'subnet-0a2b3c4d5e6f7a819',
        availabilityZone: 'eu-west-1a',
        vpcId: 'vpc-0f1a2b3c4d5e6f708',
        ip: '10.48.7.21',
        networkInterfaceId: 'eni-0a1b2c3d4e5f60701',
        state: 'available',
      },
      {
        id: 'fsmt-0a1b2c3d4e5f60702',
        subnetId: 'subnet-0a2b3c4d5e6f7a820',
        availabilityZone: 'eu-west-1b',
        state: 'creating',
      },
    ]);
    expect(efs).toHaveReceivedCommandWith(DescribeMountTargetsCommand, { FileSystemId: FS });
    expect(efs).toHaveReceivedCommandWith(DescribeMountTargetsCommand, {
      FileSystemId: FS,
      Marker: 'page-2',
    });
  });

  it.each([
    ['FileSystemNotFound', 404, 'not-found'],
    ['AccessDeniedException', 403, 'denied'],
    ['ThrottlingException', 400, 'throttled'],
  ] as const)('tells %s apart as %s, naming the operation', async (name, status, kind) => {
    efs.on(DescribeMountTargetsCommand).rejects(awsError(name, status));

    await expect(reader.describeMountTargets(FS)).rejects.toMatchObject({
      operation: 'elasticfilesystem:DescribeMountTargets',
      code: name,
      kind,
    });
  });

  it('reads an access point by its id: its file system, state and root directory', async () => {
    efs.on(DescribeAccessPointsCommand, { AccessPointId: 'fsap-0b1c2d3e4f5a60719' }).resolves({
      AccessPoints: [
        {
          AccessPointId: 'fsap-0b1c2d3e4f5a60719',
          AccessPointArn:
            'arn:aws:elasticfilesystem:eu-west-1:111122223333:access-point/fsap-0b1c2d3e4f5a60719',
          FileSystemId: FS,
          LifeCycleState: 'available',
          RootDirectory: { Path: '/uploads' },
          OwnerId: '111122223333',
        },
      ],
    });

    expect(await reader.describeAccessPoint('fsap-0b1c2d3e4f5a60719')).toEqual({
      id: 'fsap-0b1c2d3e4f5a60719',
      arn: 'arn:aws:elasticfilesystem:eu-west-1:111122223333:access-point/fsap-0b1c2d3e4f5a60719',
      fileSystemId: FS,
      state: 'available',
      rootDirectory: '/uploads',
    });
  });

  it('answers no access point when EFS knows none by that id (AccessPointNotFound)', async () => {
    efs.on(DescribeAccessPointsCommand).rejects(awsError('AccessPointNotFound', 404));

    expect(await reader.describeAccessPoint('fsap-0b1c2d3e4f5a60799')).toBeUndefined();
  });

  it('reads the file system policy, and none where the default policy is in effect (PolicyNotFound)', async () => {
    const policy = '{"Version":"2012-10-17","Statement":[]}';
    efs
      .on(DescribeFileSystemPolicyCommand, { FileSystemId: FS })
      .resolves({ FileSystemId: FS, Policy: policy })
      .on(DescribeFileSystemPolicyCommand, { FileSystemId: 'fs-0ffee0c0ffee0c0ff' })
      .rejects(awsError('PolicyNotFound', 404));

    expect(await reader.describeFileSystemPolicy(FS)).toBe(policy);
    expect(await reader.describeFileSystemPolicy('fs-0ffee0c0ffee0c0ff')).toBeUndefined();
  });

  it.each([
    ['describeAccessPoint', 'elasticfilesystem:DescribeAccessPoints'],
    ['describeFileSystemPolicy', 'elasticfilesystem:DescribeFileSystemPolicy'],
  ] as const)('lets a refused %s fail as denied, naming %s', async (method, operation) => {
    efs.on(DescribeAccessPointsCommand).rejects(awsError('AccessDeniedException', 403));
    efs.on(DescribeFileSystemPolicyCommand).rejects(awsError('AccessDeniedException', 403));

    await expect(reader[method]('fsap-0b1c2d3e4f5a60719')).rejects.toMatchObject({
      operation,
      kind: 'denied',
    });
  });
});
