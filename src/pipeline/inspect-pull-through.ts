import { type Checked, checked, notChecked } from '../core/network.js';
import type { ReadPorts } from '../core/ports.js';
import { knownPrefixOf, type PullThroughCheck, type PullThroughRule, ruleOf } from '../core/pull-through.js';
import type { EcrImageRef, EcrImageState } from '../core/workload.js';

/** A degrading read (`inspect-workload.ts`'s `Read`): a failure makes the check "not checked". */
type Read = <T>(operation: string, what: string, read: () => Promise<T>) => Promise<Checked<T>>;

/** Who pulls: the task's account (whose registry's rules are read) and its execution role. */
export type Puller = Readonly<{ account: string; executionRoleArn?: string }>;

/**
 * The registry's pull-through cache rules, read once (round 2, beside the images) when an
 * image of the task's own registry could be under a rule's prefix (its repository has a `/`).
 */
export function pullThroughRulesOf(
  refs: readonly EcrImageRef[],
  puller: Puller,
  ports: ReadPorts,
  read: Read,
): Promise<Checked<readonly PullThroughRule[]>> | undefined {
  const own = refs.some((r) => r.registryId === puller.account && r.repository.includes('/'));
  if (!own) return undefined;
  return read(
    'ecr:DescribePullThroughCacheRules',
    `the pull-through cache rules of registry ${puller.account}`,
    () => ports.ecr.pullThroughRules(puller.account),
  );
}

/**
 * Round 3, beside the image's own: for an image under a rule's prefix, the rule's credential
 * secret (`DescribeSecret`) and the execution role's `BatchImportUpstreamImage` — and
 * `CreateRepository` while the cached repository does not exist (a first pull creates it) —
 * simulated on the repository. Undefined for an image no rule serves, unless its repository is
 * missing under an upstream's usual prefix (then the rules say there is none).
 */
export async function inspectPullThrough(
  ref: EcrImageRef,
  state: Promise<Checked<EcrImageState>>,
  rules: Promise<Checked<readonly PullThroughRule[]>> | undefined,
  puller: Puller,
  ports: ReadPorts,
  read: Read,
): Promise<PullThroughCheck | undefined> {
  if (!rules || ref.registryId !== puller.account || !ref.repository.includes('/')) return undefined;
  const [answer, image] = await Promise.all([rules, state]);
  if (!answer.ok) return { rules: answer };
  const rule = ruleOf(ref.repository, answer.value);
  if (!rule) {
    const missing = image.ok && image.value.kind === 'repository-missing';
    return missing && knownPrefixOf(ref.repository) ? { rules: answer } : undefined;
  }
  const firstPull = image.ok && image.value.kind === 'repository-missing';
  const roleArn = puller.executionRoleArn;
  const partition = /^arn:([\w-]+):/.exec(roleArn ?? '')?.[1] ?? 'aws';
  const resource = `arn:${partition}:ecr:${ref.region}:${ref.registryId}:repository/${ref.repository}`;
  const actions = firstPull
    ? ['ecr:BatchImportUpstreamImage', 'ecr:CreateRepository']
    : ['ecr:BatchImportUpstreamImage'];
  const sameAccount = roleArn !== undefined && roleArn.split(':')[4] === puller.account;
  const [credential, decisions] = await Promise.all([
    rule.credentialArn
      ? read('secretsmanager:DescribeSecret', `the credential of pull-through rule ${rule.prefix}`, () =>
          ports.secrets.describeSecret(rule.credentialArn as string),
        )
      : Promise.resolve(undefined),
    roleArn === undefined
      ? Promise.resolve(undefined)
      : sameAccount
        ? read('iam:SimulatePrincipalPolicy', `the pull-through permissions of ${roleArn}`, () =>
            ports.iam.simulatePrincipalPolicy(
              roleArn,
              actions.map((action) => ({ action, resource })),
            ),
          )
        : Promise.resolve(
            notChecked<readonly never[]>(
              `the role belongs to account ${roleArn.split(':')[4]}, not ${puller.account}: its policies can only be simulated there`,
            ),
          ),
  ]);
  return {
    rules: checked(answer.value.filter((r) => r === rule)),
    ...(credential ? { credential } : {}),
    ...(roleArn && decisions ? { role: { roleArn, decisions } } : {}),
  };
}
