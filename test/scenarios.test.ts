import { describe, expect, it } from 'vitest';
import { loadScenarios } from '../src/sim/scenario.js';
import { findingKeys, notCheckedChecks, pathOkChecked, runScenario } from './support/scenarios.js';

const scenarios = loadScenarios();

/**
 * A task with no execution role on a container instance is simulated as its instance's role:
 * the profile is named by DescribeInstances (round 2), its role by GetInstanceProfile (round
 * 3), and only then can it be simulated: a fourth round, for the role's check alone.
 */
const roundsOf = (s: (typeof scenarios)[number]) =>
  s.file.containerInstance && s.taskDefinition.executionRoleArn === undefined ? 4 : 3;

describe('scenarios on the simulated account', () => {
  it('has at least thirty scenarios', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(30);
  });

  it.each(scenarios.map((s) => [s.name, s] as const))(
    '%s: finds exactly what the scenario expects',
    async (_, scenario) => {
      const { report } = await runScenario(scenario);
      expect(report.classification.cause).toBe(scenario.file.expect.cause);
      expect(findingKeys(report.findings)).toEqual(scenario.file.expect.findings);
    },
  );

  it.each(scenarios.map((s) => [s.name, s] as const))(
    '%s: says exactly which checks it could not make',
    async (_, scenario) => {
      const { report } = await runScenario(scenario);
      expect(notCheckedChecks(report.findings)).toEqual(scenario.file.expect['not-checked']);
    },
  );

  it.each(scenarios.map((s) => [s.name, s] as const))(
    '%s: lists exactly what it checked when it finds the path ok',
    async (_, scenario) => {
      const { report } = await runScenario(scenario);
      expect(pathOkChecked(report.findings)).toEqual(scenario.file.expect['path-ok-checked']);
    },
  );

  it.each(scenarios.map((s) => [s.name, s] as const))(
    '%s: inspects in at most 3 rounds (4 for an instance role) and 16 network calls (4 more for the role, image and secrets), none repeated',
    async (_, scenario) => {
      const { account } = await runScenario(scenario);
      // An EFS volume's mount targets are on its network path: they count among its calls (its
      // access point and file system policy, like the task role's simulation, are beyond it).
      const network = account.calls.filter((c) =>
        /^(ecs|ec2|route53resolver):|^elasticfilesystem:DescribeMountTargets$/.test(c.operation),
      );
      expect(account.rounds).toBeLessThanOrEqual(roundsOf(scenario));
      expect(network.length).toBeLessThanOrEqual(16);
      expect(account.calls.length - network.length).toBeLessThanOrEqual(4);
      expect(account.repeats).toBe(0);
    },
  );

  it.each(scenarios.map((s) => [s.name, s] as const))(
    '%s: gives every problem evidence and a fix',
    async (_, scenario) => {
      const { report } = await runScenario(scenario);
      for (const f of report.findings) {
        expect(f.evidence.length, f.id).toBeGreaterThan(0);
        expect(f.fix, f.id).toMatch(/\S/);
      }
    },
  );
});
