import { CreateRepositoryCommand, ECRClient, PutImageCommand } from '@aws-sdk/client-ecr';
import { beforeAll, describe, expect, it } from 'vitest';
import { SdkEcrReader } from '../../src/aws/ecr-reader.js';
import { ecrImageOf } from '../../src/core/workload.js';
import { MOTO_ACCOUNT, MOTO_URL, resetMoto, withoutMoto } from '../support/moto.js';

/**
 * ECR's API is regional: an image in the account's registry in another Region is described
 * with that Region's client (its size weighs the pull against the start timeout), on the wire.
 */
if (MOTO_URL === undefined) withoutMoto('ECR in another Region on moto');
describe.skipIf(MOTO_URL === undefined)('ECR in another Region on moto', () => {
  const url = MOTO_URL ?? '';
  const config = (region: string) => ({
    region,
    endpoint: url,
    credentials: { accessKeyId: 't', secretAccessKey: 't' },
    maxAttempts: 1,
  });
  const west = new ECRClient(config('us-west-2'));
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: {
      mediaType: 'application/vnd.oci.image.config.v1+json',
      size: 1469,
      digest: `sha256:${'c'.repeat(64)}`,
    },
    layers: [],
  });

  beforeAll(async () => {
    await resetMoto(url);
    await west.send(new CreateRepositoryCommand({ repositoryName: 'video-analysis' }));
    await west.send(
      new PutImageCommand({
        repositoryName: 'video-analysis',
        imageTag: '7.3.0',
        imageManifest: manifest,
        imageManifestMediaType: 'application/vnd.oci.image.manifest.v1+json',
      }),
    );
  });

  it('finds an image of us-west-2 from a us-east-1 reader, with the size ECR gives there', async () => {
    const reader = new SdkEcrReader(new ECRClient(config('us-east-1')), (r) => new ECRClient(config(r)));
    const ref = ecrImageOf(`${MOTO_ACCOUNT}.dkr.ecr.us-west-2.amazonaws.com/video-analysis:7.3.0`, 'app');
    if (!ref) throw new Error('the test image is in private ECR');

    expect(await reader.describeImage(ref)).toMatchObject({ kind: 'found', tags: ['7.3.0'] });
    // The reader without the Region's client asks us-east-1, where no such repository is.
    expect(await new SdkEcrReader(new ECRClient(config('us-east-1'))).describeImage(ref)).toEqual({
      kind: 'repository-missing',
    });
  });
});
