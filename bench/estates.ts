/** The inspection budget of `npm run bench`, estate by estate (launch type × network mode, IPv6, EFS). */
import type { Scenario } from '../src/sim/scenario.js';
import { type Figure, figure } from './figures.js';

/**
 * Where a task runs, as its scenario says: its launch type (or Managed Instances' capacity
 * provider) and network mode give its one base estate; a task in an IPv6-only or dual-stack
 * subnet, or with EFS volumes, also counts in that row.
 */
export const ESTATES = [
  'Fargate, awsvpc',
  'EC2, awsvpc',
  'EC2, bridge/host/none',
  'Managed Instances',
  'IPv6-only subnet',
  'dual-stack subnet',
  'EFS volumes',
] as const;
export type Estate = (typeof ESTATES)[number];

/** The figures of one estate: its scenarios' worst rounds and calls, and their repeats. */
export type EstateRow = Readonly<{
  estate: Estate;
  scenarios: number;
  /** The network path's sequential rounds (worst). */
  networkRounds: number;
  /** Every sequential round, the role's simulation with them (worst). */
  rounds: number;
  /** The network path's calls (worst). */
  calls: number;
  /** Calls repeated within one diagnosis (worst; the goal is none). */
  repeats: number;
}>;

/** The estates a scenario's task belongs to, from its launch type, network mode, subnet and volumes. */
export function estatesOf(s: Scenario): Estate[] {
  // Read loosely: Managed Instances' launch type and capacity provider are newer than some schemas.
  const file = s.file as { task: { launchType?: string }; capacityProvider?: { type?: string } };
  const mode = s.taskDefinition.networkMode ?? 'awsvpc';
  const managed =
    file.task.launchType === 'MANAGED_INSTANCES' || file.capacityProvider?.type === 'MANAGED_INSTANCES';
  const base: Estate = managed
    ? 'Managed Instances'
    : file.task.launchType === 'EC2'
      ? mode === 'awsvpc'
        ? 'EC2, awsvpc'
        : 'EC2, bridge/host/none'
      : 'Fargate, awsvpc';
  const subnet = s.subnets.find((x) => x.id === s.file.task.subnet);
  const ipv6: Estate[] = subnet?.ipv6Native
    ? ['IPv6-only subnet']
    : (subnet?.ipv6Cidrs?.length ?? 0) > 0
      ? ['dual-stack subnet']
      : [];
  const efs: Estate[] = s.taskDefinition.volumes.some((v) => v.efsFileSystemId) ? ['EFS volumes'] : [];
  return [base, ...ipv6, ...efs];
}

type Cost = Readonly<{
  estates: readonly Estate[];
  rounds: number;
  networkRounds: number;
  calls: number;
  repeats: number;
}>;

/** One row per estate that has scenarios, in {@link ESTATES}' order. */
export function estateRows(costs: readonly Cost[]): EstateRow[] {
  return ESTATES.flatMap((estate) => {
    const of = costs.filter((c) => c.estates.includes(estate));
    if (of.length === 0) return [];
    const worst = (key: 'rounds' | 'networkRounds' | 'calls' | 'repeats') =>
      Math.max(...of.map((c) => c[key]));
    return [
      {
        estate,
        scenarios: of.length,
        networkRounds: worst('networkRounds'),
        rounds: worst('rounds'),
        calls: worst('calls'),
        repeats: worst('repeats'),
      },
    ];
  });
}

/**
 * The budget of each estate, as figures of the one table: the network path in ≤ 3 sequential
 * rounds (an instance role's simulation may add a fourth: its role is known once its profile
 * is read), ≤ 16 calls on it, no call repeated.
 */
export function estateFigures(rows: readonly EstateRow[]): Figure[] {
  return rows.flatMap((r) => [
    figure(
      `estate ${r.estate} (${r.scenarios} scenario${r.scenarios === 1 ? '' : 's'}): rounds, network path (worst)`,
      r.networkRounds,
      'rounds',
      '<= 3',
      r.networkRounds <= 3,
    ),
    figure('  rounds with the role simulated (worst)', r.rounds, 'rounds', '<= 4', r.rounds <= 4),
    figure('  calls on the network path (worst)', r.calls, 'calls', '<= 16', r.calls <= 16),
    figure('  repeated calls (worst)', r.repeats, 'calls', '0', r.repeats === 0),
  ]);
}
