import type { EndpointService } from './network.js';
import type { UnknownTail } from './policy/evaluate.js';
import { registryOfImage } from './registry.js';
import type { ContainerFacts, TaskDefinitionFacts } from './task-definition.js';
import { ecrImageOf, partitionOf, type SecretCheck, secretRefOf } from './workload.js';

/**
 * The calls a task makes through each VPC endpoint, with their real resources, for the
 * endpoint policy check: what AWS documents each step of starting a task asks for.
 *
 * - ECR (https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html, "Create an
 *   endpoint policy"): `ecr:GetAuthorizationToken` on `*` through `ecr.api`; the pull itself,
 *   `ecr:BatchGetImage` and `ecr:GetDownloadUrlForLayer` on the repository, through `ecr.dkr`.
 *   AWS's own pull policy grants no more, so `ecr:BatchCheckLayerAvailability` (a push's
 *   call) is not asked of the endpoint.
 * - The layers: `s3:GetObject` on objects of `prod-<region>-starport-layer-bucket` ("Minimum
 *   Amazon S3 bucket permissions for Amazon ECR"), through the S3 gateway, with the URL
 *   `ecr:GetDownloadUrlForLayer` presigned: not as the task's role (AWS's data-perimeter
 *   examples allow the bucket as AWS-owned, whoever the principal).
 *   https://github.com/aws-samples/data-perimeter-policy-examples (vpc_endpoint_policies)
 * - Environment files: `s3:GetObject` on each file, `s3:GetBucketLocation` on its bucket.
 * - awslogs: `logs:CreateLogStream` and `logs:PutLogEvents` on the task's stream of the group
 *   (`logs:CreateLogGroup` with `awslogs-create-group`).
 * - Secrets: `secretsmanager:GetSecretValue` on each secret, `ssm:GetParameters` on each
 *   parameter (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar.html).
 */
export type TaskCall = Readonly<{
  action: string;
  /** The resource's ARN (`*` for an action on no resource), or the known start of it. */
  resource: string;
  /** The ARN goes on with a part not known: an object's key, a stream's name, a secret's suffix. */
  resourceTail?: UnknownTail;
  /** The account that owns the resource (`aws:ResourceAccount`), when known. */
  resourceAccount?: string;
  /**
   * The call is made with a URL ECR presigned (a layer's download): its principal is the one
   * that signed it, ECR's, not the task's execution role.
   */
  presignedByEcr?: true;
  /** What of the task makes the call, in words (as the needs say it). */
  feature: string;
}>;

/** Where the facts of the calls come from: the task definition, the task, secrets already described. */
export type CallSource = Readonly<{
  td: TaskDefinitionFacts;
  region: string;
  account: string;
  taskId: string;
  secrets?: readonly SecretCheck[];
}>;

/** The calls the task makes through an endpoint of `service`, in a stable order, without repeats. */
export function callsThrough(src: CallSource, service: EndpointService): TaskCall[] {
  const calls: TaskCall[] = [];
  for (const c of src.td.containers) calls.push(...containerCalls(src, c, service));
  return calls.filter(
    (call, i) =>
      calls.findIndex((o) => o.action === call.action && shownResource(o) === shownResource(call)) === i,
  );
}

/** A call's resource as a person reads it: the unknown part as `*`, or a `?` per unknown character. */
export function shownResource(call: Pick<TaskCall, 'resource' | 'resourceTail'>): string {
  const tail = call.resourceTail;
  if (!tail) return call.resource;
  return call.resource + (tail.chars === 'any' ? '*' : '?'.repeat(tail.length));
}

function containerCalls(src: CallSource, c: ContainerFacts, service: EndpointService): TaskCall[] {
  switch (service) {
    case 'ecr.api':
    case 'ecr.dkr':
    case 's3':
      return [...imageCalls(src, c, service), ...(service === 's3' ? environmentFileCalls(src, c) : [])];
    case 'logs':
      return logCalls(src, c);
    case 'secretsmanager':
    case 'ssm':
      return secretCalls(src, c, service);
  }
}

function imageCalls(src: CallSource, c: ContainerFacts, service: 'ecr.api' | 'ecr.dkr' | 's3'): TaskCall[] {
  const registry = registryOfImage(c.image);
  const image = ecrImageOf(c.image, c.name);
  if (registry?.kind !== 'ecr' || registry.region !== src.region || !image) return [];
  const feature = `image ${c.image} (container ${c.name})`;
  if (service === 'ecr.api') return [{ action: 'ecr:GetAuthorizationToken', resource: '*', feature }];
  if (service === 's3')
    return [
      {
        action: 's3:GetObject',
        resource: `arn:${partitionOf(src.td.arn)}:s3:::prod-${src.region}-starport-layer-bucket/`,
        resourceTail: { chars: 'any' },
        presignedByEcr: true,
        feature: `${feature}: its layers are served from Amazon S3`,
      },
    ];
  const repository = `arn:${partitionOf(src.td.arn)}:ecr:${image.region}:${image.registryId}:repository/${image.repository}`;
  return ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'].map((action) => ({
    action,
    resource: repository,
    resourceAccount: image.registryId,
    feature,
  }));
}

function environmentFileCalls(src: CallSource, c: ContainerFacts): TaskCall[] {
  return c.environmentFiles.flatMap((file): TaskCall[] => {
    const bucket = /^arn:[\w-]+:s3:::([^/]+)\//.exec(file)?.[1];
    if (!bucket) return [];
    const feature = `environment file ${file} (container ${c.name})`;
    return [
      { action: 's3:GetObject', resource: file, feature },
      { action: 's3:GetBucketLocation', resource: `arn:${partitionOf(src.td.arn)}:s3:::${bucket}`, feature },
    ];
  });
}

function logCalls(src: CallSource, c: ContainerFacts): TaskCall[] {
  const group = c.logOptions['awslogs-group'];
  if (c.logDriver !== 'awslogs' || !group || (c.logOptions['awslogs-region'] ?? src.region) !== src.region)
    return [];
  const groupArn = `arn:${partitionOf(src.td.arn)}:logs:${src.region}:${src.account}:log-group:${group}`;
  const prefix = c.logOptions['awslogs-stream-prefix'];
  const feature = `the awslogs log driver (container ${c.name})`;
  // With a prefix the stream is `prefix/container/task-id`; without one (EC2) it is the
  // container's id, which the task's record does not give.
  const stream: Pick<TaskCall, 'resource' | 'resourceTail'> = prefix
    ? { resource: `${groupArn}:log-stream:${prefix}/${c.name}/${src.taskId}` }
    : { resource: `${groupArn}:log-stream:`, resourceTail: { chars: 'any' } };
  const create: TaskCall[] =
    c.logOptions['awslogs-create-group'] === 'true'
      ? [{ action: 'logs:CreateLogGroup', resource: `${groupArn}:*`, resourceAccount: src.account, feature }]
      : [];
  return [
    ...create,
    ...['logs:CreateLogStream', 'logs:PutLogEvents'].map((action) => ({
      action,
      ...stream,
      resourceAccount: src.account,
      feature,
    })),
  ];
}

/** A secret's full ARN ends in `-` and six letters or digits that Secrets Manager chose. */
const FULL_SECRET_NAME = /-[A-Za-z0-9]{6}$/;

function secretCalls(src: CallSource, c: ContainerFacts, service: 'secretsmanager' | 'ssm'): TaskCall[] {
  const partition = partitionOf(src.td.arn);
  const refs = [
    ...c.secrets.map((s) => ({ valueFrom: s.valueFrom, feature: `secret ${s.name} (container ${c.name})` })),
    ...(c.repositoryCredentials
      ? [
          {
            valueFrom: c.repositoryCredentials,
            feature: `repositoryCredentials of container ${c.name}`,
            secret: true,
          },
        ]
      : []),
  ];
  return refs.flatMap((r): TaskCall[] => {
    const ref = secretRefOf(r.valueFrom, r.feature, partition, src.region, src.account);
    // repositoryCredentials name a Secrets Manager secret even when written as a bare name.
    const secretName =
      'secret' in r && ref.kind === 'ssm' && !r.valueFrom.startsWith('arn:') ? r.valueFrom : undefined;
    if (service === 'ssm') {
      if (ref.kind !== 'ssm' || secretName || ref.arn.split(':')[3] !== src.region) return [];
      return [
        {
          action: 'ssm:GetParameters',
          resource: ref.arn,
          resourceAccount: ref.arn.split(':')[4] ?? '',
          feature: r.feature,
        },
      ];
    }
    const id =
      secretName !== undefined
        ? `arn:${partition}:secretsmanager:${src.region}:${src.account}:secret:${secretName}`
        : ref.kind === 'secretsmanager' && ref.secretId.split(':')[3] === src.region
          ? ref.secretId
          : undefined;
    if (id === undefined) return [];
    return [
      {
        action: 'secretsmanager:GetSecretValue',
        ...secretResource(src, r.valueFrom, id),
        resourceAccount: id.split(':')[4] ?? '',
        feature: r.feature,
      },
    ];
  });
}

/** The secret's full ARN: as written, as DescribeSecret gave it, or its name and six unknown characters. */
function secretResource(
  src: CallSource,
  valueFrom: string,
  id: string,
): Pick<TaskCall, 'resource' | 'resourceTail'> {
  const described = src.secrets?.find((s) => s.ref.valueFrom === valueFrom)?.state;
  if (described?.ok && described.value.kind === 'secret') return { resource: described.value.arn };
  if (FULL_SECRET_NAME.test(id.split(':')[6] ?? '')) return { resource: id };
  return { resource: `${id}-`, resourceTail: { chars: 'alphanumeric', length: 6 } };
}
