/**
 * A small IAM evaluator for the identity-policy statements the Lambda's role is made of, so
 * that a unit test can ask the packaged template "is this request allowed, and by which
 * statement?". It knows exactly the shapes we use: Allow and Deny; Action and Resource with
 * `*` and `?` wildcards; the operators StringEquals, StringLike, ArnEquals, ArnLike and
 * ForAllValues:StringEquals; an explicit Deny wins. Anything else (NotAction, another
 * operator, an `…IfExists`) throws, so a statement it cannot read fails the test instead of
 * passing it. It also resolves the CloudFormation intrinsics the template uses.
 *
 * Semantics followed (IAM User Guide, "Policy evaluation logic" and "Condition operators"):
 * a request is allowed when some Allow matches and no Deny does; a condition key absent from
 * the request context makes a plain operator false, and `ForAllValues` true; every operator
 * of a statement, and every key of an operator, must hold; values of one key are ORed.
 */

export type Statement = Readonly<{
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: string | readonly string[];
  Resource: string | readonly string[];
  Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}>;

/** One authorization: an action on one resource, with the keys of its request context. */
export type AuthRequest = Readonly<{
  action: string;
  resource: string;
  context: Readonly<Record<string, string | readonly string[]>>;
}>;

export type Decision = Readonly<{
  decision: 'allowed' | 'explicit-deny' | 'implicit-deny';
  /** The statements that decided: the matching Denies, else the matching Allows. */
  by: readonly string[];
}>;

const list = <T>(v: T | readonly T[]): readonly T[] => (Array.isArray(v) ? v : [v as T]);

/** `*` any run of characters (`/` and `:` included), `?` one character; nothing else is special. */
export function wildcard(pattern: string, value: string, caseless = false): boolean {
  const source = [...pattern]
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, caseless ? 'is' : 's').test(value);
}

function operatorHolds(
  operator: string,
  actual: string | readonly string[] | undefined,
  wanted: readonly string[],
): boolean {
  const single = (match: (want: string, have: string) => boolean) => {
    if (actual === undefined) return false;
    if (typeof actual !== 'string')
      throw new Error(`${operator} on a multivalued key: use ForAllValues or ForAnyValue`);
    return wanted.some((w) => match(w, actual));
  };
  switch (operator) {
    case 'StringEquals':
    case 'ArnEquals':
      return single((w, a) => w === a);
    case 'StringLike':
    case 'ArnLike':
      return single((w, a) => wildcard(w, a));
    case 'ForAllValues:StringEquals':
      return actual === undefined || list(actual).every((a) => wanted.includes(a));
    default:
      throw new Error(`condition operator ${operator} is not evaluated here`);
  }
}

/** Whether one statement applies to the request: action, resource and every condition. */
export function applies(s: Statement, r: AuthRequest): boolean {
  for (const field of ['NotAction', 'NotResource', 'Principal', 'NotPrincipal'])
    if (field in s) throw new Error(`${s.Sid ?? 'a statement'}: ${field} is not evaluated here`);
  if (!list(s.Action).some((a) => wildcard(a, r.action, true))) return false;
  if (!list(s.Resource).some((p) => wildcard(p, r.resource))) return false;
  for (const [operator, keys] of Object.entries(s.Condition ?? {})) {
    for (const [key, wanted] of Object.entries(keys)) {
      if (!operatorHolds(operator, r.context[key], list(wanted))) return false;
    }
  }
  return true;
}

/** IAM's decision on one request: an explicit Deny wins, then an Allow, else the implicit deny. */
export function evaluate(statements: readonly Statement[], r: AuthRequest): Decision {
  const matching = statements.filter((s) => applies(s, r));
  const denies = matching.filter((s) => s.Effect === 'Deny');
  if (denies.length > 0) return { decision: 'explicit-deny', by: denies.map((s) => s.Sid ?? '?') };
  const allows = matching.filter((s) => s.Effect === 'Allow');
  if (allows.length > 0) return { decision: 'allowed', by: allows.map((s) => s.Sid ?? '?') };
  return { decision: 'implicit-deny', by: [] };
}

/** Where a template is deployed, for its pseudo parameters. */
export type Place = Readonly<{ partition: string; region: string; account: string }>;

/**
 * Resolves the intrinsics of a role's statements: `Ref` (pseudo parameters and the stack's
 * resources, as made-up ARNs), `Fn::Sub` (both forms), `Fn::Select`, `Fn::Split`, `Fn::Join`
 * and `Fn::GetAtt … Arn`.
 */
export function resolveIntrinsics(value: unknown, place: Place): unknown {
  const pseudo: Record<string, string> = {
    'AWS::Partition': place.partition,
    'AWS::Region': place.region,
    'AWS::AccountId': place.account,
  };
  const madeUp = (id: string) => `arn:${place.partition}:stack:${place.region}:${place.account}:${id}`;
  const resolve = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map(resolve);
    const o = v as Record<string, unknown>;
    const [fn] = Object.keys(o);
    const arg = fn === undefined ? undefined : o[fn];
    switch (fn) {
      case 'Ref':
        return pseudo[String(arg)] ?? madeUp(String(arg));
      case 'Fn::GetAtt':
        return madeUp((arg as string[]).join('.'));
      case 'Fn::Sub': {
        const [template, vars] = Array.isArray(arg) ? (arg as [string, Record<string, unknown>]) : [arg, {}];
        const own = Object.fromEntries(Object.entries(vars ?? {}).map(([k, x]) => [k, String(resolve(x))]));
        return String(template).replace(/\$\{([^}!]+)\}/g, (_, name: string) => {
          const found = own[name] ?? pseudo[name];
          if (found === undefined) throw new Error(`Fn::Sub: no value for \${${name}}`);
          return found;
        });
      }
      case 'Fn::Select': {
        const [index, items] = arg as [number | string, unknown];
        const values = resolve(items) as unknown[];
        const item = values[Number(index)];
        if (item === undefined) throw new Error(`Fn::Select: no item ${index}`);
        return item;
      }
      case 'Fn::Split': {
        const [separator, text] = arg as [string, unknown];
        return String(resolve(text)).split(separator);
      }
      case 'Fn::Join': {
        const [separator, items] = arg as [string, unknown];
        return (resolve(items) as unknown[]).map(String).join(separator);
      }
      default:
        return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, resolve(x)]));
    }
  };
  return resolve(value);
}
