import { knownPrefixOf } from '../../pull-through.js';
import { type ImageCheck, nearestTags, platformMatches } from '../../workload.js';
import { finding, ok, type Verdict } from '../verdict.js';
import { type Deployment, pinnedImage } from './image-digest.js';
import { pullThrough } from './pull-through.js';
import { unread } from './unread.js';

/**
 * The image must be in its ECR repository, under its tag or digest (and the digest the task's
 * deployment pinned), not archived, for the task's platform.
 */
export function image(c: ImageCheck, platform: string | undefined, deployment: Deployment): Verdict[] {
  const { ref } = c;
  const repo = `${ref.registryId}.dkr.ecr.${ref.region}.amazonaws.com/${ref.repository}`;
  const breaks = [`image ${ref.image} (container ${ref.container})`];
  if (!c.state.ok) return [unread('image', c.state.why, ref.image, breaks)];
  const state = c.state.value;
  // Under a pull-through cache rule a repository or tag not cached yet is what a first pull
  // fetches. With the rules unread, under an upstream's usual prefix (`docker-hub/`) whether
  // one would is not known: only that is said; under another, it is missing, and told so.
  const cache = c.pullThrough;
  if (state.kind !== 'found' && cache && (cache.rules.ok || knownPrefixOf(ref.repository)))
    return pullThrough(c);
  if (state.kind === 'repository-missing') {
    return [
      ...pullThrough(c),
      finding({
        id: 'ecr-repository-missing',
        image: ref.image,
        repository: ref.repository,
        registryId: ref.registryId,
        region: ref.region,
        resources: [repo],
        evidence: [
          `ecr:DescribeImages: no repository ${ref.repository} in registry ${ref.registryId} (${ref.region})`,
        ],
        breaks,
      }),
    ];
  }
  if (state.kind === 'image-missing') return [...pullThrough(c), ...tagMissing(c, repo, breaks)];
  return [
    ok(`${ref.image}: in ECR (${state.digest.slice(0, 19)}…)`),
    ...pinnedImage(c, state, deployment, repo, breaks),
    ...imagePlatform(c, platform, repo, breaks),
    ...pullThrough(c),
  ];
}

function tagMissing(c: ImageCheck, repo: string, breaks: readonly string[]): Verdict[] {
  const { ref } = c;
  const reference = ref.digest ?? ref.tag ?? 'latest';
  const tags = c.tags?.ok ? c.tags.value : [];
  const unlisted = c.tags && !c.tags.ok ? [unread('image-tags', c.tags.why, repo, breaks)] : [];
  const nearest = ref.tag ? nearestTags(ref.tag, tags) : [];
  return [
    ...unlisted,
    finding({
      id: 'image-tag-missing',
      image: ref.image,
      repository: ref.repository,
      reference,
      nearest,
      resources: [repo],
      evidence: [
        `ecr:DescribeImages: ${ref.repository} has no image ${ref.digest ? 'with digest' : 'tagged'} ${reference}`,
        c.tags === undefined
          ? 'the repository’s tags were not read'
          : !c.tags.ok
            ? `its tags could not be listed: ${c.tags.why}`
            : nearest.length > 0
              ? `nearest tags: ${nearest.join(', ')} (of ${tags.length})`
              : 'the repository holds no tagged image',
      ],
      breaks: [...breaks],
    }),
  ];
}

function imagePlatform(
  c: ImageCheck,
  platform: string | undefined,
  repo: string,
  breaks: readonly string[],
): Verdict[] {
  const { ref } = c;
  if (!c.platforms) return [];
  if (!c.platforms.ok) return [unread('image-platform', c.platforms.why, ref.image, breaks)];
  const offered = c.platforms.value;
  if (!platform)
    return [ok(`${ref.image}: offers ${offered.join(', ')} (the task's platform is not set: EC2 decides)`)];
  if (offered.length > 0 && !offered.some((p) => platformMatches(p, platform))) {
    return [
      finding({
        id: 'image-platform-mismatch',
        image: ref.image,
        wanted: platform,
        offered,
        resources: [repo],
        evidence: [`the task runs on ${platform}`, `${ref.image} offers ${offered.join(', ')}`],
        breaks: [...breaks],
      }),
    ];
  }
  return [ok(`${ref.image}: offers ${offered.join(', ')}, the task runs on ${platform}`)];
}
