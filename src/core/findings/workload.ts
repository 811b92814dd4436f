import {
  executionRoleCli,
  grantCli,
  imageTagCli,
  platformCli,
  repositoryCli,
  secretCli,
} from '../plan/recommend-workload.js';
import { command, isValidName, type NameCheck, shownName } from '../shell.js';
import type { Entries } from './spec.js';
import { inline, invalidValueFrom } from './text.js';
import type { FindingOf } from './types.js';

/** The fix of a missing secret or parameter (also the last line of its command). */
function secretFix(f: FindingOf<'secret-missing'>, region: string): string {
  const invalid = invalidValueFrom(f.valueFrom, region);
  if (invalid) return `${invalid}: fix valueFrom in the task definition.`;
  const secretId = f.valueFrom.split(':').slice(0, 7).join(':');
  if (f.what === 'deleted')
    return `Restore the secret (${command(['aws', 'secretsmanager', 'restore-secret', '--secret-id', secretId])}) or point valueFrom at one that is not being deleted.`;
  if (f.what === 'json-key')
    return `Add the key to the secret's JSON value, or fix the key in valueFrom ${f.valueFrom}.`;
  if (f.what === 'version')
    return `Point valueFrom at a version that exists, or drop the version from ${f.valueFrom} to take AWSCURRENT.`;
  return `Create the ${f.what} or fix valueFrom ${f.valueFrom} in the task definition.`;
}

/** The task's execution role, image and secrets: no change to the network cures these. */
export const WORKLOAD = {
  'execution-role-missing': {
    rank: 160,
    scope: 'workload',
    autoFix: false,
    key: (f) => f.id,
    fix: (f) =>
      `Give the task definition an execution role (ecsTaskExecutionRole with AmazonECSTaskExecutionRolePolicy): ${f.why}.`,
    remedy: (f, plan) => plan.recommend('add-execution-role', f, executionRoleCli()),
  },
  'execution-role-denies': {
    rank: 170,
    scope: 'workload',
    autoFix: false,
    key: (f) => `${f.id}:${f.action}`,
    fix: (f) =>
      `Allow ${f.action} on ${f.resource} in a policy of ${f.roleArn}${f.instanceId ? ` (the role of container instance ${f.instanceId}'s instance profile, which signs ECR pulls and awslogs for a task with no execution role; or give the task definition an execution role)` : ''} (ecs-pullfix never changes IAM): ${f.statement}`,
    remedy: (f, plan) => {
      // One inline policy with every statement the role lacks: one command for a person to run.
      const statements = plan.findings.flatMap((x) =>
        x.id === 'execution-role-denies' && x.roleArn === f.roleArn
          ? [JSON.parse(x.statement) as unknown]
          : [],
      );
      plan.recommend(
        'grant-execution-role',
        { ...f, resources: [f.roleArn] },
        grantCli(f.roleArn, statements),
      );
    },
  },
  'ecr-repository-missing': {
    rank: 180,
    scope: 'workload',
    autoFix: false,
    key: (f) => f.id,
    fix: (f) => {
      if (!isValidName('ECR repository name', f.repository))
        return `The image names the repository ${shownName(f.repository)}, which is not a valid ECR repository name: fix the image name in the task definition.`;
      return `Create the repository ${f.repository} in ${f.region} (${inline(
        [['region', f.region]],
        ['aws', 'ecr', 'create-repository', '--repository-name', f.repository, '--region', f.region],
      )}) and push the image, or fix the image name in the task definition${f.repository.includes('/') ? ' (a pull-through cache rule creates a prefixed repository on first pull)' : ''}.`;
    },
    remedy: (f, plan) => plan.recommend('push-image', f, repositoryCli(f)),
  },
  'image-tag-missing': {
    rank: 190,
    scope: 'workload',
    autoFix: false,
    key: (f) => f.id,
    fix: (f) =>
      `Push ${f.repository}:${f.reference}, or point the task definition at an image that exists${f.nearest.length > 0 ? ` (nearest: ${f.nearest.map((t) => `${f.repository}:${t}`).join(', ')})` : ''}.`,
    remedy: (f, plan) => plan.recommend('push-image', f, imageTagCli(f)),
  },
  'image-platform-mismatch': {
    rank: 200,
    scope: 'workload',
    autoFix: false,
    key: (f) => f.id,
    fix: (f) =>
      `Build and push ${f.image} for ${f.wanted} (${inline(
        [['container image', f.image], ...[f.wanted, ...f.offered].map((p): NameCheck => ['platform', p])],
        [
          'docker',
          'buildx',
          'build',
          '--platform',
          [f.wanted, ...f.offered].join(','),
          '-t',
          f.image,
          '--push',
          '.',
        ],
      )}), or set the task definition's runtimePlatform.cpuArchitecture to ${f.offered.some((p) => p.includes('arm64')) ? 'ARM64' : 'X86_64'}.`,
    remedy: (f, plan) => plan.recommend('push-image', f, platformCli(f)),
  },
  'secret-missing': {
    rank: 210,
    scope: 'workload',
    autoFix: false,
    key: (f) => `${f.id}:${f.what}`,
    fix: secretFix,
    remedy: (f, plan) =>
      plan.recommend('fix-secret', f, secretCli(f, plan.snapshot, secretFix(f, plan.snapshot.region))),
  },
} as const satisfies Entries<
  | 'execution-role-missing'
  | 'execution-role-denies'
  | 'ecr-repository-missing'
  | 'image-tag-missing'
  | 'image-platform-mismatch'
  | 'secret-missing'
>;
