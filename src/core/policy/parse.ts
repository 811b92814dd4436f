/**
 * A policy document as the evaluator reads it: each statement's effect, actions or
 * `NotAction`, resources or `NotResource`, principals or `NotPrincipal`, and conditions.
 * The text comes from an AWS resource its owner wrote, so nothing of it is trusted: its size
 * is bounded, only the fields the grammar names are read, and a statement's name is kept only
 * when it is a short plain `Sid`.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 */
export type Policy = Readonly<{ statements: readonly Statement[]; variables: boolean }>;

export type Statement = Readonly<{
  /** Its `Sid` when plain and short, else `statement N` (1-based). */
  label: string;
  effect: 'Allow' | 'Deny';
  action: Matcher;
  resource: Matcher;
  /** Absent: the statement names no principal (it applies to every caller). */
  principal?: Readonly<{ not: boolean; entries: readonly PrincipalEntry[] }>;
  conditions: readonly Condition[];
}>;

/** `Action` (not: false) or `NotAction` (not: true); likewise `Resource` / `NotResource`. */
export type Matcher = Readonly<{ not: boolean; patterns: readonly string[] }>;

/** One principal: `*` (type `*`), or a value of type `AWS`, `Service`, `Federated`, `CanonicalUser`. */
export type PrincipalEntry = Readonly<{ type: string; value: string }>;

/** One key of one operator: `"StringEquals": {"aws:PrincipalAccount": ["111122223333"]}`. */
export type Condition = Readonly<{ operator: string; key: string; values: readonly string[] }>;

export type Parsed = Readonly<{ ok: true; policy: Policy } | { ok: false; why: string }>;

/** The most AWS allows in an endpoint policy (20,480 characters); anything longer is no policy of AWS's. */
export const MAX_POLICY_CHARS = 20_480;

const PLAIN_SID = /^[A-Za-z0-9_.-]{1,64}$/;

class Unreadable extends Error {}

/** The policy in `text`, or why it cannot be read. Never throws. */
export function parsePolicy(text: string): Parsed {
  if (text.length > MAX_POLICY_CHARS)
    return { ok: false, why: `it is longer than the ${MAX_POLICY_CHARS} characters AWS allows` };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { ok: false, why: 'it is not JSON' };
  }
  if (!isObject(doc) || doc.Statement === undefined) return { ok: false, why: 'it has no Statement' };
  const raw = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  try {
    const statements = raw.map((s, i) => statementOf(s, i + 1));
    // Policy variables (`${aws:PrincipalAccount}`) are read only in the 2012-10-17 language.
    return { ok: true, policy: { statements, variables: doc.Version === '2012-10-17' } };
  } catch (e) {
    if (e instanceof Unreadable) return { ok: false, why: e.message };
    throw e;
  }
}

function statementOf(s: unknown, n: number): Statement {
  if (!isObject(s)) throw new Unreadable(`statement ${n} is not an object`);
  const effect = s.Effect === 'Allow' || s.Effect === 'Deny' ? s.Effect : undefined;
  if (!effect) throw new Unreadable(`statement ${n} has no Effect of Allow or Deny`);
  const principal = principalOf(s, n);
  return {
    label: typeof s.Sid === 'string' && PLAIN_SID.test(s.Sid) ? s.Sid : `statement ${n}`,
    effect,
    action: matcherOf(s, 'Action', n) ?? unreadable(`statement ${n} has neither Action nor NotAction`),
    // A statement without Resource applies to the resource the policy is attached to: every
    // call through the endpoint.
    resource: matcherOf(s, 'Resource', n) ?? { not: false, patterns: ['*'] },
    ...(principal ? { principal } : {}),
    conditions: conditionsOf(s.Condition, n),
  };
}

const unreadable = (why: string): never => {
  throw new Unreadable(why);
};

function matcherOf(s: Record<string, unknown>, field: 'Action' | 'Resource', n: number): Matcher | undefined {
  const yes = s[field];
  const no = s[`Not${field}`];
  if (yes !== undefined && no !== undefined) unreadable(`statement ${n} has both ${field} and Not${field}`);
  if (yes === undefined && no === undefined) return undefined;
  const patterns =
    strings(yes ?? no) ?? unreadable(`statement ${n}: ${field} is not a string or a list of them`);
  return { not: yes === undefined, patterns };
}

function principalOf(s: Record<string, unknown>, n: number): Statement['principal'] {
  const yes = s.Principal;
  const no = s.NotPrincipal;
  if (yes !== undefined && no !== undefined) unreadable(`statement ${n} has both Principal and NotPrincipal`);
  const raw = yes ?? no;
  if (raw === undefined) return undefined;
  if (raw === '*') return { not: yes === undefined, entries: [{ type: '*', value: '*' }] };
  if (!isObject(raw)) return unreadable(`statement ${n}: Principal is neither "*" nor an object`);
  const entries = Object.entries(raw).flatMap(([type, v]) =>
    (
      strings(v) ?? unreadable(`statement ${n}: Principal ${cap(type)} is not a string or a list of them`)
    ).map((value) => ({ type, value })),
  );
  return { not: yes === undefined, entries };
}

function conditionsOf(raw: unknown, n: number): Condition[] {
  if (raw === undefined) return [];
  if (!isObject(raw)) return unreadable(`statement ${n}: Condition is not an object`);
  return Object.entries(raw).flatMap(([operator, block]) => {
    if (!isObject(block)) return unreadable(`statement ${n}: Condition ${cap(operator)} is not an object`);
    return Object.entries(block).map(([key, v]) => ({
      operator,
      key,
      values: scalars(v) ?? unreadable(`statement ${n}: the values of ${cap(key)} are not plain values`),
    }));
  });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function strings(v: unknown): string[] | undefined {
  const list = Array.isArray(v) ? v : [v];
  return list.every((x): x is string => typeof x === 'string') ? list : undefined;
}

/** Condition values: strings, or booleans and numbers (`"aws:SecureTransport": true`) as IAM reads them. */
function scalars(v: unknown): string[] | undefined {
  const list = Array.isArray(v) ? v : [v];
  if (!list.every((x) => ['string', 'boolean', 'number'].includes(typeof x))) return undefined;
  return list.map(String);
}

/** A name from the policy, bounded, as it may appear in a reason. */
export function cap(name: string): string {
  const plain = name.replace(/[^\w:/.*?${}-]/g, '');
  return plain.length > 64 ? `${plain.slice(0, 64)}…` : plain || '(unnamed)';
}
