import type { StoppedTask } from '../core/event.js';
import type { Checked, TaskDefinitionFacts } from '../core/network.js';
import type { ReadPorts } from '../core/ports.js';
import type { ReplicationCheck } from '../core/replication.js';
import { ecrImageOf, type WorkloadSnapshot } from '../core/workload.js';
import { awaitedLater } from './awaited-later.js';
import { type Attempt, degrading } from './inspect-workload.js';

/**
 * The account's registry's replication rules (`ecr:DescribeRegistry`, which answers for the
 * caller's own registry) in each other Region an image of the account's comes from: what says
 * whether a rule already copies the image into the task's Region. Read once the task definition
 * is known, beside round 2 (no round of its own); a refusal is a note, never a failure.
 */
export function readReplication(
  task: StoppedTask,
  definition: Checked<TaskDefinitionFacts>,
  ports: ReadPorts,
  attempt: Attempt,
): Promise<Replication> {
  // Awaited only after the VPC's rounds.
  return awaitedLater(replicationOf(task, definition, ports, attempt));
}

type Replication = { replication?: readonly ReplicationCheck[] };

/** The workload's reads and the replication rules, as the snapshot holds them. */
export function withReplication(
  workload: Promise<WorkloadSnapshot | undefined>,
  replication: Promise<Replication>,
): Promise<{ workload?: WorkloadSnapshot } & Replication> {
  // Awaited only after the VPC's rounds.
  return awaitedLater(
    Promise.all([workload, replication]).then(([w, r]) => ({ ...(w ? { workload: w } : {}), ...r })),
  );
}

async function replicationOf(
  task: StoppedTask,
  definition: Checked<TaskDefinitionFacts>,
  ports: ReadPorts,
  attempt: Attempt,
): Promise<Replication> {
  if (!definition.ok) return {};
  const account = task.account || (/^arn:[\w-]+:ecs:[^:]*:(\d{12}):/.exec(definition.value.arn)?.[1] ?? '');
  const regions = [
    ...new Set(
      definition.value.containers
        .flatMap((c) => ecrImageOf(c.image, c.name) ?? [])
        .filter((r) => r.registryId === account && r.region !== task.region)
        .map((r) => r.region),
    ),
  ];
  if (regions.length === 0) return {};
  const read = degrading(attempt);
  const replication = await Promise.all(
    regions.map(async (region) => ({
      region,
      registryId: account,
      rules: await read('ecr:DescribeRegistry', `the registry's replication rules in ${region}`, () =>
        ports.ecr.replicationRules(region),
      ),
    })),
  );
  return { replication };
}
