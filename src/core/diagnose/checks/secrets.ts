import type { SecretCheck } from '../../workload.js';
import { finding, ok, type Verdict } from '../verdict.js';
import { unread } from './unread.js';

type Base = Readonly<{ valueFrom: string; resources: string[]; breaks: string[] }>;

/** A secret or parameter the task references must exist, not be deleted, and hold the version asked for. */
export function secret(c: SecretCheck, stopText: string): Verdict[] {
  const { ref } = c;
  const base: Base = { valueFrom: ref.valueFrom, resources: [ref.valueFrom], breaks: [ref.feature] };
  if (!c.state.ok) return [unread('secrets', c.state.why, ref.valueFrom, [ref.feature])];
  const s = c.state.value;
  if (s.kind === 'missing') {
    const what = ref.kind === 'ssm' ? 'parameter' : 'secret';
    const evidence =
      ref.kind === 'ssm'
        ? `ssm:DescribeParameters: no parameter named ${ref.name}`
        : `secretsmanager:DescribeSecret: no secret ${ref.secretId}`;
    return [finding({ id: 'secret-missing', what, ...base, evidence: [evidence] })];
  }
  if (s.kind === 'parameter') return [ok(`parameter ${s.name}: exists (${s.type}, version ${s.version})`)];
  if (s.deletedDate) {
    const evidence = `secretsmanager:DescribeSecret: ${s.arn} is scheduled for deletion (DeletedDate ${s.deletedDate})`;
    return [finding({ id: 'secret-missing', what: 'deleted', ...base, evidence: [evidence] })];
  }
  if (ref.kind !== 'secretsmanager') return [];
  const versions = Object.entries(s.versions);
  if (ref.versionId && !versions.some(([id]) => id === ref.versionId)) {
    const evidence = `${s.arn} has no version ${ref.versionId} (versions: ${versions.map(([id]) => id).join(', ') || 'none'})`;
    return [finding({ id: 'secret-missing', what: 'version', ...base, evidence: [evidence] })];
  }
  const stage = ref.versionStage ?? (ref.versionId ? undefined : 'AWSCURRENT');
  if (stage && !versions.some(([, stages]) => stages.includes(stage))) {
    const labels = [...new Set(versions.flatMap(([, l]) => l))].join(', ') || 'none';
    const evidence = `${s.arn} has no version labelled ${stage} (labels: ${labels})`;
    return [finding({ id: 'secret-missing', what: 'version', ...base, evidence: [evidence] })];
  }
  const exists = ok(`secret ${s.arn}: exists${stage ? `, ${stage} present` : ''}`);
  if (!ref.jsonKey) return [exists];
  return [exists, jsonKey(ref.jsonKey, s.arn, stopText, base)];
}

/** A JSON key is inside the value, which ecs-pullfix never reads: only the stop reason can tell. */
function jsonKey(key: string, arn: string, stopText: string, base: Base): Verdict {
  const said = new RegExp(`did not contain json key ${escapeRegExp(key)}\\b`, 'i').exec(stopText);
  if (!said)
    return ok(`secret ${arn}: JSON key ${key} not verified (ecs-pullfix never reads a secret's value)`);
  return finding({
    id: 'secret-missing',
    what: 'json-key',
    ...base,
    evidence: [
      `the stop reason says the secret ${said[0]}`,
      `${arn} exists; ecs-pullfix does not read secret values, so the key is taken from the stop reason`,
    ],
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
