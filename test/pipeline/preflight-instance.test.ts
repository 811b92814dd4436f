import { describe, expect, it } from 'vitest';
import { checkService, WOULD_FAIL } from '../../src/cli/check-command.js';
import { isProblem } from '../../src/core/findings.js';
import type { ContainerInstance, ReadPorts } from '../../src/core/ports.js';
import { preflight } from '../../src/pipeline/preflight.js';
import { NO_INSTANCE, pickInstance } from '../../src/pipeline/preflight-instance.js';
import { SimulatedAccount } from '../../src/sim/account.js';
import { loadScenario } from '../../src/sim/scenario.js';
import { textSink } from '../support/cli.js';

/**
 * `check` of a service in bridge mode on EC2 (no awsvpc configuration): an ACTIVE container
 * instance of its capacity provider stands in for its next task, whose path is that instance's.
 */
const CLUSTER = 'arn:aws:ecs:us-east-1:111122223333:cluster/orders-ec2';
const check = (scenario: string, ports?: (a: SimulatedAccount) => ReadPorts) => {
  const account = new SimulatedAccount(loadScenario(scenario));
  return { account, run: preflight(CLUSTER, 'orders-worker', 'us-east-1', ports ? ports(account) : account) };
};

/** The account, with the cluster's ACTIVE instances as given. */
const withInstances =
  (instances: readonly ContainerInstance[]) =>
  (a: SimulatedAccount): ReadPorts => ({
    ecs: { ...a.ecs, listActiveContainerInstances: async () => [...instances] },
    ec2: a.ec2,
    iam: a.iam,
    ecr: a.ecr,
    secrets: a.secrets,
    resolver: a.resolver,
    efs: a.efs,
  });

describe('check: a bridge service on EC2 is checked through a container instance that could run its next task', () => {
  it('would fail when that instance is in a private subnet with no NAT and no endpoints', async () => {
    const { account, run } = check('ec2-bridge-private-subnet-no-nat');
    const result = await run;
    expect(result.wouldFail).toBe(true);
    expect(result.findings.filter(isProblem).map((f) => f.id)).toEqual([
      'no-egress-path',
      'missing-endpoint',
      'missing-endpoint',
      'missing-endpoint',
      's3-gateway-missing',
    ]);
    expect(result.instance).toBe(
      'i-0d6e5f4a3b2c1d0e9 (container instance c1b80f49a53f6bd15da9c38f0f1c5dec, capacity provider orders-ec2-asg)',
    );
    // The instances are listed once; the inspection reads nothing twice.
    expect(account.calls.filter((c) => c.operation === 'ecs:ListContainerInstances')).toHaveLength(1);
    expect(account.repeats).toBe(0);
    // DescribeServices, then the instances beside the task definition, then the VPC's two rounds.
    expect(account.rounds).toBe(4);
  });

  it('finds the path ok when that instance’s subnet routes to a public NAT gateway', async () => {
    const result = await check('ec2-bridge-private-subnet-nat-healthy').run;
    const pathOk = result.findings.find((f) => f.id === 'path-ok');
    expect(pathOk?.evidence[0]).toBe(
      "i-0d6e5f4a3b2c1d0e9 (container instance; the task's network mode is bridge): the pull goes through its interface in subnet-0a9b8c7d6e5f4a3b2, sg-0c7d6e5f4a3b2c1d0",
    );
    // Only the image tag that was never pushed would stop it; nothing on the path.
    expect(result.findings.filter(isProblem).map((f) => f.id)).toEqual(['image-tag-missing']);
  });

  it('says the path is not checked when the cluster has no ACTIVE container instance', async () => {
    const result = await check('ec2-bridge-private-subnet-no-nat', withInstances([])).run;
    expect(result.instance).toBe(`none: ${NO_INSTANCE}`);
    expect(result.findings.filter(isProblem)).toEqual([]);
    const notes = result.findings.flatMap((f) => (f.id === 'not-checked' ? [f.why] : []));
    expect(notes).toContain(NO_INSTANCE);
    expect(notes).not.toContain('the task has no ENI of its own (not awsvpc)');
  });

  it('takes no instance of another capacity provider: its own may scale out from zero', async () => {
    const elsewhere: ContainerInstance = {
      arn: 'arn:aws:ecs:us-east-1:111122223333:container-instance/orders-ec2/5e6f7a8b',
      ec2InstanceId: 'i-0f1e2d3c4b5a69788',
      status: 'ACTIVE',
      capacityProviderName: 'batch-spot',
    };
    const result = await check('ec2-bridge-private-subnet-no-nat', withInstances([elsewhere])).run;
    expect(result.instance).toBe(
      'none: no ACTIVE container instance of capacity provider orders-ec2-asg to run the service’s tasks',
    );
  });

  it('prints which instance stands in for the next task, under the service', async () => {
    const out = textSink();
    const code = await checkService(
      { cluster: CLUSTER, service: 'orders-worker', json: false },
      'us-east-1',
      new SimulatedAccount(loadScenario('ec2-bridge-private-subnet-no-nat')),
      out,
      undefined,
    );
    expect(code).toBe(WOULD_FAIL);
    expect(out.text).toContain(
      "  its next task's path: through container instance i-0d6e5f4a3b2c1d0e9 (container instance\n  c1b80f49a53f6bd15da9c38f0f1c5dec, capacity provider orders-ec2-asg)",
    );
  });
});

describe(pickInstance.name, () => {
  const instance = (id: string, provider?: string, status = 'ACTIVE'): ContainerInstance => ({
    arn: `arn:aws:ecs:us-east-1:111122223333:container-instance/orders-ec2/${id}`,
    ec2InstanceId: `i-0${id}`,
    status,
    ...(provider ? { capacityProviderName: provider } : {}),
  });

  it('prefers the strategy’s first capacity provider that has an instance, in the strategy’s order', () => {
    const listed = [instance('a1', 'spot'), instance('b2', 'on-demand'), instance('c3', 'spot')];
    expect(pickInstance(listed, ['on-demand', 'spot'])?.ec2InstanceId).toBe('i-0b2');
    expect(pickInstance(listed, ['arm', 'spot'])?.ec2InstanceId).toBe('i-0a1');
  });

  it('takes the first listed with no strategy, never a draining or external one', () => {
    const external: ContainerInstance = {
      arn: 'arn:aws:ecs:us-east-1:111122223333:container-instance/orders-ec2/e',
      status: 'ACTIVE',
    };
    expect(
      pickInstance([instance('d4', undefined, 'DRAINING'), external, instance('e5')], [])?.ec2InstanceId,
    ).toBe('i-0e5');
    expect(pickInstance([external], [])).toBeUndefined();
  });
});
