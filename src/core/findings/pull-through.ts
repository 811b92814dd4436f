import { createRuleCli, credentialCli, grantImportCli } from '../plan/recommend-pull-through.js';
import { CREDENTIAL_SECRET_PREFIX } from '../pull-through.js';
import { shownName } from '../shell.js';
import type { Entries } from './spec.js';
import type { FindingOf } from './types.js';

/** What to do about the credential, in words (the names are the user's: shown quoted). */
function credentialFix(f: FindingOf<'pull-through-credential-missing'>): string {
  const rule = `pull-through cache rule ${shownName(f.prefix)} (${shownName(f.upstreamUrl)})`;
  const arn = f.credentialArn === undefined ? '' : shownName(f.credentialArn);
  const name = shownName(`${CREDENTIAL_SECRET_PREFIX}${f.prefix}`);
  switch (f.problem) {
    case 'none':
      return `Give ${rule} a credential: ${shownName(f.upstreamUrl)} needs one; store it in Secrets Manager under ${name} and update the rule.`;
    case 'misnamed':
      return `The credential of ${rule}, ${arn}, is not named ${CREDENTIAL_SECRET_PREFIX}…, which ECR requires: store it again under ${name} and update the rule.`;
    case 'missing':
      return `The credential of ${rule}, ${arn}, does not exist: create it under ${name} and update the rule.`;
    case 'deleted':
      return `The credential of ${rule}, ${arn}, is scheduled for deletion: restore it.`;
  }
}

/** An image served by a pull-through cache rule: the rule, its credential, the role's import. */
export const PULL_THROUGH = {
  'pull-through-rule-missing': {
    rank: 178,
    scope: 'workload',
    autoFix: false,
    key: (f) => f.id,
    fix: (f) =>
      `No pull-through cache rule has the prefix ${shownName(f.prefix)}: create one for ${f.upstreamName} (${f.upstreamUrl})${f.credentials ? ', with a credential secret named ecr-pullthroughcache/…' : ''}, or push ${shownName(f.repository)} yourself. A first pull through the rule needs no egress from the task to ${f.upstreamUrl}: ECR fetches it.`,
    remedy: (f, plan) => plan.recommend('create-pull-through-rule', f, createRuleCli(f)),
  },
  'pull-through-role-cannot-import': {
    rank: 171,
    scope: 'workload',
    autoFix: false,
    key: (f) => f.id,
    fix: (f) =>
      `Allow ${f.actions.join(' and ')} on ${shownName(f.repositoryArn)} in a policy of ${shownName(f.roleArn)} (ecs-pullfix never changes IAM): ${f.firstPull ? 'the first pull through the cache creates the repository and imports the image' : 'the pull imports the image from the upstream'}; the task needs no egress to the upstream for it, ECR fetches it.`,
    remedy: (f, plan) =>
      plan.recommend('grant-pull-through-import', { ...f, resources: [f.roleArn] }, grantImportCli(f)),
  },
  'pull-through-credential-missing': {
    rank: 173,
    scope: 'workload',
    autoFix: false,
    key: (f) => `${f.id}:${f.problem}`,
    fix: credentialFix,
    remedy: (f, plan) => plan.recommend('fix-pull-through-credential', f, credentialCli(f)),
  },
} as const satisfies Entries<
  'pull-through-rule-missing' | 'pull-through-role-cannot-import' | 'pull-through-credential-missing'
>;
