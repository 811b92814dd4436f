import { type LifecycleRule, rulesThatCouldRemove, ruleText } from '../../ecr-image.js';
import type { EcrImageState, ImageCheck } from '../../workload.js';
import { finding, ok, type Verdict } from '../verdict.js';
import { unread } from './unread.js';

/** Where the task came from: its cluster, and the service whose deployment pinned its image. */
export type Deployment = Readonly<{ cluster: string; service?: string }>;

type Found = Extract<EcrImageState, { kind: 'found' }>;

const short = (digest: string) => `${digest.slice(0, 19)}…`;

/**
 * What the task pulls, beyond its tag: since 2024 ECS resolves a service's tag to a digest when
 * it deploys ("software version consistency") and every task of the deployment pulls that
 * digest. A tag that still exists says nothing of a digest a lifecycle rule has since
 * deleted; and an image ECR archived cannot be pulled until it is restored.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-ecs.html#deployment-container-image-stability
 */
export function pinnedImage(
  c: ImageCheck,
  tagged: Found,
  deployment: Deployment,
  repo: string,
  breaks: readonly string[],
): Verdict[] {
  const { ref } = c;
  if (!ref.pinnedDigest || !ref.tag || !c.pinned) return archived(c, tagged, repo, breaks);
  if (!c.pinned.ok) return [unread('image-digest', c.pinned.why, ref.image, breaks)];
  const pinned = c.pinned.value;
  if (pinned.kind === 'found' && (pinned.status === 'ARCHIVED' || pinned.status === 'ACTIVATING'))
    return archived(c, pinned, repo, breaks);
  if (pinned.kind === 'found')
    return [
      ok(
        `${ref.image}: the digest its deployment pinned, ${short(ref.pinnedDigest)}, is in ECR${pinned.digest === tagged.digest ? '' : ` (the tag now names ${short(tagged.digest)})`}`,
      ),
    ];
  const rules = matching(c, 'expire');
  return [
    ...lifecycleUnread(c, repo, breaks),
    finding({
      id: 'image-digest-gone',
      image: ref.image,
      repository: ref.repository,
      registryId: ref.registryId,
      region: ref.region,
      tag: ref.tag,
      digest: ref.pinnedDigest,
      cluster: deployment.cluster,
      ...(deployment.service ? { service: deployment.service } : {}),
      rules: rules.texts,
      resources: [repo],
      evidence: [
        `ecr:DescribeImages: ${ref.repository} has the tag ${ref.tag} (${short(tagged.digest)}), but no image with the digest the task's deployment pinned, ${ref.pinnedDigest}`,
        rules.evidence,
      ],
      breaks: [...breaks],
    }),
  ];
}

/** An image ECR has archived: a pull of it is a 404 until it is restored. */
function archived(c: ImageCheck, image: Found, repo: string, breaks: readonly string[]): Verdict[] {
  const { ref } = c;
  if (image.status !== 'ARCHIVED' && image.status !== 'ACTIVATING') return [];
  const rules = matching(c, 'transition');
  return [
    ...lifecycleUnread(c, repo, breaks),
    finding({
      id: 'image-archived',
      image: ref.image,
      repository: ref.repository,
      registryId: ref.registryId,
      region: ref.region,
      digest: image.digest,
      ...(image.sizeInBytes !== undefined ? { sizeInBytes: image.sizeInBytes } : {}),
      rules: rules.texts,
      resources: [repo],
      evidence: [
        image.status === 'ARCHIVED'
          ? `ecr:DescribeImages: ${ref.repository}@${image.digest} is ARCHIVED: a pull of it fails (404) until it is restored`
          : `ecr:DescribeImages: ${ref.repository}@${image.digest} is ACTIVATING: it is being restored from the archive (up to 20 minutes)`,
        rules.evidence,
      ],
      breaks: [...breaks],
    }),
  ];
}

/** The lifecycle policy that could not be read: which rule removed the image is not known. */
function lifecycleUnread(c: ImageCheck, repo: string, breaks: readonly string[]): Verdict[] {
  return c.lifecycle && !c.lifecycle.ok ? [unread('image-lifecycle', c.lifecycle.why, repo, breaks)] : [];
}

/** The lifecycle rules that could have removed the image, in words, and the evidence line. */
function matching(
  c: ImageCheck,
  action: LifecycleRule['action'],
): Readonly<{ texts: string[]; evidence: string }> {
  const verb = action === 'expire' ? 'expired' : 'archived';
  if (!c.lifecycle) return { texts: [], evidence: 'the repository’s lifecycle policy was not read' };
  if (!c.lifecycle.ok)
    return { texts: [], evidence: `its lifecycle policy could not be read: ${c.lifecycle.why}` };
  const texts = rulesThatCouldRemove(c.lifecycle.value, action).map(ruleText);
  if (c.lifecycle.value.length === 0)
    return { texts, evidence: 'ecr:GetLifecyclePolicy: the repository has no lifecycle policy' };
  return {
    texts,
    evidence:
      texts.length > 0
        ? `ecr:GetLifecyclePolicy: could have ${verb} it: ${texts.join('; ')}`
        : `ecr:GetLifecyclePolicy: no rule of its lifecycle policy ${verb} untagged images`,
  };
}
