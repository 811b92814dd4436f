import { type Entries, nothing } from './spec.js';

/** About the diagnosis itself: what could not be checked, and that the path is whole. */
export const META = {
  'not-checked': {
    rank: 220,
    scope: 'meta',
    autoFix: false,
    key: (f) => `${f.id}:${f.check}`,
    fix: (f) => `Not checked: ${f.why}.`,
    remedy: nothing,
  },
  'path-ok': {
    rank: 230,
    scope: 'meta',
    autoFix: false,
    key: (f) => f.id,
    fix: () => 'Nothing is wrong on the network path ecs-pullfix can see.',
    remedy: nothing,
  },
} as const satisfies Entries<'not-checked' | 'path-ok'>;
