import { DescribeAccessPointsCommand, DescribeFileSystemPolicyCommand, EFSClient } from '@aws-sdk/client-efs';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/sim/scenario.js';
import {
  buildInMoto,
  iamSimulator,
  MOTO_ACCOUNT,
  MOTO_URL,
  motoEnv,
  resetMoto,
  useProcessEnv,
  withoutMoto,
} from '../support/moto.js';
import { denyTaskRole } from '../support/moto-efs.js';
import { findingsBothWays, replayOnMoto } from '../support/moto-replay.js';

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

if (MOTO_URL === undefined) {
  withoutMoto('EFS access points and IAM authorization, replayed on moto');
} else {
  const url = MOTO_URL;
  describe('EFS access points and IAM authorization, replayed on moto', () => {
    useProcessEnv(motoEnv(url));

    it.each(EFS_AUTHORIZATION)('%s: finds what the simulated account finds', async (name) => {
      const { scenario, findings } = await replayOnMoto(name, url, (s) =>
        denyTaskRole(s, iamSimulator, MOTO_ACCOUNT),
      ).finally(() => iamSimulator?.reset());

      const { onMoto, simulated } = await findingsBothWays(scenario, findings);
      expect(onMoto).toEqual(simulated);
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
