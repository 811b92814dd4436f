import type { Place } from './iam-eval.js';

/**
 * A small CloudFormation, for the member template: a stack instance's parameters checked against
 * their constraints (AllowedValues, AllowedPattern) and rules, its conditions evaluated, the
 * resources whose condition is false left out, and the intrinsics the template uses resolved
 * (`Ref`, `Fn::Sub`, `Fn::If`, `Fn::Join`, `Fn::Split`, `Fn::Select`, `Fn::GetAtt … Arn`).
 * Anything else throws, so that a template this cannot read fails the test that reads it.
 */

type Json = unknown;
type Template = {
  Parameters: Record<string, { Default?: string; AllowedValues?: string[]; AllowedPattern?: string }>;
  Rules?: Record<string, { RuleCondition?: Json; Assertions: { Assert: Json; AssertDescription: string }[] }>;
  Conditions: Record<string, Json>;
  Resources: Record<string, { Type: string; Condition?: string; Properties: Record<string, Json> }>;
};
export type StackResource = Readonly<{ Type: string; Properties: Record<string, Json> }>;
export type StackInstance = Readonly<{
  resources: Readonly<Record<string, StackResource>>;
  conditions: Readonly<Record<string, boolean>>;
}>;

/** The values of a stack instance's parameters: the given ones over the defaults, each checked. */
function parameterValues(
  template: Template,
  given: Readonly<Record<string, string>>,
): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, p] of Object.entries(template.Parameters)) {
    const value = given[name] ?? p.Default;
    if (value === undefined) throw new Error(`parameter ${name} has no value and no default`);
    if (p.AllowedValues && !p.AllowedValues.includes(value))
      throw new Error(`parameter ${name}: ${value} is not one of ${p.AllowedValues.join(', ')}`);
    if (p.AllowedPattern && !new RegExp(p.AllowedPattern).test(value))
      throw new Error(`parameter ${name}: ${value} does not match ${p.AllowedPattern}`);
    values[name] = value;
  }
  for (const name of Object.keys(given))
    if (!(name in template.Parameters)) throw new Error(`the template has no parameter ${name}`);
  return values;
}

/** A stack instance of `template` in `place`, with `given` parameters. */
export function instantiate(
  template: Json,
  given: Readonly<Record<string, string>>,
  place: Place,
): StackInstance {
  const t = template as Template;
  const params = parameterValues(t, given);
  const pseudo: Record<string, string> = {
    'AWS::Partition': place.partition,
    'AWS::Region': place.region,
    'AWS::AccountId': place.account,
  };
  const conditions: Record<string, boolean> = {};
  const arnOf = (id: string): string => {
    const r = t.Resources[id];
    if (r?.Type !== 'AWS::IAM::Role') throw new Error(`GetAtt ${id}.Arn: ${r?.Type ?? 'no such resource'}`);
    const name = r.Properties.RoleName ? String(resolve(r.Properties.RoleName)) : `member-${id}-0A1B2C3D`;
    return `arn:${place.partition}:iam::${place.account}:role/${name}`;
  };
  function ref(name: string): string {
    const value = pseudo[name] ?? params[name];
    if (value !== undefined) return value;
    const r = t.Resources[name];
    if (r?.Type === 'AWS::IAM::Role') return arnOf(name).split('/').pop() as string;
    throw new Error(`Ref ${name}: not resolved here`);
  }
  function condition(value: Json): boolean {
    const o = value as Record<string, Json>;
    if ('Condition' in o) {
      const name = String(o.Condition);
      if (!(name in conditions)) conditions[name] = condition(t.Conditions[name]);
      return conditions[name] as boolean;
    }
    if ('Fn::Equals' in o) {
      const [a, b] = o['Fn::Equals'] as [Json, Json];
      return resolve(a) === resolve(b);
    }
    if ('Fn::Not' in o) return !condition((o['Fn::Not'] as Json[])[0]);
    if ('Fn::And' in o) return (o['Fn::And'] as Json[]).every(condition);
    if ('Fn::Or' in o) return (o['Fn::Or'] as Json[]).some(condition);
    throw new Error(`condition ${JSON.stringify(value)}: not evaluated here`);
  }
  function sub(text: string, vars: Record<string, Json> = {}): string {
    return text.replace(/\$\{([^}]+)\}/g, (_, name: string) =>
      name in vars ? String(resolve(vars[name])) : ref(name),
    );
  }
  function resolve(value: Json): Json {
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map(resolve).filter((v) => v !== NO_VALUE);
    const o = value as Record<string, Json>;
    const [fn] = Object.keys(o);
    const arg = fn === undefined ? undefined : o[fn];
    switch (fn) {
      case 'Ref':
        return arg === 'AWS::NoValue' ? NO_VALUE : ref(String(arg));
      case 'Fn::Sub':
        return Array.isArray(arg) ? sub(String(arg[0]), arg[1] as Record<string, Json>) : sub(String(arg));
      case 'Fn::If': {
        const [name, yes, no] = arg as [string, Json, Json];
        return resolve(condition({ Condition: name }) ? yes : no);
      }
      case 'Fn::Join': {
        const [separator, items] = arg as [string, Json];
        return (resolve(items) as Json[]).map(String).join(separator);
      }
      case 'Fn::Split': {
        const [separator, text] = arg as [string, Json];
        return String(resolve(text)).split(separator);
      }
      case 'Fn::Select': {
        const [index, items] = arg as [number, Json];
        return (resolve(items) as Json[])[index];
      }
      case 'Fn::GetAtt': {
        const [id, attribute] = arg as [string, string];
        if (attribute !== 'Arn') throw new Error(`GetAtt ${id}.${attribute}: not resolved here`);
        return arnOf(id);
      }
      default:
        if (fn?.startsWith('Fn::')) throw new Error(`${fn}: not resolved here`);
        return Object.fromEntries(
          Object.entries(o)
            .map(([k, v]) => [k, resolve(v)] as const)
            .filter(([, v]) => v !== NO_VALUE),
        );
    }
  }
  for (const [name, rule] of Object.entries(t.Rules ?? {})) {
    if (rule.RuleCondition !== undefined && !condition(rule.RuleCondition)) continue;
    for (const a of rule.Assertions)
      if (!condition(a.Assert)) throw new Error(`rule ${name}: ${a.AssertDescription}`);
  }
  for (const name of Object.keys(t.Conditions)) condition({ Condition: name });
  const resources = Object.fromEntries(
    Object.entries(t.Resources)
      .filter(([, r]) => r.Condition === undefined || conditions[r.Condition])
      .map(([id, r]) => [id, { Type: r.Type, Properties: resolve(r.Properties) as Record<string, Json> }]),
  );
  return { resources, conditions };
}

const NO_VALUE = Symbol('AWS::NoValue');
