import { describe, expect, it } from 'vitest';
import type { ReadPorts } from '../../src/core/ports.js';
import { type ScanProgress, scan } from '../../src/pipeline/scan.js';
import { SimulatedFleet } from '../../src/sim/fleet.js';
import { loadScenario } from '../../src/sim/scenario.js';

/** `scan` describes each cluster's services 10 to a `DescribeServices` call, as ECS takes them. */

/** 23 services of one cluster: 12 behind a failed NAT gateway, 11 behind a healthy one. */
const fleet23 = () =>
  new SimulatedFleet(
    [
      { scenario: loadScenario('nat-gateway-failed'), copies: 12 },
      { scenario: loadScenario('nat-healthy-dockerhub-rate-limit'), copies: 11 },
    ],
    'platform',
  );

/** The names each `DescribeServices` call asked for, in the order they were made. */
const describeCalls = (f: SimulatedFleet) =>
  f.calls.filter((c) => c.operation === 'ecs:DescribeServices').map((c) => JSON.parse(c.input) as string[]);

describe('scan: services described 10 to a call', () => {
  it('describes 23 services in 3 DescribeServices calls, each service once, and checks all 23', async () => {
    const f = fleet23();
    const { services, unread } = await scan(undefined, 'us-east-1', f);
    expect(unread).toEqual([]);
    expect(services).toHaveLength(23);
    const calls = describeCalls(f);
    expect(calls.map((names) => names.length)).toEqual([10, 10, 3]);
    expect(calls.flat().sort()).toEqual([...f.services.keys()].sort());
  });

  it('reads each task definition once and repeats no read', async () => {
    const f = fleet23();
    await scan(undefined, 'us-east-1', f);
    expect([...f.count('ecs:DescribeTaskDefinition').values()]).toEqual([1, 1]);
    const repeated = [...new Set(f.calls.map((c) => c.operation))].flatMap((op) =>
      [...f.count(op)].filter(([, n]) => n > 1).map(([input, n]) => `${op} ${input} ×${n}`),
    );
    expect(repeated).toEqual([]);
  });

  it('asks each cluster for its own services: ⌈13/10⌉ + ⌈8/10⌉ calls for two clusters', async () => {
    const f = new SimulatedFleet([
      { scenario: loadScenario('nat-gateway-failed'), copies: 13, cluster: 'payments' },
      { scenario: loadScenario('nat-healthy-dockerhub-rate-limit'), copies: 8, cluster: 'edge' },
    ]);
    const { services, unread } = await scan(undefined, 'us-east-1', f);
    expect(unread).toEqual([]);
    expect(services.filter((s) => s.cluster === 'payments')).toHaveLength(13);
    expect(services.filter((s) => s.cluster === 'edge')).toHaveLength(8);
    const calls = describeCalls(f);
    expect(calls.map((names) => names.length)).toEqual([10, 3, 8]);
    for (const names of calls) expect(new Set(names.map((n) => f.clusterOf.get(n))).size).toBe(1);
  });

  it('reports a service ECS gives as MISSING (deleted since it was listed), and checks the rest of its call', async () => {
    const f = fleet23();
    // ListServices still named it; by DescribeServices it was gone.
    const ports: ReadPorts = {
      ...f,
      ecs: {
        ...f.ecs,
        listServices: async (cluster) => [
          ...(await f.ecs.listServices(cluster)),
          'arn:aws:ecs:us-east-1:111122223333:service/platform/orders-old',
        ],
      },
    };
    const { services, unread } = await scan(undefined, 'us-east-1', ports);
    expect(unread).toEqual([
      {
        cluster: 'platform',
        service: 'orders-old',
        why: 'ecs:DescribeServices found nothing (MISSING)',
      },
    ]);
    expect(services).toHaveLength(23);
    // It was asked with the three services after the first 20, which were checked.
    expect(describeCalls(f).at(-1)).toEqual(['edge-proxy-9', 'edge-proxy-10', 'edge-proxy-11', 'orders-old']);
  });

  it('checks one service of each task definition first, then the others, which find their reads made', async () => {
    const f = fleet23();
    const order: string[] = [];
    await scan(undefined, 'us-east-1', f, { concurrency: 1, onProgress: (p) => order.push(p.service) });
    const [first, ...others] = [...f.services.keys()];
    // The first of the 12 behind the failed NAT, then the first of the 11 behind the healthy one.
    expect(order.slice(0, 2)).toEqual([first, 'edge-proxy-1']);
    expect(order.slice(2)).toEqual(others.filter((s) => s !== 'edge-proxy-1'));
  });

  it('still reports its progress service by service', async () => {
    const seen: ScanProgress[] = [];
    await scan(undefined, 'us-east-1', fleet23(), { onProgress: (p) => seen.push(p) });
    expect(seen.map((p) => p.done)).toEqual(Array.from({ length: 23 }, (_, i) => i + 1));
    expect(seen.every((p) => p.total === 23)).toBe(true);
    expect(new Set(seen.map((p) => p.service)).size).toBe(23);
  });
});
