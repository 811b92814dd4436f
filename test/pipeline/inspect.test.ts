import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/sim/scenario.js';
import { findingKeys, runScenario } from '../support/scenarios.js';

describe('inspect (through the pipeline, on the simulated account)', () => {
  it('reads in three rounds: the event’s resources, then the VPC’s, then what those name', async () => {
    const { account } = await runScenario(loadScenario('endpoint-sg-allows-old-vpc-cidr'));
    const byRound = (round: number) =>
      account.calls
        .filter((c) => c.round === round)
        .map((c) => c.operation)
        .sort();
    expect(byRound(1)).toEqual([
      'ec2:DescribeNetworkInterfaces',
      'ec2:DescribeSubnets',
      'ecs:DescribeServices',
      'ecs:DescribeTaskDefinition',
    ]);
    expect(byRound(2)).toEqual([
      'ec2:DescribeNetworkAcls',
      'ec2:DescribeRouteTables',
      'ec2:DescribeSecurityGroups',
      'ec2:DescribeVpcAttribute',
      'ec2:DescribeVpcAttribute',
      'ec2:DescribeVpcEndpoints',
      'ec2:DescribeVpcs',
      'route53resolver:ListResolverRuleAssociations',
    ]);
    // The stop text dialled 10.42.33.118, an address of the VPC: round 3 looks for its interface.
    expect(byRound(3)).toEqual(['ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets']);
  });

  it('degrades only the checks of a refused read to "not checked", and still finds the rest', async () => {
    const scenario = loadScenario('endpoint-sg-allows-old-vpc-cidr');
    const { report } = await runScenario(scenario, {
      faults: [{ operation: 'ec2:DescribeNetworkAcls', kind: 'denied' }],
    });
    expect(findingKeys(report.findings)).toEqual(scenario.file.expect.findings);
    const notChecked = report.findings.filter((f) => f.id === 'not-checked');
    expect(notChecked.map((f) => f.fix)).toContain(
      'Not checked: reading the network ACLs of vpc-0d8f1b3a5c7e9d246 failed: ec2:DescribeNetworkAcls was denied (UnauthorizedOperation).',
    );
  });

  it('lets a failure that is not a refusal surface, so that Lambda retries the event', async () => {
    const scenario = loadScenario('no-egress-no-endpoints');
    await expect(
      runScenario(scenario, { faults: [{ operation: 'ec2:DescribeRouteTables', kind: 'throttled' }] }),
    ).rejects.toMatchObject({
      name: 'AwsCallError',
      kind: 'throttled',
      retryable: true,
    });
  });

  it('takes the security groups from the service when the ENI is gone, and says which checks it could not make without them', async () => {
    const { report } = await runScenario(loadScenario('runtask-prefect-no-service-secretsmanager-missing'));
    expect(
      report.findings.filter((f) => f.id === 'not-checked').map((f) => f.evidence.join(' ')),
    ).toContainEqual(
      expect.stringMatching(
        /security groups unknown: the task’s ENI is gone and it was not launched by a service \(RunTask\)/,
      ),
    );
  });
});
