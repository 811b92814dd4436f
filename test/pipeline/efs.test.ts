import { describe, expect, it } from 'vitest';
import { parseTaskStateChange } from '../../src/core/event.js';
import { DEFAULT_DEPLOYMENT_POLICY } from '../../src/core/mode.js';
import { runPipeline } from '../../src/pipeline/run.js';
import { SimulatedAccount } from '../../src/sim/account.js';
import { InMemoryLeaseStore } from '../../src/sim/incident-store.js';
import { loadScenario } from '../../src/sim/scenario.js';
import { runScenario } from '../support/scenarios.js';

/** The pipeline in auto-fix mode on a scenario: what it plans, and what it wrote. */
async function autoFix(name: string) {
  const account = new SimulatedAccount(loadScenario(name));
  const report = await runPipeline(parseTaskStateChange(account.event()), account, {
    deployment: DEFAULT_DEPLOYMENT_POLICY,
    mode: 'auto-fix',
    writer: account.ec2Writer,
    leases: new InMemoryLeaseStore(),
  });
  return { report, account };
}

/** What a person is told to run for an EFS volume: never a write ecs-pullfix makes itself. */
describe('an EFS volume that could not be mounted, through the pipeline', () => {
  it('recommends a mount target in the zone the task ran in, with the groups of the file system’s other one', async () => {
    const { report, account } = await autoFix('efs-no-mount-target-in-task-zone');

    const [action, ...others] = report.plan?.actions ?? [];
    expect(others).toEqual([]);
    expect(action).toMatchObject({
      type: 'recommend',
      kind: 'recommend:add-efs-mount-target',
      monthlyUsd: 0,
    });
    expect(action?.cli).toBe(
      'aws efs create-mount-target --file-system-id fs-0a1b2c3d4e5f60718 --subnet-id subnet-0a2b3c4d5e6f7a820 --security-groups sg-0e7f8a9b0c1d2e364',
    );
    expect(account.writes).toEqual([]);
  });

  it('recommends inbound NFS from the task’s group on the mount targets’ group, once for both zones', async () => {
    const { report, account } = await autoFix('efs-mount-target-sg-lacks-2049');

    expect(report.findings.filter((f) => f.id === 'efs-sg-blocks-2049')).toHaveLength(1);
    expect(report.plan?.actions.map((a) => a.cli)).toEqual([
      'aws ec2 authorize-security-group-ingress --group-id sg-0e7f8a9b0c1d2e364 --protocol tcp --port 2049 --source-group sg-0c4d5e6f7a8b9c042',
    ]);
    expect(account.writes).toEqual([]);
  });

  it('reads the mount targets, the access point, the file system policy and the task role beside round 2, the groups beside round 3', async () => {
    const { account } = await runScenario(loadScenario('efs-volume-endpoints-healthy'));

    const efsCalls = account.calls.filter(
      (c) =>
        c.operation.startsWith('elasticfilesystem:') ||
        c.operation === 'iam:SimulatePrincipalPolicy' ||
        c.input.includes('eni-0a1b2c3d4e5f6070'),
    );
    expect(efsCalls.map((c) => `${c.round} ${c.operation}`)).toEqual([
      '2 elasticfilesystem:DescribeMountTargets',
      '2 elasticfilesystem:DescribeAccessPoints',
      '2 elasticfilesystem:DescribeFileSystemPolicy',
      '2 iam:SimulatePrincipalPolicy',
      '3 ec2:DescribeNetworkInterfaces',
    ]);
    expect(efsCalls[3]?.input).toContain('cms-task-role');
    expect(account.rounds).toBe(3);
  });

  it('recommends the client actions to the task role on the file system, through its access point', async () => {
    const { report, account } = await autoFix('efs-iam-task-role-not-allowed');

    const grant = report.plan?.actions.find((a) => a.kind === 'recommend:grant-efs-client');
    expect(grant?.cli).toContain(
      '"Action":["elasticfilesystem:ClientMount","elasticfilesystem:ClientWrite"],"Resource":"arn:aws:elasticfilesystem:us-east-1:111122223333:file-system/fs-0a1b2c3d4e5f60718","Condition":{"StringEquals":{"elasticfilesystem:AccessPointArn":"arn:aws:elasticfilesystem:us-east-1:111122223333:access-point/fsap-0b1c2d3e4f5a60719"}}',
    );
    expect(grant?.cli).toContain('aws iam put-role-policy --role-name cms-task-role');
    expect(account.writes).toEqual([]);
  });

  it('recommends an access point for the file system when the one named does not exist', async () => {
    const { report } = await autoFix('efs-access-point-missing');

    expect(report.plan?.actions.map((a) => a.cli)).toContain(
      [
        'aws efs create-access-point --file-system-id fs-0a1b2c3d4e5f60718 --root-directory Path=/',
        '# then name its AccessPointId in the task definition (efsVolumeConfiguration.authorizationConfig.accessPointId) and register it again',
      ].join('\n'),
    );
  });
});
