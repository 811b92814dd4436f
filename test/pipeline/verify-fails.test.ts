import { describe, expect, it } from 'vitest';
import { parseTaskStateChange } from '../../src/core/event.js';
import { DEFAULT_DEPLOYMENT_POLICY } from '../../src/core/mode.js';
import type { ReadPorts } from '../../src/core/ports.js';
import { actionDocuments } from '../../src/core/present/document.js';
import { outcomeOf, stepsOf } from '../../src/core/present/view.js';
import { AwsCallError } from '../../src/errors.js';
import { runPipeline } from '../../src/pipeline/run.js';
import { SimulatedAccount } from '../../src/sim/account.js';
import { InMemoryLeaseStore } from '../../src/sim/incident-store.js';
import { loadScenario } from '../../src/sim/scenario.js';

/** The account's read ports, with the route tables failing (5xx, after the SDK's retries) from the `nth` read on. */
function routeTablesFailingFrom(account: SimulatedAccount, nth: number): ReadPorts {
  let reads = 0;
  return {
    ...account,
    ecs: account.ecs,
    ec2: {
      ...account.ec2,
      describeRouteTables: (vpcId: string) => {
        reads += 1;
        if (reads >= nth)
          return Promise.reject(
            new AwsCallError(
              'ec2:DescribeRouteTables',
              'InternalError',
              'transient',
              'An internal error has occurred',
            ),
          );
        return account.ec2.describeRouteTables(vpcId);
      },
    },
    iam: account.iam,
    ecr: account.ecr,
    secrets: account.secrets,
    resolver: account.resolver,
    efs: account.efs,
  };
}

describe('auto-fix whose verification cannot read the path again', () => {
  it('reports the writes it made as a fix, not verified and why, rather than failing after writing', async () => {
    const account = new SimulatedAccount(loadScenario('no-egress-no-endpoints'));
    const report = await runPipeline(
      parseTaskStateChange(account.event()),
      routeTablesFailingFrom(account, 2),
      {
        deployment: DEFAULT_DEPLOYMENT_POLICY,
        mode: 'auto-fix',
        writer: account.ec2Writer,
        leases: new InMemoryLeaseStore(),
      },
    );

    expect(account.writes.length).toBeGreaterThan(0);
    const made = (report.outcomes ?? []).filter((o) => o.status === 'applied');
    expect(made.length).toBeGreaterThan(0);
    for (const o of made) {
      expect(o.unverified).toBe(
        're-reading the path to verify it failed: ec2:DescribeRouteTables InternalError',
      );
      expect(o.detail).toContain('(not verified: re-reading the path to verify it failed');
    }
    expect(outcomeOf(report)).toBe('fixed');
    const documents = actionDocuments(stepsOf(report.plan, report.outcomes));
    expect(documents.filter((d) => d.status === 'applied').map((d) => d.unverified)).toEqual(
      made.map(() => 're-reading the path to verify it failed: ec2:DescribeRouteTables InternalError'),
    );
  });

  it('still fails the invocation when the first reading of the path fails: nothing was written', async () => {
    const account = new SimulatedAccount(loadScenario('no-egress-no-endpoints'));
    const run = runPipeline(parseTaskStateChange(account.event()), routeTablesFailingFrom(account, 1), {
      deployment: DEFAULT_DEPLOYMENT_POLICY,
      mode: 'auto-fix',
      writer: account.ec2Writer,
      leases: new InMemoryLeaseStore(),
    });

    await expect(run).rejects.toThrow(/DescribeRouteTables/);
    expect(account.writes).toEqual([]);
  });
});
