import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildArtefact } from '../support/artefact.js';
import { ROOT } from '../support/fixtures.js';
import { type SeenError, seenError, type WireError } from '../support/sdk-error-probe.js';

/**
 * The Lambda's bundle leaves out the SDK's classes for most service errors (build/
 * esbuild-plugins.cjs), so an error answer reaches the adapters as the client's base
 * exception: these answers, read through a module built like the Lambda and through the SDK
 * as installed, must be the same failure (code, kind, message, name, fault, status).
 */
const XML = { 'content-type': 'text/xml' };
const JSON_1_1 = { 'content-type': 'application/x-amz-json-1.1' };
const JSON_1_0 = { 'content-type': 'application/x-amz-json-1.0' };
const queryError = (code: string, message: string) =>
  `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>c0ffee00-0000-4000-8000-000000000002</RequestId></ErrorResponse>`;

const ANSWERS: readonly (readonly [string, WireError, Pick<SeenError, 'code' | 'kind'>])[] = [
  [
    'SSM: a parameter the caller may not read',
    {
      service: 'ssm',
      status: 400,
      headers: JSON_1_1,
      body: '{"__type":"AccessDeniedException","message":"User: arn:aws:sts::123456789012:assumed-role/pullfix/x is not authorized to perform: ssm:GetParameters"}',
    },
    { code: 'AccessDeniedException', kind: 'denied' },
  ],
  [
    'SSM: a parameter name that is not valid',
    {
      service: 'ssm',
      status: 400,
      headers: JSON_1_1,
      body: '{"__type":"ValidationException","message":"Parameter name: can\'t be prefixed with \\"aws\\""}',
    },
    { code: 'ValidationException', kind: 'invalid' },
  ],
  [
    'SSM: throttled',
    {
      service: 'ssm',
      status: 400,
      headers: JSON_1_1,
      body: '{"__type":"ThrottlingException","message":"Rate exceeded"}',
    },
    { code: 'ThrottlingException', kind: 'throttled' },
  ],
  [
    'SSM: a server fault',
    {
      service: 'ssm',
      status: 500,
      headers: JSON_1_1,
      body: '{"__type":"InternalServerError","message":"An internal error occurred"}',
    },
    { code: 'InternalServerError', kind: 'transient' },
  ],
  [
    'ECR: a repository without a policy',
    {
      service: 'ecr',
      status: 400,
      headers: JSON_1_1,
      body: '{"__type":"RepositoryPolicyNotFoundException","message":"Repository policy does not exist for the repository with name \'web\' in the registry with id \'123456789012\'"}',
    },
    { code: 'RepositoryPolicyNotFoundException', kind: 'not-found' },
  ],
  [
    'ECR: a repository that does not exist',
    {
      service: 'ecr',
      status: 400,
      headers: JSON_1_1,
      body: '{"__type":"RepositoryNotFoundException","message":"The repository with name \'web\' does not exist in the registry with id \'123456789012\'"}',
    },
    { code: 'RepositoryNotFoundException', kind: 'not-found' },
  ],
  [
    'ECR: a server fault',
    {
      service: 'ecr',
      status: 500,
      headers: JSON_1_1,
      body: '{"__type":"ServerException","message":"Internal failure"}',
    },
    { code: 'ServerException', kind: 'transient' },
  ],
  [
    'ECS: a bad parameter',
    {
      service: 'ecs',
      status: 400,
      headers: JSON_1_1,
      body: '{"__type":"ClientException","message":"Cluster not found."}',
    },
    { code: 'ClientException', kind: 'invalid' },
  ],
  [
    'EFS: a file system that does not exist',
    {
      service: 'efs',
      status: 404,
      headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'FileSystemNotFound' },
      body: '{"ErrorCode":"FileSystemNotFound","Message":"File system \'fs-0123456789abcdef0\' does not exist."}',
    },
    { code: 'FileSystemNotFound', kind: 'not-found' },
  ],
  [
    'Secrets Manager: a secret that does not exist',
    {
      service: 'secretsmanager',
      status: 400,
      headers: JSON_1_1,
      body: '{"__type":"ResourceNotFoundException","Message":"Secrets Manager can\'t find the specified secret."}',
    },
    { code: 'ResourceNotFoundException', kind: 'not-found' },
  ],
  [
    'IAM: a role that does not exist',
    {
      service: 'iam',
      status: 404,
      headers: XML,
      body: queryError('NoSuchEntity', 'The role with name ecsTaskExecutionRole cannot be found.'),
    },
    { code: 'NoSuchEntity', kind: 'not-found' },
  ],
  [
    'IAM: denied',
    {
      service: 'iam',
      status: 403,
      headers: XML,
      body: queryError(
        'AccessDenied',
        'User: arn:aws:sts::123456789012:assumed-role/pullfix/x is not authorized to perform: iam:GetRole',
      ),
    },
    { code: 'AccessDenied', kind: 'denied' },
  ],
  [
    'IAM: a policy evaluation the service could not do',
    {
      service: 'iam',
      status: 500,
      headers: XML,
      body: queryError('PolicyEvaluation', 'Policy evaluation failed'),
    },
    { code: 'PolicyEvaluation', kind: 'transient' },
  ],
  [
    'SNS: a topic that does not exist',
    { service: 'sns', status: 404, headers: XML, body: queryError('NotFound', 'Topic does not exist') },
    { code: 'NotFound', kind: 'not-found' },
  ],
  [
    'DynamoDB: a write whose condition failed',
    {
      service: 'dynamodb',
      status: 400,
      headers: JSON_1_0,
      body: '{"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException","message":"The conditional request failed"}',
    },
    { code: 'ConditionalCheckFailedException', kind: 'other' },
  ],
  [
    'DynamoDB: a table that does not exist',
    {
      service: 'dynamodb',
      status: 400,
      headers: JSON_1_0,
      body: '{"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException","message":"Requested resource not found"}',
    },
    { code: 'ResourceNotFoundException', kind: 'not-found' },
  ],
];

describe('the SDK errors in the Lambda bundle', () => {
  let bundled: typeof seenError;
  beforeAll(async () => {
    const out = mkdtempSync(join(tmpdir(), 'pullfix-errors-'));
    const { file } = await buildArtefact(out, join(ROOT, 'test/support/sdk-error-probe.ts'));
    bundled = ((await import(pathToFileURL(file).href)) as { seenError: typeof seenError }).seenError;
  });

  it.each(ANSWERS)('%s is the same failure as through the SDK as installed', async (_, wire, expected) => {
    const installed = await seenError(wire);
    expect(installed).toMatchObject(expected);
    expect(await bundled(wire)).toEqual(installed);
  });

  it('sees a client error answered with a server status as the same transient failure', async () => {
    // The SDK then takes `$fault` from the status (server), not from the model (client).
    const wire: WireError = {
      service: 'ssm',
      status: 503,
      headers: JSON_1_1,
      body: '{"__type":"InvalidKeyId","message":"The query key ID is not valid"}',
    };
    const { code, kind, message, name } = await seenError(wire);
    expect(kind).toBe('transient');
    expect(await bundled(wire)).toMatchObject({ code, kind, message, name, httpStatusCode: 503 });
  });

  it('keeps the class of the DynamoDB condition failure, which the incident table tests with instanceof', async () => {
    const [, wire] = ANSWERS.find(([what]) => what.startsWith('DynamoDB: a write')) ?? [];
    if (!wire) throw new Error('no condition-failure answer');
    expect(await bundled(wire)).toMatchObject({
      conditionFailed: true,
      code: 'ConditionalCheckFailedException',
    });
  });
});
