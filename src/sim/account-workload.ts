import { lifecycleRulesOf } from '../core/ecr-image.js';
import type { EcrReader, IamReader, SecretsReader } from '../core/ports.js';
import type { EcrImageRef, SecretState } from '../core/workload.js';
import { AwsCallError } from '../errors.js';
import { digestOf, globMatches, type SimContext } from './account-context.js';
import { lifecyclePolicyTextOf } from './ecr-policy.js';
import { repositoriesOf } from './scenario.js';

/** A role's rules in a scenario: `action` or `action resource-pattern` it lacks, or that a Deny refuses. */
type Rules = Readonly<{ deny?: readonly string[]; explicitDeny?: readonly string[] }> | undefined;

const matches = (rules: readonly string[], action: string, resource: string) =>
  rules.some((rule) => {
    const [a, r] = rule.split(' ');
    return a === action && (r === undefined || globMatches(r, resource));
  });

/** What the simulator answers for each request under a role's rules. */
const decide = (policy: Rules, requests: readonly Readonly<{ action: string; resource: string }>[]) =>
  requests.map(({ action, resource }) => ({
    action,
    resource,
    decision: matches(policy?.explicitDeny ?? [], action, resource)
      ? ('explicitDeny' as const)
      : matches(policy?.deny ?? [], action, resource)
        ? ('implicitDeny' as const)
        : ('allowed' as const),
  }));

/** The IAM policy simulator, from the scenario's `executionRolePolicy` (`taskRolePolicy`, `instanceRolePolicy`). */
export function iamReader(ctx: SimContext): IamReader {
  const executionPolicy = ctx.scenario.file.executionRolePolicy;
  const roleArn = ctx.scenario.taskDefinition.executionRoleArn;
  const profile = ctx.scenario.file.containerInstance?.instanceProfile;
  const instanceRoleArn = profile ? `arn:aws:iam::${ctx.scenario.account}:role/${profile}` : undefined;
  const taskRoleArn = ctx.scenario.taskDefinition.taskRoleArn;
  return {
    simulatePrincipalPolicy: (role, requests) =>
      ctx.call('iam:SimulatePrincipalPolicy', { role, requests }, () => {
        const isInstanceRole = role === instanceRoleArn;
        const isTaskRole = role === taskRoleArn && role !== roleArn;
        const policy = isInstanceRole
          ? ctx.scenario.file.instanceRolePolicy
          : isTaskRole
            ? ctx.scenario.file.taskRolePolicy
            : executionPolicy;
        const simulation = isTaskRole
          ? ctx.scenario.file.taskRolePolicy?.simulation
          : executionPolicy?.simulation;
        if (simulation === 'denied')
          throw new AwsCallError(
            'iam:SimulatePrincipalPolicy',
            'AccessDenied',
            'denied',
            'not authorized to perform: iam:SimulatePrincipalPolicy',
          );
        if (isTaskRole) return decide(policy, requests);
        if ((role !== roleArn && !isInstanceRole) || (!isInstanceRole && executionPolicy?.exists === false))
          throw new AwsCallError(
            'iam:SimulatePrincipalPolicy',
            'NoSuchEntity',
            'not-found',
            `The role with name ${role.split('/').pop()} cannot be found.`,
          );
        return decide(policy, requests);
      }),
    getInstanceProfileRole: (profileArn) =>
      ctx.call('iam:GetInstanceProfile', profileArn, () => {
        if (profile === undefined || profileArn.split('/').pop() !== profile)
          throw new AwsCallError(
            'iam:GetInstanceProfile',
            'NoSuchEntity',
            'not-found',
            `Instance Profile ${profileArn.split('/').pop()} cannot be found.`,
          );
        return instanceRoleArn;
      }),
  };
}

/** ECR, from the scenario's registry (or every ECR image its task definition names). */
export function ecrReader(ctx: SimContext): EcrReader {
  const s = ctx.scenario;
  const repositories = repositoriesOf(s);
  const imageOf = (ref: EcrImageRef) => {
    const repo = repositories.find((r) => r.repository === ref.repository);
    const digest = (k: number) => repo?.images[k]?.digest ?? digestOf(ref.repository, k);
    const n = (repo?.images ?? []).findIndex((i, k) =>
      ref.digest ? ref.digest === digest(k) : i.tags.includes(ref.tag ?? 'latest'),
    );
    return { repo, image: repo?.images[n], digest: digest(n) };
  };
  return {
    describeImage: (ref) =>
      ctx.call('ecr:DescribeImages', { repository: ref.repository, tag: ref.tag, digest: ref.digest }, () => {
        const { repo, image, digest } = imageOf(ref);
        if (!repo) return { kind: 'repository-missing' as const };
        if (!image) return { kind: 'image-missing' as const };
        return {
          kind: 'found' as const,
          digest,
          tags: image.tags,
          ...(image.status ? { status: image.status } : {}),
          ...(image.sizeInBytes !== undefined ? { sizeInBytes: image.sizeInBytes } : {}),
        };
      }),
    // As ECR keeps it: the policy's JSON text, read by the adapter's parser.
    lifecycleRules: (ref) =>
      ctx.call('ecr:GetLifecyclePolicy', ref.repository, () => {
        const rules = repositories.find((r) => r.repository === ref.repository)?.lifecycleRules;
        return lifecycleRulesOf(lifecyclePolicyTextOf(rules) ?? '');
      }),
    listTags: (ref) =>
      ctx.call('ecr:ListImages', ref.repository, () =>
        (repositories.find((r) => r.repository === ref.repository)?.images ?? []).flatMap((i) => i.tags),
      ),
    pullThroughRules: pullThroughRulesOf(ctx),
    repositoryPolicy: repositoryPolicyOf(ctx, repositories),
    replicationRules: replicationRulesOf(ctx),
    imagePlatforms: (ref) =>
      ctx.call('ecr:BatchGetImage', { repository: ref.repository, tag: ref.tag, digest: ref.digest }, () => {
        const { image } = imageOf(ref);
        if (!image)
          throw new AwsCallError(
            'ecr:BatchGetImage',
            'ImageNotFoundException',
            'not-found',
            'image not found',
          );
        // As the SDK reader: a single-platform image's platform is in a blob it never downloads.
        if (image.manifest === 'single')
          throw new AwsCallError(
            'ecr:BatchGetImage',
            'PlatformNotVerified',
            'not-found',
            `platform not verified: ${ref.image} is a single-platform image, whose platform only its config names, and ecs-pullfix does not download image blobs`,
          );
        return image.platforms;
      }),
  };
}

/** A repository's policy as ECR keeps it: its JSON text (none: `RepositoryPolicyNotFoundException`, undefined). */
function repositoryPolicyOf(
  ctx: SimContext,
  repositories: ReturnType<typeof repositoriesOf>,
): EcrReader['repositoryPolicy'] {
  return (ref) =>
    ctx.call(
      'ecr:GetRepositoryPolicy',
      ref.repository,
      () => repositories.find((r) => r.repository === ref.repository)?.policy,
    );
}

/** The registry's replication rules, from the scenario's `replicationRules` (the Region its image comes from). */
function replicationRulesOf(ctx: SimContext): EcrReader['replicationRules'] {
  return (region) =>
    ctx.call('ecr:DescribeRegistry', region, () =>
      (ctx.scenario.file.replicationRules ?? []).map((r) => ({
        destinations: r.destinations.map((d) => ({ ...d })),
        repositoryFilters: r.repositoryFilters.map((f) => ({ ...f })),
      })),
    );
}

/** The registry's pull-through cache rules, from the scenario's `pullThroughRules` (absent: none). */
function pullThroughRulesOf(ctx: SimContext): EcrReader['pullThroughRules'] {
  return (registryId) =>
    ctx.call('ecr:DescribePullThroughCacheRules', registryId, () =>
      (ctx.scenario.file.pullThroughRules ?? []).map((r) => ({ ...r })),
    );
}

/** Secrets Manager and Parameter Store: metadata only, as the SDK readers read them. */
export function secretsReader(ctx: SimContext): SecretsReader {
  const s = ctx.scenario;
  return {
    describeSecret: (secretId) =>
      ctx.call('secretsmanager:DescribeSecret', secretId, (): SecretState => {
        if (!s.file.secretsManager)
          return { kind: 'secret', arn: secretId, versions: { v1: ['AWSCURRENT'] } };
        // A partial ARN (without the six-character suffix) names the secret too.
        const found = s.file.secretsManager.find(
          (x) => x.arn === secretId || x.arn.replace(/-[A-Za-z0-9]{6}$/, '') === secretId,
        );
        if (!found) return { kind: 'missing' };
        return {
          kind: 'secret',
          arn: found.arn,
          versions: found.versions,
          ...(found.kmsKey ? { kmsKeyId: found.kmsKey } : {}),
          ...(found.deletedDate ? { deletedDate: found.deletedDate } : {}),
        };
      }),
    describeParameters: (names) =>
      ctx.call('ssm:DescribeParameters', names, (): SecretState[] =>
        names.flatMap((name) => {
          const known = s.file.parameters;
          const p = known ? known.find((x) => x.name === name) : { name, type: 'SecureString', version: 1 };
          return p
            ? [
                {
                  kind: 'parameter' as const,
                  name: p.name,
                  type: p.type,
                  version: p.version,
                  ...('kmsKey' in p && p.kmsKey ? { keyId: p.kmsKey } : {}),
                },
              ]
            : [];
        }),
      ),
  };
}
