import type { CfnValue } from './cfn-yaml.js';

/**
 * What the member template takes from the hub's own definition, `serverless.yml` (parsed by
 * `parseCloudFormationYaml`): the Lambda role's statements, the ECS event patterns its rules
 * match, and the defaults of its parameters. Read, never copied, so that the two cannot drift.
 */

type Obj = { readonly [k: string]: CfnValue };
const isObj = (v: CfnValue | undefined): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A path into the parsed YAML; throws naming the path when it is absent. */
function at(root: CfnValue, path: readonly string[]): CfnValue {
  let value: CfnValue | undefined = root;
  for (const key of path) value = isObj(value) ? value[key] : undefined;
  if (value === undefined) throw new Error(`serverless.yml has no ${path.join('.')}`);
  return value;
}

/** The hub's parameters the member template offers too, by their osls name → the member's parameter. */
export const SHARED_PARAMETERS = {
  defaultMode: 'DefaultMode',
  allowedServices: 'AllowedServices',
  maxEndpointsPerVpc: 'MaxEndpointsPerVpc',
  simulatedRoles: 'SimulatedRoles',
} as const;
export type SharedParameter = keyof typeof SHARED_PARAMETERS;

/** An osls variable, `${source:name}` (CloudFormation's own `${AWS::Region}` has two colons). */
const OSLS_VARIABLE = /\$\{([a-z]+):(?!:)([^}]*)\}/g;

/**
 * A value with osls's variables turned into CloudFormation: `${self:service}` into the service's
 * name, `${param:x}` into the member parameter it maps to (a `Fn::Sub`, or inside one). Any
 * other variable throws: the member stack has no stage nor osls option to resolve it with.
 */
function translate(value: CfnValue, service: string, inSub = false): CfnValue {
  if (typeof value === 'string') {
    let param = false;
    const out = value.replace(OSLS_VARIABLE, (whole, source: string, name: string) => {
      if (source === 'self' && name === 'service') return service;
      const mapped = source === 'param' ? SHARED_PARAMETERS[name as SharedParameter] : undefined;
      if (!mapped) throw new Error(`serverless.yml: ${whole} has no counterpart in the member template`);
      param = true;
      return `\${${mapped}}`;
    });
    return param && !inSub ? { 'Fn::Sub': out } : out;
  }
  if (Array.isArray(value)) return value.map((v) => translate(v, service));
  if (!isObj(value)) return value;
  const sub = value['Fn::Sub'];
  if (sub !== undefined) {
    const [template, vars] = Array.isArray(sub) ? sub : [sub, undefined];
    const text = translate(template as CfnValue, service, true);
    return { 'Fn::Sub': vars === undefined ? text : [text, translate(vars as CfnValue, service)] };
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, translate(v, service)]));
}

/** One statement of the Lambda role, as `serverless.yml` writes it. */
export type HubStatement = Readonly<{
  Sid: string;
  Effect: 'Allow' | 'Deny';
  Action: string | readonly string[];
  Resource: CfnValue;
  Condition?: CfnValue;
}>;

/** The Lambda role's statements (`provider.iam.role.statements`), osls variables translated. */
export function hubRoleStatements(serverless: CfnValue): HubStatement[] {
  const service = String(at(serverless, ['service']));
  const statements = at(serverless, ['provider', 'iam', 'role', 'statements']);
  if (!Array.isArray(statements)) throw new Error('serverless.yml: provider.iam.role.statements is no list');
  return statements.map((s: CfnValue) => {
    if (!isObj(s) || typeof s.Sid !== 'string')
      throw new Error('serverless.yml: a role statement has no Sid');
    return translate(s, service) as HubStatement;
  });
}

/**
 * The patterns of the hub's rules on ECS events: each function's `eventBridge` events and each
 * `AWS::Events::Rule` among the resources whose pattern's source is `aws.ecs`, each once.
 */
export function hubEcsEventPatterns(serverless: CfnValue): CfnValue[] {
  const functions = isObj(serverless) && isObj(serverless.functions) ? serverless.functions : {};
  const fromFunctions = Object.values(functions).flatMap((fn) => {
    const events = isObj(fn) && Array.isArray(fn.events) ? (fn.events as CfnValue[]) : [];
    return events.flatMap((e) => (isObj(e) && isObj(e.eventBridge) ? [e.eventBridge.pattern] : []));
  });
  const resources = at(serverless, ['resources', 'Resources']);
  const fromResources = Object.values(isObj(resources) ? resources : {}).flatMap((r) =>
    isObj(r) && r.Type === 'AWS::Events::Rule' && isObj(r.Properties) ? [r.Properties.EventPattern] : [],
  );
  const ecs = [...fromFunctions, ...fromResources].filter(
    (p): p is Obj => isObj(p) && Array.isArray(p.source) && p.source.includes('aws.ecs'),
  );
  const seen = new Set<string>();
  const statusOf = (p: Obj) => JSON.stringify((p.detail as Obj | undefined)?.lastStatus ?? '');
  // Wherever the hub declares them, in one order: by the task status they match, STOPPED first.
  return ecs
    .filter((p) => {
      const key = JSON.stringify(p);
      return !seen.has(key) && Boolean(seen.add(key));
    })
    .sort((a, b) => statusOf(b).localeCompare(statusOf(a)));
}

/** The defaults of the hub's parameters the member template shares (`params.default`). */
export function hubParameterDefaults(serverless: CfnValue): Record<SharedParameter, string> {
  const defaults = at(serverless, ['params', 'default']);
  const read = (name: SharedParameter) => String(at(defaults, [name]));
  return {
    defaultMode: read('defaultMode'),
    allowedServices: read('allowedServices'),
    maxEndpointsPerVpc: read('maxEndpointsPerVpc'),
    simulatedRoles: read('simulatedRoles'),
  };
}
