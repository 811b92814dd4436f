import { globMatches } from './glob.js';
import { type Condition, cap } from './parse.js';
import { anyOf, type Truth, unknown } from './truth.js';

/**
 * The request's condition keys ecs-pullfix knows, by lower-case name (`aws:principalaccount`).
 * A key not here is not known (it may or may not be in the real request): a condition on it
 * is unknown, never false.
 */
export type RequestContext = Readonly<Record<string, string>>;

type Compare = (value: string, written: string) => boolean;

/** The operators IAM defines on strings, ARNs and booleans, each as its positive test. */
const POSITIVE: Readonly<Record<string, Compare>> = {
  stringequals: (v, w) => v === w,
  stringequalsignorecase: (v, w) => v.toLowerCase() === w.toLowerCase(),
  stringlike: (v, w) => globMatches(w, v),
  arnequals: (v, w) => arnLike(w, v),
  arnlike: (v, w) => arnLike(w, v),
  bool: (v, w) => v.toLowerCase() === w.toLowerCase(),
};

/** The negated operators: true when no written value matches. */
const NEGATED: Readonly<Record<string, string>> = {
  stringnotequals: 'stringequals',
  stringnotequalsignorecase: 'stringequalsignorecase',
  stringnotlike: 'stringlike',
  arnnotequals: 'arnequals',
  arnnotlike: 'arnlike',
};

/**
 * Whether one condition (one key of one operator) holds for the request. Several values are
 * alternatives (any may match; for a negated operator, none may); the statement needs every
 * condition to hold. `…IfExists` holds when the key is absent; `ForAnyValue:` and
 * `ForAllValues:` read a single-valued key as a set of one. A key ecs-pullfix does not know,
 * or an operator it does not evaluate (numbers, dates, IP addresses), leaves it unknown.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */
export function conditionHolds(c: Condition, context: RequestContext, variables: boolean): Truth {
  const op = /^(?:forAnyValue:|forAllValues:)?(.*?)(ifExists)?$/i.exec(c.operator)?.[1]?.toLowerCase() ?? '';
  const value = context[c.key.toLowerCase()];
  if (value === undefined) return unknown(cap(c.key));
  if (op === 'null') return anyOf(c.values.map((w) => w.toLowerCase() === 'false'));
  const negated = NEGATED[op];
  const test = POSITIVE[negated ?? op];
  if (!test) return unknown(cap(c.key));
  const matches = anyOf(
    c.values.map((w) => {
      const written = variables ? substitute(w, context) : w;
      return typeof written === 'string' ? test(value, written) : written;
    }),
  );
  if (negated === undefined) return matches;
  return typeof matches === 'boolean' ? !matches : matches;
}

/**
 * `ArnEquals` / `ArnLike`: each of the six colon-separated parts matched on its own, with
 * wildcards, case-sensitively (the last part may hold colons of its own).
 */
function arnLike(pattern: string, value: string): boolean {
  const p = arnParts(pattern);
  const v = arnParts(value);
  return p !== undefined && v !== undefined && p.every((part, i) => globMatches(part, v[i] ?? ''));
}

function arnParts(arn: string): string[] | undefined {
  const parts = arn.split(':');
  if (parts.length < 6) return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}

/**
 * A written value with its policy variables (`${aws:PrincipalAccount}`, and the escapes `${*}`,
 * `${?}`, `${$}`) replaced from the request, or unknown on a variable the request does not hold.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 */
export function substitute(written: string, context: RequestContext): string | ReturnType<typeof unknown> {
  let missing: string | undefined;
  const out = written.replace(/\$\{([^}]{1,128})\}/g, (all, name: string) => {
    if (name === '*' || name === '?' || name === '$') return name;
    const key = name.split(',')[0]?.trim() ?? '';
    const known = context[key.toLowerCase()];
    if (known === undefined) missing ??= cap(key);
    return known ?? all;
  });
  return missing === undefined ? out : unknown(missing);
}
