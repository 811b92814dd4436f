/**
 * A small evaluator for VPC endpoint policies: enough to tell whether a non-default
 * policy lets the task's calls through. An explicit Deny that matches wins; otherwise an
 * Allow must match. Principals and conditions are not evaluated (a policy that relies on
 * them is reported as allowing, so the tool never claims a denial it cannot show).
 */
type Statement = Readonly<{
  effect: 'Allow' | 'Deny';
  actions: readonly string[];
  resources: readonly string[];
  not: boolean;
}>;

function statementsOf(policy: string): Statement[] | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(policy);
  } catch {
    return undefined;
  }
  if (typeof doc !== 'object' || doc === null) return undefined;
  const raw = (doc as { Statement?: unknown }).Statement;
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return list.flatMap((s): Statement[] => {
    if (typeof s !== 'object' || s === null) return [];
    const st = s as Record<string, unknown>;
    const effect = st.Effect === 'Deny' ? 'Deny' : st.Effect === 'Allow' ? 'Allow' : undefined;
    if (!effect) return [];
    const strings = (v: unknown): string[] =>
      typeof v === 'string'
        ? [v]
        : Array.isArray(v)
          ? v.filter((x): x is string => typeof x === 'string')
          : [];
    const not = st.NotAction !== undefined;
    return [
      {
        effect,
        actions: strings(not ? st.NotAction : st.Action),
        resources: st.Resource === undefined && st.NotResource === undefined ? ['*'] : strings(st.Resource),
        not,
      },
    ];
  });
}

function wildcardMatch(pattern: string, value: string): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    'i',
  );
  return re.test(value);
}

function matches(s: Statement, action: string, resource: string): boolean {
  const actionHit = s.actions.some((a) => wildcardMatch(a, action));
  const actionMatches = s.not ? !actionHit : actionHit;
  return actionMatches && s.resources.some((r) => wildcardMatch(r, resource));
}

/** The calls (`action on resource`) the policy does not allow; empty when all are allowed or it cannot be read. */
export function deniedCalls(
  policy: string | undefined,
  calls: readonly Readonly<{ action: string; resource: string }>[],
): string[] {
  if (policy === undefined) return [];
  const statements = statementsOf(policy);
  if (!statements) return [];
  return calls
    .filter(({ action, resource }) => {
      if (statements.some((s) => s.effect === 'Deny' && matches(s, action, resource))) return true;
      return !statements.some((s) => s.effect === 'Allow' && matches(s, action, resource));
    })
    .map(({ action, resource }) => `${action} on ${resource}`);
}
