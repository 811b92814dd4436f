import type { Entries } from './spec.js';

/** About the diagnosis itself: what could not be checked, and that the path is whole. */
export const META = {
  'not-checked': {
    rank: 220,
    scope: 'meta',
    autoFix: false,
    key: (f) => `${f.id}:${f.check}`,
    fix: (f) => `Not checked: ${f.why}.`,
  },
  'path-ok': {
    rank: 230,
    scope: 'meta',
    autoFix: false,
    key: (f) => f.id,
    fix: () => 'Nothing is wrong on the network path ecs-pullfix can see.',
  },
} as const satisfies Entries<'not-checked' | 'path-ok'>;
