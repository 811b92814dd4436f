import { describe, expect, it } from 'vitest';
import { scanServices, WOULD_FAIL } from '../../src/cli/check-command.js';
import { isProblem } from '../../src/core/findings.js';
import { scan } from '../../src/pipeline/scan.js';
import { SimulatedFleet } from '../../src/sim/fleet.js';
import { loadScenario } from '../../src/sim/scenario.js';
import { textSink } from '../support/cli.js';

/** 50 services in 3 VPCs: a failed NAT, hostnames off, and endpoints that allow an old CIDR. */
const fleet = () =>
  new SimulatedFleet([
    { scenario: loadScenario('nat-gateway-failed'), copies: 17 },
    { scenario: loadScenario('vpc-dns-hostnames-off'), copies: 17 },
    { scenario: loadScenario('nat-healthy-dockerhub-rate-limit'), copies: 16 },
  ]);
const expectedIds = (name: string) =>
  [...new Set(loadScenario(name).file.expect.findings.map((f) => f.split(':')[0] ?? f))].filter(
    (id) => id !== 'path-ok',
  );

describe('scan: every service of a cluster, checked', () => {
  it('finds for each of 50 services what its scenario expects', async () => {
    const f = fleet();
    const results = await scan(undefined, 'us-east-1', f);
    expect(results).toHaveLength(50);
    for (const r of results) {
      const scenario = f.services.get(r.service);
      expect([...new Set(r.findings.filter(isProblem).map((x) => x.id))], r.service).toEqual(
        expectedIds(scenario?.name ?? ''),
      );
    }
  });

  it('inspects each VPC once, however many services share it', async () => {
    const f = fleet();
    await scan(undefined, 'us-east-1', f);
    const perVpc = f.count('ec2:DescribeRouteTables');
    expect(perVpc.size).toBe(3);
    expect([...perVpc.values()]).toEqual([1, 1, 1]);
    for (const op of ['ec2:DescribeNetworkAcls', 'ec2:DescribeVpcEndpoints', 'ecs:DescribeTaskDefinition'])
      expect(
        [...f.count(op).values()].every((n) => n === 1),
        op,
      ).toBe(true);
    // One DescribeServices per service, and about one inspection's worth of reads per VPC.
    expect(f.count('ecs:DescribeServices').size).toBe(50);
    expect(f.calls.length).toBeLessThanOrEqual(50 + 3 * 12 + 2);
  });

  it('shows its progress on a terminal, then a summary table, and exits 2 when any service would fail', async () => {
    const out = textSink();
    const err = textSink(true);
    const code = await scanServices({ json: false }, 'us-east-1', fleet(), out, err);
    expect(code).toBe(WOULD_FAIL);
    expect(err.text).toContain('] 50/50 ');
    expect(err.text.split('\r').length).toBeGreaterThan(50);
    expect(out.text).toMatch(/^service\s+verdict\s+findings\n/);
    expect(out.text).toContain('platform/edge-proxy-1');
    expect(out.text).toContain('50 services checked: 34 would fail to start');
  });

  it('prints no progress bar when stderr is not a terminal, and one JSON document with --json', async () => {
    const out = textSink();
    const err = textSink(false);
    await scanServices({ json: true }, 'us-east-1', fleet(), out, err);
    expect(err.text).toBe('');
    const doc = JSON.parse(out.text) as {
      checked: number;
      wouldFail: number;
      services: { wouldStart: boolean }[];
    };
    expect(doc).toMatchObject({ checked: 50, wouldFail: 34 });
    expect(doc.services.filter((s) => s.wouldStart)).toHaveLength(16);
  });
});
