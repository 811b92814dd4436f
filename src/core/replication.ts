import type { Checked } from './checked.js';
import { isValidName, jsonText } from './shell.js';
import type { ContainerFacts } from './task-definition.js';
import { type EcrImageRef, ecrImageOf } from './workload.js';

/**
 * ECR's private registry replication (`ecr:DescribeRegistry`'s `replicationConfiguration`):
 * an image in the account's registry in another Region than the task's is brought into the
 * task's Region by a rule whose destination is that Region and this account. Pure.
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/replication.html
 */

/** A repository filter as ECR writes it (`PREFIX_MATCH` is the only type ECR has). */
export type ReplicationFilter = Readonly<{ filter: string; filterType: string }>;

/** One replication rule: where to, and (no filter: every repository) which repositories. */
export type ReplicationRule = Readonly<{
  destinations: readonly Readonly<{ region: string; registryId: string }>[];
  repositoryFilters: readonly ReplicationFilter[];
}>;

/** The account's registry's rules in one Region (read there), or why they could not be read. */
export type ReplicationCheck = Readonly<{
  region: string;
  registryId: string;
  rules: Checked<readonly ReplicationRule[]>;
}>;

/** An image of the task in another Region, and the same image by its name in the task's Region. */
export type ReplicatedImage = Readonly<{ image: string; repository: string; uri: string }>;

/**
 * What the fix says of replication for the images of one registry in another Region:
 * `replicated`, a rule already copies each into the task's Region (use the URIs there);
 * `no-rule`, the whole configuration to put (the rules kept, one added for `repositories`);
 * `unread`, the rules could not be read.
 */
export type ReplicationAdvice = Readonly<
  | { kind: 'replicated'; imageRegion: string; taskRegion: string; images: readonly ReplicatedImage[] }
  | {
      kind: 'no-rule';
      imageRegion: string;
      taskRegion: string;
      registryId: string;
      images: readonly ReplicatedImage[];
      /** The repositories no rule copies into the task's Region (the new rule's filters). */
      repositories: readonly string[];
      /** How many rules the registry has (all kept). */
      kept: number;
      /** `put-replication-configuration`'s whole document (one line): the rules kept, the new one last. */
      configuration: string;
    }
  | { kind: 'unread'; imageRegion: string; why: string }
>;

/** True when the rule copies `repository` into this account's registry in `region`. */
export function replicates(
  rule: ReplicationRule,
  repository: string,
  region: string,
  account: string,
): boolean {
  const into = rule.destinations.some((d) => d.region === region && d.registryId === account);
  const filters = rule.repositoryFilters;
  return (
    into &&
    (filters.length === 0 ||
      filters.some((f) => f.filterType === 'PREFIX_MATCH' && repository.startsWith(f.filter)))
  );
}

/** The account's own images in `imageRegion`, among the task definition's containers (one per image). */
function imagesIn(
  containers: readonly ContainerFacts[],
  imageRegion: string,
  account: string,
): EcrImageRef[] {
  return containers
    .flatMap((c) => ecrImageOf(c.image, c.name) ?? [])
    .filter((r) => r.region === imageRegion && r.registryId === account)
    .filter((r, i, all) => all.findIndex((x) => x.image === r.image) === i);
}

/** The image by its name in `region`: the same repository, tag or digest, in the account's registry there. */
function uriIn(ref: EcrImageRef, region: string): string {
  const at = ref.digest ? `@${ref.digest}` : `:${ref.tag ?? 'latest'}`;
  return `${ref.registryId}.dkr.ecr.${region}.amazonaws.com/${ref.repository}${at}`;
}

/** Every name the advice quotes is one AWS allows (else no command is built from it). */
function namesValid(
  images: readonly ReplicatedImage[],
  s: Readonly<{ imageRegion: string; taskRegion: string; account: string }>,
): boolean {
  return (
    isValidName('region', s.imageRegion) &&
    isValidName('region', s.taskRegion) &&
    isValidName('account id', s.account) &&
    images.every(
      (i) => isValidName('ECR repository name', i.repository) && isValidName('container image', i.uri),
    )
  );
}

/**
 * The advice for the task's images in the account's registry in `imageRegion` (the registry
 * whose rules were read there); undefined: none is there, the rules were not read, or a name
 * is not one AWS allows (it is not quoted).
 */
export function replicationAdvice(
  checks: readonly ReplicationCheck[] | undefined,
  containers: readonly ContainerFacts[],
  where: Readonly<{ imageRegion: string; taskRegion: string }>,
): ReplicationAdvice | undefined {
  const check = checks?.find((c) => c.region === where.imageRegion);
  if (!check) return undefined;
  const s = { ...where, account: check.registryId };
  const refs = imagesIn(containers, s.imageRegion, s.account);
  if (refs.length === 0) return undefined;
  if (!check.rules.ok) return { kind: 'unread', imageRegion: s.imageRegion, why: check.rules.why };
  const images = refs.map((r) => ({ image: r.image, repository: r.repository, uri: uriIn(r, s.taskRegion) }));
  if (!namesValid(images, s)) return undefined;
  const rules = check.rules.value;
  const missing = [
    ...new Set(
      refs
        .filter((r) => !rules.some((rule) => replicates(rule, r.repository, s.taskRegion, s.account)))
        .map((r) => r.repository),
    ),
  ];
  if (missing.length === 0)
    return { kind: 'replicated', imageRegion: s.imageRegion, taskRegion: s.taskRegion, images };
  const added: ReplicationRule = {
    destinations: [{ region: s.taskRegion, registryId: s.account }],
    repositoryFilters: missing.map((filter) => ({ filter, filterType: 'PREFIX_MATCH' })),
  };
  return {
    kind: 'no-rule',
    imageRegion: s.imageRegion,
    taskRegion: s.taskRegion,
    registryId: s.account,
    images,
    repositories: missing,
    kept: rules.length,
    configuration: jsonText({ rules: [...rules, added] }),
  };
}
