import { DescribeMountTargetsCommand, EFSClient } from '@aws-sdk/client-efs';
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
});
