import type { Writable } from 'node:stream';
import { renewing, stsAssumeRole } from '../aws/assume-role.js';
import { awsPorts } from '../aws/ports.js';
import { AwsCallError } from '../errors.js';
import type { AwsContext } from './aws-context.js';
import { roleArnOf } from './member-access.js';
import { memberRoleName } from './scan-accounts.js';

/** The session name the member account's CloudTrail shows for a replay. */
const SESSION_NAME = 'ecs-pullfix-replay';

/**
 * `replay --role-name NAME` of another account's event: the context of `account`, reached
 * through its member role in the region read (`NAME-<region>`, assumed once): its reads and
 * auto-fix's writes sign with the role's credentials; the topic and the table stay the
 * caller's. The caller's own account is the context itself. A role that cannot be assumed is
 * an `AwsCallError` (exit 254) naming it.
 */
export async function throughMemberRole(
  context: AwsContext,
  roleName: string,
  account: string,
  err: Writable,
): Promise<AwsContext> {
  const caller = await context.account();
  if (account === caller) return context;
  const { region, profile, endpoints } = context.environment;
  const roleArn = roleArnOf(account, memberRoleName(roleName, region), region);
  const assume = stsAssumeRole({ region, ...(profile ? { profile } : {}), endpoints }, SESSION_NAME);
  const first = await assume(roleArn).catch((e: unknown) => {
    if (!(e instanceof AwsCallError)) throw e;
    throw new AwsCallError(
      e.operation,
      e.code,
      e.kind,
      `cannot assume ${roleArn} (${e.code}): ${e.message}`,
      {
        cause: e,
      },
    );
  });
  err.write(`ecs-pullfix: reading account ${account} through ${roleArn}\n`);
  const member = awsPorts({ region, endpoints, credentials: renewing(first, () => assume(roleArn)) });
  const { notifier, store } = context.ports;
  return {
    environment: context.environment,
    ports: { ...member, ...(notifier ? { notifier } : {}), ...(store ? { store } : {}) },
    account: async () => account,
  };
}
