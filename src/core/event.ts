import * as v from 'valibot';
import { InvalidEventError } from '../errors.js';
import type { StopRecord } from './causes.js';
import { imageDigestOf } from './ecr-image.js';
import { capped, cleanReason, INPUT_CAPS } from './untrusted.js';

/**
 * The stopped task, as the pipeline sees it: parsed once, at the edge, from an ECS
 * `Task State Change` event (or built from `DescribeTasks`). ECS adds fields over time, so
 * unknown keys are ignored; a missing required field is an `InvalidEventError`. Every string
 * is capped as it is parsed (`INPUT_CAPS`), and stop reasons lose the credentials of any
 * presigned URL they quote, so nothing downstream sees more.
 */
export type StoppedTask = Readonly<{
  /** The EventBridge event id, when the task came from an event. */
  eventId?: string;
  region: string;
  account: string;
  clusterArn: string;
  clusterName: string;
  taskArn: string;
  taskId: string;
  taskDefinitionArn: string;
  /** The task definition's family (`checkout` of `…:task-definition/checkout:17`). */
  family: string;
  group?: string;
  /** The service that launched the task (`group` is `service:NAME`). */
  serviceName?: string;
  launchType?: string;
  platformVersion?: string;
  availabilityZone?: string;
  lastStatus: string;
  stopCode?: string;
  stoppedReason?: string;
  stoppedAt?: string;
  /** When ECS created the task (ISO 8601): a task created after a fix pulled with the fix in place. */
  createdAt?: string;
  startedAt?: string;
  startedBy?: string;
  /** `detail.version`: with the task ARN, it identifies a delivery (duplicates share it). */
  version?: number;
  /** `imageDigest`: what ECS resolved the image's tag to at deployment, when it is a digest. */
  containers: readonly Readonly<{
    name: string;
    image?: string;
    imageDigest?: string;
    reason?: string;
    exitCode?: number;
  }>[];
  /**
   * The container instance the task was placed on (EC2 launch type): in `bridge`, `host` or
   * `none` network mode, its interface carries the pull, and with no execution role its role
   * signs it.
   */
  containerInstanceArn?: string;
  /**
   * The capacity provider that placed the task (`capacityProviderName`): on Amazon ECS Managed
   * Instances (launch type `MANAGED_INSTANCES`), the provider whose infrastructure role launched
   * its instance with the provider's instance profile.
   */
  capacityProviderName?: string;
  /** The task's ENI, from the `eni` attachment (usually deleted by the time we look). */
  eni: Readonly<{
    subnetId?: string;
    networkInterfaceId?: string;
    privateIPv4Address?: string;
    /** A dual-stack or IPv6-only task's address (`privateIPv6Address` of the attachment). */
    privateIPv6Address?: string;
  }>;
}>;

const ARN = /^arn:aws[\w-]*:ecs:([a-z0-9-]+):(\d{12}):/;

/** A string cut to `max` characters (see `INPUT_CAPS`: a real event never reaches one). */
const text = (max: number) =>
  v.pipe(
    v.string(),
    v.transform((s) => capped(s, max)),
  );
const short = () => text(INPUT_CAPS.shortChars);
/** A stop reason: capped and without the credentials a presigned URL in it carries. */
const reason = () => v.pipe(v.string(), v.transform(cleanReason));
/** A list cut to `INPUT_CAPS.listItems` before its items are read. */
const list = <T extends v.GenericSchema>(item: T) =>
  v.pipe(
    v.array(v.unknown()),
    v.transform((items) => items.slice(0, INPUT_CAPS.listItems)),
    v.array(item),
  );
const arn = (message: string) =>
  v.pipe(
    v.string(),
    v.maxLength(INPUT_CAPS.arnChars, `${message} of at most ${INPUT_CAPS.arnChars} characters`),
    v.regex(ARN, message),
  );

const Container = v.looseObject({
  name: short(),
  image: v.optional(text(INPUT_CAPS.imageChars)),
  // Untrusted: anything but `sha256:` and 64 hex digits is dropped, never an invalid event.
  imageDigest: v.optional(v.pipe(v.unknown(), v.transform(imageDigestOf))),
  reason: v.optional(reason()),
  exitCode: v.optional(v.number()),
});

const Attachment = v.looseObject({
  type: v.optional(short()),
  details: v.optional(list(v.looseObject({ name: short(), value: v.optional(short()) }))),
});

const Detail = v.looseObject({
  clusterArn: arn('must be an ECS cluster ARN'),
  taskArn: arn('must be an ECS task ARN'),
  taskDefinitionArn: arn('must be an ECS task definition ARN'),
  lastStatus: short(),
  group: v.optional(short()),
  containerInstanceArn: v.optional(arn('must be an ECS container instance ARN')),
  launchType: v.optional(short()),
  capacityProviderName: v.optional(short()),
  platformVersion: v.optional(short()),
  availabilityZone: v.optional(short()),
  stopCode: v.optional(short()),
  stoppedReason: v.optional(reason()),
  stoppedAt: v.optional(short()),
  createdAt: v.optional(short()),
  startedAt: v.optional(short()),
  startedBy: v.optional(short()),
  version: v.optional(v.number()),
  containers: v.optional(list(Container), []),
  attachments: v.optional(list(Attachment), []),
});

const Envelope = v.looseObject({
  id: v.optional(short()),
  'detail-type': v.literal('ECS Task State Change', 'is not "ECS Task State Change"'),
  source: v.literal('aws.ecs', 'is not "aws.ecs"'),
  region: v.optional(short()),
  account: v.optional(short()),
  detail: Detail,
});

/** Parses an EventBridge `ECS Task State Change` event. Throws `InvalidEventError`, naming every problem. */
export function parseTaskStateChange(value: unknown): StoppedTask {
  const parsed = v.safeParse(Envelope, value);
  if (!parsed.success) {
    // Bounded: a hostile event must not make a megabyte log line of itself.
    const problems = parsed.issues.map((i) => clip(`${v.getDotPath(i) ?? '(event)'} ${i.message}`, 200));
    throw new InvalidEventError(`not an ECS Task State Change event: ${problems.slice(0, 5).join('; ')}`);
  }
  const { id, region, account, detail } = parsed.output;
  return fromDetail(detail, { eventId: id, region, account });
}

/** Builds the task from an event's `detail` (or a `DescribeTasks` task of the same shape). */
export function fromDetail(
  detail: v.InferOutput<typeof Detail>,
  envelope: Readonly<{
    eventId?: string | undefined;
    region?: string | undefined;
    account?: string | undefined;
  }> = {},
): StoppedTask {
  const [, arnRegion = '', arnAccount = ''] = ARN.exec(detail.taskArn) ?? [];
  const eni = detail.attachments.find((a) => a.type === 'eni' || a.type === 'ElasticNetworkInterface');
  const eniDetail = (name: string) => eni?.details?.find((d) => d.name === name)?.value;
  const family = /task-definition\/([^:/]+)/.exec(detail.taskDefinitionArn)?.[1] ?? '';
  const serviceName = detail.group?.startsWith('service:')
    ? detail.group.slice('service:'.length)
    : undefined;
  return strip({
    eventId: envelope.eventId,
    region: envelope.region ?? arnRegion,
    account: envelope.account ?? arnAccount,
    clusterArn: detail.clusterArn,
    clusterName: detail.clusterArn.split('/').pop() ?? detail.clusterArn,
    taskArn: detail.taskArn,
    taskId: detail.taskArn.split('/').pop() ?? detail.taskArn,
    taskDefinitionArn: detail.taskDefinitionArn,
    family,
    group: detail.group,
    serviceName,
    containerInstanceArn: detail.containerInstanceArn,
    launchType: detail.launchType,
    capacityProviderName: detail.capacityProviderName,
    platformVersion: detail.platformVersion,
    availabilityZone: detail.availabilityZone,
    lastStatus: detail.lastStatus,
    stopCode: detail.stopCode,
    stoppedReason: detail.stoppedReason,
    stoppedAt: detail.stoppedAt,
    createdAt: detail.createdAt,
    startedAt: detail.startedAt,
    startedBy: detail.startedBy,
    version: detail.version,
    containers: detail.containers.map((c) =>
      strip({
        name: c.name,
        image: c.image,
        imageDigest: c.imageDigest,
        reason: c.reason,
        exitCode: c.exitCode,
      }),
    ),
    eni: strip({
      subnetId: eniDetail('subnetId'),
      networkInterfaceId: eniDetail('networkInterfaceId'),
      privateIPv4Address: eniDetail('privateIPv4Address'),
      privateIPv6Address: eniDetail('privateIPv6Address') ?? eniDetail('ipv6Address'),
    }),
  });
}

/** Parses a `DescribeTasks` task (the same field names as an event's detail). */
export function parseDescribedTask(value: unknown, region: string): StoppedTask {
  const parsed = v.safeParse(Detail, value);
  if (!parsed.success) {
    throw new InvalidEventError(`unexpected DescribeTasks answer: ${v.summarize(parsed.issues)}`);
  }
  return fromDetail(parsed.output, { region });
}

/**
 * Why there is nothing to diagnose in a task that has not stopped, or `undefined` when it has.
 * Only a `STOPPED` task can have failed to start: a `RUNNING` (or `PENDING`, `PROVISIONING`…)
 * task has not failed, and a `DEACTIVATING`, `STOPPING` or `DEPROVISIONING` one is still on
 * its way to the `STOPPED` event that says how it ended.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-lifecycle-explanation.html
 */
export function notStoppedReason(task: Pick<StoppedTask, 'lastStatus'>): string | undefined {
  if (task.lastStatus === 'STOPPED') return undefined;
  const status = statusToken(task.lastStatus);
  return STOPPING.has(task.lastStatus)
    ? `the task has not stopped yet (lastStatus ${status}): nothing to diagnose until it is STOPPED`
    : `the task did not stop (lastStatus ${status}): nothing to diagnose`;
}

/** The states between the decision to stop a task and `STOPPED`. */
const STOPPING = new Set(['DEACTIVATING', 'STOPPING', 'DEPROVISIONING']);

/** A status from the event, safe to print on one line (ECS's are upper-case words). */
function statusToken(status: string): string {
  return /^[A-Z_]{1,32}$/.test(status)
    ? status
    : JSON.stringify(status.replace(/[^\x20-\x7e]/g, '?').slice(0, 32));
}

export { notAnEventHint } from './event-hint.js';

/** The classifier's view of the task. */
export function stopRecordOf(task: StoppedTask): StopRecord {
  return strip({ stoppedReason: task.stoppedReason, stopCode: task.stopCode, containers: task.containers });
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Drops keys whose value is undefined (so that optional fields are absent, not undefined). */
function strip<T extends object>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, val]) => val !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}
