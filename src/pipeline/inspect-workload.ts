import type { StoppedTask } from '../core/event.js';
import {
  type Checked,
  checked,
  notChecked,
  type TaskDefinitionFacts,
  type TaskNetwork,
} from '../core/network.js';
import type { ReadPorts } from '../core/ports.js';
import {
  customerKeysOf,
  executionRoleNeeds,
  instanceRoleNeeds,
  type PermissionNeed,
  type RoleCheck,
  type RoleSimulation,
  type SecretCheck,
  type SecretRef,
  type SecretState,
  secretRefsOf,
  taskPlatformOf,
  type WorkloadCheck,
  type WorkloadSnapshot,
} from '../core/workload.js';
import { AwsCallError } from '../errors.js';
import { awaitedLater } from './awaited-later.js';
import { failedRead, isReadFailure } from './failures.js';
import { inspectImages } from './inspect-image.js';
import { inspectRepositoryPolicies } from './inspect-repository-policy.js';

/** Runs a read as "checked" or "not checked: why" (the inspector's `attemptBy`, bound to its deadline). */
export type Attempt = <T>(what: string, read: () => Promise<T>) => Promise<Checked<T>>;

/** `Attempt`, naming the operation (the one a failure is told by when it does not name one). */
export type Read = <T>(operation: string, what: string, read: () => Promise<T>) => Promise<Checked<T>>;

/**
 * A check beyond the network never stops the report: whatever its read meets — throttling or
 * a server error even after the SDK's retries, an operation the endpoint does not implement,
 * an answer that cannot be parsed — makes the check "not checked: `<operation>` failed
 * (reason)", and every network finding stands. (The network path's reads are `attempt`'s
 * alone: a transient failure there still fails the invocation, so that Lambda retries it.)
 */
export function degrading(attempt: Attempt): Read {
  return <T>(operation: string, what: string, read: () => Promise<T>) =>
    attempt(what, read).catch((e: unknown): Checked<T> => {
      if (!isReadFailure(e)) throw e;
      return notChecked<T>(`${failedRead(operation, e)} reading ${what}`);
    });
}

/**
 * The reads beyond the network path, for the checks asked for, once the task definition is
 * known (they run beside the network's rounds 2 and 3):
 *
 * - round 2: each ECR image (`DescribeImages`, by tag and by the digest its deployment
 *   pinned), each secret (`DescribeSecret`), the parameters (one `DescribeParameters`);
 * - round 3: a missing image's repository tags (`ListImages`), a found image's platforms
 *   (`BatchGetImage`), the lifecycle policy of a repository whose pinned digest is gone or
 *   whose image is archived (`GetLifecyclePolicy`), and the execution role's simulation
 *   (`SimulatePrincipalPolicy`, once the secrets' full ARNs and keys are known).
 *
 * No read ever returns a secret's value.
 */
export function inspectWorkload(
  task: StoppedTask,
  td: Checked<TaskDefinitionFacts>,
  checks: readonly WorkloadCheck[],
  ports: ReadPorts,
  attempt: Attempt,
  host?: Promise<TaskNetwork>,
): Promise<WorkloadSnapshot | undefined> {
  // The inspector awaits this only after the network's rounds 2 and 3.
  return awaitedLater(inspectChecks(task, td, checks, ports, degrading(attempt), host));
}

async function inspectChecks(
  task: StoppedTask,
  td: Checked<TaskDefinitionFacts>,
  checks: readonly WorkloadCheck[],
  ports: ReadPorts,
  read: Read,
  host?: Promise<TaskNetwork>,
): Promise<WorkloadSnapshot | undefined> {
  if (checks.length === 0) return undefined;
  if (!td.ok) return { checks, images: [], secrets: [] };
  const t = td.value;
  const account = task.account || (/^arn:[\w-]+:ecs:[^:]*:(\d{12}):/.exec(t.arn)?.[1] ?? '');
  const platform = taskPlatformOf(t, task.launchType);
  const want = new Set(checks);
  // Round 2: the images, the secrets; round 3: what each image's answer leads to, the role.
  const images = want.has('image') ? inspectImages(task, t, ports, read, account) : Promise.resolve([]);
  const secrets =
    want.has('secrets') || want.has('execution-role')
      ? inspectSecrets(secretRefsOf(t, task.region, account), ports, read)
      : Promise.resolve([]);
  // Another account's repository must grant the pull: read beside the images and secrets.
  const policies =
    want.has('image') || want.has('execution-role')
      ? inspectRepositoryPolicies(task, t, ports, read, account)
      : Promise.resolve([]);
  const roleArn = t.executionRoleArn;
  const subject = { task, td: t, account };
  const role = !want.has('execution-role')
    ? Promise.resolve(undefined)
    : roleArn
      ? secrets.then((described) => inspectRole(subject, roleArn, described, ports, read))
      : host
        ? inspectInstanceRole(subject, host, ports, read)
        : Promise.resolve(undefined);
  const [imageChecks, secretChecks, roleCheck, policyChecks] = await Promise.all([
    images,
    secrets,
    role,
    policies,
  ]);
  return {
    checks,
    ...(roleCheck ? { role: roleCheck } : {}),
    images: imageChecks,
    // The secrets read only to simulate the role are not themselves a check.
    secrets: want.has('secrets') ? secretChecks : [],
    ...(platform ? { platform } : {}),
    ...(policyChecks.length > 0 ? { repositoryPolicies: policyChecks } : {}),
  };
}

/** The task, its definition and the account it runs in: what the execution role is checked for. */
type RoleSubject = Readonly<{ task: StoppedTask; td: TaskDefinitionFacts; account: string }>;

/**
 * With no execution role, a task on a container instance (`awsvpc` too) pulls from ECR and logs with
 * its role: its profile's (`GetInstanceProfile`, once `DescribeInstances` named the profile in round
 * 2), simulated for ECR's and Logs' needs in round 4 — only when the cause asks for the role.
 */
async function inspectInstanceRole(
  { task, td, account }: RoleSubject,
  host: Promise<TaskNetwork>,
  ports: ReadPorts,
  read: Read,
): Promise<RoleCheck | undefined> {
  const net = await host;
  const needs = instanceRoleNeeds(executionRoleNeeds(td, task.region, account));
  if (needs.length === 0) return undefined;
  // An awsvpc task's container instance, read for its role alone: unread, its role is not checked.
  if (net.source === 'unknown' && task.eni.subnetId !== undefined)
    return { roleArn: task.containerInstanceArn ?? '', needs, simulation: notChecked(net.why) };
  // No profile: executionRoleNamed says nothing signs the pull.
  if (net.source !== 'instance' || net.instanceProfileArn === undefined) return undefined;
  const { instanceProfileArn: profile, instanceId } = net;
  const role = await read('iam:GetInstanceProfile', `instance profile ${profile}`, () =>
    ports.iam.getInstanceProfileRole(profile),
  );
  if (!role.ok) return { roleArn: profile, needs, simulation: notChecked(role.why), instanceId };
  if (role.value === undefined)
    return {
      roleArn: profile,
      needs,
      simulation: notChecked(`instance profile ${profile} holds no role`),
      instanceId,
    };
  return {
    roleArn: role.value,
    needs,
    simulation: await simulateRole(role.value, needs, ports, read),
    instanceId,
  };
}

/**
 * What the execution role needs (once the secrets' full ARNs and keys are known), and whether
 * its policies allow it — simulated only in the task's own account.
 */
async function inspectRole(
  { task, td, account }: RoleSubject,
  roleArn: string,
  described: readonly SecretCheck[],
  ports: ReadPorts,
  read: Read,
): Promise<RoleCheck> {
  const needs = executionRoleNeeds(
    td,
    task.region,
    account,
    described,
    customerKeysOf(described, task.region, account),
  );
  const roleAccount = /^arn:[\w-]+:iam::(\d{12}):role\//.exec(roleArn)?.[1];
  if (roleAccount && account && roleAccount !== account)
    return {
      roleArn,
      needs,
      simulation: notChecked<RoleSimulation>(
        `the role belongs to account ${roleAccount}, not ${account}: its policies can only be simulated there`,
      ),
    };
  const simulation = await simulateRole(roleArn, needs, ports, read);
  return { roleArn, needs, simulation };
}

/** `SimulatePrincipalPolicy` of the role for its needs; a role that does not exist is said so. */
function simulateRole(
  roleArn: string,
  needs: readonly PermissionNeed[],
  ports: ReadPorts,
  read: Read,
): Promise<Checked<RoleSimulation>> {
  return read(
    'iam:SimulatePrincipalPolicy',
    `the permissions of ${roleArn}`,
    async (): Promise<RoleSimulation> => {
      try {
        return {
          kind: 'simulated',
          decisions: await ports.iam.simulatePrincipalPolicy(roleArn, needs),
        };
      } catch (e) {
        if (e instanceof AwsCallError && e.kind === 'not-found' && /NoSuchEntity/i.test(e.code))
          return { kind: 'no-such-role' };
        throw e;
      }
    },
  );
}

async function inspectSecrets(
  refs: readonly SecretRef[],
  ports: ReadPorts,
  read: Read,
): Promise<SecretCheck[]> {
  const parameters = refs.flatMap((r) => (r.kind === 'ssm' && !r.foreign ? [r.name] : []));
  const [described, found] = await Promise.all([
    Promise.all(
      refs.map((r) =>
        r.kind !== 'secretsmanager'
          ? Promise.resolve(undefined)
          : r.foreign
            ? Promise.resolve(
                notChecked<SecretState>(
                  `secret ${r.secretId} is in ${r.foreign}: only this region's secrets are read`,
                ),
              )
            : read('secretsmanager:DescribeSecret', `secret ${r.secretId}`, () =>
                ports.secrets.describeSecret(r.secretId),
              ),
      ),
    ),
    parameters.length === 0
      ? Promise.resolve(checked([]))
      : read('ssm:DescribeParameters', `parameters ${parameters.join(', ')}`, () =>
          ports.secrets.describeParameters(parameters),
        ),
  ]);
  return refs.map((ref, i) => {
    if (ref.kind === 'secretsmanager') return { ref, state: described[i] ?? notChecked('not read') };
    if (ref.foreign)
      return {
        ref,
        state: notChecked(
          `parameter ${ref.name} belongs to account ${ref.foreign}: DescribeParameters lists this account's only`,
        ),
      };
    if (!found.ok) return { ref, state: found };
    const state = found.value.find((p) => p.kind === 'parameter' && p.name === ref.name);
    return { ref, state: checked(state ?? { kind: 'missing' }) };
  });
}
