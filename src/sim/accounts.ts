import {
  type AccountPorts,
  type AccountPortsOf,
  type AccountReach,
  memberPolicyOf,
  memberRoleName,
  refusedReach,
  refusingPorts,
} from '../core/account-reach.js';
import { DEFAULT_DEPLOYMENT_POLICY, type DeploymentPolicy } from '../core/mode.js';
import type { SimulatedAccount } from './account.js';

/** A member account of the simulated organisation: its resources, its role's tags and alias, or a role that refuses. */
export type SimulatedMember = Readonly<{
  account?: SimulatedAccount;
  /** The member role's tags (`MEMBER_POLICY_TAGS`): the account's policy. */
  tags?: Readonly<Record<string, string>>;
  alias?: string;
  /** The role is missing, or does not trust the hub: every assumption is refused. */
  refused?: boolean;
}>;

/** The ports of a simulated account, as the Lambda's. */
export function portsOf(account: SimulatedAccount): AccountPorts['ports'] {
  const { ecs, ec2, iam, ecr, secrets, resolver, efs, ec2Writer } = account;
  return { ecs, ec2, iam, ecr, secrets, resolver, efs, ec2Writer };
}

/**
 * A simulated organisation (issue 20): the hub's account, and member accounts by id, each
 * read through its member role as `memberAccess` reads them on AWS — one assumption per
 * account and region (counted in `assumptions`), its policy from its role's tags. An account
 * that is not a member is refused, as STS refuses a role that does not exist.
 */
export function simulatedOrganization(
  hub: SimulatedAccount,
  members: Readonly<Record<string, SimulatedMember>>,
  deployment: DeploymentPolicy = DEFAULT_DEPLOYMENT_POLICY,
): Readonly<{ accounts: AccountPortsOf; assumptions: Map<string, number> }> {
  const assumptions = new Map<string, number>();
  const reaches = new Map<string, AccountReach>();
  const accounts: AccountPortsOf = (task, home) => {
    if (home === undefined || (task.account === home.account && task.region === home.region))
      return { ports: portsOf(hub) };
    const key = `${task.account}/${task.region}`;
    const member = members[task.account];
    const reach = async (): Promise<AccountReach> => {
      const known = reaches.get(key);
      if (known) return known;
      assumptions.set(key, (assumptions.get(key) ?? 0) + 1);
      const role = memberRoleName('ecs-pullfix-member', task.region);
      const made: AccountReach =
        !member?.account || member.refused
          ? refusedReach(task.account, task.region, role, 'AccessDenied')
          : { readable: true, ...policyOf(member, deployment) };
      reaches.set(key, made);
      return made;
    };
    const ports = member?.account && !member.refused ? portsOf(member.account) : refusingPorts('refused');
    return { ports, reach };
  };
  return { accounts, assumptions };
}

function policyOf(member: SimulatedMember, deployment: DeploymentPolicy) {
  const { deployment: d, ceiling } = memberPolicyOf(member.tags ?? {}, deployment);
  return { deployment: d, ...(ceiling ? { ceiling } : {}), ...(member.alias ? { alias: member.alias } : {}) };
}
