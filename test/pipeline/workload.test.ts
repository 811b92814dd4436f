import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import type { Finding } from '../../src/core/findings.js';
import { loadScenario, parseScenario, SCENARIOS_DIR } from '../../src/sim/scenario.js';
import { runScenario } from '../support/scenarios.js';

const findingsOf = async (name: string): Promise<readonly Finding[]> =>
  (await runScenario(loadScenario(name))).report.findings;

describe('the checks beyond the network path, on the simulated account', () => {
  it('reports each permission the execution role lacks, with the statement that would allow it', async () => {
    const f = (await findingsOf('eni-present-public-ip-iam-denied')).find(
      (x) => x.id === 'execution-role-denies',
    );
    expect(f).toMatchObject({
      action: 'ecr:GetAuthorizationToken',
      resource: '*',
      statement: '{"Effect":"Allow","Action":"ecr:GetAuthorizationToken","Resource":"*"}',
    });
  });

  it('simulates kms:Decrypt on the key DescribeSecret names', async () => {
    const f = (await findingsOf('kms-secret-cmk-role-lacks-decrypt')).find(
      (x) => x.id === 'execution-role-denies',
    );
    expect(f).toMatchObject({
      action: 'kms:Decrypt',
      resource: 'arn:aws:kms:us-east-1:111122223333:key/5c1e8a2f-3b4d-4e6f-9a7b-8c9d0e1f2a3b',
    });
  });

  it('says when simulation is not permitted, and rests on the stop reason’s evidence', async () => {
    const f = (await findingsOf('iam-simulation-not-permitted')).find(
      (x) => x.id === 'not-checked' && x.check === 'execution-role',
    );
    expect(f?.evidence.join('\n')).toContain('iam:SimulatePrincipalPolicy');
    expect(f?.evidence.join('\n')).toContain('the stop reason says: ');
    expect(f?.evidence.join('\n')).toMatch(/ecr:GetAuthorizationToken/);
  });

  it('names the nearest existing tags of a missing one', async () => {
    const f = (await findingsOf('healthy-nat-image-not-found')).find((x) => x.id === 'image-tag-missing');
    expect(f).toMatchObject({
      repository: 'checkout',
      reference: '1.4.3',
      nearest: ['1.4.2', '1.4.1', '1.3.0'],
    });
    expect(f?.fix).toContain('checkout:1.4.2');
  });

  it('tells a repository under docker-hub/ that no pull-through cache rule would create', async () => {
    const f = (await findingsOf('pull-through-cache-rule-missing')).find(
      (x) => x.id === 'pull-through-rule-missing',
    );
    expect(f).toMatchObject({
      repository: 'docker-hub/library/redis',
      registryId: '111122223333',
      prefix: 'docker-hub',
      upstreamUrl: 'registry-1.docker.io',
    });
    expect(f?.fix).toContain('No pull-through cache rule has the prefix "docker-hub"');
  });

  it('sets the platforms the image offers against the task’s runtime platform', async () => {
    const f = (await findingsOf('endpoints-without-logs-no-awslogs')).find(
      (x) => x.id === 'image-platform-mismatch',
    );
    expect(f).toMatchObject({ wanted: 'linux/arm64', offered: ['linux/amd64'] });
  });

  it('finds the secret that does not exist among two the task references', async () => {
    const missing = (await findingsOf('endpoints-healthy-secret-not-found')).filter(
      (x) => x.id === 'secret-missing',
    );
    expect(missing.map((x) => (x.id === 'secret-missing' ? x.valueFrom : ''))).toEqual([
      'arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/billing/stripe-key',
    ]);
  });

  it('finds the parameter that does not exist, by its exact name', async () => {
    const f = (await findingsOf('ssm-parameter-missing')).filter((x) => x.id === 'secret-missing');
    expect(f).toMatchObject([{ what: 'parameter', valueFrom: '/orders/prod/DATABASE_URL' }]);
  });

  it('takes a missing JSON key from the stop reason, without reading the secret’s value', async () => {
    const { report, account } = await runScenario(loadScenario('secret-json-key-missing'));
    const f = report.findings.find((x) => x.id === 'secret-missing');
    expect(f).toMatchObject({ what: 'json-key' });
    expect(f?.evidence.join('\n')).toContain('does not read secret values');
    // Beyond the network, the secret's metadata only: one DescribeSecret, nothing else.
    expect(
      account.calls.map((c) => c.operation).filter((o) => !/^(ecs|ec2|route53resolver):/.test(o)),
    ).toEqual(['secretsmanager:DescribeSecret']);
  });

  it('says an execution role that does not exist is missing', async () => {
    const f = (await findingsOf('execution-role-deleted')).find((x) => x.id === 'execution-role-missing');
    expect(f).toMatchObject({
      why: 'its execution role arn:aws:iam::111122223333:role/nightly-reports-execution does not exist',
    });
  });
});

describe('secrets, by what Secrets Manager says of them (never their values)', () => {
  const variant = (name: string, change: (file: Record<string, unknown>) => void) => {
    const file = parseYaml(readFileSync(`${SCENARIOS_DIR}${name}.yaml`, 'utf8')) as Record<string, unknown>;
    change(file);
    return parseScenario(`${name}-variant`, stringifyYaml(file));
  };
  const secretOf = (file: Record<string, unknown>) =>
    ((file.taskDefinition as { containers: { secrets: { valueFrom: string }[] }[] }).containers[0]?.secrets ??
      [])[0];
  const ARN = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:benchling/config-Ab12Cd';

  it('finds a version stage the secret does not have', async () => {
    const s = variant('secret-json-key-missing', (file) => {
      const secret = secretOf(file);
      if (secret) secret.valueFrom = `${ARN}:app_definition_id:AWSPENDING:`;
    });
    const { report } = await runScenario(s);
    expect(report.findings.find((f) => f.id === 'secret-missing')).toMatchObject({ what: 'version' });
  });

  it('finds a secret scheduled for deletion', async () => {
    const s = variant('secret-json-key-missing', (file) => {
      file.secretsManager = [{ arn: ARN, deletedDate: '2026-11-22T08:00:00Z' }];
    });
    const { report } = await runScenario(s);
    const f = report.findings.find((x) => x.id === 'secret-missing');
    expect(f).toMatchObject({ what: 'deleted' });
    expect(f?.fix).toContain('aws secretsmanager restore-secret');
  });

  it('does not call a secret of another region missing: it says it was not checked', async () => {
    const s = variant('secret-json-key-missing', (file) => {
      const secret = secretOf(file);
      if (secret) secret.valueFrom = ARN.replace('us-east-1', 'eu-west-1');
    });
    const { report, account } = await runScenario(s);
    expect(report.findings.filter((f) => f.id === 'secret-missing')).toEqual([]);
    expect(report.findings.find((f) => f.id === 'not-checked' && f.check === 'secrets')?.evidence[0]).toMatch(
      /is in eu-west-1/,
    );
    expect(account.calls.map((c) => c.operation)).not.toContain('secretsmanager:DescribeSecret');
  });
});
