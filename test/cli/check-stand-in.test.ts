import { describe, expect, it } from 'vitest';
import { checkService } from '../../src/cli/check-command.js';
import type { ReadPorts } from '../../src/core/ports.js';
import { SimulatedAccount } from '../../src/sim/account.js';
import { loadScenario } from '../../src/sim/scenario.js';
import { textSink } from '../support/cli.js';

/**
 * `check`'s line under the service saying whose path its next task's is, when no container
 * instance could run it (a bridge service on a cluster with none registered).
 */
const CLUSTER = 'arn:aws:ecs:us-east-1:111122223333:cluster/orders-ec2';

/** The account of the scenario, its cluster holding no ACTIVE container instance. */
function withoutInstances(a: SimulatedAccount): ReadPorts {
  return {
    ecs: { ...a.ecs, listActiveContainerInstances: async () => [] },
    ec2: a.ec2,
    iam: a.iam,
    ecr: a.ecr,
    secrets: a.secrets,
    resolver: a.resolver,
    efs: a.efs,
  };
}

describe('check of a bridge service on a cluster with no container instance', () => {
  it('says its next task’s path is not checked, and why, never "through container instance none"', async () => {
    const out = textSink();
    await checkService(
      { cluster: CLUSTER, service: 'orders-worker', json: false },
      'us-east-1',
      withoutInstances(new SimulatedAccount(loadScenario('ec2-bridge-private-subnet-no-nat'))),
      out,
    );
    expect(out.text.replace(/\s+/g, ' ')).toContain(
      "its next task's path: not checked: the cluster has no container instance to run the service’s tasks",
    );
    expect(out.text).not.toContain('through container instance none');
  });
});
