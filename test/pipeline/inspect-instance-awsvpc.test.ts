import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/sim/scenario.js';
import { diagnosedOnSim, roundsOf, scenarioVariant } from '../support/diagnosed.js';

/**
 * A task in awsvpc mode on EC2 keeps its ENI's path, but with no execution role its ECR pulls
 * and awslogs are signed with its container instance's role: the container instance is read
 * beside round 1, its EC2 instance (the profile) beside round 2, and the role is simulated.
 */

const LACKS = 'ec2-awsvpc-no-execution-role-instance-role-lacks-ecr';

const variant = scenarioVariant;
const diagnosed = diagnosedOnSim;
const roundOf = roundsOf;

describe('the instance role of an awsvpc task on EC2 with no execution role', () => {
  it('reads the container instance in round 1 and its EC2 instance in round 2, keeping the path to 3 rounds', async () => {
    const { account } = await diagnosed(loadScenario(LACKS));
    expect(roundOf(account, 'ecs:DescribeContainerInstances')).toEqual([1]);
    expect(roundOf(account, 'ec2:DescribeInstances')).toEqual([2]);
    expect(roundOf(account, 'iam:GetInstanceProfile')).toEqual([3]);
    expect(roundOf(account, 'iam:SimulatePrincipalPolicy')).toEqual([4]);
    const path = account.calls.filter((c) => /^(ecs|ec2|route53resolver):/.test(c.operation));
    expect(Math.max(...path.map((c) => c.round))).toBe(3);
    expect(account.repeats).toBe(0);
  });

  it('keeps the ENI’s path: the task’s own groups, not the instance’s, are checked', async () => {
    const { report } = await diagnosed(loadScenario(LACKS));
    const ok = report.findings.find((f) => f.id === 'path-ok');
    expect(ok?.evidence.join('\n')).toContain('sg-0c8d9e0f1a2b3c4d6 (task, from service invoice-render');
    expect(ok?.evidence.join('\n')).not.toContain('sg-0c8d9e0f1a2b3c4d7');
  });

  it('names the instance role and its instance in the finding', async () => {
    const { report } = await diagnosed(loadScenario(LACKS));
    const denied = report.findings.find((f) => f.id === 'execution-role-denies');
    expect(denied?.evidence[0]).toBe(
      'iam:SimulatePrincipalPolicy: arn:aws:iam::111122223333:role/ecsRenderInstanceRole (the role of container instance i-0d9e0f1a2b3c4d5e6: with no execution role, ECR pulls and awslogs are signed with it) → ecr:GetAuthorizationToken on *: not allowed by any policy (implicit deny)',
    );
  });

  it('never reads the EC2 instance nor its profile when the task definition has an execution role', async () => {
    const { account } = await diagnosed(variant(LACKS, '  executionRole: null\n', ''));
    expect(roundOf(account, 'ec2:DescribeInstances')).toEqual([]);
    expect(roundOf(account, 'iam:GetInstanceProfile')).toEqual([]);
    expect(account.calls.find((c) => c.operation === 'iam:SimulatePrincipalPolicy')?.input).toContain(
      'ecsTaskExecutionRole',
    );
  });

  it('never reads a container instance on Fargate', async () => {
    const { account } = await diagnosed(variant(LACKS, 'launchType: EC2', 'launchType: FARGATE'));
    expect(roundOf(account, 'ecs:DescribeContainerInstances')).toEqual([]);
    expect(roundOf(account, 'ec2:DescribeInstances')).toEqual([]);
  });

  it('says the role is not checked, naming the refused read, and still walks the ENI’s path', async () => {
    const { report, notes } = await diagnosed(loadScenario(LACKS), {
      faults: [{ operation: 'ecs:DescribeContainerInstances', kind: 'denied' }],
    });
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^execution-role: .*ecs:DescribeContainerInstances/);
    expect(report.findings.map((f) => f.id)).toContain('path-ok');
  });

  it('does not fail the diagnosis when the instance read is throttled: the role alone is not checked', async () => {
    const { notes } = await diagnosed(loadScenario(LACKS), {
      faults: [{ operation: 'ec2:DescribeInstances', kind: 'throttled' }],
    });
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^execution-role: .*ec2:DescribeInstances/);
  });
});
