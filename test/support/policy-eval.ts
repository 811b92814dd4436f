/**
 * Just enough of CloudFormation and of IAM's policy evaluation to ask a packaged template
 * "may this principal do this?" — for the channel's topic and key policies and the role
 * statements they pair with. Intrinsics are resolved for one account and region; an
 * intrinsic or condition operator this does not know throws, so a policy it cannot read
 * fails the test rather than passing it.
 */

export type Statement = Readonly<{
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: unknown;
  Action: string | readonly string[];
  Resource: unknown;
  Condition?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}>;

type Resources = Readonly<Record<string, { Type: string; Properties: Record<string, unknown> }>>;

/** Where the template is deployed: the pseudo parameters and the physical ids of its resources. */
export type Place = Readonly<{ partition: string; account: string; region: string; stage: string }>;

/** Resolves `Ref`, `Fn::Sub`, `Fn::Join` and `Fn::GetAtt … Arn` for the resources the channel names. */
export function resolver(resources: Resources, place: Place): (value: unknown) => unknown {
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

/** One request: who, what, on what, and the request context's keys (absent keys are absent). */
export type Request = Readonly<{
  principalArn: string;
  action: string;
  resource: string;
  context?: Readonly<Record<string, string>>;
}>;

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);
const glob = (pattern: string, value: string, caseless: boolean) => {
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    caseless ? 'i' : '',
  );
  return re.test(value);
};

/** Whether each condition of a statement holds for the request (every operator must hold). */
function conditionsHold(condition: Statement['Condition'], r: Request, resolve: (v: unknown) => unknown) {
  for (const [operator, keys] of Object.entries(condition ?? {})) {
    for (const [key, expected] of Object.entries(keys)) {
      const wanted = asList(resolve(expected)).map(String);
      const actual = key === 'aws:PrincipalArn' ? r.principalArn : r.context?.[key];
      const equal = actual !== undefined && wanted.includes(actual);
      switch (operator) {
        case 'StringEquals':
        case 'ArnEquals':
          if (!equal) return false;
          break;
        // A negated operator holds when the key is absent, as in IAM.
        case 'StringNotEquals':
        case 'ArnNotEquals':
          if (equal) return false;
          break;
        default:
          throw new Error(`condition operator ${operator} is not evaluated here`);
      }
    }
  }
  return true;
}

/** The account's root ARN of a principal ARN (`arn:PARTITION:iam::ACCOUNT:…`). */
const rootOf = (arn: string) => {
  const [, partition, , , account] = arn.split(':');
  return `arn:${partition}:iam::${account}:root`;
};

/** Whether a statement's principal is the requester: its ARN, `*`, or its account's root. */
function principalMatches(principal: unknown, r: Request, resolve: (v: unknown) => unknown) {
  if (principal === '*') return true;
  const aws = (principal as { AWS?: unknown } | undefined)?.AWS;
  if (aws === undefined) return false;
  return asList(resolve(aws)).some((p) => p === '*' || p === r.principalArn || p === rootOf(r.principalArn));
}

/** The statements of one policy that apply to the request: action, resource (or principal) and conditions. */
export function matching(
  statements: readonly Statement[],
  r: Request,
  resolve: (v: unknown) => unknown,
  kind: 'resource' | 'identity',
): Statement[] {
  return statements.filter(
    (s) =>
      asList(s.Action).some((a) => glob(String(a), r.action, true)) &&
      asList(resolve(s.Resource)).some((res) => glob(String(res), r.resource, false)) &&
      (kind === 'identity' || principalMatches(s.Principal, r, resolve)) &&
      conditionsHold(s.Condition, r, resolve),
  );
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
    resource: readonly Statement[];
    identity: readonly Statement[];
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
    const named = asList(resolve((s.Principal as { AWS?: unknown })?.AWS)).includes(request.principalArn);
    const delegated = asList(resolve((s.Principal as { AWS?: unknown })?.AWS)).includes(root);
    return named || (delegated && identityAllows);
  });
}
