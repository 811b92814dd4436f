import {
  DescribeNetworkAclsCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeVpcEndpointsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { ECSClient, RunTaskCommand, StopTaskCommand } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/sim/scenario.js';
import { runCli } from '../support/cli.js';
import {
  buildInMoto,
  eventFile,
  MOTO_URL,
  motoEnv,
  resetMoto,
  useProcessEnv,
  withoutMoto,
} from '../support/moto.js';
import { findingsBothWays, replayOnMoto } from '../support/moto-replay.js';

/**
 * The same topologies, built for real in the moto server with the SDK, replayed through
 * `ecs-pullfix replay` on the real adapters: the findings must equal the simulated
 * account's. `.ci/run` starts moto and sets MOTO_URL; on a machine without it these tests
 * are skipped with one line saying how to run them, and CI fails rather than skip them.
 */
const TOPOLOGIES = [
  'no-egress-no-endpoints',
  'healthy-nat-image-not-found',
  'public-subnet-public-ip-disabled',
  'endpoint-sg-allows-old-vpc-cidr',
  's3-gateway-not-on-new-az-route-table',
  'ecr-dkr-private-dns-off',
  'task-sg-egress-s3-prefix-list-only',
  'default-route-transit-gateway',
  'nacl-deny-outbound-443',
  'vpc-dns-hostnames-off',
  'runtask-prefect-no-service-secretsmanager-missing',
  'endpoint-policy-s3-single-bucket',
  'endpoint-policy-ecr-least-privilege-tag-missing',
  'endpoint-policy-logs-own-groups-secret-renamed',
  'endpoint-policy-s3-deny-notresource-layers',
  'endpoint-policy-org-perimeter-not-checked',
  'endpoint-policy-account-perimeter-parameter-missing',
  'endpoint-policy-ecr-api-pull-actions-only',
  'endpoint-policy-ecr-api-perimeter-allows',
  'endpoint-policy-secrets-listed-by-arn-new-secret',
  'env-file-bucket-denied-by-s3-endpoint-policy',
  'env-file-bucket-allowed-by-s3-endpoint-policy',
  'dhcp-corporate-dns-ecr-endpoints',
  'dhcp-amazon-provided-dns-ecr-endpoints',
  'resolver-forward-amazonaws-to-onprem',
  'resolver-forward-corp-domain-only',
  'secrets-endpoint-sg-dial-endpoint-interface',
  'dhcp-corporate-dns-behind-nat',
  'resolver-forward-amazonaws-system-rule-for-ecr',
  'resolver-forward-amazonaws-system-rule-ecr-only-task',
  'harbor-onprem-via-tgw-dial-beyond-vpc',
  'endpoint-sg-corp-prefix-list-admits-task',
  'endpoint-sg-corp-prefix-list-lacks-task-range',
  'task-sg-egress-corp-prefix-list',
  'task-sg-egress-corp-prefix-list-misses-vpc',
  'nat-public-subnet-main-table-healthy',
  'nat-subnet-lost-internet-route',
  'nat-private-connectivity-default-route',
  'ipv6-only-egress-only-gateway-ecr-ipv4-name',
  'ipv6-only-egress-only-gateway-dual-stack-image',
  'ipv6-only-secrets-and-logs-without-endpoints',
  'dual-stack-nat-egress-only-healthy',
  'ipv6-only-no-ipv6-route',
  'efs-no-mount-target-in-task-zone',
  'efs-mount-target-sg-lacks-2049',
  'efs-volume-endpoints-healthy',
];

type Doc = { findings: { id: string; service?: string }[] };
const keyOf = (f: { id: string; service?: string | undefined }) =>
  f.service ? `${f.id}:${f.service}` : f.id;

/** Everything of a VPC that auto-fix could touch, read back in full. */
async function describeAll(ec2: EC2Client, vpcId: string): Promise<unknown> {
  const vpc = [{ Name: 'vpc-id', Values: [vpcId] }];
  const [endpoints, groups, tables, acls] = await Promise.all([
    ec2.send(new DescribeVpcEndpointsCommand({ Filters: vpc })),
    ec2.send(new DescribeSecurityGroupsCommand({ Filters: vpc })),
    ec2.send(new DescribeRouteTablesCommand({ Filters: vpc })),
    ec2.send(new DescribeNetworkAclsCommand({ Filters: vpc })),
  ]);
  return {
    endpoints: endpoints.VpcEndpoints,
    groups: groups.SecurityGroups,
    tables: tables.RouteTables,
    acls: acls.NetworkAcls,
  };
}

if (MOTO_URL === undefined) {
  withoutMoto('replay on moto');
} else {
  const url = MOTO_URL;
  describe('replay on moto', () => {
    useProcessEnv(motoEnv(url));

    it.each(TOPOLOGIES)('%s: finds what the simulated account finds', async (name) => {
      const { scenario, findings } = await replayOnMoto(name, url);

      const { onMoto, simulated } = await findingsBothWays(scenario, findings);
      expect(onMoto).toEqual(simulated);
    });

    it('diagnose reads a stopped task ECS still remembers, and its ENI for the security groups', async () => {
      const scenario = loadScenario('healthy-nat-image-not-found');
      await resetMoto(url);
      const { event, ids } = await buildInMoto(scenario, url);
      const ecs = new ECSClient({});
      const detail = event.detail as { taskDefinitionArn: string };
      const run = await ecs.send(
        new RunTaskCommand({
          cluster: scenario.file.cluster.name,
          taskDefinition: detail.taskDefinitionArn,
          launchType: 'FARGATE',
          networkConfiguration: {
            awsvpcConfiguration: {
              subnets: [ids.get(scenario.file.task.subnet) ?? ''],
              securityGroups: (scenario.service?.securityGroupIds ?? []).map((g) => ids.get(g) ?? g),
            },
          },
        }),
      );
      const taskArn = run.tasks?.[0]?.taskArn ?? '';
      await ecs.send(
        new StopTaskCommand({
          cluster: scenario.file.cluster.name,
          task: taskArn,
          reason: scenario.file.task.stoppedReason,
        }),
      );

      const args = [
        'diagnose',
        '--cluster',
        scenario.file.cluster.name,
        '--task',
        taskArn.split('/').pop() ?? '',
        '--json',
      ];
      const { code, stdout } = await runCli(args, '', motoEnv(url));
      expect(code).toBe(0);
      const doc = JSON.parse(stdout) as Doc & { classification: { cause: string } };
      expect(doc.classification.cause).toBe('image-not-found');
      expect(doc.findings.map(keyOf)).toEqual(['image-tag-missing', 'path-ok']);
      expect(JSON.stringify(doc.findings[0])).toContain('nearest tags: 1.4.2, 1.4.1, 1.3.0');
      expect(JSON.stringify(doc.findings)).toMatch(/\(task\): outbound 443 to 0\.0\.0\.0\/0/);
    });

    it('auto-fix creates the real endpoints, the security group and its rules, all tagged; a rerun creates nothing', async () => {
      const scenario = loadScenario('no-egress-no-endpoints');
      await resetMoto(url);
      const { event, ids } = await buildInMoto(scenario, url);
      const file = eventFile(event);

      const first = await runCli(['replay', file, '--json', '--mode', 'auto-fix', '--yes'], '', motoEnv(url));
      expect(first.code).toBe(0);
      const actions = (
        JSON.parse(first.stdout) as { actions: { kind: string; status: string; allowed: boolean }[] }
      ).actions;
      expect(actions.filter((a) => a.allowed).map((a) => [a.kind, a.status])).toEqual([
        ['create-endpoint-security-group', 'verified'],
        ['authorize-ingress-443', 'verified'],
        ['create-interface-endpoint', 'verified'],
        ['create-interface-endpoint', 'verified'],
        ['create-interface-endpoint', 'verified'],
        ['create-s3-gateway-endpoint', 'verified'],
      ]);

      const ec2 = new EC2Client({});
      const vpcId = ids.get(scenario.vpcId) ?? '';
      const endpoints =
        (await ec2.send(new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] })))
          .VpcEndpoints ?? [];
      expect(endpoints.map((e) => e.ServiceName).sort()).toEqual([
        'com.amazonaws.us-east-1.ecr.api',
        'com.amazonaws.us-east-1.ecr.dkr',
        'com.amazonaws.us-east-1.logs',
        'com.amazonaws.us-east-1.s3',
      ]);
      for (const e of endpoints) {
        expect(Object.fromEntries((e.Tags ?? []).map((t) => [t.Key, t.Value]))).toMatchObject({
          'ecs-pullfix:managed': 'true',
          'ecs-pullfix:cluster': 'prod-apps',
          'ecs-pullfix:incident': expect.stringMatching(/^inc-[0-9a-f]{16}$/),
        });
        if (e.VpcEndpointType === 'Interface') expect(e.PrivateDnsEnabled).toBe(true);
      }
      const groups =
        (
          await ec2.send(
            new DescribeSecurityGroupsCommand({
              Filters: [{ Name: 'group-name', Values: ['ecs-pullfix-endpoints'] }],
            }),
          )
        ).SecurityGroups ?? [];
      expect(groups).toHaveLength(1);
      expect(Object.fromEntries((groups[0]?.Tags ?? []).map((t) => [t.Key, t.Value]))).toMatchObject({
        'ecs-pullfix:managed': 'true',
      });
      expect(groups[0]?.IpPermissions).toEqual([
        expect.objectContaining({
          IpProtocol: 'tcp',
          FromPort: 443,
          ToPort: 443,
          UserIdGroupPairs: [expect.objectContaining({ GroupId: ids.get('sg-task') })],
        }),
      ]);

      const before = await describeAll(ec2, vpcId);
      const second = await runCli(
        ['replay', file, '--json', '--mode', 'auto-fix', '--yes'],
        '',
        motoEnv(url),
      );
      expect((JSON.parse(second.stdout) as Doc).findings.map(keyOf)).toEqual(['path-ok']);
      expect(await describeAll(ec2, vpcId)).toEqual(before);
    });

    it('dry-run changes nothing, and shows the plan auto-fix would apply', async () => {
      const scenario = loadScenario('no-egress-no-endpoints');
      await resetMoto(url);
      const { event, ids } = await buildInMoto(scenario, url);
      const file = eventFile(event);
      const ec2 = new EC2Client({});
      const vpcId = ids.get(scenario.vpcId) ?? '';
      const before = await describeAll(ec2, vpcId);
      const { code, stdout } = await runCli(
        ['replay', file, '--json', '--mode', 'dry-run'],
        '',
        motoEnv(url),
      );
      expect(code).toBe(0);
      const actions = (JSON.parse(stdout) as { actions: { status: string; allowed: boolean }[] }).actions;
      expect(actions.filter((a) => a.allowed)).toHaveLength(6);
      expect(actions.every((a) => a.status === 'planned')).toBe(true);
      expect(await describeAll(ec2, vpcId)).toEqual(before);
    });

    it.each([
      ['no-egress-no-endpoints', 2, ['no-egress-path', 'missing-endpoint', 's3-gateway-missing']],
      ['healthy-nat-image-not-found', 2, ['image-tag-missing', 'path-ok']],
      ['endpoints-healthy-secret-not-found', 2, ['secret-missing', 'path-ok']],
      ['ssm-parameter-missing', 2, ['secret-missing', 'path-ok']],
      ['nat-healthy-dockerhub-rate-limit', 0, ['path-ok']],
    ] as const)('check %s: the service diagnosed before a task fails (exit %i)', async (name, exit, ids) => {
      const scenario = loadScenario(name);
      await resetMoto(url);
      await buildInMoto(scenario, url);
      const { code, stdout, stderr } = await runCli(
        [
          'check',
          '--cluster',
          scenario.file.cluster.name,
          '--service',
          scenario.service?.name ?? '',
          '--json',
        ],
        '',
        motoEnv(url),
      );
      expect(stderr).toBe('');
      expect(code).toBe(exit);
      const doc = JSON.parse(stdout) as Doc & { wouldStart: boolean };
      expect(doc.wouldStart).toBe(exit === 0);
      expect([...new Set(doc.findings.filter((f) => f.id !== 'not-checked').map((f) => f.id))]).toEqual(ids);
    });

    it('scan lists the services of a cluster and checks each', async () => {
      const scenario = loadScenario('no-egress-no-endpoints');
      await resetMoto(url);
      await buildInMoto(scenario, url);
      const { code, stdout, stderr } = await runCli(
        ['scan', '--cluster', scenario.file.cluster.name, '--json'],
        '',
        motoEnv(url),
      );
      expect(stderr).toBe('');
      expect(code).toBe(2);
      expect(JSON.parse(stdout)).toMatchObject({
        checked: 1,
        wouldFail: 1,
        services: [{ service: scenario.service?.name, wouldStart: false }],
      });
    });

    it('diagnose says so when ECS no longer knows the task', async () => {
      await resetMoto(url);
      const { code, stderr } = await runCli(
        ['diagnose', '--cluster', 'prod-apps', '--task', '0123456789abcdef'],
        '',
        motoEnv(url),
      );
      expect(code).toBe(252);
      expect(stderr).toMatch(/ECS does not know task 0123456789abcdef in cluster prod-apps/);
    });
  });
}
