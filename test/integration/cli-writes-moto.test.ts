import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeVpcEndpointsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/sim/scenario.js';
import { runCli } from '../support/cli.js';
import { type FaultProxy, startFaultProxy } from '../support/fault-proxy.js';
import { buildInMoto, MOTO_URL, motoEnv, resetMoto, useProcessEnv, withoutMoto } from '../support/moto.js';

type Doc = { actions: { kind: string; status: string; allowed: boolean; detail?: string }[] };

/**
 * Writes from a laptop are deliberate, and a write that fails is reported, not lost: the CLI's
 * `--mode auto-fix` on moto, with the account asked about and a write failing on the wire.
 */
if (MOTO_URL === undefined) withoutMoto('auto-fix from the CLI on moto');
describe.skipIf(MOTO_URL === undefined)('auto-fix from the CLI on moto', () => {
  const url = MOTO_URL ?? '';
  useProcessEnv(motoEnv(url));
  let proxy: FaultProxy;
  let file = '';
  let vpcId = '';
  const endpoints = async () =>
    (
      (
        await new EC2Client({}).send(
          new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }),
        )
      ).VpcEndpoints ?? []
    )
      .map((e) => e.ServiceName)
      .sort();

  beforeAll(async () => {
    proxy = await startFaultProxy(url);
  });
  afterAll(async () => {
    await proxy.close();
  });
  beforeEach(async () => {
    proxy.heal();
    await resetMoto(url);
    const scenario = loadScenario('no-egress-no-endpoints');
    const { event, ids } = await buildInMoto(scenario, url);
    vpcId = ids.get(scenario.vpcId) ?? '';
    file = join(mkdtempSync(join(tmpdir(), 'pullfix-writes-')), 'event.json');
    writeFileSync(file, JSON.stringify(event));
  });

  it('refuses --mode auto-fix with no terminal and no --yes (exit 252), and writes nothing', async () => {
    const { code, stderr, stdout } = await runCli(['replay', file, '--mode', 'auto-fix'], '', motoEnv(url));
    expect(code).toBe(252);
    expect(stderr).toBe(
      'ecs-pullfix: --mode auto-fix writes to your AWS account: pass --yes to confirm (there is no terminal to ask on)\n',
    );
    expect(stdout).toBe('');
    expect(await endpoints()).toEqual([]);
  });

  it('shows the account, the region and each write, and writes nothing when the answer is no', async () => {
    const questions: string[] = [];
    const { code, stderr, stdout } = await runCli(
      ['replay', file, '--mode', 'auto-fix', '--json'],
      '',
      motoEnv(url),
      {
        ask: async (q) => {
          questions.push(q);
          return 'n';
        },
      },
    );
    expect(code).toBe(0);
    expect(questions).toEqual(['Apply them? [y/N] ']);
    expect(stderr).toContain('auto-fix will make 6 change(s) in account 123456789012, us-east-1:\n');
    expect(stderr).toMatch(/ {2}- create-interface-endpoint.*ecr\.dkr.*\(≈ \$\d+\.\d\d\/month\)/);
    const doc = JSON.parse(stdout) as Doc;
    expect(doc.actions.filter((a) => a.allowed).every((a) => a.status === 'skipped')).toBe(true);
    expect(doc.actions.find((a) => a.allowed)?.detail).toBe('not confirmed: nothing was written');
    expect(await endpoints()).toEqual([]);
  });

  it('applies the writes when the answer is yes', async () => {
    const { code } = await runCli(['replay', file, '--mode', 'auto-fix', '--json'], '', motoEnv(url), {
      ask: async () => 'y',
    });
    expect(code).toBe(0);
    expect(await endpoints()).toHaveLength(4);
  });

  it('stops at a failed write: prints what was written and what was not, exits 254; the same command again finishes', async () => {
    proxy.fail('CreateVpcEndpoint');
    const env = { ...motoEnv(url), AWS_ENDPOINT_URL_EC2: proxy.url };
    const first = await runCli(['replay', file, '--mode', 'auto-fix', '--yes', '--json'], '', env);
    expect(first.code).toBe(254);
    expect(first.stderr).toMatch(
      /^ecs-pullfix: auto-fix stopped at a failed write \(.*ServiceUnavailable.*\); the report says what was written and what was not: run the same command again to finish\n$/m,
    );
    const statuses = (JSON.parse(first.stdout) as Doc).actions
      .filter((a) => a.allowed)
      .map((a) => [a.kind, a.status]);
    expect(statuses).toEqual([
      ['create-endpoint-security-group', 'applied'],
      ['authorize-ingress-443', 'applied'],
      ['create-interface-endpoint', 'failed'],
      ['create-interface-endpoint', 'skipped'],
      ['create-interface-endpoint', 'skipped'],
      ['create-s3-gateway-endpoint', 'skipped'],
    ]);
    expect(await endpoints()).toEqual([]);

    proxy.heal();
    const second = await runCli(['replay', file, '--mode', 'auto-fix', '--yes', '--json'], '', env);
    expect(second.code).toBe(0);
    expect(await endpoints()).toHaveLength(4);
  });
});
