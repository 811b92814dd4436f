import {
  BatchGetImageCommand,
  DescribeImagesCommand,
  DescribeRegistryCommand,
  ECRClient,
  GetLifecyclePolicyCommand,
  GetRepositoryPolicyCommand,
  type ImageIdentifier,
  paginateDescribePullThroughCacheRules,
  paginateListImages,
} from '@aws-sdk/client-ecr';
import { imageStatusOf, type LifecycleRule, lifecycleRulesOf } from '../core/ecr-image.js';
import type { EcrReader } from '../core/ports.js';
import type { PullThroughRule } from '../core/pull-through.js';
import type { ReplicationRule } from '../core/replication.js';
import type { EcrImageRef, EcrImageState } from '../core/workload.js';
import { AwsCallError } from '../errors.js';
import { read, toReadError } from './answers.js';
import { type ClientOptions, clientConfig, perRegion } from './clients.js';

/** The manifest types asked for: an index (multi-platform) when there is one, else the image's own. */
const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
];

type Manifest = {
  manifests?: { platform?: { os?: string; architecture?: string; variant?: string } }[];
  config?: { mediaType?: string; digest?: string };
};
type PlatformOf = { os?: string; architecture?: string; variant?: string };

/** The ECR read port, on the SDK. */
export class SdkEcrReader implements EcrReader {
  readonly #ecr: ECRClient;
  readonly #ecrIn: ((region: string) => ECRClient) | undefined;
  /** `ecrIn`: ECR in another Region, for an image in that Region's registry (its size). */
  constructor(ecr: ECRClient, ecrIn?: (region: string) => ECRClient) {
    this.#ecr = ecr;
    this.#ecrIn = ecrIn;
  }

  /** The client of the image's Region: ECR's API is regional. */
  async #clientOf(region: string): Promise<ECRClient> {
    if (!this.#ecrIn) return this.#ecr;
    return region === (await this.#ecr.config.region()) ? this.#ecr : this.#ecrIn(region);
  }

  async describeImage(ref: EcrImageRef): Promise<EcrImageState> {
    try {
      const client = await this.#clientOf(ref.region);
      const out = await client.send(
        new DescribeImagesCommand({
          registryId: ref.registryId,
          repositoryName: ref.repository,
          imageIds: [imageId(ref)],
        }),
      );
      const detail = out.imageDetails?.[0];
      if (!detail?.imageDigest) return { kind: 'image-missing' };
      const status = imageStatusOf(detail.imageStatus);
      return {
        kind: 'found',
        digest: detail.imageDigest,
        tags: detail.imageTags ?? [],
        ...(detail.imageManifestMediaType ? { manifestMediaType: detail.imageManifestMediaType } : {}),
        ...(status ? { status } : {}),
        ...(detail.imageSizeInBytes !== undefined ? { sizeInBytes: detail.imageSizeInBytes } : {}),
      };
    } catch (e) {
      const name = (e as { name?: string }).name;
      if (name === 'RepositoryNotFoundException') return { kind: 'repository-missing' };
      if (name === 'ImageNotFoundException') return { kind: 'image-missing' };
      throw toReadError('ecr:DescribeImages', e);
    }
  }

  /** The repository's lifecycle rules: none when it has no policy (`LifecyclePolicyNotFoundException`). */
  async lifecycleRules(ref: EcrImageRef): Promise<LifecycleRule[]> {
    return read('ecr:GetLifecyclePolicy', async () => {
      try {
        const out = await this.#ecr.send(
          new GetLifecyclePolicyCommand({ registryId: ref.registryId, repositoryName: ref.repository }),
        );
        return lifecycleRulesOf(out.lifecyclePolicyText ?? '');
      } catch (e) {
        if ((e as { name?: string }).name === 'LifecyclePolicyNotFoundException') return [];
        throw e;
      }
    });
  }

  /**
   * The repository's policy text, of another account's registry too (`registryId`): undefined when
   * it has none (`RepositoryPolicyNotFoundException`). Another account answers only when its
   * policy lets the caller read it: else AccessDenied, a read failure the check notes.
   */
  async repositoryPolicy(ref: EcrImageRef): Promise<string | undefined> {
    return read('ecr:GetRepositoryPolicy', async () => {
      try {
        const out = await this.#ecr.send(
          new GetRepositoryPolicyCommand({ registryId: ref.registryId, repositoryName: ref.repository }),
        );
        return out.policyText;
      } catch (e) {
        if ((e as { name?: string }).name === 'RepositoryPolicyNotFoundException') return undefined;
        throw e;
      }
    });
  }

  /** The registry's pull-through cache rules, only the fields checked (a rule without a prefix is left out). */
  async pullThroughRules(registryId: string): Promise<PullThroughRule[]> {
    return read('ecr:DescribePullThroughCacheRules', async () => {
      const rules: PullThroughRule[] = [];
      const pages = paginateDescribePullThroughCacheRules({ client: this.#ecr }, { registryId });
      for await (const page of pages)
        for (const r of page.pullThroughCacheRules ?? []) {
          if (!r.ecrRepositoryPrefix) continue;
          rules.push({
            prefix: r.ecrRepositoryPrefix,
            upstreamUrl: r.upstreamRegistryUrl ?? '',
            ...(r.upstreamRegistry ? { upstreamRegistry: r.upstreamRegistry } : {}),
            ...(r.credentialArn ? { credentialArn: r.credentialArn } : {}),
            ...(r.customRoleArn ? { customRoleArn: r.customRoleArn } : {}),
            ...(r.upstreamRepositoryPrefix ? { upstreamRepositoryPrefix: r.upstreamRepositoryPrefix } : {}),
          });
        }
      return rules;
    });
  }

  /**
   * The caller's registry's replication rules in `region` (its own Region's client: each
   * Region's registry has its own configuration); a rule's missing lists are empty.
   */
  async replicationRules(region: string): Promise<ReplicationRule[]> {
    return read('ecr:DescribeRegistry', async () => {
      const out = await (await this.#clientOf(region)).send(new DescribeRegistryCommand({}));
      return (out.replicationConfiguration?.rules ?? []).map((r) => ({
        destinations: (r.destinations ?? []).map((d) => ({
          region: d.region ?? '',
          registryId: d.registryId ?? '',
        })),
        repositoryFilters: (r.repositoryFilters ?? []).map((f) => ({
          filter: f.filter ?? '',
          filterType: f.filterType ?? '',
        })),
      }));
    });
  }

  async listTags(ref: EcrImageRef): Promise<string[]> {
    return read('ecr:ListImages', async () => {
      const tags: string[] = [];
      const pages = paginateListImages(
        { client: this.#ecr },
        { registryId: ref.registryId, repositoryName: ref.repository, filter: { tagStatus: 'TAGGED' } },
      );
      for await (const page of pages) tags.push(...(page.imageIds ?? []).flatMap((i) => i.imageTag ?? []));
      return tags;
    });
  }

  /**
   * A multi-platform image lists its platforms in its index. A single-platform image records
   * its platform only in its config blob, which ecs-pullfix does not download: the role has no
   * `ecr:GetDownloadUrlForLayer`, which would fetch any layer of any repository (docs/iam.md).
   * Its platform is then "not verified" (the stop reason, quoted in the notice, is the evidence).
   */
  async imagePlatforms(ref: EcrImageRef): Promise<string[]> {
    const out = await read('ecr:BatchGetImage', () =>
      this.#ecr.send(
        new BatchGetImageCommand({
          registryId: ref.registryId,
          repositoryName: ref.repository,
          imageIds: [imageId(ref)],
          acceptedMediaTypes: MANIFEST_TYPES,
        }),
      ),
    );
    const manifest = parse<Manifest>(out.images?.[0]?.imageManifest);
    if (manifest?.manifests) {
      return [
        ...new Set(
          manifest.manifests
            .map((m) => platformText(m.platform))
            // Attestation manifests (build provenance) are listed as unknown/unknown.
            .filter((p): p is string => p !== undefined && !p.startsWith('unknown/')),
        ),
      ];
    }
    if (!manifest?.config)
      throw new AwsCallError(
        'ecr:BatchGetImage',
        'ManifestUnreadable',
        'not-found',
        `no manifest for ${ref.image}`,
      );
    throw new AwsCallError(
      'ecr:BatchGetImage',
      'PlatformNotVerified',
      'not-found',
      `platform not verified: ${ref.image} is a single-platform image, whose platform only its config names, and ecs-pullfix does not download image blobs`,
    );
  }
}

function imageId(ref: EcrImageRef): ImageIdentifier {
  return ref.digest ? { imageDigest: ref.digest } : { imageTag: ref.tag ?? 'latest' };
}

function platformText(p: PlatformOf | undefined): string | undefined {
  if (!p?.os || !p.architecture) return undefined;
  return [p.os, p.architecture, ...(p.variant ? [p.variant] : [])].join('/');
}

function parse<T>(text: string | undefined): T | undefined {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

/**
 * The ECR read port on a client of its own, and one more a Region for images in other Regions'
 * registries: the Lambda imports this module on the port's first call (`src/aws/ports.ts`).
 */
export function makeEcrReader(options: ClientOptions): EcrReader {
  const config = clientConfig(options, 'ecr');
  return new SdkEcrReader(
    new ECRClient(config),
    perRegion((region) => new ECRClient({ ...config, region })),
  );
}
