/**
 * A small IAM evaluator, so that a unit test can ask the packaged template "is this request
 * allowed, and by which statement?": the Lambda role's identity policy on its own
 * ({@link evaluate}), and the channel's topic and key policies with the role statements they
 * pair with ({@link allowed}). It knows exactly the shapes we use: Allow and Deny; Action and
 * Resource with `*` and `?` wildcards; Principal in a resource policy; the operators
 * StringEquals, StringNotEquals, StringLike, ArnEquals, ArnNotEquals, ArnLike and
 * ForAllValues:StringEquals; an explicit Deny wins. Anything else (NotAction, another
 * operator, an `…IfExists`) throws, so a statement it cannot read fails the test instead of
 * passing it. It also resolves the CloudFormation intrinsics the template uses.
 *
 * Semantics (IAM User Guide, "Policy evaluation logic", "Condition operators"): allowed when
 * some Allow matches and no Deny does; a key absent from the context makes a plain operator
 * false, a negated one or `ForAllValues` true; every operator and key must hold, values ORed.
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

/** A statement of a resource policy (with its principal) or of a role, its intrinsics not yet resolved. */
export type PolicyStatement = Readonly<{
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: unknown;
  Action: string | readonly string[];
  Resource: unknown;
  Condition?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
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
    // A negated operator holds when the key is absent, as in IAM.
    case 'StringNotEquals':
    case 'ArnNotEquals':
      return actual === undefined || !single((w, a) => w === a);
    case 'StringLike':
    case 'ArnLike':
      return single((w, a) => wildcard(w, a));
    case 'ForAllValues:StringEquals':
      return actual === undefined || list(actual).every((a) => wanted.includes(a));
    default:
      throw new Error(`condition operator ${operator} is not evaluated here`);
  }
}

/**
 * Whether a statement matches the request: action, resource, `who` (a resource policy's
 * principal) and every condition, their intrinsics resolved by `resolve`.
 */
function matches(
  s: PolicyStatement,
  r: AuthRequest,
  resolve: (v: unknown) => unknown = (v) => v,
  who: (s: PolicyStatement) => boolean = () => true,
): boolean {
  for (const field of ['NotAction', 'NotResource', 'NotPrincipal'])
    if (field in s) throw new Error(`${s.Sid ?? 'a statement'}: ${field} is not evaluated here`);
  if (!list(s.Action).some((a) => wildcard(a, r.action, true))) return false;
  if (!list(resolve(s.Resource)).some((p) => wildcard(String(p), r.resource))) return false;
  if (!who(s)) return false;
  for (const [operator, keys] of Object.entries(s.Condition ?? {})) {
    for (const [key, wanted] of Object.entries(keys)) {
      if (!operatorHolds(operator, r.context[key], list(resolve(wanted)).map(String))) return false;
    }
  }
  return true;
}

/** Whether one identity-policy statement applies to the request: action, resource and every condition. */
export function applies(s: Statement, r: AuthRequest): boolean {
  if ('Principal' in s) throw new Error(`${s.Sid ?? 'a statement'}: Principal is not evaluated here`);
  return matches(s, r);
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

type Resources = Readonly<Record<string, { Type: string; Properties: Record<string, unknown> }>>;

/** Where the stack is deployed, with its stage (its topics' names). */
export type StackPlace = Place & Readonly<{ stage: string }>;

/** Resolves `Ref`, `Fn::Sub`, `Fn::Join` and `Fn::GetAtt … Arn` for the resources the channel names. */
export function resolver(resources: Resources, place: StackPlace): (value: unknown) => unknown {
  const pseudo: Record<string, string> = {
    'AWS::Partition': place.partition,
    'AWS::AccountId': place.account,
    'AWS::Region': place.region,
  };
  const arnOf = (id: string): string => {
    const type = resources[id]?.Type;
    switch (type) {
      case 'AWS::IAM::Role': {
        const props = resources[id]?.Properties ?? {};
        const path = String(resolve(props.Path ?? '/'));
        return `arn:${place.partition}:iam::${place.account}:role${path}${String(resolve(props.RoleName))}`;
      }
      case 'AWS::KMS::Key':
        return `arn:${place.partition}:kms:${place.region}:${place.account}:key/${id.toLowerCase()}-0000`;
      case 'AWS::SQS::Queue':
      case 'AWS::DynamoDB::Table':
        return `arn:${place.partition}:${type === 'AWS::SQS::Queue' ? 'sqs' : 'dynamodb'}:${place.region}:${place.account}:${id}`;
      default:
        throw new Error(`GetAtt ${id}.Arn: ${type ?? 'no such resource'}`);
    }
  };
  const refOf = (id: string): string => {
    if (id in pseudo) return pseudo[id] as string;
    if (resources[id]?.Type === 'AWS::SNS::Topic')
      return `arn:${place.partition}:sns:${place.region}:${place.account}:ecs-pullfix-${place.stage}-${id}`;
    throw new Error(`Ref ${id}: not resolved here`);
  };
  function resolve(value: unknown): unknown {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
    if (Array.isArray(value)) return value.map(resolve);
    const o = value as Record<string, unknown>;
    if ('Ref' in o) return refOf(String(o.Ref));
    if ('Fn::Sub' in o)
      return String(o['Fn::Sub']).replace(/\$\{([^}]+)\}/g, (_, name: string) =>
        name.endsWith('.Arn') ? arnOf(name.slice(0, -4)) : refOf(name),
      );
    if ('Fn::Join' in o) {
      const [sep, parts] = o['Fn::Join'] as [string, unknown[]];
      return parts.map((p) => String(resolve(p))).join(sep);
    }
    if ('Fn::GetAtt' in o) {
      const [id, attribute] = o['Fn::GetAtt'] as [string, string];
      if (attribute !== 'Arn') throw new Error(`GetAtt ${id}.${attribute}: not resolved here`);
      return arnOf(id);
    }
    throw new Error(`cannot resolve ${JSON.stringify(value)}`);
  }
  return resolve;
}

/** One request to a resource: who, what, on what, and the request context's keys (absent keys are absent). */
export type Request = Readonly<{
  principalArn: string;
  action: string;
  resource: string;
  context?: Readonly<Record<string, string>>;
}>;

/** The account's root ARN of a principal ARN (`arn:PARTITION:iam::ACCOUNT:…`). */
const rootOf = (arn: string) => `arn:${arn.split(':')[1]}:iam::${arn.split(':')[4]}:root`;

/** Whether a statement's principal is the requester: its ARN, `*`, or its account's root. */
function principalMatches(principal: unknown, r: Request, resolve: (v: unknown) => unknown) {
  if (principal === '*') return true;
  const aws = (principal as { AWS?: unknown } | undefined)?.AWS;
  if (aws === undefined) return false;
  return list(resolve(aws)).some((p) => p === '*' || p === r.principalArn || p === rootOf(r.principalArn));
}

/** The statements of one policy that apply to the request: action, resource (or principal) and conditions. */
export function matching(
  statements: readonly PolicyStatement[],
  r: Request,
  resolve: (v: unknown) => unknown,
  kind: 'resource' | 'identity',
): PolicyStatement[] {
  const request: AuthRequest = { ...r, context: { ...r.context, 'aws:PrincipalArn': r.principalArn } };
  const who =
    kind === 'identity' ? undefined : (s: PolicyStatement) => principalMatches(s.Principal, r, resolve);
  return statements.filter((s) => matches(s, request, resolve, who));
}

/**
 * Same-account evaluation: an explicit Deny in either policy refuses; otherwise an Allow in
 * either suffices (SNS topic policies, and IAM policies alike). For a KMS key the key policy
 * decides: naming the principal suffices, naming the account root delegates to IAM, which
 * must then allow too.
 */
export function allowed(
  request: Request,
  policies: Readonly<{
    resource: readonly PolicyStatement[];
    identity: readonly PolicyStatement[];
    kmsKeyPolicy?: boolean;
  }>,
  resolve: (v: unknown) => unknown,
): boolean {
  const onResource = matching(policies.resource, request, resolve, 'resource');
  const onIdentity = matching(policies.identity, request, resolve, 'identity');
  if ([...onResource, ...onIdentity].some((s) => s.Effect === 'Deny')) return false;
  const identityAllows = onIdentity.some((s) => s.Effect === 'Allow');
  if (!policies.kmsKeyPolicy) return identityAllows || onResource.some((s) => s.Effect === 'Allow');
  const root = rootOf(request.principalArn);
  return onResource.some((s) => {
    if (s.Effect !== 'Allow') return false;
    const named = list(resolve((s.Principal as { AWS?: unknown })?.AWS)).includes(request.principalArn);
    const delegated = list(resolve((s.Principal as { AWS?: unknown })?.AWS)).includes(root);
    return named || (delegated && identityAllows);
  });
}
