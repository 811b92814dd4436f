import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseTaskStateChange } from '../../src/core/event.js';
import { inspect } from '../../src/pipeline/inspect.js';
import { runPipeline } from '../../src/pipeline/run.js';
import { SimulatedAccount } from '../../src/sim/account.js';
import { loadScenario, parseScenario, SCENARIOS_DIR, type Scenario } from '../../src/sim/scenario.js';
import { diagnosedOnSim, roundsOf } from '../support/diagnosed.js';

/**
 * A task in bridge, host or none network mode has no ENI of its own: its path is read from the
 * container instance its event names (DescribeContainerInstances → DescribeInstances), and the
 * checks walk the instance's subnet and security groups.
 */

/** A scenario file with its container instance's fields changed. */
function variant(name: string, instance: string): Scenario {
  const text = readFileSync(`${SCENARIOS_DIR}${name}.yaml`, 'utf8');
  return parseScenario(
    `${name}+variant`,
    text.replace(/containerInstance:\n/, `containerInstance:\n${instance}`),
  );
}

const diagnosed = diagnosedOnSim;
const roundOf = roundsOf;

describe('the path of a task on a container instance', () => {
  const nat = loadScenario('ec2-bridge-private-subnet-nat-healthy');

  it('reads the container instance in round 1, and its EC2 instance and subnet beside the VPC in round 2', async () => {
    const account = new SimulatedAccount(nat);
    await inspect(parseTaskStateChange(account.event()), account);
    expect(roundOf(account, 'ecs:DescribeContainerInstances')).toEqual([1]);
    expect(roundOf(account, 'ec2:DescribeInstances')).toEqual([2]);
    expect(roundOf(account, 'ec2:DescribeRouteTables')).toEqual([2]);
    expect(roundOf(account, 'ec2:DescribeNetworkInterfaces')).toEqual([]);
    expect(account.rounds).toBe(3);
    expect(account.repeats).toBe(0);
  });

  it('takes a fourth round when the instance was registered without its ecs.vpc-id and ecs.subnet-id attributes', async () => {
    const { account, report } = await diagnosed(variant(nat.name, '  attributes: false\n'));
    expect(roundOf(account, 'ec2:DescribeInstances')).toEqual([2]);
    expect(roundOf(account, 'ec2:DescribeRouteTables')).toEqual([3]);
    expect(account.rounds).toBe(4);
    expect(report.findings.map((f) => f.id)).toContain('path-ok');
  });

  it('walks the instance’s subnet and groups, and says so first', async () => {
    const { report } = await diagnosed(nat);
    const ok = report.findings.find((f) => f.id === 'path-ok');
    expect(ok?.evidence[0]).toBe(
      "i-0d6e5f4a3b2c1d0e9 (container instance; the task's network mode is bridge): the pull goes through its interface in subnet-0a9b8c7d6e5f4a3b2, sg-0c7d6e5f4a3b2c1d0",
    );
  });

  it('names the instance whose groups block 443 in the finding and its fix', async () => {
    const { report } = await diagnosed(loadScenario('ec2-host-instance-sg-blocks-443'));
    const blocked = report.findings.find((f) => f.id === 'task-sg-blocks-443');
    expect(blocked?.evidence[0]).toContain(
      "sg-0e8f9a0b1c2d3e4f5 (the container instance i-0f9a0b1c2d3e4f5a6's)",
    );
    expect(blocked?.fix).toContain('the security groups of the container instance i-0f9a0b1c2d3e4f5a6');
  });

  it('says a terminated instance with no launch template is gone with its groups, with EC2’s reason, and still checks the subnet it was in', async () => {
    const { report, notes } = await diagnosed(variant(nat.name, '  state: terminated\n  status: INACTIVE\n'));
    expect(notes).toEqual([
      'task-security-groups: security groups unknown: the container instance i-0d6e5f4a3b2c1d0e9 is gone (terminated: Client.UserInitiatedShutdown: User initiated shutdown; ECS deregistered it)',
    ]);
    expect(report.findings.map((f) => f.id)).toEqual(['image-tag-missing', 'not-checked']);
  });

  it('says an instance EC2 has forgotten is gone, and keeps path-ok back', async () => {
    const { report, notes } = await diagnosed(variant(nat.name, '  state: forgotten\n  status: INACTIVE\n'));
    expect(notes).toEqual([
      "task-security-groups: security groups unknown: the container instance i-0d6e5f4a3b2c1d0e9 is gone (EC2 no longer knows it; ECS deregistered it), and with it the launch template its group's next instance would come from",
    ]);
    expect(report.findings.map((f) => f.id)).not.toContain('path-ok');
  });

  it('says the path is not checked when the instance is gone and no attribute named its subnet', async () => {
    const { notes } = await diagnosed(
      variant(nat.name, '  state: forgotten\n  status: INACTIVE\n  attributes: false\n'),
    );
    expect(notes).toEqual([
      "network-path: the container instance i-0d6e5f4a3b2c1d0e9 is gone (EC2 no longer knows it; ECS deregistered it), and with it the launch template its group's next instance would come from",
    ]);
  });

  it('names the refused read when the instance cannot be read, and keeps path-ok back', async () => {
    const { report, notes } = await diagnosed(nat, {
      faults: [{ operation: 'ec2:DescribeInstances', kind: 'denied' }],
    });
    expect(notes.join('\n')).toContain('ec2:DescribeInstances was denied');
    expect(notes[0]).toMatch(/^task-security-groups: /);
    expect(report.findings.map((f) => f.id)).not.toContain('path-ok');
  });

  it('names the refused read when the container instance cannot be read', async () => {
    const { notes } = await diagnosed(nat, {
      faults: [{ operation: 'ecs:DescribeContainerInstances', kind: 'denied' }],
    });
    expect(notes).toEqual([
      expect.stringMatching(
        /^network-path: reading container instance arn:aws:ecs:us-east-1:111122223333:container-instance\/orders-ec2\/[0-9a-f]{32} failed: ecs:DescribeContainerInstances was denied/,
      ),
    ]);
  });

  it('keeps the old note for an event that names no container instance', async () => {
    const account = new SimulatedAccount(nat);
    const event = account.event() as { detail: Record<string, unknown> };
    delete event.detail.containerInstanceArn;
    const report = await runPipeline(parseTaskStateChange(event), account);
    const notes = report.findings.flatMap((f) => (f.id === 'not-checked' ? [f.why] : []));
    expect(notes).toEqual(['the task has no ENI of its own (not awsvpc): its path is its instance’s']);
    expect(account.calls.map((c) => c.operation)).not.toContain('ecs:DescribeContainerInstances');
  });

  describe('with no execution role, the instance role', () => {
    const lacks = loadScenario('ec2-bridge-no-execution-role-instance-role-lacks-ecr');

    it('is read from the instance profile in round 3 and simulated in round 4, for ECR only', async () => {
      const { account } = await diagnosed(lacks);
      expect(roundOf(account, 'iam:GetInstanceProfile')).toEqual([3]);
      expect(roundOf(account, 'iam:SimulatePrincipalPolicy')).toEqual([4]);
      const simulated = account.calls.find((c) => c.operation === 'iam:SimulatePrincipalPolicy');
      expect(JSON.parse(simulated?.input ?? '{}').role).toBe(
        'arn:aws:iam::111122223333:role/ecsInstanceRole',
      );
    });

    it('names the instance whose role lacks the pull in the finding and its fix', async () => {
      const { report } = await diagnosed(lacks);
      const denied = report.findings.find((f) => f.id === 'execution-role-denies');
      expect(denied?.evidence[0]).toContain('(the role of container instance i-0c8d9e0f1a2b3c4d5');
      expect(denied?.fix).toContain("container instance i-0c8d9e0f1a2b3c4d5's instance profile");
    });

    it('is not asked for when the instance has no profile: the execution role is missing, and why', async () => {
      const text = readFileSync(`${SCENARIOS_DIR}${lacks.name}.yaml`, 'utf8').replace(
        '  instanceProfile: ecsInstanceRole\n',
        '',
      );
      const { account, report } = await diagnosed(parseScenario(`${lacks.name}+no-profile`, text));
      const missing = report.findings.find((f) => f.id === 'execution-role-missing');
      expect(missing?.evidence).toContain(
        'but it pulls 111122223333.dkr.ecr.us-east-1.amazonaws.com/ledger-sync:5.0.1 from private ECR, and its container instance i-0c8d9e0f1a2b3c4d5 has no instance profile to sign them with',
      );
      expect(account.calls.map((c) => c.operation)).not.toContain('iam:GetInstanceProfile');
    });

    it('is never blamed as a missing execution role when the instance has a profile', async () => {
      const { report } = await diagnosed(loadScenario('ec2-bridge-no-execution-role-instance-role-fine'));
      expect(report.findings.map((f) => f.id)).toEqual(['path-ok']);
    });
  });
});
