import { describe, expect, it } from 'vitest';
import { estateFigures, estateRows, estatesOf } from '../../bench/estates.js';
import { loadScenario, type Scenario } from '../../src/sim/scenario.js';

/** The scenario with some of its file's fields replaced (fields newer than the schema, read loosely). */
const withFile = (s: Scenario, fields: Record<string, unknown>): Scenario =>
  ({ ...s, file: { ...s.file, ...fields } }) as unknown as Scenario;

describe(estatesOf.name, () => {
  it.each([
    ['no-egress-no-endpoints', ['Fargate, awsvpc']],
    ['ec2-awsvpc-missing-ecr-dkr-endpoint', ['EC2, awsvpc']],
    ['ec2-awsvpc-no-execution-role-instance-role-lacks-ecr', ['EC2, awsvpc']],
    ['ec2-bridge-private-subnet-no-nat', ['EC2, bridge/host/none']],
    ['ec2-host-instance-sg-blocks-443', ['EC2, bridge/host/none']],
    ['ipv6-only-egress-only-gateway-ecr-ipv4-name', ['Fargate, awsvpc', 'IPv6-only subnet']],
    ['dual-stack-nat-egress-only-healthy', ['Fargate, awsvpc', 'dual-stack subnet']],
    ['efs-no-mount-target-in-task-zone', ['Fargate, awsvpc', 'EFS volumes']],
  ])('puts %s in %j', (name, estates) => {
    expect(estatesOf(loadScenario(name))).toEqual(estates);
  });

  it('reads the scenario’s data, not its file name', () => {
    const s = loadScenario('ec2-host-instance-sg-blocks-443');
    expect(estatesOf({ ...s, name: 'fargate-awsvpc-ipv6-only-efs' })).toEqual(['EC2, bridge/host/none']);
  });

  it('knows Managed Instances by its launch type or by its capacity provider’s type', () => {
    const s = loadScenario('ec2-awsvpc-missing-ecr-dkr-endpoint');
    expect(estatesOf(withFile(s, { task: { ...s.file.task, launchType: 'MANAGED_INSTANCES' } }))).toEqual([
      'Managed Instances',
    ]);
    expect(
      estatesOf(
        withFile(s, { capacityProvider: { name: 'mi', type: 'MANAGED_INSTANCES', instanceProfile: 'p' } }),
      ),
    ).toEqual(['Managed Instances']);
  });
});

describe(estateRows.name, () => {
  const cost = (estates: Parameters<typeof estateRows>[0][number]['estates'], calls: number, rounds = 3) => ({
    estates,
    rounds,
    networkRounds: 3,
    calls,
    repeats: 0,
  });

  it('gives each estate with scenarios its worst rounds and calls, a scenario counting in each of its rows', () => {
    const rows = estateRows([
      cost(['Fargate, awsvpc'], 12),
      cost(['Fargate, awsvpc', 'EFS volumes'], 15),
      cost(['EC2, bridge/host/none'], 14, 4),
    ]);
    expect(rows).toEqual([
      { estate: 'Fargate, awsvpc', scenarios: 2, networkRounds: 3, rounds: 3, calls: 15, repeats: 0 },
      { estate: 'EC2, bridge/host/none', scenarios: 1, networkRounds: 3, rounds: 4, calls: 14, repeats: 0 },
      { estate: 'EFS volumes', scenarios: 1, networkRounds: 3, rounds: 3, calls: 15, repeats: 0 },
    ]);
  });
});

describe(estateFigures.name, () => {
  it('misses the goal of an estate whose diagnosis repeats a call or takes a fourth round on its path', () => {
    const figures = estateFigures([
      { estate: 'EC2, awsvpc', scenarios: 3, networkRounds: 4, rounds: 4, calls: 15, repeats: 1 },
    ]);
    expect(figures.map((f) => [f.name.trim(), f.value, f.met])).toEqual([
      ['estate EC2, awsvpc (3 scenarios): rounds, network path (worst)', 4, false],
      ['rounds with the role simulated (worst)', 4, true],
      ['calls on the network path (worst)', 15, true],
      ['repeated calls (worst)', 1, false],
    ]);
  });
});
