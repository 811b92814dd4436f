import {
  BatchGetImageCommand,
  DescribeImagesCommand,
  type ECRClient,
  GetDownloadUrlForLayerCommand,
  type ImageIdentifier,
  paginateListImages,
} from '@aws-sdk/client-ecr';
import type { EcrReader } from '../core/ports.js';
import type { EcrImageRef, EcrImageState } from '../core/workload.js';
import { AwsCallError } from '../errors.js';
import { read, toReadError } from './answers.js';

/** The manifest types asked for: an index (multi-platform) when there is one, else the image's own. */
const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
];

/** How long the image config download may take (it is a few hundred bytes). */
const CONFIG_TIMEOUT_MS = 5_000;

type Manifest = {
  manifests?: { platform?: { os?: string; architecture?: string; variant?: string } }[];
  config?: { digest?: string };
};
type PlatformOf = { os?: string; architecture?: string; variant?: string };

/** The ECR read port, on the SDK. */
export class SdkEcrReader implements EcrReader {
  readonly #ecr: ECRClient;
  /** How the image config is downloaded from the URL ECR gives (injected in tests). */
  readonly #fetch: typeof fetch;
  constructor(ecr: ECRClient, fetcher: typeof fetch = fetch) {
    this.#ecr = ecr;
    this.#fetch = fetcher;
  }

  async describeImage(ref: EcrImageRef): Promise<EcrImageState> {
    try {
      const out = await this.#ecr.send(
        new DescribeImagesCommand({
          registryId: ref.registryId,
          repositoryName: ref.repository,
          imageIds: [imageId(ref)],
        }),
      );
      const detail = out.imageDetails?.[0];
      if (!detail?.imageDigest) return { kind: 'image-missing' };
      return {
        kind: 'found',
        digest: detail.imageDigest,
        tags: detail.imageTags ?? [],
        ...(detail.imageManifestMediaType ? { manifestMediaType: detail.imageManifestMediaType } : {}),
      };
    } catch (e) {
      const name = (e as { name?: string }).name;
      if (name === 'RepositoryNotFoundException') return { kind: 'repository-missing' };
      if (name === 'ImageNotFoundException') return { kind: 'image-missing' };
      throw toReadError('ecr:DescribeImages', e);
    }
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
   * A multi-platform image lists its platforms in its index; a single-platform image records
   * its platform in its config, which is downloaded (a small JSON document, never a layer).
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
    const digest = manifest?.config?.digest;
    if (!digest)
      throw new AwsCallError(
        'ecr:BatchGetImage',
        'ManifestUnreadable',
        'not-found',
        `no manifest for ${ref.image}`,
      );
    const { downloadUrl } = await read('ecr:GetDownloadUrlForLayer', () =>
      this.#ecr.send(
        new GetDownloadUrlForLayerCommand({
          registryId: ref.registryId,
          repositoryName: ref.repository,
          layerDigest: digest,
        }),
      ),
    ).catch((e: unknown) => {
      // Only a transient failure is worth Lambda's retry; otherwise the platform is unknown.
      if (e instanceof AwsCallError && !e.retryable)
        throw new AwsCallError(
          e.operation,
          e.code,
          'not-found',
          `the config of ${ref.image} is unreadable: ${e.message}`,
        );
      throw e;
    });
    const config = downloadUrl ? await this.#config(downloadUrl) : undefined;
    const platform = platformText(config);
    if (!platform)
      throw new AwsCallError(
        'ecr:GetDownloadUrlForLayer',
        'ConfigUnreadable',
        'not-found',
        `the config of ${ref.image} names no platform`,
      );
    return [platform];
  }

  async #config(url: string): Promise<PlatformOf | undefined> {
    try {
      const response = await this.#fetch(url, { signal: AbortSignal.timeout(CONFIG_TIMEOUT_MS) });
      return response.ok ? parse<PlatformOf>(await response.text()) : undefined;
    } catch {
      return undefined;
    }
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
