import { describe, expect, it } from 'vitest';
import { SOME_NOT_READ, scanServices, WOULD_FAIL } from '../../src/cli/check-command.js';
import { isProblem } from '../../src/core/findings.js';
import type { ReadPorts } from '../../src/core/ports.js';
import { AwsCallError, InvalidInputError } from '../../src/errors.js';
import { scan } from '../../src/pipeline/scan.js';
import type { SimOptions } from '../../src/sim/account.js';
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
    const { services: results, unread } = await scan(undefined, 'us-east-1', f);
    expect(results).toHaveLength(50);
    expect(unread).toEqual([]);
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
    // One DescribeServices per 10 services, and about one inspection's worth of reads per VPC.
    expect(f.calls.filter((c) => c.operation === 'ecs:DescribeServices')).toHaveLength(5);
    expect(f.calls.length).toBeLessThanOrEqual(5 + 3 * 16 + 2);
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

/** 10 (or `copies`) services that would all start (a healthy NAT, Docker Hub images). */
const healthy = (options?: SimOptions, copies = 10) =>
  new SimulatedFleet(
    [{ scenario: loadScenario('nat-healthy-dockerhub-rate-limit'), copies }],
    'edge',
    options,
  );

/** The fleet's reads, with `ecs:ListServices` of the clusters named failing as given. */
function listServicesFailing(f: SimulatedFleet, failures: Readonly<Record<string, AwsCallError>>): ReadPorts {
  return {
    ...f,
    ecs: {
      ...f.ecs,
      listServices: async (cluster) => {
        const failure = failures[cluster];
        if (failure) throw failure;
        return f.ecs.listServices(cluster);
      },
    },
  };
}
const denied = new AwsCallError('ecs:ListServices', 'AccessDeniedException', 'denied', 'not authorized');
const throttled = new AwsCallError('ecs:ListServices', 'ThrottlingException', 'throttled', 'Rate exceeded');
const clusterNotFound = new AwsCallError(
  'ecs:ListServices',
  'ClusterNotFoundException',
  'not-found',
  'Cluster not found.',
);

describe('scan: what it cannot read', () => {
  it('goes on past a cluster whose services cannot be listed, and says which and why', async () => {
    const f = fleet();
    const ports = listServicesFailing(f, { 'prod-x': denied, 'prod-y': throttled });
    const { services, unread } = await scan(['prod-x', 'platform', 'prod-y'], 'us-east-1', ports);
    expect(services).toHaveLength(50);
    expect(unread).toEqual([
      { cluster: 'prod-x', why: 'ecs:ListServices was denied (AccessDeniedException)' },
      {
        cluster: 'prod-y',
        why: "ecs:ListServices failed (throttled, even after the SDK's retries: ThrottlingException)",
      },
    ]);
  });

  it('shows an unread cluster as a row of the table, and still exits 2 when a service would fail', async () => {
    const out = textSink();
    const code = await scanServices(
      { cluster: ['prod-x', 'platform'], json: false },
      'us-east-1',
      listServicesFailing(fleet(), { 'prod-x': denied }),
      out,
      textSink(),
    );
    expect(code).toBe(WOULD_FAIL);
    expect(out.text).toMatch(
      /^prod-x\/\*\s+not read\s+ecs:ListServices was denied \(AccessDeniedException\)$/m,
    );
    expect(out.text).toContain('50 services checked: 34 would fail to start');
    expect(out.text).toContain('Not read: 1 cluster (the rows say why).');
  });

  it('exits 1, not 0, when nothing would fail but a cluster could not be read', async () => {
    const out = textSink();
    const code = await scanServices(
      { cluster: ['edge', 'prod-x'], json: true },
      'us-east-1',
      listServicesFailing(healthy(), { 'prod-x': throttled }),
      out,
      textSink(),
    );
    expect(code).toBe(SOME_NOT_READ);
    expect(JSON.parse(out.text)).toMatchObject({
      checked: 10,
      wouldFail: 0,
      unread: [{ cluster: 'prod-x', why: expect.stringContaining('ecs:ListServices failed (throttled') }],
    });
  });

  it('goes on past the services whose DescribeServices failed, and says why for each', async () => {
    const f = healthy({}, 20);
    const ports: ReadPorts = {
      ...f,
      ecs: {
        ...f.ecs,
        describeServices: async (cluster, services) => {
          if (services.includes('edge-proxy-13'))
            throw new AwsCallError(
              'ecs:DescribeServices',
              'ServerException',
              'transient',
              'Service unavailable',
            );
          return f.ecs.describeServices(cluster, services);
        },
      },
    };
    const out = textSink();
    const code = await scanServices({ json: false }, 'us-east-1', ports, out, textSink());
    expect(code).toBe(SOME_NOT_READ);
    // The second call asked for edge-proxy-11 to 20: each of them is a row that says why.
    for (const n of [11, 13, 20])
      expect(out.text).toMatch(
        new RegExp(
          `^edge/edge-proxy-${n}\\s+not read\\s+ecs:DescribeServices failed \\(a server error or timeout, even after the SDK's retries: ServerException\\)$`,
          'm',
        ),
      );
    expect(out.text).toMatch(/^edge\/edge-proxy-10\s+ok\s+-$/m);
    expect(out.text).toContain('10 services checked: 0 would fail to start.');
    expect(out.text).toContain('Not read: 10 services (the rows say why).');
  });

  it('fails on a cluster named that does not exist: it is the input that is wrong', async () => {
    const ports = listServicesFailing(healthy(), { 'prod-typo': clusterNotFound });
    await expect(scan(['edge', 'prod-typo'], 'us-east-1', ports)).rejects.toMatchObject({
      name: InvalidInputError.name,
      message: 'ECS does not know cluster prod-typo (ClusterNotFoundException)',
    });
  });

  it('goes on past a cluster listed that is gone by the time its services are', async () => {
    const f = healthy();
    const gone = 'arn:aws:ecs:us-east-1:111122223333:cluster/batch-old';
    const ports = listServicesFailing(f, { [gone]: clusterNotFound });
    const listed: ReadPorts = {
      ...ports,
      ecs: { ...ports.ecs, listClusters: async () => [f.cluster, gone] },
    };
    const { services, unread } = await scan(undefined, 'us-east-1', listed);
    expect(services).toHaveLength(10);
    expect(unread).toEqual([
      { cluster: 'batch-old', why: 'ecs:ListServices found nothing (ClusterNotFoundException)' },
    ]);
  });

  it('shows "ok (N not checked)" for a service with checks it could not make, and "ok" for one with none', async () => {
    const partly = textSink();
    await scanServices(
      { json: false },
      'us-east-1',
      healthy({ faults: [{ operation: 'iam:SimulatePrincipalPolicy', kind: 'malformed' }] }),
      partly,
      textSink(),
    );
    expect(partly.text).toMatch(/^edge\/edge-proxy-1\s+ok \(1 not checked\)\s+-$/m);
    const clean = textSink();
    const code = await scanServices({ json: false }, 'us-east-1', healthy(), clean, textSink());
    expect(code).toBe(0);
    expect(clean.text).toMatch(/^edge\/edge-proxy-1\s+ok\s+-$/m);
  });
});
