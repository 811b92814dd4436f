import type { StoppedTask } from '../core/event.js';
import type { Checked, TaskDefinitionFacts } from '../core/network.js';
import type { ReadPorts } from '../core/ports.js';
import type { RepositoryPolicyCheck } from '../core/repository-policy.js';
import { type EcrImageRef, ecrImageOf } from '../core/workload.js';

/** A degrading read (`inspect-workload.ts`'s `Read`): a failure makes the check "not checked". */
type Read = <T>(operation: string, what: string, read: () => Promise<T>) => Promise<Checked<T>>;

/**
 * Round 2, beside the images and secrets: the policy of each repository of another account's
 * registry in the task's region (`ecr:GetRepositoryPolicy` with that `registryId`), which must
 * grant the pull to the role that pulls. Another region's registry is not read: its endpoints
 * are regional, and the task's path to them is what the network check says.
 */
export function inspectRepositoryPolicies(
  task: StoppedTask,
  td: TaskDefinitionFacts,
  ports: ReadPorts,
  read: Read,
  account: string,
): Promise<RepositoryPolicyCheck[]> {
  // The task's own account, as its event and its task definition's ARN name it.
  const own = new Set([account, /^arn:[\w-]+:ecs:[^:]*:(\d{12}):/.exec(td.arn)?.[1] ?? account]);
  const refs = td.containers
    .flatMap((c) => ecrImageOf(c.image, c.name) ?? [])
    .filter((r) => !own.has(r.registryId) && r.region === task.region)
    .filter(
      (r, i, all) =>
        all.findIndex((o) => o.registryId === r.registryId && o.repository === r.repository) === i,
    );
  return Promise.all(refs.map((ref) => policyOf(ref, ports, read)));
}

async function policyOf(ref: EcrImageRef, ports: ReadPorts, read: Read): Promise<RepositoryPolicyCheck> {
  const policy = await read(
    'ecr:GetRepositoryPolicy',
    `the policy of repository ${ref.repository} in account ${ref.registryId}`,
    () => ports.ecr.repositoryPolicy(ref),
  );
  const { image, container, registryId, region, repository } = ref;
  return { image, container, registryId, region, repository, policy };
}
