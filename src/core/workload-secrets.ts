import type { Checked } from './checked.js';
import type { TaskDefinitionFacts } from './task-definition.js';

// The secrets and parameters a task definition references, and what Secrets Manager and Parameter
// Store hold for them: the secrets half of the workload model (`workload.ts` re-exports it).

/** A secret or parameter a container references (`secrets[].valueFrom`, `repositoryCredentials`). */
export type SecretRef = Readonly<
  | {
      kind: 'secretsmanager';
      valueFrom: string;
      feature: string;
      /** The secret's ARN as written (complete or partial), without the JSON key and version. */
      secretId: string;
      jsonKey?: string;
      versionStage?: string;
      versionId?: string;
      /** The secret's region, when it is not the task's (the regional client cannot describe it). */
      foreign?: string;
    }
  | {
      kind: 'ssm';
      valueFrom: string;
      feature: string;
      name: string;
      arn: string;
      /** The parameter's region and account, when they differ from the task's. */
      foreign?: string;
    }
>;

/** The secrets and parameters of a task definition, in order, one per distinct `valueFrom`. */
export function secretRefsOf(td: TaskDefinitionFacts, region: string, account: string): SecretRef[] {
  const refs: SecretRef[] = [];
  const partition = partitionOf(td.arn);
  const add = (valueFrom: string, feature: string) => {
    if (refs.some((r) => r.valueFrom === valueFrom)) return;
    refs.push(secretRefOf(valueFrom, feature, partition, region, account));
  };
  for (const c of td.containers) {
    for (const s of c.secrets) add(s.valueFrom, `secret ${s.name} (container ${c.name})`);
    if (c.repositoryCredentials) add(c.repositoryCredentials, `repositoryCredentials of container ${c.name}`);
  }
  return refs;
}

/** Parses a `valueFrom`: a Secrets Manager ARN (with its JSON key and version), or an SSM parameter name or ARN. */
export function secretRefOf(
  valueFrom: string,
  feature: string,
  partition: string,
  region: string,
  account: string,
): SecretRef {
  const parts = valueFrom.split(':');
  if (parts[0] === 'arn' && parts[2] === 'secretsmanager' && parts[5] === 'secret') {
    const [jsonKey, versionStage, versionId] = parts.slice(7);
    return {
      kind: 'secretsmanager',
      valueFrom,
      feature,
      secretId: parts.slice(0, 7).join(':'),
      ...(parts[3] !== region ? { foreign: `${parts[3]}` } : {}),
      ...(jsonKey ? { jsonKey } : {}),
      ...(versionStage ? { versionStage } : {}),
      ...(versionId ? { versionId } : {}),
    };
  }
  if (parts[0] === 'arn' && parts[2] === 'ssm' && parts.length >= 6) {
    const resource = parts.slice(5).join(':');
    const rest = resource.replace(/^parameter/, '');
    // `parameter/name` names `name`; `parameter/a/b` names the hierarchical `/a/b`.
    const name = rest.indexOf('/', 1) > 0 ? rest : rest.slice(1);
    const there = `${parts[3]}/${parts[4]}`;
    return {
      kind: 'ssm',
      valueFrom,
      feature,
      name,
      arn: valueFrom,
      ...(there !== `${region}/${account}` ? { foreign: `${parts[4]} in ${parts[3]}` } : {}),
    };
  }
  const arn = `arn:${partition}:ssm:${region}:${account}:parameter${valueFrom.startsWith('/') ? '' : '/'}${valueFrom}`;
  return { kind: 'ssm', valueFrom, feature, name: valueFrom, arn };
}

/** What Secrets Manager or Parameter Store holds for a reference: metadata only, never a value. */
export type SecretState = Readonly<
  | {
      kind: 'secret';
      arn: string;
      kmsKeyId?: string;
      /** Version id → its staging labels. */
      versions: Readonly<Record<string, readonly string[]>>;
      deletedDate?: string;
    }
  | { kind: 'parameter'; name: string; type: string; version: number; keyId?: string }
  | { kind: 'missing' }
>;

export type SecretCheck = Readonly<{ ref: SecretRef; state: Checked<SecretState> }>;

/**
 * The customer-managed keys that encrypt the described secrets and parameters (AWS-managed
 * keys, `alias/aws/…`, need no grant in the role).
 */
export function customerKeysOf(checks: readonly SecretCheck[], region: string, account: string): KeyUse[] {
  const keys: KeyUse[] = [];
  for (const c of checks) {
    if (!c.state.ok) continue;
    const s = c.state.value;
    const id = s.kind === 'secret' ? s.kmsKeyId : s.kind === 'parameter' ? s.keyId : undefined;
    if (!id || id.startsWith('alias/') || id.includes(':alias/')) continue;
    const keyArn = id.startsWith('arn:') ? id : `arn:aws:kms:${region}:${account}:key/${id}`;
    if (!keys.some((k) => k.keyArn === keyArn)) keys.push({ keyArn, feature: `the key of ${c.ref.feature}` });
  }
  return keys;
}

/** A KMS key that encrypts something the task fetches (known from DescribeSecret / DescribeParameters). */
export type KeyUse = Readonly<{ keyArn: string; feature: string }>;

/** The partition an ARN names (`aws`, `aws-cn`, `aws-us-gov`), `aws` when it names none. */
export function partitionOf(arn: string): string {
  return /^arn:([\w-]+):/.exec(arn)?.[1] ?? 'aws';
}
