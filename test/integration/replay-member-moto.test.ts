import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeVpcEndpointsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/sim/scenario.js';
import { runCli } from '../support/cli.js';
import { buildInMoto, MOTO_URL, motoEnv, resetMoto, useProcessEnv, withoutMoto } from '../support/moto.js';

/**
 * `replay --role-name` of a member account's event, on moto: the no-egress scenario built in
 * account 111122223333 with the member role's credentials there (moto keeps the account's
 * resources apart from the caller's, 123456789012). Through the role, the replay reads the
 * member's VPC and finds what the scenario expects; without it, the caller's account holds
 * none of it.
 */
const MEMBER = '111122223333';
const ROLE = 'ecs-pullfix-member';
type Doc = { findings: { id: string }[] };
const problems = (stdout: string) =>
  (JSON.parse(stdout) as Doc).findings.map((f) => f.id).filter((id) => id !== 'not-checked');

if (MOTO_URL === undefined) {
  withoutMoto('replay of a member account’s event on moto');
} else {
  const url = MOTO_URL;
  describe('replay of a member account’s event on moto', () => {
    useProcessEnv(motoEnv(url));
    let file = '';
    let vpcId = '';
    let member: EC2Client | undefined;
    const caller = new EC2Client({
      endpoint: url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    });

    beforeAll(async () => {
      await resetMoto(url);
      const sts = new STSClient({
        endpoint: url,
        region: 'us-east-1',
        credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
      });
      const { Credentials: c } = await sts.send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${MEMBER}:role/${ROLE}-us-east-1`,
          RoleSessionName: 'build',
        }),
      );
      const credentials = {
        accessKeyId: c?.AccessKeyId ?? '',
        secretAccessKey: c?.SecretAccessKey ?? '',
        sessionToken: c?.SessionToken ?? '',
      };
      const scenario = loadScenario('no-egress-no-endpoints');
      const { event, ids } = await buildInMoto(scenario, url, credentials);
      vpcId = ids.get(scenario.vpcId) ?? '';
      member = new EC2Client({ endpoint: url, region: 'us-east-1', credentials });
      file = join(mkdtempSync(join(tmpdir(), 'pullfix-member-')), 'event.json');
      writeFileSync(file, JSON.stringify({ ...event, account: MEMBER }));
    }, 60_000);

    it('reads the member account through its role and finds the scenario’s causes', async () => {
      const { code, stdout, stderr } = await runCli(
        ['replay', file, '--json', '--role-name', ROLE],
        '',
        motoEnv(url),
      );

      expect(stderr).toBe(
        `ecs-pullfix: reading account ${MEMBER} through arn:aws:iam::${MEMBER}:role/${ROLE}-us-east-1\n`,
      );
      expect(new Set(problems(stdout))).toEqual(
        new Set(['no-egress-path', 'missing-endpoint', 's3-gateway-missing']),
      );
      expect(code).toBe(0);
    });

    it('without --role-name, says the event is another account’s and finds nothing of the member’s VPC', async () => {
      const { stdout, stderr } = await runCli(['replay', file, '--json'], '', motoEnv(url));

      expect(stderr).toContain(
        `the event is from account ${MEMBER}, but the credentials are for 123456789012`,
      );
      expect(problems(stdout)).toEqual([]);
    });

    it('with --mode auto-fix, asks naming the member account and writes there only', async () => {
      const endpoints = async (ec2: EC2Client) =>
        (await ec2.send(new DescribeVpcEndpointsCommand({}))).VpcEndpoints?.filter(
          (e) => e.VpcId === vpcId,
        ) ?? [];
      const questions: string[] = [];

      const { stderr } = await runCli(
        ['replay', file, '--json', '--role-name', ROLE, '--mode', 'auto-fix'],
        '',
        motoEnv(url),
        {
          ask: async (q) => {
            questions.push(q);
            return 'y';
          },
        },
      );

      expect(stderr).toContain(`auto-fix will make 6 change(s) in account ${MEMBER}, us-east-1:\n`);
      expect(questions).toHaveLength(1);
      expect((await endpoints(member as EC2Client)).length).toBeGreaterThan(0);
      expect((await caller.send(new DescribeVpcEndpointsCommand({}))).VpcEndpoints ?? []).toEqual([]);
    });
  });
}
