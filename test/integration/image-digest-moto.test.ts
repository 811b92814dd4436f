import {
  CreateRepositoryCommand,
  ECRClient,
  PutImageCommand,
  PutLifecyclePolicyCommand,
} from '@aws-sdk/client-ecr';
import { describe, expect, it } from 'vitest';
import { SdkEcrReader } from '../../src/aws/ecr-reader.js';
import { ecrImageOf } from '../../src/core/workload.js';
import { loadScenario } from '../../src/sim/scenario.js';
import { runCli } from '../support/cli.js';
import {
  buildInMoto,
  eventFile,
  MOTO_ACCOUNT,
  MOTO_URL,
  motoEnv,
  resetMoto,
  unsupportedInMoto,
  useProcessEnv,
  withoutMoto,
} from '../support/moto.js';
import { findingsBothWays, replayOnMoto } from '../support/moto-replay.js';

/**
 * The digest a deployment pinned, on the wire: moto holds ECR images by digest and lifecycle
 * policies (expire rules), so the scenarios with a pinned digest gone and one still there are
 * built in moto and replayed through `ecs-pullfix replay`. moto has no ECR archive: the
 * archived image's scenario runs on the simulated account only, and says why.
 */
const REPLAYED = ['image-tag-present-pinned-digest-deleted', 'image-pinned-digest-present-healthy'];

type Doc = { findings: { id: string; evidence: string[] }[] };

describe('the archived image’s scenario', () => {
  it('says why moto cannot build it', () => {
    expect(unsupportedInMoto(loadScenario('image-archived'))).toBe(
      'moto has no ECR archive (no imageStatus, no UpdateImageStorageClass): every image it holds is active',
    );
  });
});

if (MOTO_URL === undefined) {
  withoutMoto('pinned digests on moto');
} else {
  const url = MOTO_URL;
  describe('pinned digests on moto', () => {
    useProcessEnv(motoEnv(url));

    it.each(REPLAYED)('%s: finds what the simulated account finds', async (name) => {
      const { scenario, findings } = await replayOnMoto(name, url);

      const { onMoto, simulated, notChecked } = await findingsBothWays(scenario, findings);
      expect(onMoto).toEqual(simulated);
      expect(notChecked.onMoto).toBe(notChecked.simulated);
    });

    it('names the lifecycle rule moto holds that could have expired the pinned digest', async () => {
      const name = 'image-tag-present-pinned-digest-deleted';
      await resetMoto(url);
      const { event } = await buildInMoto(loadScenario(name), url);

      const { stdout } = await runCli(['replay', eventFile(event, name), '--json'], '', motoEnv(url));

      const gone = (JSON.parse(stdout) as Doc).findings.find((f) => f.id === 'image-digest-gone');
      expect(gone?.evidence).toContain(
        'ecr:GetLifecyclePolicy: could have expired it: rule 1 ("Expire untagged images after 1 day"): untagged images, sinceImagePushed 1 days, expire',
      );
    });

    describe('the ECR adapter', () => {
      const ecr = new ECRClient({
        region: 'us-east-1',
        endpoint: url,
        credentials: { accessKeyId: 't', secretAccessKey: 't' },
      });
      const reader = new SdkEcrReader(ecr);
      const ref = (image: string) => {
        const r = ecrImageOf(`${MOTO_ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/${image}`, 'app');
        if (!r) throw new Error(`not a private ECR image: ${image}`);
        return r;
      };

      it('reads no rules of a repository without a lifecycle policy, and the rules of one with', async () => {
        await resetMoto(url);
        await ecr.send(new CreateRepositoryCommand({ repositoryName: 'bare' }));
        await ecr.send(new CreateRepositoryCommand({ repositoryName: 'kept' }));
        await ecr.send(
          new PutLifecyclePolicyCommand({
            repositoryName: 'kept',
            lifecyclePolicyText: JSON.stringify({
              rules: [
                {
                  rulePriority: 5,
                  description: 'Keep 10 images',
                  selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 10 },
                  action: { type: 'expire' },
                },
              ],
            }),
          }),
        );

        expect(await reader.lifecycleRules(ref('bare:1'))).toEqual([]);
        expect(await reader.lifecycleRules(ref('kept:1'))).toEqual([
          {
            priority: 5,
            description: 'Keep 10 images',
            tagStatus: 'any',
            countType: 'imageCountMoreThan',
            countNumber: 10,
            action: 'expire',
          },
        ]);
      });

      it('describes an image by the digest a deployment pinned, and finds a deleted one missing', async () => {
        await resetMoto(url);
        await ecr.send(new CreateRepositoryCommand({ repositoryName: 'checkout' }));
        const manifest = JSON.stringify({
          schemaVersion: 2,
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          config: {
            mediaType: 'application/vnd.oci.image.config.v1+json',
            size: 1,
            digest: `sha256:${'c'.repeat(64)}`,
          },
          layers: [],
        });
        const pushed = await ecr.send(
          new PutImageCommand({ repositoryName: 'checkout', imageTag: '1.4.2', imageManifest: manifest }),
        );
        const digest = pushed.image?.imageId?.imageDigest ?? '';
        const byDigest = (d: string) => ({ ...ref('checkout:1.4.2'), tag: undefined, digest: d });

        expect(await reader.describeImage(byDigest(digest))).toMatchObject({ kind: 'found', digest });
        expect(await reader.describeImage(byDigest(`sha256:${'d'.repeat(64)}`))).toEqual({
          kind: 'image-missing',
        });
      });
    });
  });
}
