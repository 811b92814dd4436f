import { describe, expect, it } from 'vitest';
import { checkService, WOULD_FAIL } from '../../src/cli/check-command.js';
import { type Finding, findingKey, isNetworkProblem } from '../../src/core/findings.js';
import type { ReadPorts } from '../../src/core/ports.js';
import { AwsCallError, ConfigError } from '../../src/errors.js';
import { preflight } from '../../src/pipeline/preflight.js';
import { type Fault, SimulatedAccount } from '../../src/sim/account.js';
import { simulatedLambda } from '../../src/sim/lambda.js';
import { loadScenario } from '../../src/sim/scenario.js';
import { textSink } from '../support/cli.js';
import { runScenario } from '../support/scenarios.js';

/**
 * Degrade, don't abort (issue 13, item 5): whatever a check beyond the network meets, the
 * check says "not checked: <operation> failed (<reason>)" and every network finding stands.
 */
const WORKLOAD_CHECKS = new Set(['execution-role', 'image', 'image-tags', 'image-platform', 'secrets']);
const isWorkloadNote = (f: Finding) => f.id === 'not-checked' && WORKLOAD_CHECKS.has(f.check);
/** What the network path says: its problems in full, and which findings (path-ok, its own notes) there are. */
const networkOf = (findings: readonly Finding[]) => ({
  problems: findings.filter(isNetworkProblem),
  keys: findings
    .filter(
      (f) => !isWorkloadNote(f) && (f.id === 'path-ok' || f.id === 'not-checked' || isNetworkProblem(f)),
    )
    .map(findingKey),
});

/** Each read beyond the network, a scenario whose diagnosis makes it, and the check it serves. */
const READS = [
  ['iam:SimulatePrincipalPolicy', 'endpoint-policy-ecr-dkr-auth-only', 'execution-role'],
  ['ecr:DescribeImages', 'healthy-nat-image-not-found', 'image'],
  ['ecr:ListImages', 'healthy-nat-image-not-found', 'image-tags'],
  ['ecr:BatchGetImage', 'endpoints-without-logs-no-awslogs', 'image-platform'],
  ['secretsmanager:DescribeSecret', 'endpoints-healthy-secret-not-found', 'secrets'],
  ['ssm:DescribeParameters', 'ssm-parameter-missing', 'secrets'],
] as const;

/** Each kind of failure, injected, and the reason the check gives for it. */
const FAILURES: readonly (readonly [Fault['kind'], string])[] = [
  ['throttled', "throttled, even after the SDK's retries: ThrottlingException"],
  ['transient', "a server error or timeout, even after the SDK's retries: InternalError"],
  ['not-implemented', 'not implemented by the endpoint: InvalidAction'],
  ['malformed', 'malformed answer: HTTP 500, @aws-sdk XML parse error: mismatched tags <html> and </title>'],
];

const CASES = READS.flatMap(([operation, scenario, check]) =>
  FAILURES.map(([kind, reason]) => [operation, kind, scenario, check, reason] as const),
);

describe('a check beyond the network that fails', () => {
  it.each(CASES)(
    '%s %s (%s): the %s check is not checked, with the operation and why; the network findings stand',
    async (operation, kind, name, check, reason) => {
      const scenario = loadScenario(name);
      const clean = (await runScenario(scenario)).report.findings;
      const { report } = await runScenario(scenario, { faults: [{ operation, kind }] });
      const note = report.findings.find((f) => f.id === 'not-checked' && f.check === check);
      expect(note?.fix).toContain(`${operation} failed (${reason})`);
      expect(networkOf(report.findings)).toEqual(networkOf(clean));
    },
  );

  it('keeps what the check saw before the read that failed: a missing tag is still missing when its repository’s tags cannot be listed', async () => {
    const { report } = await runScenario(loadScenario('healthy-nat-image-not-found'), {
      faults: [{ operation: 'ecr:ListImages', kind: 'throttled' }],
    });
    const missing = report.findings.find((f) => f.id === 'image-tag-missing');
    expect(missing).toMatchObject({ reference: '1.4.3', nearest: [] });
    expect(missing?.evidence[1]).toMatch(/^its tags could not be listed: ecr:ListImages failed \(throttled/);
  });

  it('in the Lambda: the event is told once, not retried, when the role’s simulation is throttled out', async () => {
    const account = new SimulatedAccount(loadScenario('eni-present-public-ip-iam-denied'), {
      faults: [{ operation: 'iam:SimulatePrincipalPolicy', kind: 'throttled' }],
      sdkAttempts: 3,
    });
    const lambda = simulatedLambda(account);
    const delivery = await lambda.deliver(account.event());
    expect(delivery).toMatchObject({ attempts: 1, result: { result: 'notified' } });
    expect(account.calls.find((c) => c.operation === 'iam:SimulatePrincipalPolicy')).toMatchObject({
      attempts: 3,
      failed: 'throttled',
    });
    expect(lambda.notifier.sent[0]?.message).toContain(
      "iam:SimulatePrincipalPolicy failed (throttled, even after the SDK's retries: ThrottlingException)",
    );
  });

  it('in the Lambda: a read of the network path throttled out still fails the invocation, so that Lambda retries it', async () => {
    const account = new SimulatedAccount(loadScenario('eni-present-public-ip-iam-denied'), {
      faults: [{ operation: 'ec2:DescribeRouteTables', kind: 'throttled', times: 1 }],
    });
    const delivery = await simulatedLambda(account).deliver(account.event());
    expect(delivery).toMatchObject({ attempts: 2, result: { result: 'notified' } });
  });

  it('degrades on an error that is not an AWS call’s (a port that could not parse an answer)', async () => {
    const account = new SimulatedAccount(loadScenario('endpoints-healthy-secret-not-found'));
    const ports: ReadPorts = {
      ...portsOf(account),
      secrets: {
        ...account.secrets,
        describeSecret: async () => {
          throw new SyntaxError('Unexpected token \'<\', "<!doctype "... is not valid JSON');
        },
      },
    };
    const service = account.scenario.service?.name ?? '';
    const result = await preflight(clusterOf(account), service, 'us-east-1', ports);
    expect(result.findings.find((f) => f.id === 'not-checked' && f.check === 'secrets')?.fix).toContain(
      'secretsmanager:DescribeSecret failed (malformed answer: Unexpected token \'<\', "<!doctype "... is not valid JSON)',
    );
  });

  it('does not hide a configuration error behind "not checked": no credentials fails the report', async () => {
    const account = new SimulatedAccount(loadScenario('no-egress-no-endpoints'));
    const ports: ReadPorts = {
      ...portsOf(account),
      iam: {
        ...account.iam,
        simulatePrincipalPolicy: async () => {
          throw new ConfigError('iam:SimulatePrincipalPolicy could not be sent: no credentials');
        },
      },
    };
    const s = account.scenario;
    await expect(preflight(clusterOf(account), s.service?.name ?? '', 'us-east-1', ports)).rejects.toThrow(
      ConfigError,
    );
  });
});

describe('check, when the role cannot be simulated', () => {
  it.each(FAILURES)(
    '%s: prints the network verdict and "not checked" for the role, and exits 2 when the path is broken',
    async (kind, reason) => {
      const s = loadScenario('no-egress-no-endpoints');
      const account = new SimulatedAccount(s, {
        faults: [{ operation: 'iam:SimulatePrincipalPolicy', kind }],
      });
      const out = textSink();
      const code = await checkService(
        { cluster: clusterOf(account), service: s.service?.name ?? '', json: false },
        'us-east-1',
        account,
        out,
      );
      expect(code).toBe(WOULD_FAIL);
      expect(out.text).toMatch(/^A new task would fail to start: no-egress-path /);
      expect(out.text).toContain('1. no-egress-path');
      // The report is wrapped to 100 columns: the note is read with its lines joined.
      expect(out.text.replace(/\s+/g, ' ')).toContain(
        `not checked: iam:SimulatePrincipalPolicy failed (${reason}) reading the permissions of arn:aws:iam::111122223333:role/`,
      );
    },
  );

  it('says no stop reason stands in for the simulation (a preflight has none)', async () => {
    const s = loadScenario('no-egress-no-endpoints');
    const account = new SimulatedAccount(s, {
      faults: [{ operation: 'iam:SimulatePrincipalPolicy', kind: 'malformed' }],
    });
    const result = await preflight(clusterOf(account), s.service?.name ?? '', 'us-east-1', account);
    const note = result.findings.find((f) => f.id === 'not-checked' && f.check === 'execution-role');
    expect(note?.fix).toMatch(/the role's permissions were not simulated\.$/);
    expect(note?.evidence.join('\n')).not.toContain('the stop reason says');
  });

  it('fails on a failure that is not a check’s: DescribeServices of the service asked for', async () => {
    const s = loadScenario('no-egress-no-endpoints');
    const account = new SimulatedAccount(s, {
      faults: [{ operation: 'ecs:DescribeServices', kind: 'transient' }],
    });
    await expect(preflight(clusterOf(account), s.service?.name ?? '', 'us-east-1', account)).rejects.toThrow(
      AwsCallError,
    );
  });
});

function portsOf(account: SimulatedAccount): ReadPorts {
  const { ecs, ec2, iam, ecr, secrets, resolver, efs } = account;
  return { ecs, ec2, iam, ecr, secrets, resolver, efs };
}

function clusterOf(account: SimulatedAccount): string {
  const s = account.scenario;
  return `arn:aws:ecs:${s.region}:${s.account}:cluster/${s.file.cluster.name}`;
}
