import {
  CreateVpcEndpointCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  DescribeVpcEndpointsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import {
  DescribeServicesCommand,
  ECSClient,
  type NetworkConfiguration,
  RunTaskCommand,
  StopTaskCommand,
} from '@aws-sdk/client-ecs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/sim/scenario.js';
import { runCommand, tempFile } from '../support/command.js';
import { buildInMoto, MOTO_URL, resetMoto, withoutMoto } from '../support/moto.js';

/**
 * What auto-fix left behind, as a user finds and removes it: the installed command against
 * moto, auto-fix run on the no-egress VPC (`replay --mode auto-fix --yes`), then `managed` and
 * `managed --delete` as child processes, checked against what EC2 itself describes.
 */

type Item = Readonly<{
  id: string;
  kind: string;
  what: string;
  incident?: string;
  cluster?: string;
  monthlyUsd: number;
  use: { verdict: string; why: string };
}>;

if (MOTO_URL === undefined) {
  withoutMoto('managed on moto');
} else {
  const url = MOTO_URL;
  const shell = {
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL: url,
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/EXAMPLEKEY',
  };
  const ec2 = new EC2Client({
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  });
  const managedTag = [{ Name: 'tag:ecs-pullfix:managed', Values: ['true'] }];
  let vpcId = '';
  let incident = '';
  const endpoints = async () =>
    (
      (await ec2.send(new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] })))
        .VpcEndpoints ?? []
    )
      .filter((e) => !['deleted', 'deleting'].includes(String(e.State).toLowerCase()))
      .map((e) => e.VpcEndpointId ?? '')
      .sort();
  const groups = async () =>
    ((await ec2.send(new DescribeSecurityGroupsCommand({ Filters: managedTag }))).SecurityGroups ?? []).map(
      (g) => g.GroupId ?? '',
    );
  const rules = async () =>
    (
      (await ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: managedTag }))).SecurityGroupRules ??
      []
    ).map((r) => r.SecurityGroupRuleId ?? '');
  const serviceOf = async (service: string) =>
    (
      await ec2.send(
        new DescribeVpcEndpointsCommand({
          Filters: [
            { Name: 'vpc-id', Values: [vpcId] },
            { Name: 'service-name', Values: [`com.amazonaws.us-east-1.${service}`] },
          ],
        }),
      )
    ).VpcEndpoints?.[0]?.VpcEndpointId ?? '';

  describe('managed on moto, after auto-fix', () => {
    beforeAll(async () => {
      await resetMoto(url);
      const scenario = loadScenario('no-egress-no-endpoints');
      const { event, ids } = await buildInMoto(scenario, url);
      vpcId = ids.get(scenario.vpcId) ?? '';
      const file = tempFile('event.json', JSON.stringify(event));
      const fix = await runCommand(['replay', file, '--mode', 'auto-fix', '--yes', '--json'], {
        env: shell,
        timeoutMs: 60_000,
      });
      expect(fix.stderr).toBe('');
      expect(fix.code).toBe(0);
      // The incident auto-fix tagged its writes with (the endpoint group is one of them).
      const group = (await ec2.send(new DescribeSecurityGroupsCommand({ Filters: managedTag })))
        .SecurityGroups?.[0];
      incident = group?.Tags?.find((t) => t.Key === 'ecs-pullfix:incident')?.Value ?? '';
    }, 90_000);

    it('lists exactly what auto-fix created, with its incident, cluster and monthly cost', async () => {
      const run = await runCommand(['managed', '--json'], { env: shell, timeoutMs: 30_000 });
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      const doc = JSON.parse(run.stdout) as { items: Item[]; monthlyUsd: number; notChecked: string[] };
      // Exactly what EC2 says carries the tag: four endpoints, the endpoint group, its rule.
      expect(doc.items.map((i) => i.id).sort()).toEqual(
        [...(await endpoints()), ...(await groups()), ...(await rules())].sort(),
      );
      expect(doc.items.map((i) => [i.kind, i.what, i.monthlyUsd])).toEqual([
        ['interface-endpoint', 'ecr.api', 7.3],
        ['interface-endpoint', 'ecr.dkr', 7.3],
        ['interface-endpoint', 'logs', 7.3],
        ['gateway-endpoint', 's3 (gateway)', 0],
        ['security-group', 'ecs-pullfix-endpoints', 0],
        ['security-group-rule', expect.stringMatching(/^ingress 443 from sg-\w+ on sg-\w+$/), 0],
      ]);
      expect(doc.items.every((i) => i.incident === incident && i.cluster === 'prod-apps')).toBe(true);
      expect(incident).toMatch(/^inc-[0-9a-f]{16}$/);
      expect(doc.monthlyUsd).toBe(21.9);
      expect(doc.notChecked).toEqual([]);
      // The task that failed is gone: nothing in the VPC uses the endpoints.
      expect(doc.items.find((i) => i.what === 'ecr.dkr')?.use.verdict).toBe('not in use');
    });

    it('prints the same as a table, with the total a month', async () => {
      const run = await runCommand(['managed'], { env: shell, timeoutMs: 30_000 });
      expect(run.code).toBe(0);
      const lines = run.stdout.split('\n');
      expect(lines[0]).toMatch(/^ID +WHAT +VPC +INCIDENT +CLUSTER +\$\/MONTH +IN USE$/);
      const dkr = await serviceOf('ecr.dkr');
      expect(lines.find((l) => l.startsWith(dkr))).toMatch(
        new RegExp(`^vpce-\\w+ +ecr\\.dkr +${vpcId} +${incident} +prod-apps +7\\.30 +not in use: `),
      );
      expect(run.stdout).toContain(
        '\n6 made by ecs-pullfix in us-east-1, ≈ $21.90/month (us-east-1 list prices: ',
      );
    });

    it('refuses to delete an endpoint ecs-pullfix did not create (exit 252), and deletes nothing', async () => {
      const theirs =
        (
          await ec2.send(
            new CreateVpcEndpointCommand({
              VpcId: vpcId,
              ServiceName: 'com.amazonaws.us-east-1.sts',
              VpcEndpointType: 'Interface',
            }),
          )
        ).VpcEndpoint?.VpcEndpointId ?? '';
      const before = await endpoints();
      const dkr = await serviceOf('ecr.dkr');
      const run = await runCommand(['managed', '--delete', dkr, theirs, '--yes'], {
        env: shell,
        timeoutMs: 30_000,
      });
      expect(run.code).toBe(252);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(
        `ecs-pullfix: ${theirs} is not tagged ecs-pullfix:managed=true in us-east-1 (or does not exist there): ecs-pullfix deletes only what it created\necs-pullfix: nothing was deleted\n`,
      );
      expect(await endpoints()).toEqual(before);
    });

    it('refuses to delete without --yes where there is no terminal to ask on (exit 252)', async () => {
      const before = await endpoints();
      const run = await runCommand(['managed', '--delete', await serviceOf('ecr.dkr')], { env: shell });
      expect(run.code).toBe(252);
      expect(run.stderr).toBe(
        'ecs-pullfix: managed --delete deletes from your AWS account: pass --yes to confirm (there is no terminal to ask on)\n',
      );
      expect(await endpoints()).toEqual(before);
    });

    it('refuses the endpoint group while its endpoints stay', async () => {
      const [group] = await groups();
      const run = await runCommand(['managed', '--delete', group ?? '', '--yes'], {
        env: shell,
        timeoutMs: 30_000,
      });
      expect(run.code).toBe(252);
      expect(run.stderr).toMatch(
        new RegExp(
          `^ecs-pullfix: ${group} is still the security group of vpce-\\w+, vpce-\\w+, vpce-\\w+: delete them first`,
        ),
      );
      expect(await groups()).toEqual([group]);
    });

    it('says which running task still needs an endpoint', async () => {
      const ecs = new ECSClient({
        endpoint: url,
        region: 'us-east-1',
        credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
      });
      const service = (
        await ecs.send(new DescribeServicesCommand({ cluster: 'prod-apps', services: ['checkout'] }))
      ).services?.[0];
      const started = await ecs.send(
        new RunTaskCommand({
          cluster: 'prod-apps',
          taskDefinition: service?.taskDefinition,
          launchType: 'FARGATE',
          networkConfiguration: service?.networkConfiguration as NetworkConfiguration,
        }),
      );
      const taskArn = started.tasks?.[0]?.taskArn ?? '';
      try {
        const run = await runCommand(['managed', '--json'], { env: shell, timeoutMs: 30_000 });
        const items = (JSON.parse(run.stdout) as { items: Item[] }).items;
        const task = taskArn.split('/').at(-1) ?? '';
        expect(items.find((i) => i.what === 'ecr.dkr')?.use).toEqual({
          verdict: 'in use',
          why: expect.stringMatching(
            new RegExp(`^eni-\\w+ \\(sg-\\w+\\) reaches it and task prod-apps/${task} needs ecr\\.dkr$`),
          ),
        });
        expect(items.find((i) => i.what === 's3 (gateway)')?.use).toEqual({
          verdict: 'in use',
          why: `task prod-apps/${task} needs s3`,
        });
      } finally {
        await ecs.send(new StopTaskCommand({ cluster: 'prod-apps', task: taskArn }));
      }
    });

    it('deletes the one endpoint named, and nothing else', async () => {
      const dkr = await serviceOf('ecr.dkr');
      const [before, groupsBefore, rulesBefore] = [await endpoints(), await groups(), await rules()];
      const run = await runCommand(['managed', '--delete', dkr, '--yes'], { env: shell, timeoutMs: 30_000 });
      expect(run.code).toBe(0);
      expect(run.stdout).toBe(
        `deleted ${dkr} (com.amazonaws.us-east-1.ecr.dkr in ${vpcId}, ≈ $7.30/month)\n`,
      );
      expect(await endpoints()).toEqual(before.filter((id) => id !== dkr));
      expect(await groups()).toEqual(groupsBefore);
      expect(await rules()).toEqual(rulesBefore);
      const after = JSON.parse(
        (await runCommand(['managed', '--json'], { env: shell, timeoutMs: 30_000 })).stdout,
      ) as {
        monthlyUsd: number;
      };
      expect(after.monthlyUsd).toBe(14.6);
    });

    it('removes the rest before the stack goes: the endpoints, then their group with its rule; your own endpoint stays', async () => {
      const ours = (
        JSON.parse((await runCommand(['managed', '--json'], { env: shell, timeoutMs: 30_000 })).stdout) as {
          items: Item[];
        }
      ).items.filter((i) => i.kind !== 'security-group-rule');
      const [group] = await groups();
      const theirs = (await endpoints()).filter((id) => !ours.some((i) => i.id === id));
      const run = await runCommand(['managed', '--delete', ...ours.map((i) => i.id), '--yes'], {
        env: shell,
        timeoutMs: 30_000,
      });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout.split('\n').at(-2)).toBe(`deleted ${group} (ecs-pullfix-endpoints in ${vpcId})`);
      expect(await endpoints()).toEqual(theirs);
      expect(theirs).toHaveLength(1);
      expect(await groups()).toEqual([]);
      expect(await rules()).toEqual([]);
      const after = await runCommand(['managed'], { env: shell, timeoutMs: 30_000 });
      expect(after.stdout).toBe('Nothing tagged ecs-pullfix:managed=true in us-east-1.\n');
    });
  });
}
