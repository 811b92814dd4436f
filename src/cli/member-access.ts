import type { AssumeRole, RoleCredentials } from '../aws/assume-role.js';
import type { CredentialsProvider } from '../aws/clients.js';
import type { ReadPorts } from '../core/ports.js';
import { AwsCallError } from '../errors.js';
import type { AccountAccess } from '../pipeline/scan-accounts.js';

/** `aws`, `aws-cn` or `aws-us-gov`: the partition of a region's ARNs. */
export function partitionOf(region: string): string {
  return region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
}

/** The role `roleName` (the full name, its region in it) of `account`. */
export const roleArnOf = (account: string, roleName: string, region: string): string =>
  `arn:${partitionOf(region)}:iam::${account}:role/${roleName}`;

/**
 * How the CLI reaches each account: `portsWith()` (the caller's own credentials) for the
 * caller's account; for any other, `roleName` assumed there once (`assume`), then ports
 * signing with those credentials — `renew` keeps them fresh through a long scan. A role that
 * cannot be assumed (denied, missing: any AWS answer) is `refused`, with STS's code.
 */
export function memberAccess(
  args: Readonly<{
    caller: string;
    region: string;
    roleName: string;
    assume: AssumeRole;
    renew: (first: RoleCredentials, again: () => Promise<RoleCredentials>) => CredentialsProvider;
    portsWith: (credentials?: CredentialsProvider) => ReadPorts;
  }>,
): AccountAccess {
  return async (account) => {
    if (account === args.caller) return { kind: 'ports', ports: args.portsWith() };
    const roleArn = roleArnOf(account, args.roleName, args.region);
    try {
      const first = await args.assume(roleArn);
      return { kind: 'ports', ports: args.portsWith(args.renew(first, () => args.assume(roleArn))) };
    } catch (e) {
      if (e instanceof AwsCallError) return { kind: 'refused', roleArn, code: e.code };
      throw e;
    }
  };
}
