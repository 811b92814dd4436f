import {
  CREDENTIAL_SECRET_PREFIX,
  isEcrUpstream,
  KNOWN_UPSTREAMS,
  knownPrefixOf,
  type PullThroughRule,
  ruleOf,
  upstreamNeedsCredentials,
} from '../../pull-through.js';
import type { ImageCheck } from '../../workload.js';
import { finding, ok, type Verdict } from '../verdict.js';
import { unread } from './unread.js';

/**
 * An image under a pull-through cache rule's prefix: the rule must exist, its upstream's
 * credential secret (Docker Hub, GitHub, GitLab, Azure) exist under `ecr-pullthroughcache/`,
 * and the execution role be allowed `ecr:BatchImportUpstreamImage` (and `ecr:CreateRepository`
 * on a first pull). A first pull needs no egress from the task to the upstream: ECR fetches
 * it. https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache-iam.html
 */
export function pullThrough(c: ImageCheck): Verdict[] {
  const { ref } = c;
  const p = c.pullThrough;
  if (!p) return [];
  const breaks = [`image ${ref.image} (container ${ref.container})`];
  if (!p.rules.ok) {
    // An image in ECR pulls as it is, rule or none: the rules matter only to one not there yet.
    const missing = c.state.ok && c.state.value.kind !== 'found';
    if (!missing) return [];
    const why = missing
      ? `${p.rules.why}: ${ref.repository}${c.state.ok && c.state.value.kind === 'image-missing' ? ` has no image ${ref.digest ?? ref.tag ?? 'latest'}` : ' does not exist'}, and whether a pull-through cache rule would fetch it is not known`
      : p.rules.why;
    return [unread('pull-through-cache', why, ref.image, breaks)];
  }
  const rule = ruleOf(ref.repository, p.rules.value);
  if (!rule) return ruleMissing(c, breaks);
  const state = c.state.ok ? c.state.value : undefined;
  const firstPull = state?.kind === 'repository-missing';
  return [
    ...(state && state.kind !== 'found'
      ? [
          ok(
            `${ref.image}: ${firstPull ? 'a first pull' : 'not cached yet'} through pull-through cache rule ${rule.prefix} (${rule.upstreamUrl}): ECR fetches it from the upstream itself, so the task needs no egress to ${rule.upstreamUrl}, only its path to ECR`,
          ),
        ]
      : []),
    ...credential(c, rule, breaks),
    ...importRole(c, rule, state?.kind !== 'found', breaks),
  ];
}

function ruleMissing(c: ImageCheck, breaks: readonly string[]): Verdict[] {
  const { ref } = c;
  const prefix = knownPrefixOf(ref.repository);
  const upstream = prefix ? KNOWN_UPSTREAMS[prefix] : undefined;
  if (!prefix || !upstream) return [];
  return [
    finding({
      id: 'pull-through-rule-missing',
      image: ref.image,
      repository: ref.repository,
      registryId: ref.registryId,
      region: ref.region,
      prefix,
      upstreamUrl: upstream.url,
      upstreamName: upstream.name,
      credentials: upstream.credentials,
      resources: [`${ref.registryId}.dkr.ecr.${ref.region}.amazonaws.com/${ref.repository}`],
      evidence: [
        `ecr:DescribeImages: no repository ${ref.repository} in registry ${ref.registryId} (${ref.region})`,
        `ecr:DescribePullThroughCacheRules: no rule has the prefix ${prefix}, which usually caches ${upstream.name} (${upstream.url}): the pull is not served from the upstream`,
      ],
      breaks: [...breaks],
    }),
  ];
}

/** The rule's credential secret: named as ECR requires, and existing. */
function credential(c: ImageCheck, rule: PullThroughRule, breaks: readonly string[]): Verdict[] {
  const { ref } = c;
  const arn = rule.credentialArn;
  const needs = upstreamNeedsCredentials(rule) && !isEcrUpstream(rule);
  if (arn === undefined && !needs) return [];
  const name = arn === undefined ? '' : (arn.split(':secret:')[1] ?? arn);
  const state = c.pullThrough?.credential;
  const problem =
    arn === undefined
      ? ('none' as const)
      : !name.startsWith(CREDENTIAL_SECRET_PREFIX)
        ? ('misnamed' as const)
        : state?.ok && state.value.kind === 'missing'
          ? ('missing' as const)
          : state?.ok && state.value.kind === 'secret' && state.value.deletedDate
            ? ('deleted' as const)
            : undefined;
  if (problem === undefined) {
    if (state && !state.ok) return [unread('pull-through-credential', state.why, arn ?? rule.prefix, breaks)];
    return state ? [ok(`pull-through cache rule ${rule.prefix}: its credential ${name} exists`)] : [];
  }
  const said = {
    none: `the rule names no credential, and ${rule.upstreamUrl} needs one`,
    misnamed: `its credential ${name} is not named ${CREDENTIAL_SECRET_PREFIX}…, as ECR requires`,
    missing: `secretsmanager:DescribeSecret: its credential ${arn} does not exist`,
    deleted: `secretsmanager:DescribeSecret: its credential ${arn} is scheduled for deletion`,
  }[problem];
  return [
    finding({
      id: 'pull-through-credential-missing',
      image: ref.image,
      prefix: rule.prefix,
      registryId: ref.registryId,
      region: ref.region,
      upstreamUrl: rule.upstreamUrl,
      problem,
      ...(arn !== undefined ? { credentialArn: arn } : {}),
      resources: [...(arn !== undefined ? [arn] : []), `pull-through cache rule ${rule.prefix}`],
      evidence: [`ecr:DescribePullThroughCacheRules: rule ${rule.prefix} → ${rule.upstreamUrl}: ${said}`],
      breaks: [...breaks],
    }),
  ];
}

/** The execution role's import (and, on a first pull, repository creation), as simulated. */
function importRole(
  c: ImageCheck,
  rule: PullThroughRule,
  uncached: boolean,
  breaks: readonly string[],
): Verdict[] {
  const { ref } = c;
  const role = c.pullThrough?.role;
  if (!role) return [];
  if (!role.decisions.ok) return [unread('pull-through-role', role.decisions.why, role.roleArn, breaks)];
  const denied = role.decisions.value.filter((d) => d.decision !== 'allowed');
  const repositoryArn = role.decisions.value[0]?.resource ?? '';
  if (denied.length === 0 || !uncached)
    return [
      ok(
        `${role.roleArn}: ${denied.length === 0 ? `may ${role.decisions.value.map((d) => d.action).join(' and ')} on ${ref.repository}` : `the image is cached in ${ref.repository}: no import is needed to pull it`}`,
      ),
    ];
  const firstPull = c.state.ok && c.state.value.kind === 'repository-missing';
  return [
    finding({
      id: 'pull-through-role-cannot-import',
      image: ref.image,
      repository: ref.repository,
      roleArn: role.roleArn,
      actions: denied.map((d) => d.action),
      repositoryArn,
      firstPull,
      prefix: rule.prefix,
      resources: [role.roleArn, repositoryArn],
      evidence: denied.map(
        (d) =>
          `iam:SimulatePrincipalPolicy: ${role.roleArn} → ${d.action} on ${d.resource}: ${d.decision === 'explicitDeny' ? 'denied by an explicit Deny' : 'not allowed by any policy (implicit deny)'}`,
      ),
      breaks: [...breaks],
    }),
  ];
}
