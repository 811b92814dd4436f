import { createHash } from 'node:crypto';
import type { Scenario } from './scenario.js';

/**
 * The stopped-task event of a scenario, shaped as ECS sends it through EventBridge (the
 * AWS documented sample: the envelope, `detail.attachments[].details[]` name/value pairs
 * with the ENI attachment `DELETED`, `group`, containers with their images and reasons).
 */
export function eventOf(
  scenario: Scenario,
  ids: Readonly<{ subnetId?: string; taskDefinitionArn?: string }> = {},
): Record<string, unknown> {
  const f = scenario.file;
  const hash = (s: string) => createHash('sha256').update(`${scenario.name}:${s}`).digest('hex');
  const uuid = (s: string) => {
    const h = hash(s);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
  };
  const cluster = f.cluster.name;
  const clusterArn = `arn:aws:ecs:${scenario.region}:${scenario.account}:cluster/${cluster}`;
  const taskId = hash('task').slice(0, 32);
  const taskArn = `arn:aws:ecs:${scenario.region}:${scenario.account}:task/${cluster}/${taskId}`;
  const subnet = scenario.subnets.find((s) => s.id === f.task.subnet);
  const ip = subnet ? hostIn(subnet.cidr, 57) : '10.0.0.57';
  const group =
    f.task.group ??
    (scenario.service ? `service:${scenario.service.name}` : `family:${scenario.taskDefinition.family}`);
  const stoppedAt = '2026-11-20T09:16:07.113Z';
  return {
    version: '0',
    id: uuid('event'),
    'detail-type': 'ECS Task State Change',
    source: 'aws.ecs',
    account: scenario.account,
    time: '2026-11-20T09:16:07Z',
    region: scenario.region,
    resources: [taskArn],
    detail: {
      attachments: [
        {
          id: uuid('attachment'),
          type: 'eni',
          status: 'DELETED',
          details: [
            { name: 'subnetId', value: ids.subnetId ?? f.task.subnet },
            { name: 'networkInterfaceId', value: `eni-0${hash('eni').slice(0, 16)}` },
            { name: 'macAddress', value: '0e:5c:2a:91:7b:3d' },
            { name: 'privateIPv4Address', value: ip },
          ],
        },
      ],
      availabilityZone: subnet?.availabilityZone ?? `${scenario.region}a`,
      clusterArn,
      connectivity: 'CONNECTED',
      connectivityAt: '2026-11-20T09:14:11.020Z',
      containers: scenario.taskDefinition.containers.map((c) => ({
        containerArn: `arn:aws:ecs:${scenario.region}:${scenario.account}:container/${cluster}/${taskId}/${uuid(c.name)}`,
        lastStatus: 'STOPPED',
        name: c.name,
        image: c.image,
        taskArn,
        networkInterfaces: [{ attachmentId: uuid('attachment'), privateIpv4Address: ip }],
        cpu: '0',
        ...(f.task.containerReasons[c.name] ? { reason: f.task.containerReasons[c.name] } : {}),
      })),
      cpu: '512',
      memory: '1024',
      createdAt: '2026-11-20T09:14:02.113Z',
      desiredStatus: 'STOPPED',
      group,
      launchType: f.task.launchType,
      lastStatus: 'STOPPED',
      ...(f.task.launchType === 'FARGATE' ? { platformVersion: '1.4.0' } : {}),
      pullStartedAt: '2026-11-20T09:14:12.500Z',
      startedBy: f.task.startedBy ?? (scenario.service ? 'ecs-svc/4782015827344301876' : 'prefect-worker'),
      ...(f.task.stopCode ? { stopCode: f.task.stopCode } : {}),
      stoppedAt,
      stoppedReason: f.task.stoppedReason,
      stoppingAt: '2026-11-20T09:15:37.001Z',
      taskArn,
      taskDefinitionArn: ids.taskDefinitionArn ?? scenario.taskDefinition.arn,
      updatedAt: stoppedAt,
      version: 4,
    },
  };
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
