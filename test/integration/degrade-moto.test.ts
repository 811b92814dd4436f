import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/sim/scenario.js';
import { runCli } from '../support/cli.js';
import { buildInMoto, MOTO_URL, motoEnv, resetMoto, useProcessEnv, withoutMoto } from '../support/moto.js';

/**
 * Degrade, don't abort, on the wire: moto does not implement IAM's policy simulation (it
 * answers `SimulatePrincipalPolicy` with an HTML page and HTTP 500). Without the stand-in
 * simulator the other integration tests use, the role cannot be simulated: `check` and `scan`
 * still give the network's verdict, and say the role was not checked and why.
 */
if (MOTO_URL === undefined) withoutMoto('checks beyond the network that fail, on moto');
describe.skipIf(MOTO_URL === undefined)('checks beyond the network that fail, on moto', () => {
  const url = MOTO_URL ?? '';
  /** moto for every service, IAM's simulator included (no `AWS_ENDPOINT_URL_IAM` stand-in). */
  const motoOnly = (): Record<string, string> => {
    const { AWS_ENDPOINT_URL_IAM: _, ...env } = motoEnv(url);
    return env;
  };
  useProcessEnv(motoOnly());
  const NOT_SIMULATED =
    /not checked: iam:SimulatePrincipalPolicy failed \(malformed answer: HTTP 500, [^)]*\) reading the permissions of arn:aws:iam::123456789012:role\/\S+; the role's permissions were not simulated\./;

  it('check on a broken path: the network verdict, "not checked" for the role, exit 2', async () => {
    const scenario = loadScenario('no-egress-no-endpoints');
    await resetMoto(url);
    await buildInMoto(scenario, url);
    const args = [
      'check',
      '--cluster',
      scenario.file.cluster.name,
      '--service',
      scenario.service?.name ?? '',
    ];

    const text = await runCli(args, '', motoOnly());
    expect(text.stderr).toBe('');
    expect(text.code).toBe(2);
    expect(text.stdout).toMatch(/^A new task would fail to start: no-egress-path /);
    expect(text.stdout).toContain('1. no-egress-path');
    // The report is wrapped to 100 columns: the note is read with its lines joined.
    expect(text.stdout.replace(/\s+/g, ' ')).toMatch(NOT_SIMULATED);

    const json = await runCli([...args, '--json'], '', motoOnly());
    expect(json.code).toBe(2);
    const doc = JSON.parse(json.stdout) as {
      wouldStart: boolean;
      findings: { id: string; check?: string }[];
    };
    expect(doc.wouldStart).toBe(false);
    expect([...new Set(doc.findings.filter((f) => f.id !== 'not-checked').map((f) => f.id))]).toEqual([
      'no-egress-path',
      'missing-endpoint',
      's3-gateway-missing',
    ]);
    expect(doc.findings.filter((f) => f.id === 'not-checked').map((f) => f.check)).toContain(
      'execution-role',
    );
  });

  it('scan of a healthy service: "ok (1 not checked)", exit 0', async () => {
    const scenario = loadScenario('nat-healthy-dockerhub-rate-limit');
    await resetMoto(url);
    await buildInMoto(scenario, url);
    const { code, stdout, stderr } = await runCli(
      ['scan', '--cluster', scenario.file.cluster.name],
      '',
      motoOnly(),
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(
      new RegExp(`^edge/${scenario.service?.name}\\s+ok \\(1 not checked\\)\\s+-$`, 'm'),
    );
  });

  it('scan of a cluster ECS does not know: bad input, exit 252', async () => {
    await resetMoto(url);
    const { code, stdout, stderr } = await runCli(['scan', '--cluster', 'prod-typo'], '', motoOnly());
    expect(code).toBe(252);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      /^ecs-pullfix: ECS does not know cluster prod-typo \(ClusterNotFoundException\)\n$/,
    );
  });
});
