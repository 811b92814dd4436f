import { checked, notChecked } from '../core/checked.js';
import type { StoppedTask } from '../core/event.js';
import {
  MANAGED_INSTANCES,
  type ManagedInstancesCheck,
  managedProviderOf,
  PASSED_TO_SERVICE,
} from '../core/managed-instances.js';
import type { ReadPorts } from '../core/ports.js';
import type { WorkloadCheck, WorkloadSnapshot } from '../core/workload.js';
import { AwsCallError } from '../errors.js';
import { awaitedLater } from './awaited-later.js';
import { type Attempt, degrading, type Read } from './inspect-workload.js';

/**
 * A task on Amazon ECS Managed Instances: its path is its ENI's (as on Fargate), and what is its
 * own is the capacity provider that launches its instance. Read for a cause that asks for the
 * role (and for a preflight), beside the network's rounds:
 *
 * - round 1: `DescribeCapacityProviders` of the provider the event names (beside the task
 *   definition), in the task's cluster;
 * - round 2: `GetInstanceProfile` of its instance profile: the instance role;
 * - round 3: `SimulatePrincipalPolicy` of its infrastructure role for `iam:PassRole` on that
 *   role, passed to `ec2.amazonaws.com`.
 *
 * Beyond the path: a failed read makes this check "not checked", naming the operation, no more.
 */
export function readManagedInstances(
  task: StoppedTask,
  checks: readonly WorkloadCheck[],
  ports: Pick<ReadPorts, 'ecs' | 'iam'>,
  attempt: Attempt,
): Promise<ManagedInstancesCheck> | undefined {
  const name = managedProviderOf(task);
  if (name === undefined || !checks.includes('execution-role')) return undefined;
  // Awaited only with the workload's checks.
  return awaitedLater(inspectProvider(task, name, ports, degrading(attempt)));
}

/** The workload's snapshot with what was read of the capacity provider, when it was. */
export function withManagedInstances(
  workload: Promise<WorkloadSnapshot | undefined>,
  managed: Promise<ManagedInstancesCheck> | undefined,
): Promise<WorkloadSnapshot | undefined> {
  if (managed === undefined) return workload;
  // As the workload's: awaited after the network's rounds.
  return awaitedLater(
    Promise.all([workload, managed]).then(([w, m]) => (w ? { ...w, managedInstances: m } : w)),
  );
}

async function inspectProvider(
  task: StoppedTask,
  name: string,
  { ecs, iam }: Pick<ReadPorts, 'ecs' | 'iam'>,
  read: Read,
): Promise<ManagedInstancesCheck> {
  const cluster = task.clusterName;
  const provider = await read('ecs:DescribeCapacityProviders', `capacity provider ${name}`, () =>
    ecs.describeCapacityProvider(cluster, name),
  );
  const base = { providerName: name, cluster, provider };
  const found = provider.ok ? provider.value : undefined;
  if (found?.type !== MANAGED_INSTANCES) return base;
  const { instanceProfileArn: profile, infrastructureRoleArn: infrastructureRole } = found;
  if (profile === undefined || infrastructureRole === undefined) return base;
  const instanceRole = await read('iam:GetInstanceProfile', `instance profile ${profile}`, () =>
    iam.getInstanceProfileRole(profile),
  );
  const role = instanceRole.ok ? instanceRole.value : undefined;
  if (role === undefined) return { ...base, instanceRole };
  return { ...base, instanceRole, passRole: await simulatePass(infrastructureRole, role, iam, read) };
}

/** Whether the infrastructure role may pass `role` to EC2 (the instance launch's own request). */
async function simulatePass(
  infrastructureRole: string,
  role: string,
  iam: ReadPorts['iam'],
  read: Read,
): Promise<ManagedInstancesCheck['passRole']> {
  const simulated = await read(
    'iam:SimulatePrincipalPolicy',
    `whether ${infrastructureRole} may pass ${role}`,
    async () => {
      try {
        const decisions = await iam.simulatePrincipalPolicy(
          infrastructureRole,
          [{ action: 'iam:PassRole', resource: role }],
          [{ key: 'iam:PassedToService', values: [PASSED_TO_SERVICE] }],
        );
        return decisions.find((d) => d.action === 'iam:PassRole')?.decision;
      } catch (e) {
        if (e instanceof AwsCallError && e.kind === 'not-found' && /NoSuchEntity/i.test(e.code))
          return 'no-such-role' as const;
        throw e;
      }
    },
  );
  if (!simulated.ok) return simulated;
  return simulated.value === undefined
    ? notChecked<never>(`iam:SimulatePrincipalPolicy gave no decision for iam:PassRole on ${role}`)
    : checked(simulated.value);
}
