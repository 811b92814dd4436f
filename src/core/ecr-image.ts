import * as v from 'valibot';
import { clean } from './shell.js';

/**
 * What ECR says of an image beyond its existence: the digest a deployment pinned, whether the
 * image is archived, and the lifecycle rules that remove or archive images. Pure.
 */

/** An image digest as ECS and ECR write it: `sha256:` and 64 lower-case hex digits. */
export const IMAGE_DIGEST = /^sha256:[0-9a-f]{64}$/;

/** A digest from an untrusted source, or undefined when it is not one (never trusted as text). */
export const imageDigestOf = (value: unknown): string | undefined =>
  typeof value === 'string' && IMAGE_DIGEST.test(value) ? value : undefined;

/**
 * ECR's `imageStatus`: an `ARCHIVED` image cannot be pulled (a pull is a 404) until it is
 * restored, which takes up to 20 minutes (`ACTIVATING` meanwhile).
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/archive_restore_image.html
 */
export type ImageStatus = 'ACTIVE' | 'ARCHIVED' | 'ACTIVATING';

export const imageStatusOf = (value: unknown): ImageStatus | undefined =>
  value === 'ACTIVE' || value === 'ARCHIVED' || value === 'ACTIVATING' ? value : undefined;

/** One rule of a repository's lifecycle policy, as far as ecs-pullfix reads it. */
export type LifecycleRule = Readonly<{
  priority: number;
  /** The rule's description, cleaned and cut to 120 characters (the policy is the user's text). */
  description?: string;
  tagStatus: 'tagged' | 'untagged' | 'any';
  /** `imageCountMoreThan`, `sinceImagePushed`, `sinceImagePulled`, `sinceImageTransitioned`. */
  countType: string;
  countNumber: number;
  countUnit?: string;
  /** `expire` deletes the image; `transition` moves it to the archive. */
  action: 'expire' | 'transition';
}>;

const Rule = v.looseObject({
  rulePriority: v.number(),
  description: v.optional(v.string()),
  selection: v.looseObject({
    tagStatus: v.picklist(['tagged', 'untagged', 'any']),
    countType: v.pipe(v.string(), v.maxLength(64)),
    countNumber: v.number(),
    countUnit: v.optional(v.pipe(v.string(), v.maxLength(32))),
  }),
  action: v.looseObject({ type: v.picklist(['expire', 'transition']) }),
});

/**
 * The rules of a lifecycle policy's text (`GetLifecyclePolicy`'s `lifecyclePolicyText`). A rule
 * this does not understand is left out; text that is not a policy gives none. Never throws.
 */
export function lifecycleRulesOf(text: string): LifecycleRule[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return [];
  }
  const rules = (doc as { rules?: unknown })?.rules;
  if (!Array.isArray(rules)) return [];
  return rules.slice(0, 100).flatMap((r): LifecycleRule[] => {
    const parsed = v.safeParse(Rule, r);
    if (!parsed.success) return [];
    const { rulePriority, description, selection: s, action } = parsed.output;
    const said = description === undefined ? '' : clean(description).trim();
    return [
      {
        priority: rulePriority,
        ...(said ? { description: said.length > 120 ? `${said.slice(0, 119)}…` : said } : {}),
        tagStatus: s.tagStatus,
        countType: s.countType,
        countNumber: s.countNumber,
        ...(s.countUnit ? { countUnit: s.countUnit } : {}),
        action: action.type,
      },
    ];
  });
}

/**
 * The rules that could have deleted (`expire`) an image a tag no longer names — a tag moved to
 * a new image leaves the old one untagged, so a rule on untagged or on any images — or
 * archived (`transition`) an image, tagged or not. Lowest priority first.
 */
export function rulesThatCouldRemove(
  rules: readonly LifecycleRule[],
  action: LifecycleRule['action'],
): LifecycleRule[] {
  return rules
    .filter((r) => r.action === action && (action === 'transition' || r.tagStatus !== 'tagged'))
    .sort((a, b) => a.priority - b.priority);
}

/** A rule in words: `rule 1 ("Expire untagged images": untagged images, sinceImagePushed 1 days)`. */
export function ruleText(r: LifecycleRule): string {
  const count = `${r.countType} ${r.countNumber}${r.countUnit ? ` ${r.countUnit}` : ''}`;
  return `rule ${r.priority}${r.description ? ` (${JSON.stringify(r.description)})` : ''}: ${r.tagStatus} images, ${count}, ${r.action}`;
}

/**
 * What restoring an archived image costs: ECR charges per GB restored. Assumed
 * $0.03 per GB (the list price AWS's price list gave for ap-northeast-1 in March 2026; check
 * https://aws.amazon.com/ecr/pricing/ for the registry's region).
 */
export const ECR_ARCHIVE_RESTORE_USD_PER_GB = 0.03;

export const RESTORE_COST_ASSUMPTION =
  'assuming ECR’s restore price of $0.03 per GB, its list price in ap-northeast-1 in March 2026 — see aws.amazon.com/ecr/pricing for your region';

/** The cost of restoring `bytes` (compressed, as ECR stores them), in USD, cents rounded up. */
export const restoreUsd = (bytes: number): number =>
  Math.ceil((bytes / 1024 ** 3) * ECR_ARCHIVE_RESTORE_USD_PER_GB * 100) / 100;
