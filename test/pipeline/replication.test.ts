import { describe, expect, it } from 'vitest';
import { parseTaskStateChange } from '../../src/core/event.js';
import { DEFAULT_DEPLOYMENT_POLICY } from '../../src/core/mode.js';
import { runPipeline } from '../../src/pipeline/run.js';
import { type SimOptions, SimulatedAccount } from '../../src/sim/account.js';
import { loadScenario } from '../../src/sim/scenario.js';
import { runScenario } from '../support/scenarios.js';

// An image in the account's registry in us-west-2, a task in us-east-1 with only us-east-1's
// endpoints and no way out: the registry's replication rules in us-west-2 decide the fix.
const REPLICATED = '111122223333.dkr.ecr.us-east-1.amazonaws.com/ledger:4.1.0';

/** The pipeline as the Lambda runs it (its plan too), on the scenario's simulated account. */
const registryFix = async (name: string, options: SimOptions = {}) => {
  const account = new SimulatedAccount(loadScenario(name), options);
  const report = await runPipeline(parseTaskStateChange(account.event()), account, {
    deployment: DEFAULT_DEPLOYMENT_POLICY,
  });
  const finding = report.findings.find((f) => f.id === 'registry-needs-internet');
  const action = report.plan?.actions.find((a) => a.why === 'registry-needs-internet');
  return { report, account, fix: finding?.fix ?? '', cli: action?.cli ?? '' };
};

describe('replication as the fix for an image in another Region (simulated account)', () => {
  it('names the image already replicated into the task’s Region when a rule copies it there', async () => {
    const { fix, cli, account } = await registryFix('cross-region-ecr-image-replicated');

    expect(account.calls.filter((c) => c.operation === 'ecr:DescribeRegistry').map((c) => c.input)).toEqual([
      '"us-west-2"',
    ]);
    expect(fix).toContain(
      `A replication rule of this registry in us-west-2 already copies the image into us-east-1: point the task definition at ${REPLICATED}`,
    );
    expect(cli).toBe(
      `# a replication rule already copies the image into us-east-1: set the task definition's image to ${REPLICATED}`,
    );
  });

  it('gives put-replication-configuration, with the registry’s whole configuration, when no rule does', async () => {
    const { fix, cli } = await registryFix('cross-region-ecr-image');

    expect(fix).toContain(
      'No replication rule of this registry in us-west-2 copies ledger into us-east-1: add one (aws ecr put-replication-configuration --region us-west-2, with the rules it has kept: it replaces the whole configuration)',
    );
    expect(cli).toContain(
      'aws ecr put-replication-configuration --replication-configuration file://ecs-pullfix-replication.json --region us-west-2',
    );
    expect(cli).toContain(
      '{"rules":[{"destinations":[{"region":"us-east-1","registryId":"111122223333"}],"repositoryFilters":[{"filter":"ledger","filterType":"PREFIX_MATCH"}]}]}',
    );
  });

  it('says the rules were not checked, naming ecr:DescribeRegistry, when it is refused, and keeps the general fix', async () => {
    const { report, fix } = await registryFix('cross-region-ecr-image-replicated', {
      faults: [{ operation: 'ecr:DescribeRegistry', kind: 'denied' }],
    });

    expect(report.findings.filter((f) => f.id === 'not-checked')).toMatchObject([
      { check: 'replication', why: expect.stringContaining('ecr:DescribeRegistry') },
    ]);
    expect(fix).toContain(
      'give the task an internet path (a NAT gateway), or mirror the image into ECR in us-east-1',
    );
    expect(fix).toContain('Replication rules not checked: ');
  });

  it('gives the rule to add for a pull too slow from another Region, rather than telling to read the rules first', async () => {
    const { report } = await registryFix('image-pull-from-another-region-too-slow');
    const fix = report.findings.find((f) => f.id === 'image-pull-too-slow-for-timeout')?.fix ?? '';

    expect(fix).toContain(
      'Bring the image into us-east-1. No replication rule of this registry in us-west-2 copies video-analysis into us-east-1: add one (aws ecr put-replication-configuration --region us-west-2, with the rules it has kept: it replaces the whole configuration), push the image again (replication copies only images pushed after the rule), and point the task definition at 111122223333.dkr.ecr.us-east-1.amazonaws.com/video-analysis:7.3.0. Or serve it by a pull-through cache rule in us-east-1 whose upstream is that registry.',
    );
    expect(fix).not.toContain('read them first');
  });

  it('reads no replication rule for an image in the task’s own Region', async () => {
    const { account } = await runScenario(loadScenario('no-egress-no-endpoints'));

    expect(account.calls.map((c) => c.operation)).not.toContain('ecr:DescribeRegistry');
  });
});
