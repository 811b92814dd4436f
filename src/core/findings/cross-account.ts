import { setRepositoryPolicyCli } from '../plan/recommend-cross-account.js';
import { shownName } from '../shell.js';
import type { Entries } from './spec.js';

/** An image in another account's repository: its policy must grant the pull to the role. */
export const CROSS_ACCOUNT = {
  'ecr-repository-policy-denies': {
    rank: 172,
    scope: 'workload',
    autoFix: false,
    key: (f) => f.id,
    fix: (f) =>
      f.explicit
        ? `The policy of repository ${shownName(f.repository)} in account ${f.registryId} denies ${shownName(f.principalArn)} ${f.actions.join(', ')} explicitly: its owner must remove or narrow that Deny (ecs-pullfix never changes another account's policy).`
        : `Ask the owner of account ${f.registryId} to grant ${shownName(f.principalArn)} ${f.actions.join(', ')} in the policy of repository ${shownName(f.repository)}${f.noPolicy ? ', which has none' : ''} (ecs-pullfix never changes another account's policy); the role's own policy must allow them on that repository too.`,
    remedy: (f, plan) => plan.recommend('grant-repository-pull', f, setRepositoryPolicyCli(f)),
  },
} as const satisfies Entries<'ecr-repository-policy-denies'>;
