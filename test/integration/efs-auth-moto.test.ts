import { DescribeAccessPointsCommand, DescribeFileSystemPolicyCommand, EFSClient } from '@aws-sdk/client-efs';
import { describe, expect, it } from 'vitest';
import { serviceOfFinding } from '../../src/core/findings.js';
import { loadScenario } from '../../src/sim/scenario.js';
import { runCli } from '../support/cli.js';
import {
  buildInMoto,
  eventFile,
  iamSimulator,
  MOTO_ACCOUNT,
  MOTO_URL,
  motoEnv,
  resetMoto,
  unsupportedInMoto,
  useProcessEnv,
  withoutMoto,
} from '../support/moto.js';
import { denyTaskRole } from '../support/moto-efs.js';
import { runScenario } from '../support/scenarios.js';

/**
 * EFS volumes with an access point and IAM authorization, built in moto (which implements access
 * points and file system policies; the task role's simulation is the IAM stand-in's, denying or
 * refusing what the scenario says) and replayed through `ecs-pullfix replay` on the real
 * adapters: the findings, and how many checks could not be made, equal the simulated account's.
 */
const EFS_AUTHORIZATION = [
  'efs-volume-endpoints-healthy',
  'efs-iam-task-role-not-allowed',
  'efs-access-point-missing',
  'efs-iam-no-task-role',
  'efs-iam-task-role-not-simulated',
];

type Doc = { findings: { id: string; service?: string; evidence: string[] }[] };
const keyOf = (f: { id: string; service?: string | undefined }) =>
  f.service ? `${f.id}:${f.service}` : f.id;

if (MOTO_URL === undefined) {
  withoutMoto('EFS access points and IAM authorization, replayed on moto');
} else {
  const url = MOTO_URL;
  describe('EFS access points and IAM authorization, replayed on moto', () => {
    useProcessEnv(motoEnv(url));

    it.each(EFS_AUTHORIZATION)('%s: finds what the simulated account finds', async (name) => {
      const scenario = loadScenario(name);
      expect(unsupportedInMoto(scenario), name).toBeUndefined();
      await resetMoto(url);
      const { event } = await buildInMoto(scenario, url);
      const file = eventFile(event, name);
      denyTaskRole(scenario, iamSimulator, MOTO_ACCOUNT);

      const { code, stdout, stderr } = await runCli(['replay', file, '--json'], '', motoEnv(url));
      iamSimulator?.reset();

      expect(stderr).toBe('');
      expect(code).toBe(0);
      const findings = (JSON.parse(stdout) as Doc).findings;
      const { report } = await runScenario(scenario);
      expect(findings.filter((f) => f.id !== 'not-checked').map(keyOf)).toEqual(
        report.findings
          .filter((f) => f.id !== 'not-checked')
          .map((f) => keyOf({ id: f.id, service: serviceOfFinding(f) })),
      );
      expect(findings.filter((f) => f.id === 'not-checked').map((f) => f.evidence.join(' '))).toHaveLength(
        scenario.file.expect['not-checked'].length,
      );
    });

    it('keeps an access point, with its file system and root directory, and a file system policy, as EFS does', async () => {
      const scenario = loadScenario('efs-volume-endpoints-healthy');
      await resetMoto(url);
      const { ids } = await buildInMoto(scenario, url);
      const efs = new EFSClient({});
      const apId = ids.get('fsap-0b1c2d3e4f5a60719') ?? '';
      const fsId = ids.get('fs-0a1b2c3d4e5f60718') ?? '';

      const { AccessPoints } = await efs.send(new DescribeAccessPointsCommand({ AccessPointId: apId }));
      const { Policy } = await efs.send(new DescribeFileSystemPolicyCommand({ FileSystemId: fsId }));

      expect(AccessPoints?.[0]).toMatchObject({
        FileSystemId: fsId,
        LifeCycleState: 'available',
        RootDirectory: { Path: '/uploads' },
      });
      expect(Policy).toContain(`arn:aws:elasticfilesystem:us-east-1:${MOTO_ACCOUNT}:access-point/${apId}`);
    });
  });
}
