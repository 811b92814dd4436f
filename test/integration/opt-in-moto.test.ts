import {
  CreateTagsCommand,
  DescribeSecurityGroupsCommand,
  DescribeVpcEndpointsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
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

/**
 * The owners' opt-ins on the wire: the tags buildInMoto puts on moto's VPC, groups and
 * endpoints are what the real readers see, and auto-fix writes only what they allow. (moto
 * checks no IAM: that the role refuses the rest is test/deploy/role.test.ts.)
 */
type Action = { kind: string; status: string; allowed: boolean; cli: string };
type Doc = { actions: Action[]; findings: { id: string }[] };

async function replay(url: string, event: Record<string, unknown>): Promise<{ code: number; doc: Doc }> {
  const file = eventFile(event);
  const { code, stdout } = await runCli(
    ['replay', file, '--json', '--mode', 'auto-fix', '--yes'],
    '',
    motoEnv(url),
  );
  return { code, doc: JSON.parse(stdout) as Doc };
}

if (MOTO_URL === undefined) {
  withoutMoto('opt-in on moto');
} else {
  const url = MOTO_URL;
  describe('opt-in on moto', () => {
    useProcessEnv(motoEnv(url));

    it('writes nothing in a VPC that did not opt in, and gives each command instead', async () => {
      const scenario = loadScenario('vpc-not-opted-in-no-endpoints');
      await resetMoto(url);
      const { event, ids } = await buildInMoto(scenario, url);
      const { doc } = await replay(url, event);
      const writes = doc.actions.filter((a) => /^(create|authorize|add)-/.test(a.kind));
      expect(writes).toHaveLength(6);
      // Nothing auto-fix may write: the plan stays a plan.
      expect(writes.every((a) => !a.allowed && a.status === 'planned')).toBe(true);
      expect(writes.map((a) => a.cli.split(' ').slice(0, 3).join(' '))).toContain(
        'aws ec2 create-vpc-endpoint',
      );
      const ec2 = new EC2Client({});
      const vpc = [{ Name: 'vpc-id', Values: [ids.get(scenario.vpcId) ?? ''] }];
      expect((await ec2.send(new DescribeVpcEndpointsCommand({ Filters: vpc }))).VpcEndpoints).toEqual([]);
      const groups =
        (await ec2.send(new DescribeSecurityGroupsCommand({ Filters: vpc }))).SecurityGroups ?? [];
      expect(groups.map((g) => g.GroupName)).not.toContain('ecs-pullfix-endpoints');
    });

    it('adds the egress rule to a task’s group only once its owner tags it', async () => {
      const scenario = loadScenario('task-sg-not-opted-in-egress-s3-only');
      await resetMoto(url);
      const { event, ids } = await buildInMoto(scenario, url);
      const groupId = ids.get('sg-0a1c3e5b7d9f2a813') ?? '';
      const ec2 = new EC2Client({});
      const egress = async () =>
        (await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }))).SecurityGroups?.[0]
          ?.IpPermissionsEgress ?? [];
      const before = await egress();

      const first = await replay(url, event);
      expect(first.doc.actions.find((a) => a.kind === 'authorize-egress-443')).toMatchObject({
        allowed: false,
        status: 'planned',
        cli: expect.stringContaining(`aws ec2 authorize-security-group-egress --group-id ${groupId}`),
      });
      expect(await egress()).toEqual(before);

      await ec2.send(
        new CreateTagsCommand({
          Resources: [groupId],
          Tags: [{ Key: 'ecs-pullfix:allow-https-rules', Value: 'true' }],
        }),
      );
      const second = await replay(url, event);
      expect(second.doc.actions.find((a) => a.kind === 'authorize-egress-443')).toMatchObject({
        allowed: true,
        status: 'verified',
      });
      const endpointGroup = ids.get('sg-0b5d7f9a1c3e5b924') ?? '';
      expect(before.flatMap((p) => p.UserIdGroupPairs ?? []).map((g) => g.GroupId)).not.toContain(
        endpointGroup,
      );
      expect(
        (await egress())
          .filter((p) => p.IpProtocol === 'tcp' && p.FromPort === 443 && p.ToPort === 443)
          .flatMap((p) => p.UserIdGroupPairs ?? [])
          .map((g) => g.GroupId),
      ).toContain(endpointGroup);
    });
  });
}
