import { describe, expect, it } from 'vitest';
import { isProblem } from '../../src/core/findings.js';
import { preflight } from '../../src/pipeline/preflight.js';
import { scan } from '../../src/pipeline/scan.js';
import { type SimOptions, SimulatedAccount } from '../../src/sim/account.js';
import { SimulatedFleet } from '../../src/sim/fleet.js';
import { loadScenario, type Scenario } from '../../src/sim/scenario.js';
import { diagnosedOnSim, roundsOf, scenarioVariant } from '../support/diagnosed.js';

/**
 * A task on Amazon ECS Managed Instances keeps its ENI's path; its capacity provider is read
 * beside round 1, the provider's instance profile in round 2, and whether its infrastructure
 * role may pass the profile's role is simulated in round 3: still three rounds.
 */

const WRONG = 'managed-instances-instance-role-wrongly-named';
const HEALTHY = 'managed-instances-instance-role-ecsinstancerole-healthy';

const variant = scenarioVariant;

async function diagnosed(scenario: Scenario, options: SimOptions = {}) {
  const run = await diagnosedOnSim(scenario, options);
  return { ...run, ids: run.report.findings.map((f) => f.id) };
}

const roundOf = roundsOf;

describe('a task on Managed Instances', () => {
  it('reads its capacity provider in round 1, the profile in round 2, the pass in round 3', async () => {
    const { account } = await diagnosed(loadScenario(WRONG));
    expect(roundOf(account, 'ecs:DescribeCapacityProviders')).toEqual([1]);
    expect(roundOf(account, 'iam:GetInstanceProfile')).toEqual([2]);
    expect(roundOf(account, 'iam:SimulatePrincipalPolicy')).toContain(3);
    expect(account.rounds).toBe(3);
    expect(account.calls.find((c) => c.operation === 'ecs:DescribeCapacityProviders')?.input).toBe(
      JSON.stringify({ cluster: 'ledger', name: 'ledger-mi' }),
    );
  });

  it('reads no capacity provider for a cause that does not ask for the role', async () => {
    const scenario = variant(
      WRONG,
      'is not\n    authorized to perform: iam:PassRole',
      'cannot reach\n    iam:PassRole (dial tcp 10.61.0.9:443: i/o timeout)',
    );
    const { account } = await diagnosed(scenario);
    expect(roundOf(account, 'ecs:DescribeCapacityProviders')).toEqual([]);
  });

  it('lets a custom infrastructure policy pass a role of any name', async () => {
    const scenario = variant(
      WRONG,
      '  instanceRole: ledger-stack-InstanceRole-7QX2M4KD9P1A\n',
      '  instanceRole: ledger-stack-InstanceRole-7QX2M4KD9P1A\n  infrastructurePolicy: custom\n',
    );
    expect((await diagnosed(scenario)).ids).toEqual(['path-ok']);
  });

  it('falls back on the name rule, as likely, when the infrastructure role may not be simulated', async () => {
    const { report, notes } = await diagnosed(loadScenario(WRONG), {
      faults: [{ operation: 'iam:SimulatePrincipalPolicy', kind: 'denied' }],
    });
    const f = report.findings.find((x) => x.id === 'managed-instances-role-not-passable');
    expect(f?.fix).toMatch(
      /^Likely \(the role could not be simulated\): ECS cannot launch capacity provider ledger-mi's instances/,
    );
    expect(notes.filter((n) => n.startsWith('managed-instances: '))).toEqual([
      expect.stringContaining('iam:SimulatePrincipalPolicy was denied'),
    ]);
  });

  it('blames nothing of a role named ecsInstanceRole… it could not simulate, and says so', async () => {
    const { ids, notes } = await diagnosed(loadScenario(HEALTHY), {
      faults: [{ operation: 'iam:SimulatePrincipalPolicy', kind: 'denied' }],
    });
    expect(ids).not.toContain('managed-instances-role-not-passable');
    expect(
      notes.some((n) => n.startsWith('managed-instances: ') && n.includes('iam:SimulatePrincipalPolicy')),
    ).toBe(true);
  });

  it.each(['ecs:DescribeCapacityProviders', 'iam:GetInstanceProfile'])(
    'says the check was not made, naming %s, when it is refused',
    async (operation) => {
      const { ids, notes } = await diagnosed(loadScenario(WRONG), {
        faults: [{ operation, kind: 'denied' }],
      });
      expect(ids).not.toContain('managed-instances-role-not-passable');
      expect(notes.filter((n) => n.startsWith('managed-instances: '))).toEqual([
        expect.stringContaining(`${operation} was denied`),
      ]);
    },
  );
});

describe('check of a service on a Managed Instances capacity provider', () => {
  it('reads the provider its strategy names first, and finds the role it cannot pass', async () => {
    const s = loadScenario(WRONG);
    const account = new SimulatedAccount(s);
    const result = await preflight(
      'arn:aws:ecs:us-east-1:111122223333:cluster/ledger',
      'ledger-sync',
      'us-east-1',
      account,
    );
    expect(result.findings.filter(isProblem).map((f) => f.id)).toEqual([
      'managed-instances-role-not-passable',
    ]);
    expect(result.wouldFail).toBe(true);
    // The service is read first: the inspection's three rounds follow it.
    expect(roundOf(account, 'ecs:DescribeCapacityProviders')).toEqual([2]);
    expect(account.rounds).toBe(4);
  });
});

describe('scan of a cluster with a service on Managed Instances', () => {
  it('finds the role its provider cannot pass, and nothing of the kind for the other services', async () => {
    const fleet = new SimulatedFleet([
      { scenario: loadScenario('nat-gateway-failed'), copies: 2 },
      { scenario: loadScenario(WRONG), copies: 2 },
    ]);
    const { services } = await scan(undefined, 'us-east-1', fleet);
    const passable = (name: string) =>
      services
        .find((r) => r.service === name)
        ?.findings.some((f) => f.id === 'managed-instances-role-not-passable');
    expect(services).toHaveLength(4);
    expect([1, 2].map((n) => passable(`ledger-sync-${n}`))).toEqual([true, true]);
    expect(
      services.filter((r) => !r.service.startsWith('ledger-sync-')).map((r) => passable(r.service)),
    ).toEqual([false, false]);
    // Read once for the cluster's two services on it.
    expect(fleet.calls.filter((c) => c.operation === 'ecs:DescribeCapacityProviders')).toHaveLength(1);
  });
});
