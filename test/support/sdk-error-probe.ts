import { Readable } from 'node:stream';
import { ConditionalCheckFailedException, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { ECRClient, GetRepositoryPolicyCommand } from '@aws-sdk/client-ecr';
import { DescribeTasksCommand, ECSClient } from '@aws-sdk/client-ecs';
import { DescribeFileSystemsCommand, EFSClient } from '@aws-sdk/client-efs';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { call } from '../../src/aws/errors.js';
import { AwsCallError } from '../../src/errors.js';

/**
 * An error answer as a service sends it, and what the project makes of it: the SDK client
 * deserializes the answer, and `call` (src/aws/errors.ts) turns it into an `AwsCallError`.
 * The artefact test builds this module as the Lambda is built (its esbuild plugins), so the
 * same answers can be read through the bundled SDK and through the SDK as installed.
 */
export type WireError = Readonly<{
  service: 'ssm' | 'ecr' | 'ecs' | 'efs' | 'iam' | 'sns' | 'dynamodb' | 'secretsmanager';
  status: number;
  headers?: Record<string, string>;
  body: string;
}>;

/** What a user of the adapters sees of the failure. */
export type SeenError = Readonly<{
  code: string;
  kind: string;
  message: string;
  name: string;
  fault: unknown;
  httpStatusCode: unknown;
  requestId: unknown;
  conditionFailed: boolean;
}>;

const settings = (wire: WireError) => ({
  region: 'us-east-1',
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
  maxAttempts: 1,
  requestHandler: {
    handle: async () => ({
      response: {
        statusCode: wire.status,
        headers: { 'x-amzn-requestid': 'c0ffee00-0000-4000-8000-000000000001', ...wire.headers },
        body: Readable.from([Buffer.from(wire.body)]),
      },
    }),
  },
});

const SENDS: Record<WireError['service'], (wire: WireError) => Promise<unknown>> = {
  ssm: (w) => new SSMClient(settings(w)).send(new GetParametersCommand({ Names: ['/app/db-password'] })),
  ecr: (w) => new ECRClient(settings(w)).send(new GetRepositoryPolicyCommand({ repositoryName: 'web' })),
  ecs: (w) => new ECSClient(settings(w)).send(new DescribeTasksCommand({ cluster: 'prod', tasks: ['t-1'] })),
  efs: (w) =>
    new EFSClient(settings(w)).send(new DescribeFileSystemsCommand({ FileSystemId: 'fs-0123456789abcdef0' })),
  iam: (w) => new IAMClient(settings(w)).send(new GetRoleCommand({ RoleName: 'ecsTaskExecutionRole' })),
  sns: (w) =>
    new SNSClient(settings(w)).send(
      new PublishCommand({ TopicArn: 'arn:aws:sns:us-east-1:123456789012:incidents', Message: 'm' }),
    ),
  dynamodb: (w) =>
    new DynamoDBClient(settings(w)).send(
      new PutItemCommand({
        TableName: 'incidents',
        Item: { pk: { S: 'k' } },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    ),
  secretsmanager: (w) =>
    new SecretsManagerClient(settings(w)).send(new DescribeSecretCommand({ SecretId: 'prod/db-password' })),
};

/** Sends one call answered by `wire` and returns what the adapters see of its failure. */
export async function seenError(wire: WireError): Promise<SeenError> {
  try {
    await call('Probe', () => SENDS[wire.service](wire));
  } catch (e) {
    if (!(e instanceof AwsCallError)) throw e;
    const sdk = e.cause as {
      name: string;
      $fault?: unknown;
      $metadata?: { httpStatusCode?: unknown; requestId?: unknown };
    };
    return {
      code: e.code,
      kind: e.kind,
      message: e.message,
      name: sdk.name,
      fault: sdk.$fault,
      httpStatusCode: sdk.$metadata?.httpStatusCode,
      requestId: sdk.$metadata?.requestId,
      conditionFailed: sdk instanceof ConditionalCheckFailedException,
    };
  }
  throw new Error(`${wire.service}: the error answer was taken for a success`);
}
