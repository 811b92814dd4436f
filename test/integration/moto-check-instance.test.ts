import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/sim/scenario.js';
import { runCli } from '../support/cli.js';
import {
  buildInMoto,
  MOTO_URL,
  motoEnv,
  resetMoto,
  unsupportedInMoto,
  useProcessEnv,
  withoutMoto,
} from '../support/moto.js';

/**
 * `ecs-pullfix check` of a service in bridge mode on EC2, on moto, as a user runs it: the
 * service has no awsvpc configuration, so an ACTIVE container instance of its cluster (an EC2
 * instance registered as an Auto Scaling group's would be: test/support/moto-instance.ts)
 * stands in for its next task, and the path checked is that instance's.
 */
type Doc = {
  instance?: string;
  wouldStart: boolean;
  findings: { id: string; service?: string; evidence: string[] }[];
};

if (MOTO_URL === undefined) {
  withoutMoto('check of a bridge service on moto');
} else {
  const url = MOTO_URL;
  describe('check of a bridge service on moto', () => {
    useProcessEnv(motoEnv(url));

    const checkOnMoto = async (name: string) => {
      const scenario = loadScenario(name);
      expect(unsupportedInMoto(scenario), name).toBeUndefined();
      await resetMoto(url);
      await buildInMoto(scenario, url);
      const run = await runCli(
        [
          'check',
          '--cluster',
          scenario.file.cluster.name,
          '--service',
          scenario.service?.name ?? '',
          '--json',
        ],
        '',
        motoEnv(url),
      );
      return { ...run, doc: JSON.parse(run.stdout) as Doc };
    };

    it('would fail through a container instance in a private subnet with no NAT and no endpoints', async () => {
      const { code, stderr, doc } = await checkOnMoto('ec2-bridge-private-subnet-no-nat');
      expect(stderr).toBe('');
      expect(code).toBe(2);
      expect(doc.wouldStart).toBe(false);
      expect(doc.instance).toMatch(/^i-[0-9a-f]+ \(container instance [0-9a-f-]+\)$/);
      expect(
        doc.findings
          .filter((f) => f.id !== 'not-checked' && f.id !== 'path-ok')
          .map((f) => (f.service ? `${f.id}:${f.service}` : f.id)),
      ).toEqual([
        'no-egress-path',
        'missing-endpoint:ecr.api',
        'missing-endpoint:ecr.dkr',
        'missing-endpoint:logs',
        's3-gateway-missing:s3',
      ]);
    });

    it('finds the path through that instance ok when its subnet routes to a public NAT gateway', async () => {
      const { stderr, doc } = await checkOnMoto('ec2-bridge-private-subnet-nat-healthy');
      expect(stderr).toBe('');
      const pathOk = doc.findings.find((f) => f.id === 'path-ok');
      expect(pathOk?.evidence[0]).toMatch(
        /^i-[0-9a-f]+ \(container instance; the task's network mode is bridge\): the pull goes through its interface in subnet-/,
      );
      expect(doc.findings.map((f) => f.id)).not.toContain('no-egress-path');
    });
  });
}
