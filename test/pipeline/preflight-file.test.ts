import { describe, expect, it } from 'vitest';
import { findingKey, isProblem } from '../../src/core/findings.js';
import { InvalidInputError } from '../../src/errors.js';
import { preflight } from '../../src/pipeline/preflight.js';
import { partitionOfRegion, preflightUnregistered } from '../../src/pipeline/preflight-file.js';
import { SimulatedAccount } from '../../src/sim/account.js';
import { loadScenario, loadScenarios, type Scenario } from '../../src/sim/scenario.js';

/*
 * `check --task-definition`: the file a deploy is about to register, checked in the network the
 * flags give. Given the service's own task definition and awsvpc configuration, it must find
 * exactly what `check --cluster --service` finds of the service, and never ask ECS for the
 * task definition or the service.
 */

/** The scenarios whose service has an awsvpc configuration on Fargate (or no launch type named). */
const awsvpcServices = loadScenarios().filter(
  (s) =>
    s.service !== undefined &&
    s.service.subnetIds.length > 0 &&
    s.taskDefinition.networkMode !== 'bridge' &&
    s.taskDefinition.networkMode !== 'host' &&
    s.containerInstance === undefined &&
    s.file.capacityProvider === undefined,
);

const asFile = (s: Scenario) => ({
  taskDefinition: { ...s.taskDefinition, arn: '', networkMode: 'awsvpc' },
  network: {
    subnetIds: s.service?.subnetIds ?? [],
    securityGroupIds: s.service?.securityGroupIds ?? [],
    assignPublicIp: s.service?.assignPublicIp ?? 'DISABLED',
  },
  launchType: 'FARGATE',
  cluster: s.file.cluster.name,
  account: s.account,
});

describe(preflightUnregistered.name, () => {
  it('has awsvpc services to compare with', () => {
    expect(awsvpcServices.length).toBeGreaterThanOrEqual(30);
  });

  it.each(awsvpcServices.map((s) => s.name))(
    '%s: the file in the service’s network finds what the service’s check finds',
    async (name) => {
      const s = loadScenario(name);
      const clusterArn = `arn:aws:ecs:${s.region}:${s.account}:cluster/${s.file.cluster.name}`;
      const ofService = await preflight(clusterArn, s.service?.name ?? '', s.region, new SimulatedAccount(s));
      const account = new SimulatedAccount(s);
      const ofFile = await preflightUnregistered(asFile(s), s.region, account);
      const keys = (p: typeof ofFile) => p.findings.filter(isProblem).map(findingKey);
      expect(keys(ofFile)).toEqual(keys(ofService));
      expect(ofFile.wouldFail).toBe(ofService.wouldFail);
      const ecsCalls = account.calls.map((c) => c.operation).filter((o) => o.startsWith('ecs:'));
      expect(ecsCalls).not.toContain('ecs:DescribeTaskDefinition');
      expect(ecsCalls).not.toContain('ecs:DescribeServices');
    },
  );

  it('names the unregistered task definition by family, in the account and region, with no revision', async () => {
    const s = loadScenario('no-egress-no-endpoints');
    const p = await preflightUnregistered(asFile(s), s.region, new SimulatedAccount(s));
    expect(p.taskDefinitionArn).toBe(`arn:aws:ecs:${s.region}:${s.account}:task-definition/checkout`);
    expect(p.cluster).toBe(s.file.cluster.name);
    expect(p.network).toEqual(asFile(s).network);
  });

  it('says the flags, not a service, gave the network: no public IP is --assign-public-ip left out, and the fix is run-task’s', async () => {
    const s = loadScenario('public-subnet-public-ip-disabled');
    const task = asFile(s);
    const p = await preflightUnregistered(
      { ...task, network: { ...task.network, given: true } },
      s.region,
      new SimulatedAccount(s),
    );
    const evidence = p.findings.flatMap((f) => f.evidence).join('\n');
    expect(evidence).toContain('--assign-public-ip is not given');
    expect(evidence).not.toContain("service's awsvpcConfiguration");
    const commands = JSON.stringify(p.plan?.actions ?? []);
    expect(commands).not.toContain('update-service');
    expect(commands).toContain('assignPublicIp=ENABLED');
  });

  it.each([
    ['a subnet', { subnetIds: ['subnet-0bad1d'] }, "The subnet ID 'subnet-0bad1d' does not exist"],
    ['a security group', { securityGroupIds: ['sg-0bad1d'] }, 'sg-0bad1d does not exist'],
  ])(
    'refuses %s EC2 does not know: a mistyped id must not pass the gate as "not checked"',
    async (_, wrong, says) => {
      const s = loadScenario('nat-public-subnet-main-table-healthy');
      const task = asFile(s);
      const run = preflightUnregistered(
        { ...task, network: { ...task.network, ...wrong } },
        s.region,
        new SimulatedAccount(s),
      );
      await expect(run).rejects.toThrow(InvalidInputError);
      await expect(run).rejects.toThrow(says);
    },
  );

  it.each([
    ['us-east-1', 'aws'],
    ['cn-north-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
  ])('%s is in partition %s', (region, partition) => {
    expect(partitionOfRegion(region)).toBe(partition);
  });
});
