import type { FindingOf } from '../findings/types.js';
import type { Snapshot } from '../network.js';
import {
  assignment,
  command,
  commentLine,
  heredoc,
  ifValid,
  isValidArn,
  jsonText,
  type NameCheck,
  shownName,
  variable,
} from '../shell.js';
import { secretRefOf } from '../workload.js';

/** The commands a person runs for the registry, the execution role, the image and the secrets. */

/** The file a recommended policy document is written to, for `file://` to read. */
const POLICY_FILE = 'ecs-pullfix-policy.json';
const TRUST_POLICY_FILE = 'ecs-pullfix-trust-policy.json';

/** A pull-through cache rule for Docker Hub; its credentials are the user's to name (a variable set first). */
export function pullThroughCacheCli(s: Snapshot): string {
  const { region } = s;
  const { account } = s.task;
  return ifValid(
    [
      ['region', region],
      ['account id', account],
    ],
    () =>
      [
        assignment(
          'SECRET_ARN',
          `arn:aws:secretsmanager:${region}:${account}:secret:ecr-pullthroughcache/...`,
          'the secret holding your Docker Hub credentials (its name starts with ecr-pullthroughcache/)',
        ),
        command([
          'aws',
          'ecr',
          'create-pull-through-cache-rule',
          '--ecr-repository-prefix',
          'docker-hub',
          '--upstream-registry-url',
          'registry-1.docker.io',
          '--credential-arn',
          variable('SECRET_ARN'),
        ]),
        commentLine(
          `then pull through it: nginx:1.27 becomes ${account}.dkr.ecr.${region}.amazonaws.com/docker-hub/library/nginx:1.27`,
        ),
      ].join('\n'),
  );
}

/** The execution role every task definition can use, created and given AWS's managed policy. */
export function executionRoleCli(): string {
  const trust = {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ],
  };
  return [
    heredoc(TRUST_POLICY_FILE, jsonText(trust)),
    command([
      'aws',
      'iam',
      'create-role',
      '--role-name',
      'ecsTaskExecutionRole',
      '--assume-role-policy-document',
      `file://${TRUST_POLICY_FILE}`,
    ]),
    command([
      'aws',
      'iam',
      'attach-role-policy',
      '--role-name',
      'ecsTaskExecutionRole',
      '--policy-arn',
      'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy',
    ]),
    commentLine('then register the task definition again with "executionRoleArn"'),
  ].join('\n');
}

/**
 * The inline policy that grants an execution role what it lacks: the document written with a
 * quoted here-document (nothing in it expanded, every value a JSON string), then passed by
 * `file://`. A statement whose resource is no valid ARN (a log group name with a quote, say)
 * is not granted: it is named, and the task definition is what to fix.
 */
export function grantCli(roleArn: string, statements: readonly unknown[]): string {
  const resourceOf = (s: unknown): string => {
    const r = (s as { Resource?: unknown }).Resource;
    return typeof r === 'string' ? r : '';
  };
  const granted = statements.filter((s) => isValidArn(resourceOf(s)));
  const refused = [...new Set(statements.map(resourceOf).filter((r) => !isValidArn(r)))];
  const roleName = roleArn.slice(roleArn.lastIndexOf('/') + 1);
  const put = () =>
    [
      heredoc(POLICY_FILE, jsonText({ Version: '2012-10-17', Statement: granted })),
      command([
        'aws',
        'iam',
        'put-role-policy',
        '--role-name',
        roleName,
        '--policy-name',
        'ecs-pullfix-recommended',
        '--policy-document',
        `file://${POLICY_FILE}`,
      ]),
    ].join('\n');
  return [
    ...refused.map((resource) =>
      commentLine(
        `not granted: ${shownName(resource)} is not a valid ARN: fix the task definition that names it`,
      ),
    ),
    ...(granted.length === 0 ? [] : [ifValid([['IAM role name', roleName]], put)]),
  ].join('\n');
}

export function repositoryCli(f: FindingOf<'ecr-repository-missing'>): string {
  return ifValid(
    [
      ['ECR repository name', f.repository],
      ['region', f.region],
    ],
    () =>
      [
        command(['aws', 'ecr', 'create-repository', '--repository-name', f.repository, '--region', f.region]),
        commentLine('then push the image, or fix the image name in the task definition'),
      ].join('\n'),
    'fix the image name in the task definition',
  );
}

export function imageTagCli(f: FindingOf<'image-tag-missing'>): string {
  return ifValid(
    [['ECR repository name', f.repository]],
    () =>
      [
        command([
          'aws',
          'ecr',
          'describe-images',
          '--repository-name',
          f.repository,
          '--query',
          'sort_by(imageDetails,&imagePushedAt)[-5:].imageTags',
        ]),
        commentLine(
          `push ${f.repository}:${f.reference}, or register the task definition again with an existing tag${f.nearest.length > 0 ? ` (nearest: ${f.nearest.join(', ')})` : ''}`,
        ),
      ].join('\n'),
    'fix the image name in the task definition',
  );
}

export function platformCli(f: FindingOf<'image-platform-mismatch'>): string {
  const platforms = [f.wanted, ...f.offered];
  return ifValid([['container image', f.image], ...platforms.map((p): NameCheck => ['platform', p])], () =>
    command(['docker', 'buildx', 'build', '--platform', platforms.join(','), '-t', f.image, '--push', '.']),
  );
}

/** What to look at for a missing secret or parameter, then the fix in words (`fix`). */
export function secretCli(f: FindingOf<'secret-missing'>, s: Snapshot, fix: string): string {
  const ref = secretRefOf(f.valueFrom, '', 'aws', s.region, s.task.account);
  return ifValid(
    [
      ref.kind === 'secretsmanager'
        ? ['Secrets Manager secret ARN', ref.secretId]
        : ['SSM parameter name', ref.name],
    ],
    () =>
      [
        command(
          ref.kind === 'secretsmanager'
            ? ['aws', 'secretsmanager', 'describe-secret', '--secret-id', ref.secretId]
            : ['aws', 'ssm', 'describe-parameters', '--parameter-filters', `Key=Name,Values=${ref.name}`],
        ),
        commentLine(fix),
      ].join('\n'),
    'fix valueFrom in the task definition',
  );
}
