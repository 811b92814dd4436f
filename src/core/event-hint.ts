/**
 * What to use instead, when a file given to `replay` is not an EventBridge event but
 * something near it: the output of `aws ecs describe-tasks` (the whole document, its
 * `tasks`, or one task) or the bare `detail` of an event. One sentence naming `name` (the
 * file), or `undefined` for anything else (which the event parser then rejects as usual).
 * The cluster and task come from the file, so they are printed only when they are plain
 * names; otherwise the command has shell variables to fill in.
 */
export function notAnEventHint(value: unknown, name: string): string | undefined {
  if (Array.isArray(value)) {
    if (!value.some(isTaskLike)) return undefined;
    return `${name} holds tasks from aws ecs describe-tasks, not an EventBridge event: run ${diagnoseCommand(value.filter(isTaskLike))} instead`;
  }
  if (!isRecord(value) || 'detail-type' in value || 'detail' in value) return undefined;
  if (Array.isArray(value.tasks)) {
    const tasks = value.tasks.filter(isTaskLike);
    return tasks.length === 0
      ? `${name} is the output of aws ecs describe-tasks and holds no task (ECS forgets a stopped task about an hour after it stops), not an EventBridge event: replay the task's ECS Task State Change event instead`
      : `${name} is the output of aws ecs describe-tasks, not an EventBridge event: run ${diagnoseCommand(tasks)} instead`;
  }
  if (!isTaskLike(value)) return undefined;
  // Only an event's detail has `updatedAt`; a DescribeTasks task has none.
  return 'updatedAt' in value
    ? `${name} is the detail of an ECS Task State Change event, not the whole event: replay the whole event (with its detail-type, source, account and region), or run ${diagnoseCommand([value])} while ECS remembers the task`
    : `${name} is a task from aws ecs describe-tasks, not an EventBridge event: run ${diagnoseCommand([value])} instead`;
}

type TaskLike = Readonly<{ taskArn: string; lastStatus: string; clusterArn?: unknown }>;

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isTaskLike(value: unknown): value is TaskLike {
  return isRecord(value) && typeof value.taskArn === 'string' && typeof value.lastStatus === 'string';
}

/** `ecs-pullfix diagnose` for the first task (and how many more there are). */
function diagnoseCommand(tasks: readonly TaskLike[]): string {
  const [first] = tasks;
  // New-format task ARNs carry the cluster: arn:aws:ecs:REGION:ACCOUNT:task/CLUSTER/ID.
  const fromArn = first?.taskArn.split(':task/')[1]?.split('/');
  const cluster =
    typeof first?.clusterArn === 'string'
      ? first.clusterArn.split('/').pop()
      : fromArn && fromArn.length === 2
        ? fromArn[0]
        : undefined;
  const task = first?.taskArn.split('/').pop();
  const safe = (s: string | undefined) => s !== undefined && /^[A-Za-z0-9_-]{1,255}$/.test(s);
  const command =
    safe(cluster) && safe(task)
      ? `ecs-pullfix diagnose --cluster ${cluster} --task ${task}`
      : 'ecs-pullfix diagnose --cluster "$CLUSTER" --task "$TASK" (the task\'s cluster and id)';
  return tasks.length > 1 ? `${command} (for the first of its ${tasks.length} tasks)` : command;
}
