import { describe, expect, it } from 'vitest';
import { type FleetShape, fleetOf, scanFleet, scanFleetFigures } from '../../bench/scan-fleet.js';
import { throttled } from '../../bench/throttle.js';

/**
 * 120 services in 6 VPCs across 2 clusters, 2 task definitions per VPC (10 services each): more
 * VPCs than the fleet has scenarios to copy, so two VPCs are copies of one.
 */
const SMALL: FleetShape = { clusters: 2, vpcs: 6, services: 120, taskDefinitionsPerVpc: 2 };

describe(fleetOf.name, () => {
  it('builds the shape asked for: services, VPCs, clusters and task definitions', () => {
    const fleet = fleetOf(SMALL);
    const scenarios = [...fleet.services.values()];
    expect(fleet.services.size).toBe(120);
    expect(new Set(scenarios.map((s) => s.vpcId)).size).toBe(6);
    // Each VPC's copy has ids of its own: no subnet is in two VPCs.
    const vpcsOfSubnet = new Map<string, Set<string>>();
    for (const s of scenarios)
      for (const x of s.subnets) vpcsOfSubnet.set(x.id, (vpcsOfSubnet.get(x.id) ?? new Set()).add(s.vpcId));
    expect([...vpcsOfSubnet.values()].every((vpcs) => vpcs.size === 1)).toBe(true);
    expect(new Set(fleet.clusterOf.values()).size).toBe(2);
    expect(new Set(scenarios.map((s) => s.taskDefinition.arn)).size).toBe(12);
  });
});

describe(scanFleet.name, () => {
  it('counts one DescribeServices per 10 services of a cluster, one read per task definition, no repeat', async () => {
    const run = await scanFleet(fleetOf(SMALL), 2, 4);
    expect(run).toMatchObject({
      services: 120,
      unread: 0,
      describeServicesCalls: 12,
      describeServicesGoal: 12,
      taskDefinitions: 12,
      mostReadsOfATaskDefinition: 1,
      repeats: 0,
    });
    expect(run.wallMs).toBeGreaterThan(2);
  });
});

describe(scanFleetFigures.name, () => {
  it('reports the calls against their goals, the wall time, and what the throttles would refuse', async () => {
    const figures = await scanFleetFigures(SMALL, 2);
    const byStart = (start: string) => figures.find((f) => f.name.trimStart().startsWith(start));
    expect(byStart('scan, 120 services / 6 VPCs / 2 clusters: DescribeServices calls')).toMatchObject({
      value: 12,
      goal: '= 12',
      met: true,
    });
    expect(byStart('reads of a task definition, most (12 distinct)')).toMatchObject({ value: 1, met: true });
    expect(byStart('calls repeated with the same input')).toMatchObject({ value: 0, met: true });
    expect(byStart('wall time, 2 ms per call, 4 services at a time')?.unit).toBe('ms');
    expect(figures.every((f) => f.met)).toBe(true);
  });
});

describe(throttled.name, () => {
  const reads = (n: number, everyMs: number) =>
    Array.from({ length: n }, (_, i) => ({
      port: 'ecs',
      method: 'describeTaskDefinition',
      startMs: i * everyMs,
    }));

  it('refuses what a burst takes beyond the bucket: 60 task definition reads at once, 50 tokens', () => {
    expect(throttled(reads(60, 0))).toEqual(new Map([['ECS task definition reads', 10]]));
  });

  it('refuses nothing at the refill rate: 200 reads, one every 50 ms', () => {
    expect(throttled(reads(200, 50)).size).toBe(0);
  });

  it('gives each EC2 action its own bucket', () => {
    const ec2 = (method: string) => Array.from({ length: 100 }, () => ({ port: 'ec2', method, startMs: 0 }));
    expect(throttled([...ec2('describeRouteTables'), ...ec2('describeNetworkAcls')]).size).toBe(0);
  });
});
