import type { StoppedTask } from '../core/event.js';
import { deliveryKeyOf, groupKeyOf, workloadKeyOf } from '../core/keys.js';
import { triage } from './incident.js';

/** One message of a batch, its body parsed: the SQS message id and the task of its event. */
export type BatchItem = Readonly<{ messageId: string; task: StoppedTask }>;

/**
 * Stopped tasks of one incident group (cluster, workload, cause), in arrival order, each
 * delivery once: `handleStoppedTasks` handles them as one. `messageIds` are every message
 * of the group, duplicates included: if the group fails, they all go back to the queue.
 */
export type StoppedGroup = Readonly<{
  kind: 'stopped';
  key: string;
  cause: string;
  tasks: readonly [StoppedTask, ...StoppedTask[]];
  messageIds: readonly string[];
}>;

/** RUNNING tasks of one workload: `handleRunningTask` once, with the task created last. */
export type RunningGroup = Readonly<{
  kind: 'running';
  key: string;
  task: StoppedTask;
  messageIds: readonly string[];
}>;

export type BatchGroup = StoppedGroup | RunningGroup;

/** What a batch holds: the groups to handle (in order of first arrival), and the messages that need nothing. */
export type BatchPlan = Readonly<{
  groups: readonly BatchGroup[];
  ignored: readonly Readonly<{ messageId: string; reason: string }>[];
}>;

type Building = { stopped: Map<string, MutableStopped>; running: Map<string, MutableRunning> };
type MutableStopped = {
  key: string;
  cause: string;
  tasks: StoppedTask[];
  deliveries: Set<string>;
  messageIds: string[];
};
type MutableRunning = { key: string; task: StoppedTask; messageIds: string[] };

/**
 * Plans a batch, on the events alone (pure: no AWS read, no store write): stopped tasks
 * grouped by incident group with duplicate deliveries (same task ARN and `detail.version`)
 * dropped; RUNNING tasks grouped by workload, the one created last standing for them (a
 * fix applied before it was applied before the others too); ordinary stops and tasks that
 * did not stop ignored. Within a batch, a storm of one service is one group: one claim.
 */
export function planBatch(items: readonly BatchItem[]): BatchPlan {
  const building: Building = { stopped: new Map(), running: new Map() };
  const order: (MutableStopped | MutableRunning)[] = [];
  const ignored: { messageId: string; reason: string }[] = [];
  for (const { messageId, task } of items) {
    if (task.lastStatus === 'RUNNING') {
      const group = addRunning(building.running, messageId, task);
      if (group.messageIds.length === 1) order.push(group);
      continue;
    }
    const { classification, nothingToDiagnose } = triage(task);
    if (nothingToDiagnose !== undefined) {
      ignored.push({ messageId, reason: nothingToDiagnose });
      continue;
    }
    const group = addStopped(building.stopped, messageId, task, classification.cause);
    if (group.messageIds.length === 1) order.push(group);
  }
  return { groups: order.map(frozen), ignored };
}

function addStopped(
  groups: Map<string, MutableStopped>,
  messageId: string,
  task: StoppedTask,
  cause: string,
): MutableStopped {
  const key = groupKeyOf(task, cause);
  const group = groups.get(key) ?? { key, cause, tasks: [], deliveries: new Set(), messageIds: [] };
  groups.set(key, group);
  group.messageIds.push(messageId);
  const delivery = deliveryKeyOf(task);
  if (!group.deliveries.has(delivery)) {
    group.deliveries.add(delivery);
    group.tasks.push(task);
  }
  return group;
}

function addRunning(
  groups: Map<string, MutableRunning>,
  messageId: string,
  task: StoppedTask,
): MutableRunning {
  const key = workloadKeyOf(task);
  const group = groups.get(key) ?? { key, task, messageIds: [] };
  groups.set(key, group);
  group.messageIds.push(messageId);
  if (createdAtMs(task) >= createdAtMs(group.task)) group.task = task;
  return group;
}

/** When ECS created the task (its start, when the event does not say); unknown sorts first. */
function createdAtMs(task: StoppedTask): number {
  const ms = Date.parse(task.createdAt ?? task.startedAt ?? '');
  return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms;
}

function frozen(group: MutableStopped | MutableRunning): BatchGroup {
  if ('tasks' in group) {
    const [first, ...rest] = group.tasks as [StoppedTask, ...StoppedTask[]];
    return {
      kind: 'stopped',
      key: group.key,
      cause: group.cause,
      tasks: [first, ...rest],
      messageIds: group.messageIds,
    };
  }
  return { kind: 'running', key: group.key, task: group.task, messageIds: group.messageIds };
}
