import {
  accessPointArn,
  clientActions,
  type EfsAuthorization,
  fileSystemArn,
} from '../core/efs-authorization.js';
import type { StoppedTask } from '../core/event.js';
import { needsOf } from '../core/needs.js';
import { type Checked, notChecked, type TaskDefinitionFacts } from '../core/network.js';
import type { ReadPorts } from '../core/ports.js';
import type { RoleSimulation } from '../core/workload.js';
import { AwsCallError } from '../errors.js';
import { awaitedLater } from './awaited-later.js';
import { type Attempt, degrading, type Read } from './inspect-workload.js';

/*
 * An EFS volume's authorization (network.md, "EFS volumes"), read beside round 2: everything it
 * needs comes with the task definition (round 1) — the access point's id
 * (`DescribeAccessPoints`), the file system's id (`DescribeFileSystemPolicy`), the task role and
 * the ARNs it is simulated on (`SimulatePrincipalPolicy`, the access point's ARN as the condition
 * key `elasticfilesystem:AccessPointArn`). Beyond the network path, like the role check: what
 * these reads meet makes the check "not checked", never the invocation fail.
 */

/** Each file system's authorization reads, by id; a volume with neither an access point nor IAM has none. */
export function readEfsAuthorization(
  td: Checked<TaskDefinitionFacts>,
  task: StoppedTask,
  ports: Pick<ReadPorts, 'efs' | 'iam'>,
  attempt: Attempt,
): Promise<Readonly<Record<string, EfsAuthorization>>> {
  // Awaited only after round 3.
  return awaitedLater(readAll(td, task, ports, attempt));
}

async function readAll(
  td: Checked<TaskDefinitionFacts>,
  task: StoppedTask,
  ports: Pick<ReadPorts, 'efs' | 'iam'>,
  attempt: Attempt,
): Promise<Readonly<Record<string, EfsAuthorization>>> {
  if (!td.ok) return {};
  const read = degrading(attempt);
  const t = td.value;
  const partition = /^arn:([\w-]+):/.exec(t.arn)?.[1] ?? 'aws';
  const account = task.account || (/^arn:[\w-]+:ecs:[^:]*:(\d{12}):/.exec(t.arn)?.[1] ?? '');
  const arns = { partition, region: task.region, account };
  const volumes = needsOf(t, task.region).flatMap((n) =>
    n.kind === 'efs' && (n.iam || n.accessPointId) ? [n] : [],
  );
  const entries = await Promise.all(
    volumes.map(async (n): Promise<[string, EfsAuthorization]> => {
      const apId = n.accessPointId;
      const [accessPoint, policy, taskRole] = await Promise.all([
        apId === undefined
          ? undefined
          : read('elasticfilesystem:DescribeAccessPoints', `access point ${apId}`, () =>
              ports.efs.describeAccessPoint(apId),
            ),
        n.iam
          ? read(
              'elasticfilesystem:DescribeFileSystemPolicy',
              `the file system policy of ${n.fileSystemId}`,
              () => ports.efs.describeFileSystemPolicy(n.fileSystemId),
            )
          : undefined,
        n.iam && t.taskRoleArn ? simulateTaskRole(t.taskRoleArn, n, arns, ports, read) : undefined,
      ]);
      return [
        n.fileSystemId,
        {
          ...(accessPoint ? { accessPoint } : {}),
          ...(policy ? { policy } : {}),
          ...(taskRole && t.taskRoleArn
            ? { taskRole: { roleArn: t.taskRoleArn, simulation: taskRole } }
            : {}),
        },
      ];
    }),
  );
  return Object.fromEntries(entries);
}

type Arns = Readonly<{ partition: string; region: string; account: string }>;

/**
 * The task role's client actions on the file system (through its access point), simulated only in
 * the task's own account; a role the deploy's `simulatedRoles` does not name is refused.
 */
async function simulateTaskRole(
  roleArn: string,
  need: Readonly<{ fileSystemId: string; accessPointId?: string; readOnly?: boolean }>,
  { partition, region, account }: Arns,
  ports: Pick<ReadPorts, 'iam'>,
  read: Read,
): Promise<Checked<RoleSimulation>> {
  const roleAccount = /^arn:[\w-]+:iam::(\d{12}):role\//.exec(roleArn)?.[1];
  if (roleAccount && account && roleAccount !== account)
    return notChecked(
      `the task role belongs to account ${roleAccount}, not ${account}: its policies can only be simulated there`,
    );
  const resource = fileSystemArn(partition, region, account, need.fileSystemId);
  const requests = clientActions(need.readOnly).map((action) => ({ action, resource }));
  const context = need.accessPointId
    ? [
        {
          key: 'elasticfilesystem:AccessPointArn',
          values: [accessPointArn(partition, region, account, need.accessPointId)],
        },
      ]
    : [];
  const simulation = await read(
    'iam:SimulatePrincipalPolicy',
    `the permissions of the task role ${roleArn}`,
    async (): Promise<RoleSimulation> => {
      try {
        return {
          kind: 'simulated',
          decisions: await ports.iam.simulatePrincipalPolicy(roleArn, requests, context),
        };
      } catch (e) {
        if (e instanceof AwsCallError && e.kind === 'not-found' && /NoSuchEntity/i.test(e.code))
          return { kind: 'no-such-role' };
        throw e;
      }
    },
  );
  if (simulation.ok || !/was denied/.test(simulation.why)) return simulation;
  return notChecked(
    `${simulation.why}: ecs-pullfix simulates only the roles its deploy parameter simulatedRoles names`,
  );
}

/** The file systems read, each with its authorization (when a volume uses an access point or IAM). */
export function withAuthorization<T extends Readonly<{ fileSystemId: string }>>(
  fileSystems: readonly T[],
  authorization: Readonly<Record<string, EfsAuthorization>>,
): (T & { authorization?: EfsAuthorization })[] {
  return fileSystems.map((fs) => {
    const auth = authorization[fs.fileSystemId];
    return auth ? { ...fs, authorization: auth } : fs;
  });
}
