import { CreateRepositoryCommand, ECRClient, PutImageCommand } from '@aws-sdk/client-ecr';
import { IAMClient } from '@aws-sdk/client-iam';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { beforeAll, describe, expect, it } from 'vitest';
import { SdkEcrReader } from '../../src/aws/ecr-reader.js';
import { SdkIamReader } from '../../src/aws/iam-reader.js';
import { SdkSecretsReader } from '../../src/aws/secrets-reader.js';
import { type EcrImageRef, ecrImageOf } from '../../src/core/workload.js';
import { iamSimulator, MOTO_ACCOUNT, MOTO_URL, resetMoto, withoutMoto } from '../support/moto.js';

/**
 * The adapters of the checks beyond the network, on the wire: ECR, Secrets Manager and
 * Parameter Store on moto; IAM's policy simulator (which moto lacks) on the stand-in that
 * speaks IAM's query protocol.
 */
if (MOTO_URL === undefined) withoutMoto('the role, image and secret adapters on moto');
describe.skipIf(MOTO_URL === undefined)('the role, image and secret adapters on moto', () => {
  const url = MOTO_URL ?? '';
  const config = {
    region: 'us-east-1',
    endpoint: url,
    credentials: { accessKeyId: 't', secretAccessKey: 't' },
  };
  const ecr = new ECRClient(config);
  const sm = new SecretsManagerClient(config);
  const ssm = new SSMClient(config);
  const ref = (image: string): EcrImageRef => {
    const r = ecrImageOf(`${MOTO_ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/${image}`, 'app');
    if (!r) throw new Error(`not a private ECR image: ${image}`);
    return r;
  };
  let secretArn = '';

  beforeAll(async () => {
    await resetMoto(url);
    await ecr.send(new CreateRepositoryCommand({ repositoryName: 'checkout' }));
    const index = JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        {
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          size: 1,
          digest: `sha256:${'a'.repeat(64)}`,
          platform: { os: 'linux', architecture: 'amd64' },
        },
        {
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          size: 1,
          digest: `sha256:${'b'.repeat(64)}`,
          platform: { os: 'linux', architecture: 'arm64', variant: 'v8' },
        },
      ],
    });
    for (const tag of ['1.4.2', '1.4.1'])
      await ecr.send(
        new PutImageCommand({
          repositoryName: 'checkout',
          imageTag: tag,
          imageManifest: index,
          imageManifestMediaType: 'application/vnd.oci.image.index.v1+json',
        }),
      );
    secretArn =
      (
        await sm.send(
          new CreateSecretCommand({
            Name: 'prod/db',
            SecretString: '{"password":"never read"}',
            KmsKeyId: `arn:aws:kms:us-east-1:${MOTO_ACCOUNT}:key/k1`,
          }),
        )
      ).ARN ?? '';
    await ssm.send(
      new PutParameterCommand({ Name: '/orders/prod/REDIS_URL', Value: 'x', Type: 'SecureString' }),
    );
  });

  it('ECR: an image found, a tag missing, a repository missing, the tags, the platforms of an index', async () => {
    const reader = new SdkEcrReader(ecr);
    expect(await reader.describeImage(ref('checkout:1.4.2'))).toMatchObject({
      kind: 'found',
      tags: expect.arrayContaining(['1.4.2']),
    });
    expect(await reader.describeImage(ref('checkout:1.4.3'))).toEqual({ kind: 'image-missing' });
    expect(await reader.describeImage(ref('payments:1'))).toEqual({ kind: 'repository-missing' });
    expect((await reader.listTags(ref('checkout:1.4.3'))).sort()).toEqual(['1.4.1', '1.4.2']);
    expect(await reader.imagePlatforms(ref('checkout:1.4.2'))).toEqual(['linux/amd64', 'linux/arm64/v8']);
  });

  it('Secrets Manager: a secret by full or partial ARN, its key and versions; a missing one', async () => {
    const reader = new SdkSecretsReader(sm, ssm);
    const partial = `arn:aws:secretsmanager:us-east-1:${MOTO_ACCOUNT}:secret:prod/db`;
    for (const id of [secretArn, partial])
      expect(await reader.describeSecret(id)).toMatchObject({
        kind: 'secret',
        arn: secretArn,
        kmsKeyId: `arn:aws:kms:us-east-1:${MOTO_ACCOUNT}:key/k1`,
      });
    const described = await reader.describeSecret(secretArn);
    expect(JSON.stringify(described)).not.toContain('never read');
    expect(await reader.describeSecret(`${partial}-gone`)).toEqual({ kind: 'missing' });
  });

  it('Parameter Store: the parameters that exist, by exact name', async () => {
    const reader = new SdkSecretsReader(sm, ssm);
    expect(await reader.describeParameters(['/orders/prod/REDIS_URL', '/orders/prod/DATABASE_URL'])).toEqual([
      {
        kind: 'parameter',
        name: '/orders/prod/REDIS_URL',
        type: 'SecureString',
        version: 1,
        keyId: 'alias/aws/ssm',
      },
    ]);
  });

  it('IAM: the simulation’s answer read off the wire (the stand-in for the simulator moto lacks)', async () => {
    if (!iamSimulator) throw new Error('no IAM simulator stand-in');
    const role = `arn:aws:iam::${MOTO_ACCOUNT}:role/checkout-exec`;
    iamSimulator.deny(role, 'ecr:GetAuthorizationToken');
    const reader = new SdkIamReader(new IAMClient({ ...config, endpoint: iamSimulator.url }));
    const repo = `arn:aws:ecr:us-east-1:${MOTO_ACCOUNT}:repository/checkout`;
    expect(
      await reader.simulatePrincipalPolicy(role, [
        { action: 'ecr:GetAuthorizationToken', resource: '*' },
        { action: 'ecr:BatchGetImage', resource: repo },
      ]),
    ).toEqual([
      { action: 'ecr:GetAuthorizationToken', resource: '*', decision: 'implicitDeny' },
      { action: 'ecr:BatchGetImage', resource: repo, decision: 'allowed' },
    ]);
    iamSimulator.reset();
  });
});
