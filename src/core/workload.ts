import type { Cause } from './causes.js';
import type { Checked } from './checked.js';
import type { ImageStatus, LifecycleRule } from './ecr-image.js';
import type { ManagedInstancesCheck } from './managed-instances.js';
import type { PullThroughCheck } from './pull-through.js';
import { registryOfImage } from './registry.js';
import type { RepositoryPolicyCheck } from './repository-policy.js';
import type { ContainerFacts, TaskDefinitionFacts } from './task-definition.js';
import { type KeyUse, partitionOf, type SecretCheck, secretRefsOf } from './workload-secrets.js';

export * from './image-tags.js';
export * from './workload-secrets.js';

/**
 * The checks beyond the network path (the AWS Support runbook's other half): the execution
 * role's permissions, the image in private ECR, and the secrets and parameters the task
 * references. Pure: what a task definition needs, and the facts the inspector gathered.
 */
export type WorkloadCheck = 'execution-role' | 'image' | 'secrets';

export const ALL_WORKLOAD_CHECKS: readonly WorkloadCheck[] = ['execution-role', 'image', 'secrets'];

/**
 * The checks a stop's cause calls for (a preflight runs them all); `evidence`, the words that
 * decided it: a pull or start that timed out (`Could not transition to started; timed out
 * after waiting 3m0s`) reads the image too, whose size says whether the pull could have fit.
 */
export function workloadChecksFor(cause: Cause, evidence: readonly string[] = []): readonly WorkloadCheck[] {
  if (
    cause === 'network-timeout' &&
    evidence.some((e) => /Could not tran\w{0,4}tion to (?:pulled|started)\b/i.test(e))
  )
    return ['image'];
  switch (cause) {
    // The secrets are described first: their full ARNs and the keys that encrypt them are
    // what the role's GetSecretValue and kms:Decrypt are simulated on.
    case 'iam-execution-role':
    case 'kms-denied':
      return ['execution-role', 'secrets'];
    case 'image-not-found':
    case 'image-platform':
      return ['image'];
    // A disk too small for the image (`no space left on device`) is the platform's words: the
    // image's size, against the task's ephemeral storage, says whether it could ever fit.
    case 'capacity-or-platform':
      return ['image'];
    // An endpoint policy is judged on each secret's full ARN too, which only DescribeSecret
    // gives for a secret the task definition names without its random suffix.
    case 'secret-not-found':
    case 'endpoint-policy':
      return ['secrets'];
    default:
      return [];
  }
}

// ── the execution role ─────────────────────────────────────────────────────────────────

/** One permission the execution role needs, to fetch one thing for the task. */
export type PermissionNeed = Readonly<{
  action: string;
  /** The ARN simulated (a concrete one, as the ECS agent will ask for it). */
  resource: string;
  /** The resource a statement that allows it names (`…:log-group:/ecs/app:*`). */
  grant: string;
  /** What of the task needs it, in words. */
  feature: string;
}>;

export type PermissionDecision = Readonly<{
  action: string;
  resource: string;
  decision: 'allowed' | 'explicitDeny' | 'implicitDeny';
}>;

/** The simulation's answer for a role (or that the role does not exist). */
export type RoleSimulation = Readonly<
  { kind: 'simulated'; decisions: readonly PermissionDecision[] } | { kind: 'no-such-role' }
>;

export type RoleCheck = Readonly<{
  roleArn: string;
  needs: readonly PermissionNeed[];
  simulation: Checked<RoleSimulation>;
  /**
   * The container instance whose role this is, when the task definition has no execution role
   * and the task runs on EC2: ECR pulls and awslogs are then signed with the instance role.
   */
  instanceId?: string;
}>;

/** The needs an instance role answers for a task with no execution role: ECR's and CloudWatch Logs'. */
export function instanceRoleNeeds(needs: readonly PermissionNeed[]): PermissionNeed[] {
  return needs.filter((n) => n.action.startsWith('ecr:') || n.action.startsWith('logs:'));
}

/**
 * What the execution role needs, from the task definition: ECR auth and pull on each
 * private repository, log stream creation on each awslogs group, `GetSecretValue` on each
 * secret, `GetParameters` on each parameter, the S3 reads of environment files, and
 * `kms:Decrypt` on each customer-managed key that is known. Described secrets' full ARNs
 * stand in for partial ones. In a stable order, without duplicates.
 */
export function executionRoleNeeds(
  td: TaskDefinitionFacts,
  region: string,
  account: string,
  secrets: readonly SecretCheck[] = [],
  keys: readonly KeyUse[] = [],
): PermissionNeed[] {
  const needs: PermissionNeed[] = [];
  const add: AddNeed = (action, resource, grant, feature) => {
    if (!needs.some((n) => n.action === action && n.resource === resource))
      needs.push({ action, resource, grant, feature });
  };
  const partition = partitionOf(td.arn);
  for (const c of td.containers) containerNeeds(c, region, account, partition, add);
  for (const ref of secretRefsOf(td, region, account)) {
    const feature = ref.feature;
    if (ref.kind === 'secretsmanager') {
      const described = secrets.find((s) => s.ref.valueFrom === ref.valueFrom);
      const arn =
        described?.state.ok && described.state.value.kind === 'secret'
          ? described.state.value.arn
          : ref.secretId;
      add('secretsmanager:GetSecretValue', arn, arn, feature);
    } else {
      add('ssm:GetParameters', ref.arn, ref.arn, feature);
    }
  }
  for (const k of keys) add('kms:Decrypt', k.keyArn, k.keyArn, k.feature);
  return needs;
}

/** Records one permission need (a repeated action on the same resource is one need). */
type AddNeed = (action: string, resource: string, grant: string, feature: string) => void;

/** What one container's image, awslogs log driver and environment files need of the role. */
function containerNeeds(
  c: ContainerFacts,
  region: string,
  account: string,
  partition: string,
  add: AddNeed,
): void {
  const image = ecrImageOf(c.image, c.name);
  if (image) {
    const feature = `image ${c.image} (container ${c.name})`;
    add('ecr:GetAuthorizationToken', '*', '*', feature);
    const repo = `arn:${partition}:ecr:${image.region}:${image.registryId}:repository/${image.repository}`;
    for (const action of [
      'ecr:BatchCheckLayerAvailability',
      'ecr:GetDownloadUrlForLayer',
      'ecr:BatchGetImage',
    ])
      add(action, repo, repo, feature);
  }
  if (c.logDriver === 'awslogs' && c.logOptions['awslogs-group']) {
    const group = c.logOptions['awslogs-group'];
    const logRegion = c.logOptions['awslogs-region'] ?? region;
    const groupArn = `arn:${partition}:logs:${logRegion}:${account}:log-group:${group}`;
    const prefix = c.logOptions['awslogs-stream-prefix'];
    const stream = `${groupArn}:log-stream:${prefix ? `${prefix}/` : ''}${c.name}/task-id`;
    const feature = `the awslogs log driver (container ${c.name}, log group ${group})`;
    if (c.logOptions['awslogs-create-group'] === 'true')
      add('logs:CreateLogGroup', `${groupArn}:*`, `${groupArn}:*`, feature);
    add('logs:CreateLogStream', stream, `${groupArn}:*`, feature);
    add('logs:PutLogEvents', stream, `${groupArn}:*`, feature);
  }
  for (const file of c.environmentFiles) {
    const bucket = /^arn:[\w-]+:s3:::([^/]+)/.exec(file)?.[1];
    const feature = `environment file ${file} (container ${c.name})`;
    add('s3:GetObject', file, file, feature);
    if (bucket)
      add(
        's3:GetBucketLocation',
        `arn:${partition}:s3:::${bucket}`,
        `arn:${partition}:s3:::${bucket}`,
        feature,
      );
  }
}

/** The IAM policy statement that allows a need (recommend-only: ecs-pullfix never applies it). */
export function statementFor(need: Pick<PermissionNeed, 'action' | 'grant'>): string {
  return JSON.stringify({ Effect: 'Allow', Action: need.action, Resource: need.grant });
}

// ── the image ──────────────────────────────────────────────────────────────────────────

/** An image in private ECR: the registry (account), region, repository and tag or digest. */
export type EcrImageRef = Readonly<{
  image: string;
  container: string;
  registryId: string;
  region: string;
  repository: string;
  /** The tag, `latest` when the reference names none (and no digest). */
  tag?: string;
  digest?: string;
  /** The digest ECS resolved the tag to when it deployed the task (the event's `imageDigest`). */
  pinnedDigest?: string;
}>;

/** The private ECR image an image reference names, or undefined (Docker Hub, ECR Public …). */
export function ecrImageOf(image: string, container: string): EcrImageRef | undefined {
  const registry = registryOfImage(image);
  if (registry?.kind !== 'ecr' || !registry.region) return undefined;
  const registryId = /^(\d{12})\./.exec(registry.host)?.[1];
  if (!registryId) return undefined;
  const path = image.trim().slice(image.trim().indexOf('/') + 1);
  const at = path.indexOf('@');
  const name = at < 0 ? path : path.slice(0, at);
  const digest = at < 0 ? undefined : path.slice(at + 1);
  const colon = name.lastIndexOf(':');
  const repository = colon < 0 ? name : name.slice(0, colon);
  const tag = colon < 0 ? (digest ? undefined : 'latest') : name.slice(colon + 1);
  if (repository === '') return undefined;
  return {
    image,
    container,
    registryId,
    region: registry.region,
    repository,
    ...(tag ? { tag } : {}),
    ...(digest ? { digest } : {}),
  };
}

/** What ECR holds for a reference. */
export type EcrImageState = Readonly<
  | {
      kind: 'found';
      digest: string;
      tags: readonly string[];
      manifestMediaType?: string;
      status?: ImageStatus;
      /** Compressed, as ECR stores it. */
      sizeInBytes?: number;
    }
  | { kind: 'image-missing' }
  | { kind: 'repository-missing' }
>;

export type ImageCheck = Readonly<{
  ref: EcrImageRef;
  state: Checked<EcrImageState>;
  /** The repository's tags, read when the reference is missing (for the nearest ones). */
  tags?: Checked<readonly string[]>;
  /** The platforms the image offers (`linux/amd64`), read when the platform matters. */
  platforms?: Checked<readonly string[]>;
  /** What ECR holds under the pinned digest (read beside the tag). */
  pinned?: Checked<EcrImageState>;
  /** The repository's lifecycle rules, read when the pinned digest is gone or the image archived. */
  lifecycle?: Checked<readonly LifecycleRule[]>;
  /** The pull-through cache rule the repository is under, its credential, the role's import permission. */
  pullThrough?: PullThroughCheck;
}>;

/** The platform a task runs on (`linux/arm64`), from its runtime platform; undefined when it cannot be known. */
export function taskPlatformOf(td: TaskDefinitionFacts, launchType: string | undefined): string | undefined {
  const arch = td.cpuArchitecture?.toUpperCase();
  if (arch === 'ARM64') return 'linux/arm64';
  if (arch === 'X86_64') return 'linux/amd64';
  // Fargate's default runtime platform is Linux on x86-64; an EC2 instance could be either.
  return launchType === 'FARGATE' ? 'linux/amd64' : undefined;
}

/** True when an image offering `offered` runs on `wanted` (`linux/arm64` takes `linux/arm64/v8`). */
export function platformMatches(offered: string, wanted: string): boolean {
  const [os, arch] = offered.split('/');
  const [wantOs, wantArch] = wanted.split('/');
  return os === wantOs && arch === wantArch;
}

// ── the whole ──────────────────────────────────────────────────────────────────────────

/** What the inspector gathered beyond the network path, for the checks it was asked for. */
export type WorkloadSnapshot = Readonly<{
  checks: readonly WorkloadCheck[];
  role?: RoleCheck;
  images: readonly ImageCheck[];
  secrets: readonly SecretCheck[];
  /** The platform the task runs on, when known. */
  platform?: string;
  /** On Managed Instances: its capacity provider, and whether its infrastructure role may pass the instance role. */
  managedInstances?: ManagedInstancesCheck;
  /** The policies of the repositories in other accounts (same region) the task pulls from. */
  repositoryPolicies?: readonly RepositoryPolicyCheck[];
}>;
