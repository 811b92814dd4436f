import { describe, expect, it } from 'vitest';
import { serviceOfFinding } from '../../src/core/findings.js';
import { loadScenario } from '../../src/sim/scenario.js';
import { runCli } from '../support/cli.js';
import {
  buildInMoto,
  eventFile,
  MOTO_URL,
  motoEnv,
  resetMoto,
  unsupportedInMoto,
  useProcessEnv,
  withoutMoto,
} from '../support/moto.js';
import { runScenario } from '../support/scenarios.js';

/**
 * Tasks on EC2 in bridge or host network mode, built in moto as an Auto Scaling group's
 * instance joins its cluster (an EC2 instance registered as a container instance:
 * test/support/moto-instance.ts), replayed through `ecs-pullfix replay` on the real adapters:
 * the findings must equal the simulated account's, and the notes name the same checks.
 */
const ON_INSTANCES = [
  'ec2-bridge-private-subnet-no-nat',
  'ec2-bridge-private-subnet-nat-healthy',
  'ec2-host-instance-sg-blocks-443',
  'ec2-host-instance-sg-open-healthy',
  'ec2-bridge-instance-terminated',
];

type Doc = { findings: { id: string; service?: string }[] };
const keyOf = (f: { id: string; service?: string | undefined }) =>
  f.service ? `${f.id}:${f.service}` : f.id;

if (MOTO_URL === undefined) {
  withoutMoto('tasks on container instances, replayed on moto');
} else {
  const url = MOTO_URL;
  describe('tasks on container instances, replayed on moto', () => {
    useProcessEnv(motoEnv(url));

    it.each(ON_INSTANCES)('%s: finds what the simulated account finds', async (name) => {
      const scenario = loadScenario(name);
      expect(unsupportedInMoto(scenario), name).toBeUndefined();
      await resetMoto(url);
      const { event } = await buildInMoto(scenario, url);
      expect((event.detail as Record<string, unknown>).containerInstanceArn).toMatch(/:container-instance\//);
      const file = eventFile(event, name);

      const { code, stdout, stderr } = await runCli(['replay', file, '--json'], '', motoEnv(url));
      expect(stderr).toBe('');
      expect(code).toBe(0);
      const findings = (JSON.parse(stdout) as Doc).findings;
      const { report } = await runScenario(scenario);
      expect(findings.filter((f) => f.id !== 'not-checked').map(keyOf)).toEqual(
        report.findings
          .filter((f) => f.id !== 'not-checked')
          .map((f) => keyOf({ id: f.id, service: serviceOfFinding(f) })),
      );
      // What could not be checked (a gone instance's groups) is said on moto too.
      expect(findings.filter((f) => f.id === 'not-checked')).toHaveLength(
        scenario.file.expect['not-checked'].length,
      );
    });
  });
}
