import type { Checked } from './checked.js';
import { evaluatePolicyText } from './policy/evaluate.js';

/**
 * An image in another account's ECR registry (same region): the pull is allowed only when the
 * puller's own policies allow it (the role simulation) AND the repository's policy grants it to
 * the puller — the execution role, or the instance role on EC2 with none — or to its account.
 * Without a repository policy another account grants nothing. Pure.
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policy-examples.html
 * https://repost.aws/knowledge-center/secondary-account-access-ecr
 */

/** What a pull asks of the repository (`BatchCheckLayerAvailability` is what the agent checks first). */
export const PULL_ACTIONS = [
  'ecr:BatchGetImage',
  'ecr:GetDownloadUrlForLayer',
  'ecr:BatchCheckLayerAvailability',
] as const;

/** Another account's repository the task pulls from, and its policy as read. */
export type RepositoryPolicyCheck = Readonly<{
  image: string;
  container: string;
  registryId: string;
  region: string;
  repository: string;
  /** The policy's JSON text; undefined when the repository has none (`RepositoryPolicyNotFoundException`). */
  policy: Checked<string | undefined>;
}>;

/** The repository policy's answer for the pull: which actions it grants, denies, or leaves undecided. */
export type PullGrant = Readonly<
  | { kind: 'granted'; statements: readonly string[] }
  | { kind: 'denied'; actions: readonly string[]; explicit: readonly string[]; why: string }
  | { kind: 'unknown'; why: string }
>;

/** The repository's ARN. */
export function repositoryArnOf(
  c: Pick<RepositoryPolicyCheck, 'registryId' | 'region' | 'repository'>,
  partition: string,
): string {
  return `arn:${partition}:ecr:${c.region}:${c.registryId}:repository/${c.repository}`;
}

/**
 * The policy's decision on each pull action for `principalArn` (an IAM role), by the project's
 * evaluator: a condition on a key not known leaves it unknown, never granted.
 */
export function pullGrant(
  policy: string | undefined,
  principalArn: string,
  repositoryArn: string,
): PullGrant {
  if (policy === undefined)
    return {
      kind: 'denied',
      actions: [...PULL_ACTIONS],
      explicit: [],
      why: 'the repository has no policy, so its account grants no other account anything',
    };
  const account = /^arn:[\w-]+:iam::(\d{12}):/.exec(principalArn)?.[1];
  const statements: string[] = [];
  const denied: string[] = [];
  const explicit: string[] = [];
  const undecided: string[] = [];
  for (const action of PULL_ACTIONS) {
    const d = evaluatePolicyText(policy, {
      action,
      resource: repositoryArn,
      context: {
        'aws:principalarn': principalArn,
        ...(account ? { 'aws:principalaccount': account } : {}),
        'aws:principalisawsservice': 'false',
        'aws:securetransport': 'true',
      },
    });
    if (d.kind === 'unreadable')
      return { kind: 'unknown', why: `the repository policy cannot be read: ${d.why}` };
    if (d.kind === 'allowed') statements.push(d.statement);
    else if (d.kind === 'denied') {
      denied.push(action);
      if (d.explicit) explicit.push(d.statement);
    } else undecided.push(`${action} depends on ${d.dependsOn.join(', ')}`);
  }
  if (denied.length > 0)
    return {
      kind: 'denied',
      actions: denied,
      explicit: [...new Set(explicit)],
      why:
        explicit.length > 0
          ? `the repository policy denies it explicitly (statement ${[...new Set(explicit)].join(', ')})`
          : 'no statement of the repository policy grants it to the role or its account',
    };
  if (undecided.length > 0)
    return { kind: 'unknown', why: `the repository policy's decision: ${undecided.join('; ')}` };
  return { kind: 'granted', statements: [...new Set(statements)] };
}

/** The statement to add to the repository policy: the pull actions, to the role. */
export function pullStatementFor(principalArn: string): Record<string, unknown> {
  return {
    Sid: 'AllowPullFromEcsTaskRole',
    Effect: 'Allow',
    Principal: { AWS: principalArn },
    Action: [...PULL_ACTIONS],
  };
}

/**
 * The whole policy to set (`set-repository-policy` replaces it): the statements the repository
 * has, and the new one; undefined when the policy's text is not a JSON object with statements.
 */
export function policyWithPull(existing: string | undefined, principalArn: string): unknown {
  const statement = pullStatementFor(principalArn);
  if (existing === undefined) return { Version: '2012-10-17', Statement: [statement] };
  let doc: unknown;
  try {
    doc = JSON.parse(existing);
  } catch {
    return undefined;
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return undefined;
  const d = doc as Record<string, unknown>;
  const had = d.Statement === undefined ? [] : Array.isArray(d.Statement) ? d.Statement : [d.Statement];
  return { ...d, Version: d.Version ?? '2012-10-17', Statement: [...had, statement] };
}
