import { describe, expect, it } from 'vitest';
import { parseTaskStateChange } from '../../src/core/event.js';
import type { FindingOf } from '../../src/core/findings.js';
import { DEFAULT_DEPLOYMENT_POLICY } from '../../src/core/mode.js';
import { instanceRoleCli } from '../../src/core/plan/recommend-managed.js';
import { runPipeline } from '../../src/pipeline/run.js';
import { SimulatedAccount } from '../../src/sim/account.js';
import { loadScenario } from '../../src/sim/scenario.js';

/** The recommendation for a Managed Instances role the infrastructure role may not pass: commands a person runs. */

const FINDING: FindingOf<'managed-instances-role-not-passable'> = {
  id: 'managed-instances-role-not-passable',
  capacityProvider: 'ledger-mi',
  cluster: 'ledger',
  infrastructureRoleArn: 'arn:aws:iam::111122223333:role/ecsInfrastructureRole',
  instanceProfileArn: 'arn:aws:iam::111122223333:instance-profile/ledger-stack-InstanceProfile-3HV8',
  instanceRoleArn: 'arn:aws:iam::111122223333:role/ledger-stack-InstanceRole-7QX2',
  basis: 'simulated',
  resources: [],
  evidence: [],
  breaks: [],
  fix: '',
};

describe(instanceRoleCli.name, () => {
  it('plans it for the wrongly named scenario, recommended only', async () => {
    const account = new SimulatedAccount(loadScenario('managed-instances-instance-role-wrongly-named'));
    const report = await runPipeline(parseTaskStateChange(account.event()), account, {
      deployment: DEFAULT_DEPLOYMENT_POLICY,
    });
    const action = report.plan?.actions.find((a) => a.kind === 'recommend:fix-instance-role');
    expect(action?.cli).toContain('aws iam create-role --role-name ecsInstanceRole-ledger-mi');
    expect(account.writes).toEqual([]);
  });

  it('creates an ecsInstanceRole-… role and profile, points the provider at it, or grants the pass', () => {
    const lines = instanceRoleCli(FINDING).split('\n');
    expect(lines.filter((l) => l.startsWith('aws '))).toEqual([
      'aws iam create-role --role-name ecsInstanceRole-ledger-mi --assume-role-policy-document file://ecs-pullfix-instance-trust-policy.json',
      'aws iam attach-role-policy --role-name ecsInstanceRole-ledger-mi --policy-arn arn:aws:iam::aws:policy/AmazonECSInstanceRolePolicyForManagedInstances',
      'aws iam list-attached-role-policies --role-name ledger-stack-InstanceRole-7QX2',
      'aws iam list-role-policies --role-name ledger-stack-InstanceRole-7QX2',
      'aws iam create-instance-profile --instance-profile-name ecsInstanceRole-ledger-mi',
      'aws iam add-role-to-instance-profile --instance-profile-name ecsInstanceRole-ledger-mi --role-name ecsInstanceRole-ledger-mi',
      `aws ecs update-capacity-provider --cluster ledger --name ledger-mi --managed-instances-provider '{"infrastructureRoleArn":"arn:aws:iam::111122223333:role/ecsInfrastructureRole","instanceLaunchTemplate":{"ec2InstanceProfileArn":"arn:aws:iam::111122223333:instance-profile/ecsInstanceRole-ledger-mi"}}'`,
      'aws iam put-role-policy --role-name ecsInfrastructureRole --policy-name ecs-pullfix-pass-instance-role --policy-document file://ecs-pullfix-pass-role-policy.json',
    ]);
    expect(lines).toContain(
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::111122223333:role/ledger-stack-InstanceRole-7QX2","Condition":{"StringEquals":{"iam:PassedToService":"ec2.amazonaws.com"}}}]}',
    );
  });

  it('only grants the pass for a role already named ecsInstanceRole… (a custom policy lacks it)', () => {
    const cli = instanceRoleCli({
      ...FINDING,
      instanceRoleArn: 'arn:aws:iam::111122223333:role/ecsInstanceRole-ledger',
    });
    expect(cli).not.toContain('create-role');
    expect(cli).toContain('aws iam put-role-policy --role-name ecsInfrastructureRole');
  });

  it('gives no command for a capacity provider name no provider can have', () => {
    const cli = instanceRoleCli({ ...FINDING, capacityProvider: 'ledger; rm -rf ~' });
    expect(cli.split('\n').every((l) => l.startsWith('# no command: '))).toBe(true);
  });
});
