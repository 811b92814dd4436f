import {
  BatchGetImageCommand,
  DescribeImagesCommand,
  ECRClient,
  GetDownloadUrlForLayerCommand,
  ListImagesCommand,
} from '@aws-sdk/client-ecr';
import { IAMClient, SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DescribeParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SdkEcrReader } from '../../src/aws/ecr-reader.js';
import { SdkIamReader } from '../../src/aws/iam-reader.js';
import { SdkSecretsReader } from '../../src/aws/secrets-reader.js';
import { ecrImageOf } from '../../src/core/workload.js';
import { AwsCallError } from '../../src/errors.js';

const iam = mockClient(IAMClient);
const ecr = mockClient(ECRClient);
const sm = mockClient(SecretsManagerClient);
const ssm = mockClient(SSMClient);
const region = { region: 'us-east-1' };

const ROLE = 'arn:aws:iam::111122223333:role/checkout-task-execution';
const REPO = 'arn:aws:ecr:us-east-1:111122223333:repository/checkout';
const image = ecrImageOf('111122223333.dkr.ecr.us-east-1.amazonaws.com/checkout:1.4.3', 'app');
if (!image) throw new Error('the test image is private ECR');

function awsError(name: string, message = name): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: 400 } });
}

describe(SdkIamReader.name, () => {
  beforeEach(() => iam.reset());
  const reader = new SdkIamReader(new IAMClient(region));

  it('passes the condition keys asked for as string context entries (an EFS access point)', async () => {
    const fs = 'arn:aws:elasticfilesystem:us-east-1:111122223333:file-system/fs-0a1b2c3d4e5f60718';
    const ap = 'arn:aws:elasticfilesystem:us-east-1:111122223333:access-point/fsap-0b1c2d3e4f5a60719';
    iam.on(SimulatePrincipalPolicyCommand).resolves({
      EvaluationResults: [
        { EvalActionName: 'elasticfilesystem:ClientMount', EvalResourceName: fs, EvalDecision: 'allowed' },
      ],
      IsTruncated: false,
    });

    const decisions = await reader.simulatePrincipalPolicy(
      ROLE,
      [{ action: 'elasticfilesystem:ClientMount', resource: fs }],
      [{ key: 'elasticfilesystem:AccessPointArn', values: [ap] }],
    );

    expect(iam).toHaveReceivedCommandWith(SimulatePrincipalPolicyCommand, {
      ContextEntries: [
        {
          ContextKeyName: 'elasticfilesystem:AccessPointArn',
          ContextKeyValues: [ap],
          ContextKeyType: 'string',
        },
      ],
    });
    expect(decisions).toEqual([
      { action: 'elasticfilesystem:ClientMount', resource: fs, decision: 'allowed' },
    ]);
  });

  it('simulates every action against every resource in one call and keeps the pairs asked for', async () => {
    iam.on(SimulatePrincipalPolicyCommand).resolves({
      EvaluationResults: [
        {
          EvalActionName: 'ecr:GetAuthorizationToken',
          EvalDecision: 'implicitDeny',
          ResourceSpecificResults: [
            { EvalResourceName: '*', EvalResourceDecision: 'implicitDeny' },
            { EvalResourceName: REPO, EvalResourceDecision: 'implicitDeny' },
          ],
        },
        {
          EvalActionName: 'ecr:BatchGetImage',
          EvalDecision: 'allowed',
          ResourceSpecificResults: [
            { EvalResourceName: '*', EvalResourceDecision: 'allowed' },
            { EvalResourceName: REPO, EvalResourceDecision: 'allowed' },
          ],
        },
      ],
      IsTruncated: false,
    });
    const decisions = await reader.simulatePrincipalPolicy(ROLE, [
      { action: 'ecr:GetAuthorizationToken', resource: '*' },
      { action: 'ecr:BatchGetImage', resource: REPO },
    ]);
    expect(iam).toHaveReceivedCommandTimes(SimulatePrincipalPolicyCommand, 1);
    expect(iam).toHaveReceivedCommandWith(SimulatePrincipalPolicyCommand, {
      PolicySourceArn: ROLE,
      ActionNames: ['ecr:GetAuthorizationToken', 'ecr:BatchGetImage'],
      ResourceArns: ['*', REPO],
    });
    expect(decisions).toEqual([
      { action: 'ecr:GetAuthorizationToken', resource: '*', decision: 'implicitDeny' },
      { action: 'ecr:BatchGetImage', resource: REPO, decision: 'allowed' },
    ]);
  });

  it('fails as not-found when the role does not exist', async () => {
    iam
      .on(SimulatePrincipalPolicyCommand)
      .rejects(awsError('NoSuchEntityException', 'The role cannot be found.'));
    const failure = await reader
      .simulatePrincipalPolicy(ROLE, [{ action: 'ecr:GetAuthorizationToken', resource: '*' }])
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AwsCallError);
    expect(failure).toMatchObject({ operation: 'iam:SimulatePrincipalPolicy', kind: 'not-found' });
  });

  it('fails as denied when the caller may not simulate', async () => {
    iam.on(SimulatePrincipalPolicyCommand).rejects(awsError('AccessDenied'));
    await expect(
      reader.simulatePrincipalPolicy(ROLE, [{ action: 'ecr:GetAuthorizationToken', resource: '*' }]),
    ).rejects.toMatchObject({ kind: 'denied' });
  });
});

describe(SdkEcrReader.name, () => {
  beforeEach(() => ecr.reset());
  const reader = new SdkEcrReader(new ECRClient(region));

  it('finds an image by its tag in the registry the image names', async () => {
    ecr.on(DescribeImagesCommand).resolves({
      imageDetails: [{ imageDigest: 'sha256:aa', imageTags: ['1.4.3', 'latest'] }],
    });
    expect(await reader.describeImage(image)).toEqual({
      kind: 'found',
      digest: 'sha256:aa',
      tags: ['1.4.3', 'latest'],
    });
    expect(ecr).toHaveReceivedCommandWith(DescribeImagesCommand, {
      registryId: '111122223333',
      repositoryName: 'checkout',
      imageIds: [{ imageTag: '1.4.3' }],
    });
  });

  it('describes an image in another Region’s registry with that Region’s client, and its size', async () => {
    const regions: string[] = [];
    const inRegion = new SdkEcrReader(new ECRClient(region), (r) => {
      regions.push(r);
      return new ECRClient({ region: r });
    });
    const west = ecrImageOf('111122223333.dkr.ecr.us-west-2.amazonaws.com/checkout:1.4.3', 'app');
    if (!west) throw new Error('the test image is private ECR');
    ecr.on(DescribeImagesCommand).resolves({
      imageDetails: [{ imageDigest: 'sha256:aa', imageTags: ['1.4.3'], imageSizeInBytes: 9_000_000_000 }],
    });

    expect(await inRegion.describeImage(west)).toMatchObject({ kind: 'found', sizeInBytes: 9_000_000_000 });
    await inRegion.describeImage(image);
    expect(regions).toEqual(['us-west-2']);
  });

  it('tells a missing tag from a missing repository', async () => {
    ecr
      .on(DescribeImagesCommand)
      .rejectsOnce(awsError('ImageNotFoundException'))
      .rejectsOnce(awsError('RepositoryNotFoundException'));
    expect(await reader.describeImage(image)).toEqual({ kind: 'image-missing' });
    expect(await reader.describeImage(image)).toEqual({ kind: 'repository-missing' });
  });

  it('lists the repository’s tags across pages', async () => {
    ecr
      .on(ListImagesCommand)
      .resolvesOnce({ imageIds: [{ imageTag: '1.4.2' }, { imageDigest: 'sha256:bb' }], nextToken: 'n' })
      .resolvesOnce({ imageIds: [{ imageTag: '1.4.1' }] });
    expect(await reader.listTags(image)).toEqual(['1.4.2', '1.4.1']);
    expect(ecr).toHaveReceivedCommandWith(ListImagesCommand, { filter: { tagStatus: 'TAGGED' } });
  });

  it('reads a multi-platform image’s platforms from its index, attestations aside', async () => {
    ecr.on(BatchGetImageCommand).resolves({
      images: [
        {
          imageManifest: JSON.stringify({
            manifests: [
              { platform: { os: 'linux', architecture: 'amd64' } },
              { platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
              { platform: { os: 'unknown', architecture: 'unknown' } },
            ],
          }),
        },
      ],
    });
    expect(await reader.imagePlatforms(image)).toEqual(['linux/amd64', 'linux/arm64/v8']);
    expect(ecr).not.toHaveReceivedCommand(GetDownloadUrlForLayerCommand);
  });

  it('says a single-platform image’s platform is not verified, and downloads no blob (not even its config)', async () => {
    ecr.on(BatchGetImageCommand).resolves({
      images: [
        {
          imageManifest: JSON.stringify({
            config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: 'sha256:cfg' },
            layers: [{ digest: 'sha256:l1' }],
          }),
        },
      ],
    });
    await expect(reader.imagePlatforms(image)).rejects.toMatchObject({
      operation: 'ecr:BatchGetImage',
      code: 'PlatformNotVerified',
      kind: 'not-found',
      message: expect.stringMatching(/platform not verified: .* is a single-platform image/),
    });
    expect(ecr).not.toHaveReceivedCommand(GetDownloadUrlForLayerCommand);
  });
});

describe(SdkSecretsReader.name, () => {
  beforeEach(() => {
    sm.reset();
    ssm.reset();
  });
  const reader = new SdkSecretsReader(new SecretsManagerClient(region), new SSMClient(region));

  it('describes a secret: its full ARN, key and versions, never its value', async () => {
    sm.on(DescribeSecretCommand).resolves({
      ARN: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-Xy12Ab',
      KmsKeyId: 'arn:aws:kms:us-east-1:111122223333:key/k1',
      VersionIdsToStages: { v7: ['AWSCURRENT'], v6: ['AWSPREVIOUS'] },
    });
    expect(
      await reader.describeSecret('arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db'),
    ).toEqual({
      kind: 'secret',
      arn: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-Xy12Ab',
      kmsKeyId: 'arn:aws:kms:us-east-1:111122223333:key/k1',
      versions: { v7: ['AWSCURRENT'], v6: ['AWSPREVIOUS'] },
    });
    expect(sm.commandCalls(DescribeSecretCommand)).toHaveLength(1);
  });

  it('answers missing for a secret Secrets Manager does not know', async () => {
    sm.on(DescribeSecretCommand).rejects(awsError('ResourceNotFoundException'));
    expect(await reader.describeSecret('arn:aws:secretsmanager:us-east-1:111122223333:secret:gone')).toEqual({
      kind: 'missing',
    });
  });

  it('describes parameters by exact name, fifty names a call', async () => {
    ssm.on(DescribeParametersCommand).resolves({
      Parameters: [
        { Name: '/orders/prod/REDIS_URL', Type: 'SecureString', Version: 2, KeyId: 'alias/aws/ssm' },
      ],
    });
    const names = Array.from({ length: 51 }, (_, i) => `/p/${i}`);
    const found = await reader.describeParameters(names);
    expect(ssm).toHaveReceivedCommandTimes(DescribeParametersCommand, 2);
    expect(ssm).toHaveReceivedNthCommandWith(DescribeParametersCommand, 1, {
      ParameterFilters: [{ Key: 'Name', Option: 'Equals', Values: names.slice(0, 50) }],
    });
    expect(found[0]).toEqual({
      kind: 'parameter',
      name: '/orders/prod/REDIS_URL',
      type: 'SecureString',
      version: 2,
      keyId: 'alias/aws/ssm',
    });
  });
});
