import { ECRClient, PutReplicationConfigurationCommand } from '@aws-sdk/client-ecr';
import { describe, expect, it } from 'vitest';
import { SdkEcrReader } from '../../src/aws/ecr-reader.js';
import { MOTO_ACCOUNT, MOTO_URL, motoEnv, resetMoto, useProcessEnv, withoutMoto } from '../support/moto.js';
import { replayOnMoto } from '../support/moto-replay.js';
import { runScenario } from '../support/scenarios.js';

/**
 * Replication on the wire: moto keeps a replication configuration per Region
 * (`PutReplicationConfiguration`, `DescribeRegistry`), so both cross-Region scenarios are built
 * there — the image's repository in us-west-2, the rule (or none) in us-west-2's registry — and
 * replayed through `ecs-pullfix replay` from us-east-1. moto enforces no IAM: a refused
 * DescribeRegistry is the reliability bench's (test/reliability.test.ts).
 */
const REPLAYED = ['cross-region-ecr-image', 'cross-region-ecr-image-replicated'];
const REPLICATED = `${MOTO_ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/ledger:4.1.0`;

type Doc = { findings: { id: string; fix: string }[] };

if (MOTO_URL === undefined) {
  withoutMoto('replication on moto');
} else {
  const url = MOTO_URL;
  describe('replication on moto', () => {
    useProcessEnv(motoEnv(url));

    const replay = (name: string) => replayOnMoto(name, url);
    const fixOf = (findings: Doc['findings']) =>
      findings.find((f) => f.id === 'registry-needs-internet')?.fix;

    it.each(REPLAYED)('%s: finds what the simulated account finds', async (name) => {
      const { scenario, findings } = await replay(name);
      const { report } = await runScenario(scenario);

      expect(findings.map((f) => f.id)).toEqual(report.findings.map((f) => f.id));
    });

    it('names the image already in us-east-1 when us-west-2’s registry replicates it there', async () => {
      const { findings } = await replay('cross-region-ecr-image-replicated');

      expect(fixOf(findings)).toContain(
        `already copies the image into us-east-1: point the task definition at ${REPLICATED}`,
      );
    });

    it('gives put-replication-configuration in us-west-2 when no rule copies the image', async () => {
      const { findings } = await replay('cross-region-ecr-image');

      expect(fixOf(findings)).toContain(
        'No replication rule of this registry in us-west-2 copies ledger into us-east-1: add one (aws ecr put-replication-configuration --region us-west-2',
      );
    });

    it('reads the rules of the image’s Region from a us-east-1 reader, each Region its own', async () => {
      await resetMoto(url);
      const config = (region: string) => ({
        region,
        endpoint: url,
        credentials: { accessKeyId: 't', secretAccessKey: 't' },
        maxAttempts: 1,
      });
      const rule = {
        destinations: [{ region: 'us-east-1', registryId: MOTO_ACCOUNT }],
        repositoryFilters: [{ filter: 'ledger', filterType: 'PREFIX_MATCH' as const }],
      };
      await new ECRClient(config('us-west-2')).send(
        new PutReplicationConfigurationCommand({ replicationConfiguration: { rules: [rule] } }),
      );
      const reader = new SdkEcrReader(new ECRClient(config('us-east-1')), (r) => new ECRClient(config(r)));

      expect(await reader.replicationRules('us-west-2')).toEqual([rule]);
      expect(await reader.replicationRules('us-east-1')).toEqual([]);
    });
  });
}
