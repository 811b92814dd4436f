import type { FindingOf } from '../findings/types.js';
import { command, commentLine, heredoc, ifValid } from '../shell.js';

/** The file the repository's whole policy is written to, for `file://` to read. */
const POLICY_FILE = 'ecs-pullfix-repository-policy.json';

/**
 * The repository's policy with the pull granted to the role, for the repository's owner to set
 * (run in account `registryId`: `set-repository-policy` replaces the whole policy, so the
 * statements it has are kept). Recommend-only: ecs-pullfix never writes another account's policy.
 */
export function setRepositoryPolicyCli(f: FindingOf<'ecr-repository-policy-denies'>): string {
  if (f.explicit)
    return commentLine(
      `no command: the repository policy denies ${f.principalArn} explicitly; its owner must remove or narrow that Deny`,
    );
  if (f.policy === undefined)
    return commentLine(
      'no command: the repository policy is not a JSON object; its owner must add an Allow of ecr:BatchGetImage, ecr:GetDownloadUrlForLayer and ecr:BatchCheckLayerAvailability to the role',
    );
  const policy = f.policy;
  return ifValid(
    [
      ['ECR repository name', f.repository],
      ['account id', f.registryId],
      ['region', f.region],
    ],
    () =>
      [
        commentLine(`run as account ${f.registryId}, the repository's owner`),
        heredoc(POLICY_FILE, policy),
        command([
          'aws',
          'ecr',
          'set-repository-policy',
          '--registry-id',
          f.registryId,
          '--repository-name',
          f.repository,
          '--policy-text',
          `file://${POLICY_FILE}`,
          '--region',
          f.region,
        ]),
      ].join('\n'),
  );
}
