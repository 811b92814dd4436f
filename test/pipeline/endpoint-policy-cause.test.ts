import { describe, expect, it } from 'vitest';
import { parseTaskStateChange } from '../../src/core/event.js';
import { DEFAULT_DEPLOYMENT_POLICY } from '../../src/core/mode.js';
import { renderReport } from '../../src/core/present/index.js';
import { runPipeline } from '../../src/pipeline/run.js';
import { SimulatedAccount } from '../../src/sim/account.js';
import { InMemoryLeaseStore } from '../../src/sim/incident-store.js';
import { loadScenario } from '../../src/sim/scenario.js';

/**
 * A stop the classifier calls endpoint-policy, through the whole pipeline: the endpoint's
 * policy is the root, and changing it is only ever recommended, even in a VPC opted in to
 * auto-fix (a policy is a security decision, not an additive write).
 */
describe('a task refused by an endpoint policy, in auto-fix mode', () => {
  it('writes nothing and recommends the policy change, with its command', async () => {
    const account = new SimulatedAccount(loadScenario('endpoint-policy-ecr-api-pull-actions-only'));

    const report = await runPipeline(parseTaskStateChange(account.event()), account, {
      deployment: DEFAULT_DEPLOYMENT_POLICY,
      mode: 'auto-fix',
      writer: account.ec2Writer,
      leases: new InMemoryLeaseStore(),
    });

    expect(report.classification).toMatchObject({ cause: 'endpoint-policy', service: 'ecr' });
    expect(report.findings[0]).toMatchObject({ id: 'endpoint-policy-denies', service: 'ecr.api' });
    expect(account.writes).toEqual([]);
    expect(report.plan?.actions.map((a) => [a.kind, a.allowed])).toEqual([
      ['recommend:change-endpoint-policy', false],
    ]);
    expect(renderReport(report)).toContain(
      'aws ec2 modify-vpc-endpoint --vpc-endpoint-id vpce-0d9f2b4a6c8e1d613',
    );
  });
});
