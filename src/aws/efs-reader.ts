import { type EFSClient, paginateDescribeMountTargets } from '@aws-sdk/client-efs';
import type { EfsMountTarget } from '../core/network.js';
import type { EfsReader } from '../core/ports.js';
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
 * `FileSystemId`, paginated), each with its network interface. Nothing reads the files.
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
}
