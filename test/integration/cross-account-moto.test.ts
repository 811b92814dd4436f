import { CreateRepositoryCommand, ECRClient, SetRepositoryPolicyCommand } from '@aws-sdk/client-ecr';
import { describe, expect, it } from 'vitest';
import { SdkEcrReader } from '../../src/aws/ecr-reader.js';
import { ecrImageOf } from '../../src/core/workload.js';
import { loadScenario } from '../../src/sim/scenario.js';
import { runCli } from '../support/cli.js';
import {
  buildInMoto,
  eventFile,
  MOTO_URL,
  motoEnv,
  resetMoto,
  useProcessEnv,
  withoutMoto,
} from '../support/moto.js';
import { findingsBothWays, replayOnMoto } from '../support/moto-replay.js';

/**
 * Another account's repository, on the wire: moto keeps repositories and their policies per
 * registry id (`CreateRepository`, `SetRepositoryPolicy` and `GetRepositoryPolicy` with
 * `registryId`), so both cross-account scenarios are built there — the repository in account
 * 444455556666, the policy naming moto's execution role — and replayed through
 * `ecs-pullfix replay`. moto does not refuse a caller another account's policy (it enforces no
 * IAM): AccessDenied is the reliability bench's (test/reliability.test.ts).
 */
const REPLAYED = [
  'cross-account-repository-policy-missing-role',
  'cross-account-repository-policy-grants-role',
];
const OTHER = '444455556666';

type Doc = { findings: { id: string; evidence: string[]; fix: string }[] };

if (MOTO_URL === undefined) {
  withoutMoto('cross-account repositories on moto');
} else {
  const url = MOTO_URL;
  describe('cross-account repositories on moto', () => {
    useProcessEnv(motoEnv(url));

    it.each(REPLAYED)('%s: finds what the simulated account finds', async (name) => {
      const { scenario, findings } = await replayOnMoto(name, url);

      const { onMoto, simulated, notChecked } = await findingsBothWays(scenario, findings);
      expect(onMoto).toEqual(simulated);
      expect(notChecked.onMoto).toBe(notChecked.simulated);
    });

    describe('the ECR adapter', () => {
      const ecr = new ECRClient({
        region: 'us-east-1',
        endpoint: url,
        credentials: { accessKeyId: 't', secretAccessKey: 't' },
      });
      const reader = new SdkEcrReader(ecr);
      const ref = (repository: string) => {
        const r = ecrImageOf(`${OTHER}.dkr.ecr.us-east-1.amazonaws.com/${repository}:1`, 'api');
        if (!r) throw new Error(`not a private ECR image: ${repository}`);
        return r;
      };

      it('reads another registry’s repository policy by its registry id, and none where it has none', async () => {
        await resetMoto(url);
        const text = JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Sid: 'Pull', Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: 'ecr:BatchGetImage' },
          ],
        });
        await ecr.send(
          new CreateRepositoryCommand({ registryId: OTHER, repositoryName: 'platform/granted' }),
        );
        await ecr.send(new CreateRepositoryCommand({ registryId: OTHER, repositoryName: 'platform/bare' }));
        await ecr.send(
          new SetRepositoryPolicyCommand({
            registryId: OTHER,
            repositoryName: 'platform/granted',
            policyText: text,
          }),
        );

        expect(JSON.parse((await reader.repositoryPolicy(ref('platform/granted'))) ?? '')).toEqual(
          JSON.parse(text),
        );
        expect(await reader.repositoryPolicy(ref('platform/bare'))).toBeUndefined();
      });

      it('fails a read of a repository that does not exist as a read naming ecr:GetRepositoryPolicy', async () => {
        await resetMoto(url);
        await expect(reader.repositoryPolicy(ref('platform/nowhere'))).rejects.toMatchObject({
          operation: 'ecr:GetRepositoryPolicy',
        });
      });
    });

    it('names the role and the set-repository-policy command of the other account in its fix', async () => {
      const name = 'cross-account-repository-policy-missing-role';
      await resetMoto(url);
      const { event } = await buildInMoto(loadScenario(name), url);

      const { stdout } = await runCli(['replay', eventFile(event, name), '--json'], '', motoEnv(url));

      const f = (JSON.parse(stdout) as Doc).findings.find((x) => x.id === 'ecr-repository-policy-denies');
      expect(f?.fix).toContain(`account ${OTHER}`);
      expect(f?.fix).toContain('role/ecsTaskExecutionRole');
    });
  });
}
