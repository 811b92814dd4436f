import { type Document, isAlias, isMap, isScalar, isSeq, type Node, parseDocument, stringify } from 'yaml';

/**
 * CloudFormation's YAML, both ways: its short-form tags (`!Sub`, `!Ref`, `!GetAtt A.B`…) read
 * into the long form a JSON template uses (`{ "Fn::Sub": … }`), anchors and aliases resolved;
 * and a template written back as plain YAML in that long form, which every CloudFormation tool
 * (and cfn-lint) reads without a custom schema.
 */

/** A template or any part of it, in CloudFormation's long form. */
export type CfnValue =
  | string
  | number
  | boolean
  | null
  | readonly CfnValue[]
  | { readonly [k: string]: CfnValue };

/** The long form of a short-form tag: `!Ref` and `!Condition` keep their name, the rest are `Fn::`. */
function longForm(tag: string, value: CfnValue): CfnValue {
  const name = tag.slice(1);
  if (name === 'Ref' || name === 'Condition') return { [name]: value };
  // `!GetAtt Resource.Attribute` is the one short form whose scalar is split.
  if (name === 'GetAtt' && typeof value === 'string') {
    const dot = value.indexOf('.');
    return { 'Fn::GetAtt': [value.slice(0, dot), value.slice(dot + 1)] };
  }
  return { [`Fn::${name}`]: value };
}

function toValue(node: unknown, doc: Document): CfnValue {
  if (isAlias(node)) return toValue(node.resolve(doc), doc);
  let value: CfnValue;
  if (isScalar(node)) value = node.value as CfnValue;
  else if (isSeq(node)) value = node.items.map((item) => toValue(item, doc));
  else if (isMap(node))
    value = Object.fromEntries(
      node.items.map((pair) => [String(toValue(pair.key, doc)), toValue(pair.value, doc)]),
    );
  else throw new Error(`unexpected YAML node ${String(node)}`);
  const tag = (node as Node).tag;
  return tag?.startsWith('!') && !tag.startsWith('!!') ? longForm(tag, value) : value;
}

/** A CloudFormation (or serverless.yml) YAML text, in long form. Throws on a YAML error. */
export function parseCloudFormationYaml(text: string): CfnValue {
  // Short-form tags are unknown to the YAML schema: they are kept on the nodes (a warning
  // each, ignored) and turned into their long form here.
  const doc = parseDocument(text, { uniqueKeys: true });
  const [error] = doc.errors;
  if (error) throw new Error(`YAML: ${error.message}`);
  return toValue(doc.contents, doc);
}

/** A template as YAML in long form, after a comment `header` (one line each). */
export function stringifyTemplate(template: CfnValue, header: readonly string[]): string {
  // YAML 1.1's schema, so that a string a 1.1 reader would take for a date or a boolean is quoted.
  const body = stringify(template, { lineWidth: 0, aliasDuplicateObjects: false, version: '1.1' });
  return `${header.map((line) => `# ${line}`.trimEnd()).join('\n')}\n${body}`;
}
