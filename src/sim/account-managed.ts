import type { CapacityProvider } from '../core/managed-instances.js';
import { inManagedPassRoleScope, PASSED_TO_SERVICE } from '../core/managed-instances.js';
import type { EcsReader, IamReader } from '../core/ports.js';
import type { PermissionDecision } from '../core/workload.js';
import type { SimContext } from './account-context.js';
import type { Scenario } from './scenario.js';

// The scenario's Managed Instances capacity provider, as ECS describes it, and what IAM's
// simulator answers for its infrastructure role.

const roleArn = (s: Scenario, name: string) => `arn:aws:iam::${s.account}:role/${name}`;

/** `DescribeCapacityProviders` of `name`: the scenario's provider, or none. */
export function capacityProviderOf(s: Scenario, name: string): CapacityProvider | undefined {
  const cp = s.file.capacityProvider;
  if (!cp || (cp.name !== name && !name.endsWith(`:capacity-provider/${cp.name}`))) return undefined;
  const managed = cp.type === 'MANAGED_INSTANCES';
  return {
    name: cp.name,
    arn: `arn:aws:ecs:${s.region}:${s.account}:capacity-provider/${cp.name}`,
    type: cp.type,
    ...(managed
      ? {
          infrastructureRoleArn: roleArn(s, cp.infrastructureRole),
          instanceProfileArn: `arn:aws:iam::${s.account}:instance-profile/${cp.instanceProfile}`,
        }
      : {}),
  };
}

/** The role the provider's instance profile holds, when `profile` is its profile's name. */
export function providerInstanceRole(s: Scenario, profile: string): string | undefined {
  const cp = s.file.capacityProvider;
  if (!cp || cp.instanceProfile !== profile) return undefined;
  return roleArn(s, cp.instanceRole ?? cp.instanceProfile);
}

/** True when `role` is the provider's infrastructure role. */
export function isInfrastructureRole(s: Scenario, role: string): boolean {
  const cp = s.file.capacityProvider;
  return cp !== undefined && role === roleArn(s, cp.infrastructureRole);
}

/**
 * The infrastructure role's decisions: AWS's managed policy allows `iam:PassRole` on
 * `role/ecsInstanceRole*` passed to EC2 only; a custom one on the provider's instance role.
 */
export function infrastructureDecisions(
  s: Scenario,
  requests: readonly Readonly<{ action: string; resource: string }>[],
  context: readonly Readonly<{ key: string; values: readonly string[] }>[],
): PermissionDecision[] {
  const cp = s.file.capacityProvider;
  const toEc2 = context.some((c) => c.key === 'iam:PassedToService' && c.values.includes(PASSED_TO_SERVICE));
  const instanceRole = cp ? roleArn(s, cp.instanceRole ?? cp.instanceProfile) : undefined;
  return requests.map(({ action, resource }) => {
    const allowed =
      action === 'iam:PassRole' &&
      (cp?.infrastructurePolicy === 'custom'
        ? resource === instanceRole
        : toEc2 && inManagedPassRoleScope(resource));
    return { action, resource, decision: allowed ? 'allowed' : 'implicitDeny' };
  });
}

/**
 * The account's IAM, with the capacity provider's roles: its infrastructure role simulated as
 * its policy says, its instance profile holding its instance role; every other role as `iam`.
 */
export function withProviderRoles(ctx: SimContext, iam: IamReader): IamReader {
  const s = ctx.scenario;
  return {
    simulatePrincipalPolicy: (role, requests, context = []) =>
      isInfrastructureRole(s, role)
        ? ctx.call('iam:SimulatePrincipalPolicy', { role, requests }, () =>
            infrastructureDecisions(s, requests, context),
          )
        : iam.simulatePrincipalPolicy(role, requests, context),
    getInstanceProfileRole: (profileArn) => {
      const role = providerInstanceRole(s, profileArn.split('/').pop() ?? '');
      return role === undefined
        ? iam.getInstanceProfileRole(profileArn)
        : ctx.call('iam:GetInstanceProfile', profileArn, () => role);
    },
  };
}

/** What the fleet's wrappers need of an account (structurally: the fleet imports this module). */
type Member = Readonly<{ scenario: Scenario; ecs: EcsReader; iam: IamReader }>;
type Calls = { operation: string; input: string }[];

/** A fleet's capacity providers, each from the account whose scenario has it (recorded in `calls`). */
export function fleetProviderReads(
  accounts: readonly Member[],
  calls: Calls,
): EcsReader['describeCapacityProvider'] {
  return async (cluster, name) => {
    calls.push({ operation: 'ecs:DescribeCapacityProviders', input: JSON.stringify({ cluster, name }) });
    const owner = accounts.find((a) => a.scenario.file.capacityProvider?.name === name);
    return owner?.ecs.describeCapacityProvider(cluster, name);
  };
}

/**
 * A fleet's IAM, with each capacity provider's infrastructure role and instance profile served
 * by the account whose scenario has them (recorded in `calls`); every other read as `iam`.
 */
export function fleetProviderRoles(accounts: readonly Member[], calls: Calls, iam: IamReader): IamReader {
  const record = (operation: string, input: string) =>
    calls.push({ operation, input: JSON.stringify(input) });
  return {
    simulatePrincipalPolicy: (role, requests, context) => {
      const owner = accounts.find((a) => isInfrastructureRole(a.scenario, role));
      if (!owner) return iam.simulatePrincipalPolicy(role, requests, context);
      record('iam:SimulatePrincipalPolicy', role);
      return owner.iam.simulatePrincipalPolicy(role, requests, context);
    },
    getInstanceProfileRole: (arn) => {
      const profile = arn.split('/').pop() ?? '';
      const owner = accounts.find((a) => providerInstanceRole(a.scenario, profile) !== undefined);
      if (!owner) return iam.getInstanceProfileRole(arn);
      record('iam:GetInstanceProfile', arn);
      return owner.iam.getInstanceProfileRole(arn);
    },
  };
}
