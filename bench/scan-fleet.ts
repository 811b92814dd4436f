/**
 * `scan` at fleet scale (issue 19, item 4): 1,000 services in 20 VPCs across 5 clusters on the
 * simulated fleet, built here from four scenarios (each VPC a copy of one, its ids renamed;
 * five task definitions per VPC, ten services each), with the same latency added to every
 * call. Every call is recorded with its input and start, so the figures count what the scan
 * cost: `DescribeServices` calls against ⌈services / 10⌉ per cluster, reads per distinct task
 * definition, calls repeated with the same input, and the calls ECS's and EC2's token buckets
 * would have throttled at the concurrency the scan runs at (`bench/throttle.ts`).
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { ReadPorts } from '../src/core/ports.js';
import { SCAN_CONCURRENCY, scan } from '../src/pipeline/scan.js';
import { SimulatedFleet } from '../src/sim/fleet.js';
import { recordedPorts } from '../src/sim/recorded-ports.js';
import { parseScenario, SCENARIOS_DIR } from '../src/sim/scenario.js';
import { type Figure, figure } from './figures.js';
import { type TimedCall, throttled } from './throttle.js';

/** A fleet's size: services spread evenly over the VPCs, VPCs over the clusters. */
export type FleetShape = Readonly<{
  clusters: number;
  vpcs: number;
  services: number;
  taskDefinitionsPerVpc: number;
}>;

/** Issue 19's fleet: 1,000 services in 20 VPCs across 5 clusters (100 task definitions). */
export const FLEET: FleetShape = { clusters: 5, vpcs: 20, services: 1_000, taskDefinitionsPerVpc: 5 };

/** What the VPCs are copies of: a healthy NAT, interface endpoints and a secret, a failed NAT, DNS hostnames off. */
const BASES = [
  'nat-healthy-dockerhub-rate-limit',
  'endpoints-healthy-secret-not-found',
  'nat-gateway-failed',
  'vpc-dns-hostnames-off',
] as const;

/** The resource ids of a scenario's text (vpc-0d4e…, subnet-…, sg-…), each with its own VPC's prefix. */
const ID = /\b(vpc|subnet|sg|nat|rtb|igw|eigw|acl|vpce|eni|pl|dopt|tgw|fs|fsmt|fsap)-([0-9a-f]{8,17})\b/g;

/** The fleet of `shape`: VPC k is a copy of base k mod 4, in cluster `cluster-<k mod clusters>`. */
export function fleetOf(shape: FleetShape): SimulatedFleet {
  const perTaskDefinition = Math.ceil(shape.services / shape.vpcs / shape.taskDefinitionsPerVpc);
  const members = Array.from({ length: shape.vpcs }, (_, k) => {
    const base = BASES[k % BASES.length] as string;
    const tag = k.toString(16).padStart(2, '0');
    const text = readFileSync(`${SCENARIOS_DIR}${base}.yaml`, 'utf8').replace(
      ID,
      (_, kind: string, hex: string) => `${kind}-${tag}${hex.slice(2)}`,
    );
    return Array.from({ length: shape.taskDefinitionsPerVpc }, (_, t) => {
      const file = parseYaml(text) as { taskDefinition: { family: string }; service: { name: string } };
      file.taskDefinition.family = `${file.taskDefinition.family}-${tag}${t}`;
      file.service.name = `${file.service.name}-${tag}${t}`;
      const scenario = parseScenario(`${base}-${tag}${t}`, JSON.stringify(file));
      return { scenario, copies: perTaskDefinition, cluster: `cluster-${k % shape.clusters}` };
    });
  }).flat();
  return new SimulatedFleet(members);
}

/** Every call through the ports, with its input; `latencyMs` added before each answers. */
function recorded(ports: ReadPorts, latencyMs: number, calls: (TimedCall & { input: string })[]): ReadPorts {
  const t0 = process.hrtime.bigint();
  return recordedPorts(ports, latencyMs, (port, method, args) => {
    const startMs = Number(process.hrtime.bigint() - t0) / 1e6;
    calls.push({ port, method, startMs, input: JSON.stringify(args) });
  });
}

/** What one scan of a fleet cost. */
export type FleetScan = Readonly<{
  services: number;
  unread: number;
  describeServicesCalls: number;
  /** Σ ⌈services / 10⌉ over the clusters. */
  describeServicesGoal: number;
  taskDefinitions: number;
  mostReadsOfATaskDefinition: number;
  /** Calls beyond the first of the same method with the same input. */
  repeats: number;
  calls: number;
  wallMs: number;
  /** Calls the token buckets would have throttled, by bucket. */
  throttled: ReadonlyMap<string, number>;
}>;

/** One scan of `fleet` with `latencyMs` in every call, `concurrency` services at a time. */
export async function scanFleet(
  fleet: SimulatedFleet,
  latencyMs: number,
  concurrency: number,
): Promise<FleetScan> {
  const calls: (TimedCall & { input: string })[] = [];
  const ports = recorded(fleet, latencyMs, calls);
  const started = process.hrtime.bigint();
  const result = await scan(undefined, 'us-east-1', ports, { concurrency });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const perCluster = new Map<string, number>();
  for (const cluster of fleet.clusterOf.values()) perCluster.set(cluster, (perCluster.get(cluster) ?? 0) + 1);
  const of = (method: string) => calls.filter((c) => c.port === 'ecs' && c.method === method);
  const tdReads = new Map<string, number>();
  for (const c of of('describeTaskDefinition')) tdReads.set(c.input, (tdReads.get(c.input) ?? 0) + 1);
  const distinct = new Set(calls.map((c) => `${c.port}.${c.method} ${c.input}`)).size;
  return {
    services: result.services.length,
    unread: result.unread.length,
    // A call of more than 10 names would be several: counted as ECS would take them.
    describeServicesCalls: of('describeServices').reduce(
      (n, c) => n + Math.ceil(((JSON.parse(c.input) as [string, string[]])[1].length || 1) / 10),
      0,
    ),
    describeServicesGoal: [...perCluster.values()].reduce((n, services) => n + Math.ceil(services / 10), 0),
    taskDefinitions: new Set([...fleet.services.values()].map((s) => s.taskDefinition.arn)).size,
    mostReadsOfATaskDefinition: Math.max(0, ...tdReads.values()),
    repeats: calls.length - distinct,
    calls: calls.length,
    wallMs,
    throttled: throttled(calls),
  };
}

const total = (m: ReadonlyMap<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

/**
 * The figures: the fleet's scan at `SCAN_CONCURRENCY` (its cost, and what the throttles would
 * have refused), the same scan with no latency (the time that is the scan's own, not AWS's), and
 * its wall time and throttled calls at twice the concurrency, which is why it is not higher.
 */
export async function scanFleetFigures(shape: FleetShape = FLEET, latencyMs = 50): Promise<Figure[]> {
  const fleet = fleetOf(shape);
  const run = await scanFleet(fleet, latencyMs, SCAN_CONCURRENCY);
  const faster = await scanFleet(fleet, latencyMs, 2 * SCAN_CONCURRENCY);
  const cpu = await scanFleet(fleet, 0, SCAN_CONCURRENCY);
  const name = `scan, ${shape.services} services / ${shape.vpcs} VPCs / ${shape.clusters} clusters`;
  const refused = (m: ReadonlyMap<string, number>) =>
    [...m].map(([bucket, n]) => `${bucket} ${n}`).join(', ') || 'none';
  return [
    figure(
      `${name}: DescribeServices calls (${run.services} checked, ${run.unread} not read)`,
      run.describeServicesCalls,
      'calls',
      `= ${run.describeServicesGoal}`,
      run.describeServicesCalls === run.describeServicesGoal,
    ),
    figure(
      `  reads of a task definition, most (${run.taskDefinitions} distinct)`,
      run.mostReadsOfATaskDefinition,
      'reads',
      '<= 2',
      run.mostReadsOfATaskDefinition <= 2,
    ),
    figure('  calls repeated with the same input', run.repeats, 'calls', '= 0', run.repeats === 0),
    figure(`  calls in all, ${latencyMs} ms each`, run.calls, 'calls', '(reported)', true),
    figure(
      `  wall time, ${latencyMs} ms per call, ${SCAN_CONCURRENCY} services at a time`,
      Math.round(run.wallMs),
      'ms',
      '(reported)',
      true,
    ),
    figure(
      '  the same scan with no latency (its own time: checks, diagnoses)',
      Math.round(cpu.wallMs),
      'ms',
      '(reported)',
      true,
    ),
    figure(
      `  calls ECS's and EC2's token buckets would throttle at ${SCAN_CONCURRENCY} at a time (${refused(run.throttled)})`,
      total(run.throttled),
      'calls',
      '= 0',
      total(run.throttled) === 0,
    ),
    figure(
      `  at ${2 * SCAN_CONCURRENCY} at a time: wall time (throttled: ${refused(faster.throttled)})`,
      Math.round(faster.wallMs),
      'ms',
      '(reported)',
      true,
    ),
  ];
}
