import {
  redeployCli,
  redeployNames,
  redeployWords,
  restoreCli,
  restoreCost,
  restoreNames,
  restoreWords,
} from '../plan/recommend-image.js';
import type { Entries } from './spec.js';
import { inline } from './text.js';
import type { FindingOf } from './types.js';

/** The fix of a pinned digest that is gone: a new deployment resolves the tag afresh. */
function redeployFix(f: FindingOf<'image-digest-gone'>): string {
  const words = redeployWords(f);
  const redeploy = words
    ? `start a new deployment, which resolves the tag afresh (${inline(redeployNames(f), words)})`
    : 'run the task again: RunTask resolves the tag afresh';
  const rules =
    f.rules.length > 0
      ? `; the repository's lifecycle ${f.rules.length > 1 ? 'rules that' : 'rule that'} could have expired it: ${f.rules.join('; ')} — keep the images your services run`
      : '';
  return `Tag ${f.tag} exists but the digest this deployment pinned, ${f.digest}, no longer does: ${redeploy}${rules}.`;
}

/** The image a task pulls, beyond its tag: the digest ECS pinned, and ECR's archive. */
export const IMAGE = {
  'image-digest-gone': {
    rank: 195,
    scope: 'workload',
    autoFix: false,
    key: (f) => f.id,
    fix: redeployFix,
    remedy: (f, plan) => plan.recommend('redeploy-service', f, redeployCli(f)),
  },
  'image-archived': {
    rank: 197,
    scope: 'workload',
    autoFix: false,
    key: (f) => f.id,
    fix: (f) =>
      `Restore ${f.repository}@${f.digest} from ECR's archive (${inline(restoreNames(f), restoreWords(f))}); ${restoreCost(f)}${f.rules.length > 0 ? `; the lifecycle ${f.rules.length > 1 ? 'rules that' : 'rule that'} could have archived it: ${f.rules.join('; ')}` : ''}.`,
    remedy: (f, plan) => plan.recommend('restore-image', f, restoreCli(f)),
  },
} as const satisfies Entries<'image-digest-gone' | 'image-archived'>;
