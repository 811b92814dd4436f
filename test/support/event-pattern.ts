/**
 * A small EventBridge pattern matcher for the operators serverless.yml uses: exact values,
 * `prefix` (plain or `equals-ignore-case`), `wildcard`, `$or`, nested objects, and arrays
 * in the event (any element may match). Enough to hold the rule to its promise in tests.
 */
type Pattern = Record<string, unknown>;

export function matches(pattern: Pattern, event: unknown): boolean {
  if (typeof event !== 'object' || event === null) return false;
  const e = event as Record<string, unknown>;
  for (const [key, spec] of Object.entries(pattern)) {
    if (key === '$or') {
      if (!(spec as Pattern[]).some((alt) => matches(alt, event))) return false;
      continue;
    }
    const value = e[key];
    if (Array.isArray(spec)) {
      const values = Array.isArray(value) ? value : [value];
      if (!values.some((v) => spec.some((s) => leaf(s, v)))) return false;
    } else if (Array.isArray(value)) {
      if (!value.some((v) => matches(spec as Pattern, v))) return false;
    } else if (!matches(spec as Pattern, value)) {
      return false;
    }
  }
  return true;
}

function leaf(spec: unknown, value: unknown): boolean {
  if (typeof spec !== 'object' || spec === null) return spec === value;
  if (typeof value !== 'string') return false;
  const s = spec as { prefix?: string | { 'equals-ignore-case': string }; wildcard?: string };
  if (s.prefix !== undefined) {
    return typeof s.prefix === 'string'
      ? value.startsWith(s.prefix)
      : value.toLowerCase().startsWith(s.prefix['equals-ignore-case'].toLowerCase());
  }
  if (s.wildcard !== undefined) {
    const re = new RegExp(
      `^${s.wildcard
        .split('*')
        .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`,
      's',
    );
    return re.test(value);
  }
  throw new Error(`operator not supported by the test matcher: ${JSON.stringify(spec)}`);
}
