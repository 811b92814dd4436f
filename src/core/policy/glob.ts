import { type Truth, unknown } from './truth.js';

/**
 * IAM's wildcards: `*` matches any run of characters (none included), `?` any one character,
 * in actions, resources and the `…Like` condition operators. Matched by a small automaton
 * over the pattern's positions, in time proportional to pattern × text, never by a regular
 * expression built from policy text (no backtracking a hostile policy could exploit).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html#reference_policies_elements_resource_wildcards
 */
type States = Set<number>;

/** The positions reachable without reading: a `*` may match nothing. */
function closure(pattern: string, states: States): States {
  for (const s of states) if (pattern[s] === '*') states.add(s + 1);
  return states;
}

function step(pattern: string, states: States, ch: string, same: (a: string, b: string) => boolean): States {
  const next: States = new Set();
  for (const s of states) {
    const p = pattern[s];
    if (p === undefined) continue;
    if (p === '*') next.add(s);
    else if (p === '?' || same(p, ch)) next.add(s + 1);
  }
  return closure(pattern, next);
}

const exact = (a: string, b: string) => a === b;
const folded = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** The positions of `pattern` alive after reading all of `text`. */
function run(pattern: string, text: string, ignoreCase: boolean): States {
  let states = closure(pattern, new Set([0]));
  const same = ignoreCase ? folded : exact;
  for (const ch of text) {
    states = step(pattern, states, ch, same);
    if (states.size === 0) break;
  }
  return states;
}

/** Whether `pattern` matches all of `text` (`ignoreCase` for actions, never for ARNs). */
export function globMatches(pattern: string, text: string, ignoreCase = false): boolean {
  return run(pattern, text, ignoreCase).has(pattern.length);
}

/**
 * A text known only in part: `prefix`, then a part ecs-pullfix cannot know — any non-empty
 * text (an S3 object's key, a log stream's name) or so many letters and digits (the six
 * characters Secrets Manager appends to a secret's name).
 */
export type UnknownTail = Readonly<{ chars: 'any' } | { chars: 'alphanumeric'; length: number }>;

/**
 * Whether `pattern` matches `prefix` followed by the unknown tail: true when it matches every
 * such text, false when it matches none, else unknown (it depends on `what`).
 */
export function globMatchesTail(pattern: string, prefix: string, tail: UnknownTail, what: string): Truth {
  const alive = [...run(pattern, prefix, false)].map((s) => pattern.slice(s));
  if (alive.some((rest) => coversTail(rest, tail))) return true;
  return alive.some((rest) => meetsTail(rest, tail)) ? unknown(what) : false;
}

const count = (text: string, ch: string) => [...text].filter((c) => c === ch).length;

/** Whether the rest of a pattern matches every possible tail. */
function coversTail(rest: string, tail: UnknownTail): boolean {
  if (rest === '' || /[^*?]/.test(rest)) return false;
  // A tail of any length from one: a `*` and at most one `?` match them all.
  if (tail.chars === 'any') return rest.includes('*') && count(rest, '?') <= 1;
  const fixed = count(rest, '?');
  return rest.includes('*') ? fixed <= tail.length : fixed === tail.length;
}

/** Whether the rest of a pattern matches some possible tail. */
function meetsTail(rest: string, tail: UnknownTail): boolean {
  if (rest === '') return false;
  if (tail.chars === 'any') return true;
  if (/[^*?A-Za-z0-9]/.test(rest)) return false;
  const fixed = [...rest].filter((c) => c !== '*').length;
  return rest.includes('*') ? fixed <= tail.length : fixed === tail.length;
}
