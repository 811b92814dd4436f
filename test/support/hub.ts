import type { PackagedTemplate } from './osls.js';

/**
 * The hub's packaged template as CloudFormation deploys it: its conditions evaluated (osls has
 * put the `--param` values in as literals), the resources and outputs whose condition is false
 * left out, each `Fn::If` replaced by its branch (`AWS::NoValue` dropping the item or key).
 * Every other intrinsic is kept as written. A condition it cannot evaluate throws.
 */

type Json = unknown;
type Entry = { Condition?: string; [k: string]: Json };
export type DeployedHub = Readonly<{
  resources: Readonly<Record<string, { Type: string; Properties: Record<string, Json> }>>;
  outputs: Readonly<Record<string, { Value: Json }>>;
  conditions: Readonly<Record<string, boolean>>;
}>;

/** The organisation of the hub tests. */
export const ORGANIZATION = 'o-a1b2c3d4e5';

const NO_VALUE = Symbol('AWS::NoValue');

export function deployedHub(template: PackagedTemplate): DeployedHub {
  const t = template as PackagedTemplate & { Outputs?: Record<string, Entry> };
  const conditions: Record<string, boolean> = {};
  const literal = (v: Json): string => {
    if (typeof v !== 'string') throw new Error(`condition operand ${JSON.stringify(v)}: not a literal`);
    return v;
  };
  function holds(value: Json): boolean {
    const o = value as Record<string, Json>;
    if ('Condition' in o) {
      const name = String(o.Condition);
      if (!(name in t.Conditions)) throw new Error(`no condition ${name}`);
      conditions[name] ??= holds(t.Conditions[name]);
      return conditions[name] as boolean;
    }
    if ('Fn::Equals' in o) {
      const [a, b] = o['Fn::Equals'] as [Json, Json];
      return literal(a) === literal(b);
    }
    if ('Fn::Not' in o) return !holds((o['Fn::Not'] as Json[])[0]);
    if ('Fn::And' in o) return (o['Fn::And'] as Json[]).every(holds);
    if ('Fn::Or' in o) return (o['Fn::Or'] as Json[]).some(holds);
    throw new Error(`condition ${JSON.stringify(value)}: not evaluated here`);
  }
  function resolve(value: Json): Json {
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map(resolve).filter((v) => v !== NO_VALUE);
    const o = value as Record<string, Json>;
    if ('Fn::If' in o) {
      const [name, yes, no] = o['Fn::If'] as [string, Json, Json];
      return resolve(holds({ Condition: name }) ? yes : no);
    }
    if (o.Ref === 'AWS::NoValue') return NO_VALUE;
    return Object.fromEntries(
      Object.entries(o)
        .map(([k, v]) => [k, resolve(v)] as const)
        .filter(([, v]) => v !== NO_VALUE),
    );
  }
  const kept = <T extends Entry>(entries: Record<string, T>) =>
    Object.fromEntries(
      Object.entries(entries)
        .filter(([, e]) => e.Condition === undefined || holds({ Condition: e.Condition }))
        .map(([id, { Condition: _, ...rest }]) => [id, resolve(rest)]),
    );
  for (const name of Object.keys(t.Conditions)) holds({ Condition: name });
  return {
    resources: kept(t.Resources as Record<string, Entry>) as DeployedHub['resources'],
    outputs: kept(t.Outputs ?? {}) as DeployedHub['outputs'],
    conditions,
  };
}
