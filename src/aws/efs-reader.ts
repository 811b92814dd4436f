import {
  DescribeAccessPointsCommand,
  DescribeFileSystemPolicyCommand,
  EFSClient,
  paginateDescribeMountTargets,
} from '@aws-sdk/client-efs';
import type { EfsAccessPoint } from '../core/efs-authorization.js';
import type { EfsMountTarget } from '../core/network.js';
import type { EfsReader } from '../core/ports.js';
import { AwsCallError } from '../errors.js';
import { type ClientOptions, clientConfig } from './clients.js';
import { collect } from './ec2-shapes.js';
import { call } from './errors.js';

/*
 * The client is @aws-sdk/client-efs 3.1141.0, the newest the package registry offers (the
 * other clients are 3.116x). Its dependency ranges take the other clients' @aws-sdk/core,
 * credential chain and @smithy packages as they are (npm ls: one copy of each), so unlike the
 * Route 53 Resolver client it needs no `overrides`.
 */

/**
 * The EFS read port, on the SDK: a file system's mount targets (`DescribeMountTargets` by
 * `FileSystemId`, paginated), each with its network interface; an access point by id; the file
 * system policy. Nothing reads the files.
 */
export class SdkEfsReader implements EfsReader {
  readonly #efs: EFSClient;
  constructor(efs: EFSClient) {
    this.#efs = efs;
  }

  describeMountTargets(fileSystemId: string): Promise<EfsMountTarget[]> {
    return call('elasticfilesystem:DescribeMountTargets', () =>
      collect(paginateDescribeMountTargets({ client: this.#efs }, { FileSystemId: fileSystemId }), (p) =>
        (p.MountTargets ?? []).map((m) => ({
          id: m.MountTargetId ?? '',
          subnetId: m.SubnetId ?? '',
          availabilityZone: m.AvailabilityZoneName ?? '',
          ...(m.VpcId ? { vpcId: m.VpcId } : {}),
          ...(m.IpAddress ? { ip: m.IpAddress } : {}),
          ...(m.NetworkInterfaceId ? { networkInterfaceId: m.NetworkInterfaceId } : {}),
          state: m.LifeCycleState ?? 'available',
        })),
      ),
    );
  }

  describeAccessPoint(accessPointId: string): Promise<EfsAccessPoint | undefined> {
    return absentAs(
      call('elasticfilesystem:DescribeAccessPoints', async () => {
        const out = await this.#efs.send(new DescribeAccessPointsCommand({ AccessPointId: accessPointId }));
        const ap = out.AccessPoints?.find((a) => a.AccessPointId === accessPointId);
        if (!ap) return undefined;
        return {
          id: accessPointId,
          ...(ap.AccessPointArn ? { arn: ap.AccessPointArn } : {}),
          fileSystemId: ap.FileSystemId ?? '',
          state: ap.LifeCycleState ?? 'available',
          ...(ap.RootDirectory?.Path ? { rootDirectory: ap.RootDirectory.Path } : {}),
        };
      }),
      /AccessPointNotFound/,
    );
  }

  describeFileSystemPolicy(fileSystemId: string): Promise<string | undefined> {
    return absentAs(
      call('elasticfilesystem:DescribeFileSystemPolicy', async () => {
        const out = await this.#efs.send(new DescribeFileSystemPolicyCommand({ FileSystemId: fileSystemId }));
        return out.Policy;
      }),
      // No policy of its own: the default one is in effect (it allows every client).
      /PolicyNotFound/,
    );
  }
}

/** `undefined` where EFS answers that the thing asked for does not exist (its code matches `code`). */
async function absentAs<T>(read: Promise<T>, code: RegExp): Promise<T | undefined> {
  try {
    return await read;
  } catch (e) {
    if (e instanceof AwsCallError && code.test(e.code)) return undefined;
    throw e;
  }
}

/** The EFS read port on a client of its own: the Lambda imports this module on the port's first call (`src/aws/ports.ts`). */
export function makeEfsReader(options: ClientOptions): EfsReader {
  return new SdkEfsReader(new EFSClient(clientConfig(options, 'efs')));
}
