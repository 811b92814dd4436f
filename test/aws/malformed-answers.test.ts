import { DescribeImagesCommand, ECRClient } from '@aws-sdk/client-ecr';
import { IAMClient, SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SdkEcrReader } from '../../src/aws/ecr-reader.js';
import { SdkIamReader } from '../../src/aws/iam-reader.js';
import { SdkSecretsReader } from '../../src/aws/secrets-reader.js';
import { findingKey } from '../../src/core/findings.js';
import type { ReadPorts } from '../../src/core/ports.js';
import { preflight } from '../../src/pipeline/preflight.js';
import { SimulatedAccount } from '../../src/sim/account.js';
import { loadScenario } from '../../src/sim/scenario.js';

/**
 * An answer the SDK cannot parse — moto's IAM answers `SimulatePrincipalPolicy`, which it does
 * not implement, with an HTML page and HTTP 500 — is told as a malformed answer by the
 * adapters, and degrades the check that needed it.
 */
const iam = mockClient(IAMClient);
const ecr = mockClient(ECRClient);
const sm = mockClient(SecretsManagerClient);
const region = { region: 'us-east-1' };
const ROLE = 'arn:aws:iam::111122223333:role/checkout-task-execution';
const NOT_JSON = 'Unexpected token \'<\', "<!doctype "... is not valid JSON';

/** What the SDK's deserializer throws on moto's HTML page: a parse error, HTTP 500, `$response` attached. */
function xmlParseError(): Error {
  const error = Object.assign(
    new Error(
      '@aws-sdk XML parse error: mismatched tags <html> and </title>.\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.',
    ),
    { $metadata: { httpStatusCode: 500, attempts: 3 } },
  );
  Object.defineProperty(error, '$response', { value: { statusCode: 500 }, enumerable: false });
  return error;
}

beforeEach(() => {
  iam.reset();
  ecr.reset();
  sm.reset();
});

describe('an answer the SDK cannot parse, at the adapters', () => {
  const reader = new SdkIamReader(new IAMClient(region));
  const simulate = () =>
    reader.simulatePrincipalPolicy(ROLE, [{ action: 'ecr:GetAuthorizationToken', resource: '*' }]);

  it('is a MalformedAnswer, with the status and the parse error, not the SDK’s hint', async () => {
    iam.on(SimulatePrincipalPolicyCommand).rejects(xmlParseError());
    await expect(simulate()).rejects.toMatchObject({
      name: 'AwsCallError',
      operation: 'iam:SimulatePrincipalPolicy',
      code: 'MalformedAnswer',
      message:
        'iam:SimulatePrincipalPolicy: MalformedAnswer: HTTP 500, @aws-sdk XML parse error: mismatched tags <html> and </title>.',
    });
  });

  it('is a MalformedAnswer for a SyntaxError of the JSON protocols', async () => {
    iam.on(SimulatePrincipalPolicyCommand).rejects(new SyntaxError(NOT_JSON));
    await expect(simulate()).rejects.toMatchObject({ code: 'MalformedAnswer', kind: 'other' });
  });

  it('leaves an error AWS sent as AWS sent it (it carries $fault)', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), {
      name: 'Throttling',
      $fault: 'client',
      $metadata: { httpStatusCode: 400 },
    });
    Object.defineProperty(throttled, '$response', { value: { statusCode: 400 }, enumerable: false });
    iam.on(SimulatePrincipalPolicyCommand).rejects(throttled);
    await expect(simulate()).rejects.toMatchObject({ code: 'Throttling', kind: 'throttled' });
  });
});

describe('an answer the SDK cannot parse, through the check', () => {
  const scenario = loadScenario('endpoints-healthy-secret-not-found');
  const cluster = `arn:aws:ecs:us-east-1:111122223333:cluster/${scenario.file.cluster.name}`;
  const service = scenario.service?.name ?? '';
  /** The simulated account's reads, with the one named on its SDK adapter (over the mocked client). */
  const ADAPTERS = {
    iam: () => ({ iam: new SdkIamReader(new IAMClient(region)) }),
    ecr: () => ({ ecr: new SdkEcrReader(new ECRClient(region)) }),
    secrets: () => ({
      secrets: new SdkSecretsReader(new SecretsManagerClient(region), new SSMClient(region)),
    }),
  };
  const onAdapter = (port: keyof typeof ADAPTERS): ReadPorts => {
    const { ecs, ec2, iam, ecr, secrets, resolver, efs } = new SimulatedAccount(scenario);
    return { ecs, ec2, iam, ecr, secrets, resolver, efs, ...ADAPTERS[port]() };
  };

  it.each([
    [
      'iam:SimulatePrincipalPolicy',
      'execution-role',
      'iam',
      () => iam.on(SimulatePrincipalPolicyCommand).rejects(xmlParseError()),
      'iam:SimulatePrincipalPolicy failed (malformed answer: HTTP 500, @aws-sdk XML parse error: mismatched tags <html> and </title>)',
    ],
    [
      'iam:SimulatePrincipalPolicy',
      'execution-role',
      'iam',
      () => iam.on(SimulatePrincipalPolicyCommand).rejects(new SyntaxError(NOT_JSON)),
      `iam:SimulatePrincipalPolicy failed (malformed answer: ${NOT_JSON})`,
    ],
    [
      'ecr:DescribeImages',
      'image',
      'ecr',
      () => ecr.on(DescribeImagesCommand).rejects(new SyntaxError(NOT_JSON)),
      `ecr:DescribeImages failed (malformed answer: ${NOT_JSON})`,
    ],
    [
      'secretsmanager:DescribeSecret',
      'secrets',
      'secrets',
      () => sm.on(DescribeSecretCommand).rejects(new SyntaxError(NOT_JSON)),
      `secretsmanager:DescribeSecret failed (malformed answer: ${NOT_JSON})`,
    ],
  ] as const)(
    '%s: the %s check says not checked, and why; the network verdict stands',
    async (_, check, port, fail, why) => {
      const clean = await preflight(cluster, service, 'us-east-1', new SimulatedAccount(scenario));
      fail();
      const result = await preflight(cluster, service, 'us-east-1', onAdapter(port));
      expect(result.findings.find((f) => f.id === 'not-checked' && f.check === check)?.fix).toContain(why);
      const network = (findings: typeof result.findings) =>
        findings.filter((f) => f.id === 'path-ok' || f.id === 'no-egress-path').map(findingKey);
      expect(network(result.findings)).toEqual(network(clean.findings));
      expect(network(result.findings)).toEqual(['path-ok']);
    },
  );
});
