import type { PullGrant } from '../../repository-policy.js';
import {
  policyWithPull,
  pullGrant,
  type RepositoryPolicyCheck,
  repositoryArnOf,
} from '../../repository-policy.js';
import { jsonText } from '../../shell.js';
import { finding, ok, type Verdict } from '../verdict.js';
import { unread } from './unread.js';

/** An IAM role's ARN: the principal a repository policy can name. */
const ROLE_ARN = /^arn:([\w-]+):iam::(\d{12}):role\/[\w+=,.@/-]+$/;

/**
 * An image in another account's repository (same region): its policy must grant the pull
 * (`ecr:BatchGetImage`, `ecr:GetDownloadUrlForLayer`, `ecr:BatchCheckLayerAvailability`) to the
 * role that pulls — the execution role, or the instance role on EC2 with none — or to its
 * account. The role's own side (its policies allowing the pull on that repository's ARN) is the
 * execution role's simulation. A policy that could not be read, or whose decision hangs on a key
 * not known, is not checked, saying why.
 */
export function repositoryPolicy(c: RepositoryPolicyCheck, principalArn: string | undefined): Verdict[] {
  const uri = `${c.registryId}.dkr.ecr.${c.region}.amazonaws.com/${c.repository}`;
  const breaks = [`image ${c.image} (container ${c.container})`];
  const role = principalArn === undefined ? undefined : ROLE_ARN.exec(principalArn);
  if (!c.policy.ok)
    return [
      unread(
        'repository-policy',
        `${c.policy.why}: the caller may not read another account's repository policy (ecr:GetRepositoryPolicy needs that policy to allow it): whether account ${c.registryId} grants the pull is not known`,
        uri,
        breaks,
      ),
    ];
  if (!role || principalArn === undefined)
    return [
      unread(
        'repository-policy',
        `the role that pulls ${c.image} is not known (no execution role, and no instance role read): whether the policy of ${c.repository} in account ${c.registryId} grants it the pull is not known`,
        uri,
        breaks,
      ),
    ];
  const repositoryArn = repositoryArnOf(c, role[1] ?? 'aws');
  const grant = pullGrant(c.policy.value, principalArn, repositoryArn);
  if (grant.kind === 'unknown')
    return [
      unread(
        'repository-policy',
        `${grant.why} (repository ${c.repository}, account ${c.registryId})`,
        uri,
        breaks,
      ),
    ];
  if (grant.kind === 'granted')
    return [
      ok(
        `${uri}: the repository policy of account ${c.registryId} grants ${principalArn} the pull (statement ${grant.statements.join(', ')})`,
      ),
    ];
  return [denied(c, c.policy.value, { principalArn, repositoryArn }, grant, breaks)];
}

/** The finding: the pull actions the policy does not grant, and the whole policy to set. */
function denied(
  c: RepositoryPolicyCheck,
  text: string | undefined,
  { principalArn, repositoryArn }: Readonly<{ principalArn: string; repositoryArn: string }>,
  grant: Extract<PullGrant, { kind: 'denied' }>,
  breaks: readonly string[],
): Verdict {
  const policy = grant.explicit.length > 0 ? undefined : policyWithPull(text, principalArn);
  const account = principalArn.split(':')[4];
  return finding({
    id: 'ecr-repository-policy-denies',
    image: c.image,
    repository: c.repository,
    registryId: c.registryId,
    region: c.region,
    principalArn,
    actions: grant.actions,
    noPolicy: text === undefined,
    explicit: grant.explicit.length > 0,
    ...(policy !== undefined ? { policy: jsonText(policy) } : {}),
    resources: [repositoryArn, principalArn],
    evidence: [
      text === undefined
        ? `ecr:GetRepositoryPolicy: repository ${c.repository} in account ${c.registryId} has no policy (RepositoryPolicyNotFoundException)`
        : `ecr:GetRepositoryPolicy: the policy of repository ${c.repository} in account ${c.registryId}`,
      `${principalArn} (account ${account}) may not ${grant.actions.join(', ')} on ${repositoryArn}: ${grant.why}`,
    ],
    breaks: [...breaks],
  });
}
