import type { Classification } from '../causes.js';
import type { Snapshot } from '../network.js';
import { ephemeralStorage } from './checks/ephemeral-storage.js';
import { image } from './checks/image.js';
import { managedInstances } from './checks/managed-instances.js';
import { pullTimeout } from './checks/pull-timeout.js';
import { repositoryPolicy } from './checks/repository-policy.js';
import { executionRole } from './checks/role.js';
import { secret } from './checks/secrets.js';
import type { Verdict } from './verdict.js';

/**
 * The diagnosis beyond the network path: the execution role's simulated permissions, the
 * image in ECR, the secrets and parameters. Pure. Its `ok` verdicts join path-ok's evidence.
 */
export function workloadVerdicts(snapshot: Snapshot, classification: Classification): Verdict[] {
  const w = snapshot.workload;
  if (!w) return [];
  const stopText = [
    snapshot.task.stoppedReason ?? '',
    ...snapshot.task.containers.map((c) => c.reason ?? ''),
  ].join('\n');
  const { clusterName: cluster, serviceName: service } = snapshot.task;
  const deployment = service ? { cluster, service } : { cluster };
  return [
    ...(w.role ? executionRole(w.role, classification) : []),
    ...w.images.flatMap((c) => image(c, w.platform, deployment)),
    ...w.secrets.flatMap((c) => secret(c, stopText)),
    ...storageVerdicts(snapshot, classification),
    ...pullTimeout(snapshot, stopText),
    ...(w.managedInstances ? managedInstances(w.managedInstances) : []),
    ...(w.repositoryPolicies ?? []).flatMap((c) => repositoryPolicy(c, pullerOf(snapshot))),
  ];
}

/** The role that pulls: the execution role, else (on EC2) the instance role read for the task. */
function pullerOf(snapshot: Snapshot): string | undefined {
  const td = snapshot.taskDefinition.ok ? snapshot.taskDefinition.value : undefined;
  return td?.executionRoleArn ?? snapshot.workload?.role?.roleArn;
}

/**
 * The images against the task's ephemeral storage: said when the platform's words (a full
 * disk is `capacity-or-platform`) ask for it, found whatever the cause.
 */
function storageVerdicts(snapshot: Snapshot, classification: Classification): Verdict[] {
  const td = snapshot.taskDefinition;
  if (!td.ok || !snapshot.workload) return [];
  return ephemeralStorage(td.value, snapshot.workload.images, snapshot.task.launchType).filter(
    (v) => v.kind !== 'ok' || classification.cause === 'capacity-or-platform',
  );
}
