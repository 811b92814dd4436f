// Where a task's network comes from: its ENI, its service (or the flags standing in for one), its instance.

/** A service's network configuration (`awsvpcConfiguration`). */
export type ServiceNetwork = Readonly<{
  subnetIds: readonly string[];
  securityGroupIds: readonly string[];
  assignPublicIp: 'ENABLED' | 'DISABLED';
  /** Given on the command line (`check --task-definition`'s flags), not read from a service. */
  given?: true;
}>;

/** Where the task's security groups and public IP came from, if anywhere. */
export type TaskNetwork = Readonly<
  | { source: 'eni'; securityGroupIds: readonly string[]; publicIp: boolean; subnetIds: readonly string[] }
  | {
      source: 'service';
      securityGroupIds: readonly string[];
      assignPublicIp: 'ENABLED' | 'DISABLED';
      subnetIds: readonly string[];
      /** Given on the command line (`check --task-definition`), not read from a service. */
      given?: true;
    }
  /**
   * A task in `bridge`, `host` or `none` mode on an EC2 container instance: the pull, the
   * registry auth, the secrets and the log driver go through the instance's interface.
   */
  | {
      source: 'instance';
      instanceId: string;
      securityGroupIds: readonly string[];
      publicIp: boolean;
      subnetIds: readonly string[];
      /** Its IAM instance profile's ARN: its role signs what the task has no execution role for. */
      instanceProfileArn?: string;
    }
  /** `why`: why neither the ENI nor the service told (the ENI is gone, a read was denied …). */
  | { source: 'unknown'; why: string; subnetIds: readonly string[] }
>;
