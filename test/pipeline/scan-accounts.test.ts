import { describe, expect, it } from 'vitest';
import type { ReadPorts } from '../../src/core/ports.js';
import { AwsCallError } from '../../src/errors.js';
import { type AccountAccess, scanAccounts } from '../../src/pipeline/scan-accounts.js';
import { SimulatedOrganization } from '../../src/sim/organization.js';

const REGION = 'us-east-1';
const [FIRST, SECOND] = ['100000000000', '100000001111'];

/** The organization's access, with `ecs` changed in the accounts `faults` names. */
const withFaults = (
  org: SimulatedOrganization,
  faults: Readonly<Record<string, (ecs: ReadPorts['ecs']) => Partial<ReadPorts['ecs']>>>,
): AccountAccess => {
  const access = org.access(REGION);
  return async (account) => {
    const reached = await access(account);
    const fault = faults[account];
    if (reached.kind !== 'ports' || !fault) return reached;
    const { ecs } = reached.ports;
    return { kind: 'ports', ports: { ...reached.ports, ecs: { ...ecs, ...fault(ecs) } } };
  };
};

describe(scanAccounts.name, () => {
  it('keeps the other accounts when one account’s clusters cannot be listed', async () => {
    const org = new SimulatedOrganization(3);
    const access = withFaults(org, {
      [SECOND]: () => ({
        listClusters: async () => {
          throw new AwsCallError('ecs:ListClusters', 'AccessDeniedException', 'denied', 'not authorized');
        },
      }),
    });

    const results = await scanAccounts(org.accounts, undefined, REGION, access);

    expect(results.map((r) => ('result' in r ? r.result.services.length : -1))).toEqual([9, 0, 9]);
    const second = results[1];
    expect(second && 'result' in second ? second.result.unread : []).toEqual([
      { cluster: '*', why: 'ecs:ListClusters was denied (AccessDeniedException)' },
    ]);
  });

  it('gives a cluster named that one account lacks as that account’s row, and scans its other clusters', async () => {
    const org = new SimulatedOrganization(2);
    const access = withFaults(org, {
      [FIRST]: (ecs) => ({
        listServices: async (cluster) => {
          if (cluster !== 'staging') return ecs.listServices(cluster);
          throw new AwsCallError(
            'ecs:ListServices',
            'ClusterNotFoundException',
            'not-found',
            'Cluster not found.',
          );
        },
      }),
    });

    const results = await scanAccounts(org.accounts, ['platform', 'staging'], REGION, access);

    const [first] = results;
    expect(first && 'result' in first ? first.result.services.length : -1).toBe(9);
    expect(first && 'result' in first ? first.result.unread : []).toEqual([
      { cluster: 'staging', why: 'ecs:ListServices found nothing (ClusterNotFoundException)' },
    ]);
  });

  it('reaches at most `concurrency` accounts at once', async () => {
    const org = new SimulatedOrganization(12);
    const access = org.access(REGION);
    let inFlight = 0;
    let most = 0;

    await scanAccounts(
      org.accounts,
      undefined,
      REGION,
      async (account) => {
        inFlight++;
        most = Math.max(most, inFlight);
        const reached = await access(account);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight--;
        return reached;
      },
      { concurrency: 3 },
    );

    expect(most).toBe(3);
  });
});
