import type { Registry } from './causes.js';
import type { EndpointService } from './network.js';
import { registryOfImage } from './registry.js';
import type { ContainerFacts, TaskDefinitionFacts } from './task-definition.js';

/**
 * What a task needs to reach to start, read from its task definition (network.md, "What a
 * task needs"). Only these needs are checked: a task with no secrets needs no Secrets
 * Manager endpoint, and a missing logs endpoint explains nothing for a task without awslogs.
 */
export type Need = Readonly<
  | {
      kind: 'endpoint';
      service: EndpointService;
      /** The feature of the task that needs it, in words (`image 1234….dkr.ecr…/app:1 (container app)`). */
      feature: string;
    }
  | {
      /** A registry or service no VPC endpoint can reach: Docker Hub, ECR Public, another region's ECR … */
      kind: 'internet';
      registry: Registry | undefined;
      feature: string;
      why: string;
    }
  | {
      kind: 'efs';
      fileSystemId: string;
      feature: string;
      /** Its access point, when the volume names one. */
      accessPointId?: string;
      /** IAM authorization: the task role must be allowed to mount. */
      iam?: boolean;
      /** Every container mounts it read-only: no elasticfilesystem:ClientWrite needed. */
      readOnly?: boolean;
    }
>;

const ARN_REGION = /^arn:aws[\w-]*:(secretsmanager|ssm|s3):([a-z0-9-]*):/;

/** The needs of a task definition in `region`, in a stable order, without duplicates. */
export function needsOf(td: TaskDefinitionFacts, region: string): Need[] {
  const all = [
    ...td.containers.flatMap((c) => containerNeeds(c, region)),
    ...td.volumes.flatMap((v): Need[] =>
      v.efsFileSystemId
        ? [
            {
              kind: 'efs',
              fileSystemId: v.efsFileSystemId,
              feature: `EFS volume ${v.name}`,
              ...(v.efsAccessPointId ? { accessPointId: v.efsAccessPointId } : {}),
              ...(v.efsIam ? { iam: true } : {}),
              ...(v.efsReadOnly ? { readOnly: true } : {}),
            },
          ]
        : [],
    ),
  ];
  const needs: Need[] = [];
  for (const need of all) {
    const key = needKey(need);
    if (!needs.some((n) => needKey(n) === key)) needs.push(need);
  }
  return needs;
}

/** What one container needs: its image's registry, its credentials, logs, secrets, environment files. */
function containerNeeds(c: ContainerFacts, region: string): Need[] {
  const needs = imageNeeds(c, region);
  if (c.repositoryCredentials) {
    needs.push({
      kind: 'endpoint',
      service: 'secretsmanager',
      feature: `repositoryCredentials of container ${c.name}`,
    });
  }
  if (c.logDriver === 'awslogs') {
    const logRegion = c.logOptions['awslogs-region'] ?? region;
    const feature = `the awslogs log driver (container ${c.name})`;
    needs.push(
      logRegion === region
        ? { kind: 'endpoint', service: 'logs', feature }
        : {
            kind: 'internet',
            registry: undefined,
            feature,
            why: `CloudWatch Logs in ${logRegion}: VPC endpoints are regional`,
          },
    );
  }
  for (const s of c.secrets) {
    const [, service, arnRegion] = ARN_REGION.exec(s.valueFrom) ?? [];
    const feature = `secret ${s.name} (container ${c.name})`;
    const target: EndpointService = service === 'secretsmanager' ? 'secretsmanager' : 'ssm';
    const elsewhere = arnRegion !== undefined && arnRegion !== '' && arnRegion !== region;
    needs.push(
      elsewhere
        ? {
            kind: 'internet',
            registry: undefined,
            feature,
            why: `${target} in ${arnRegion}: VPC endpoints are regional`,
          }
        : { kind: 'endpoint', service: target, feature },
    );
  }
  for (const file of c.environmentFiles)
    needs.push({
      kind: 'endpoint',
      service: 's3',
      feature: `environment file ${file} (container ${c.name})`,
    });
  return needs;
}

/** Where a container's image comes from: ECR in the region through endpoints, anything else over the internet. */
function imageNeeds(c: ContainerFacts, region: string): Need[] {
  const registry = registryOfImage(c.image);
  const image = `image ${c.image} (container ${c.name})`;
  if (registry?.kind === 'ecr' && registry.region === region) {
    return [
      { kind: 'endpoint', service: 'ecr.api', feature: image },
      { kind: 'endpoint', service: 'ecr.dkr', feature: image },
      { kind: 'endpoint', service: 's3', feature: `${image}: its layers are served from Amazon S3` },
    ];
  }
  if (registry?.kind === 'ecr')
    return [
      {
        kind: 'internet',
        registry,
        feature: image,
        why: `ECR in ${registry.region}: VPC endpoints are regional`,
      },
    ];
  if (registry?.kind === 'ecr-public')
    return [{ kind: 'internet', registry, feature: image, why: 'ECR Public has no VPC endpoint' }];
  const where = registry?.kind === 'dockerhub' ? 'Docker Hub' : (registry?.host ?? 'this registry');
  return [
    {
      kind: 'internet',
      registry,
      feature: image,
      why: `${where} is on the internet; no VPC endpoint reaches it`,
    },
  ];
}

/** Needs are the same when they ask for the same thing (the first feature that asks is kept). */
function needKey(n: Need): string {
  switch (n.kind) {
    case 'endpoint':
      return `endpoint:${n.service}`;
    case 'internet':
      return `internet:${n.registry?.host ?? n.why}`;
    case 'efs':
      return `efs:${n.fileSystemId}`;
  }
}

/** Why the task needs an execution role (what it must fetch for the task), or undefined. */
export function needsExecutionRole(td: TaskDefinitionFacts): string | undefined {
  for (const c of td.containers) {
    const registry = registryOfImage(c.image);
    if (registry?.kind === 'ecr') return `it pulls ${c.image} from private ECR`;
    if (c.logDriver === 'awslogs') return `container ${c.name} uses the awslogs log driver`;
    if (c.secrets.length > 0) return `container ${c.name} references secrets`;
    if (c.repositoryCredentials) return `container ${c.name} uses repositoryCredentials`;
    if (c.environmentFiles.length > 0) return `container ${c.name} uses environment files`;
  }
  return undefined;
}
