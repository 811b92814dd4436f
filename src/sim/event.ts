import { createHash } from 'node:crypto';
import type { Scenario } from './scenario.js';

/**
 * The stopped-task event of a scenario, shaped as ECS sends it through EventBridge (the
 * AWS documented sample: the envelope, `detail.attachments[].details[]` name/value pairs
 * with the ENI attachment `DELETED`, `group`, containers with their images and reasons).
 */
export function eventOf(
  scenario: Scenario,
  ids: Readonly<{ subnetId?: string; taskDefinitionArn?: string; containerInstanceArn?: string }> = {},
): Record<string, unknown> {
  const task = stoppedTaskOf(scenario);
  return {
    version: '0',
    id: task.uuid('event'),
    'detail-type': 'ECS Task State Change',
    source: 'aws.ecs',
    account: scenario.account,
    time: '2026-11-20T09:16:07Z',
    region: scenario.region,
    resources: [task.taskArn],
    detail: detailOf(scenario, task, ids),
  };
}

/** The names and addresses of a scenario's stopped task, derived from the scenario's name. */
type StoppedTask = Readonly<{
  /** The hex SHA-256 of `<scenario>:<s>`: stable ids that differ across scenarios. */
  hash: (s: string) => string;
  /** The same, shaped as a UUID. */
  uuid: (s: string) => string;
  cluster: string;
  taskId: string;
  taskArn: string;
  /** The subnet of the task, when the scenario has it. */
  subnet: Scenario['subnets'][number] | undefined;
  ip: string;
  /** Its IPv6 address, in a dual-stack or IPv6-only subnet. */
  ipv6?: string;
}>;

function stoppedTaskOf(scenario: Scenario): StoppedTask {
  const f = scenario.file;
  const hash = (s: string) => createHash('sha256').update(`${scenario.name}:${s}`).digest('hex');
  const uuid = (s: string) => {
    const h = hash(s);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
  };
  const cluster = f.cluster.name;
  const taskId = hash('task').slice(0, 32);
  const taskArn = `arn:aws:ecs:${scenario.region}:${scenario.account}:task/${cluster}/${taskId}`;
  const subnet = scenario.subnets.find((s) => s.id === f.task.subnet);
  const ip = subnet ? hostIn(subnet.cidr, 57) : '10.0.0.57';
  const [v6] = subnet?.ipv6Cidrs ?? [];
  const ipv6 = f.task.ipv6Address ?? (v6 ? `${v6.split('/')[0]}a57`.replace(':::', '::') : undefined);
  return { hash, uuid, cluster, taskId, taskArn, subnet, ip, ...(ipv6 ? { ipv6 } : {}) };
}

/** The event's `detail`: the task as ECS describes it once stopped (keys in ECS's order). */
function detailOf(
  scenario: Scenario,
  task: StoppedTask,
  ids: Readonly<{ subnetId?: string; taskDefinitionArn?: string; containerInstanceArn?: string }>,
): Record<string, unknown> {
  const f = scenario.file;
  const group =
    f.task.group ??
    (scenario.service ? `service:${scenario.service.name}` : `family:${scenario.taskDefinition.family}`);
  const stoppedAt = '2026-11-20T09:16:07.113Z';
  // Only an awsvpc task has an ENI of its own; on EC2 the event names the container instance.
  const awsvpc =
    scenario.taskDefinition.networkMode === undefined || scenario.taskDefinition.networkMode === 'awsvpc';
  const containerInstanceArn = ids.containerInstanceArn ?? scenario.containerInstance?.ecs.arn;
  return {
    attachments: awsvpc ? [eniAttachmentOf(task, ids.subnetId ?? f.task.subnet)] : [],
    availabilityZone: task.subnet?.availabilityZone ?? `${scenario.region}a`,
    clusterArn: `arn:aws:ecs:${scenario.region}:${scenario.account}:cluster/${task.cluster}`,
    connectivity: 'CONNECTED',
    connectivityAt: '2026-11-20T09:14:11.020Z',
    ...(containerInstanceArn ? { containerInstanceArn } : {}),
    containers: containersOf(scenario, task, awsvpc),
    cpu: '512',
    memory: '1024',
    createdAt: '2026-11-20T09:14:02.113Z',
    desiredStatus: 'STOPPED',
    group,
    launchType: f.task.launchType,
    ...(f.capacityProvider ? { capacityProviderName: f.capacityProvider.name } : {}),
    lastStatus: 'STOPPED',
    ...(f.task.launchType === 'FARGATE' ? { platformVersion: '1.4.0' } : {}),
    pullStartedAt: '2026-11-20T09:14:12.500Z',
    startedBy: f.task.startedBy ?? (scenario.service ? 'ecs-svc/4782015827344301876' : 'prefect-worker'),
    ...(f.task.stopCode ? { stopCode: f.task.stopCode } : {}),
    stoppedAt,
    stoppedReason: f.task.stoppedReason,
    stoppingAt: '2026-11-20T09:15:37.001Z',
    taskArn: task.taskArn,
    taskDefinitionArn: ids.taskDefinitionArn ?? scenario.taskDefinition.arn,
    updatedAt: stoppedAt,
    version: 4,
  };
}

/** The task's ENI attachment, already `DELETED` as in a stopped task's event. */
function eniAttachmentOf(task: StoppedTask, subnetId: string): Record<string, unknown> {
  return {
    id: task.uuid('attachment'),
    type: 'eni',
    status: 'DELETED',
    details: [
      { name: 'subnetId', value: subnetId },
      { name: 'networkInterfaceId', value: `eni-0${task.hash('eni').slice(0, 16)}` },
      { name: 'macAddress', value: '0e:5c:2a:91:7b:3d' },
      // An IPv6-only task has no IPv4 address at all.
      ...(task.subnet?.ipv6Native ? [] : [{ name: 'privateIPv4Address', value: task.ip }]),
      ...(task.ipv6 ? [{ name: 'privateIPv6Address', value: task.ipv6 }] : []),
    ],
  };
}

/** The task definition's containers, stopped, each with its reason when the scenario gives one. */
function containersOf(scenario: Scenario, task: StoppedTask, awsvpc: boolean): Record<string, unknown>[] {
  const reasons = scenario.file.task.containerReasons;
  const digests = scenario.file.task.imageDigests;
  return scenario.taskDefinition.containers.map((c) => ({
    containerArn: `arn:aws:ecs:${scenario.region}:${scenario.account}:container/${task.cluster}/${task.taskId}/${task.uuid(c.name)}`,
    lastStatus: 'STOPPED',
    name: c.name,
    image: c.image,
    taskArn: task.taskArn,
    ...(awsvpc
      ? { networkInterfaces: [{ attachmentId: task.uuid('attachment'), privateIpv4Address: task.ip }] }
      : {}),
    ...(digests[c.name] ? { imageDigest: digests[c.name] } : {}),
    cpu: '0',
    ...(reasons[c.name] ? { reason: reasons[c.name] } : {}),
  }));
}

/** The `n`th address of an IPv4 CIDR. */
function hostIn(cidr: string, n: number): string {
  const [base = '10.0.0.0'] = cidr.split('/');
  const octets = base.split('.').map(Number);
  octets[3] = (octets[3] ?? 0) + n;
  return octets.join('.');
}

/** The ARN of the `n`th task of the same cluster (a crash loop stops a new task each time). */
export function nthTaskArn(taskArn: string, n: number): string {
  return `${taskArn.replace(/[0-9a-f]{32}$/, '')}${n.toString(16).padStart(32, '0')}`;
}

/** The same stopped-task event for the `n`th task of the service. */
export function withTask(event: Record<string, unknown>, n: number): Record<string, unknown> {
  const copy = structuredClone(event) as { detail: Record<string, unknown> };
  copy.detail.taskArn = nthTaskArn(String(copy.detail.taskArn), n);
  return copy;
}

/**
 * The `n`th task of the same service reaching RUNNING, created at `createdAt`: the event the
 * second rule sends (no stop code or reason; the ENI attached).
 */
export function runningEventOf(
  stopped: Record<string, unknown>,
  n: number,
  createdAt: string,
): Record<string, unknown> {
  const copy = withTask(stopped, n) as { detail: Record<string, unknown> };
  const d = copy.detail;
  for (const key of ['stopCode', 'stoppedReason', 'stoppedAt', 'stoppingAt', 'executionStoppedAt'])
    delete d[key];
  const startedAt = new Date(Date.parse(createdAt) + 40_000).toISOString();
  Object.assign(d, {
    lastStatus: 'RUNNING',
    desiredStatus: 'RUNNING',
    createdAt,
    startedAt,
    updatedAt: startedAt,
    version: 3,
    containers: ((d.containers as Record<string, unknown>[] | undefined) ?? []).map((c) => {
      const { reason: _, ...rest } = c;
      return { ...rest, lastStatus: 'RUNNING' };
    }),
  });
  return copy;
}

/** The `n`th task's stopped event, created at `createdAt` (after a fix, or before it). */
export function stoppedEventOf(
  stopped: Record<string, unknown>,
  n: number,
  createdAt: string,
): Record<string, unknown> {
  const copy = withTask(stopped, n) as { detail: Record<string, unknown> };
  copy.detail.createdAt = createdAt;
  return copy;
}
