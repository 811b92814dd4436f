import {
  CreateAccountCommand,
  CreateOrganizationCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/sim/scenario.js';
import { linesOf, runCommand } from '../support/command.js';
import { buildInMoto, MOTO_ACCOUNT, MOTO_URL, resetMoto, withoutMoto } from '../support/moto.js';

/**
 * `ecs-pullfix scan --accounts` and `--organization`, the installed command against moto. moto
 * keeps accounts apart: `sts:AssumeRole` into a role of another account answers credentials whose
 * access key moto maps to that account, so what is created with them lives there only. Each
 * member account gets the no-egress scenario (its service would fail to start), built with the
 * credentials of the member role assumed there; the caller is moto's default account, which runs
 * nothing. moto trusts every assumption (it enforces no trust policy): a refused role is the
 * simulated organization's (test/cli/scan-accounts.test.ts).
 */
const A = '111122223333';
const B = '444455556666';
const ROLE = 'ecs-pullfix-member';
const SERVICE = loadScenario('no-egress-no-endpoints').service?.name ?? '';

type Doc = {
  accounts: { account: string; checked: boolean }[];
  services: { account: string; service: string; taskDefinitionArn: string; wouldStart: boolean }[];
};

if (MOTO_URL === undefined) {
  withoutMoto('scan across accounts on moto');
} else {
  const url = MOTO_URL;
  const sdk = {
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  };
  const shell = {
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL: url,
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/EXAMPLEKEY',
  };

  /** The scenario built in `account`, with the member role's credentials there. */
  const buildIn = async (account: string) => {
    const { Credentials: c } = await new STSClient(sdk).send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${account}:role/${ROLE}-us-east-1`,
        RoleSessionName: 'build',
      }),
    );
    await buildInMoto(loadScenario('no-egress-no-endpoints'), url, {
      accessKeyId: c?.AccessKeyId ?? '',
      secretAccessKey: c?.SecretAccessKey ?? '',
      sessionToken: c?.SessionToken ?? '',
    });
  };

  describe('scan --accounts on moto', () => {
    beforeAll(async () => {
      await resetMoto(url);
      await buildIn(A);
      await buildIn(B);
    });

    it('scans both accounts through their member roles: one table, a row per account’s service', async () => {
      const { code, stdout, stderr } = await runCommand(
        ['scan', '--accounts', `${A},${B}`, '--role-name', ROLE],
        {
          env: shell,
          timeoutMs: 60_000,
        },
      );

      expect(stderr).toBe('');
      const lines = linesOf(stdout);
      expect(lines[0]).toMatch(/^account\s+service\s+verdict\s+findings$/);
      for (const account of [A, B])
        expect(lines).toContainEqual(
          expect.stringMatching(new RegExp(`^${account}\\s+prod-apps/${SERVICE}\\s+would fail`)),
        );
      expect(stdout).toContain('2 of 2 accounts checked, 2 services: 2 would fail to start');
      expect(code).toBe(2);
    });

    it('prints one JSON document with --json, each service read in its own account', async () => {
      const { code, stdout } = await runCommand(['scan', '--accounts', `${A},${B}`, '--json'], {
        env: shell,
        timeoutMs: 60_000,
      });

      const doc = JSON.parse(stdout) as Doc;
      expect(doc.accounts).toEqual([
        { account: A, checked: true },
        { account: B, checked: true },
      ]);
      expect(doc.services.map((s) => [s.account, s.service, s.wouldStart])).toEqual([
        [A, SERVICE, false],
        [B, SERVICE, false],
      ]);
      for (const s of doc.services) expect(s.taskDefinitionArn).toContain(`:${s.account}:task-definition/`);
      expect(code).toBe(2);
    });
  });

  describe('scan --organization on moto', () => {
    it('scans every ACTIVE account of the organisation, the management account with its own credentials', async () => {
      await resetMoto(url);
      const organizations = new OrganizationsClient(sdk);
      await organizations.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
      const members: string[] = [];
      for (const name of ['payments', 'search']) {
        const created = await organizations.send(
          new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }),
        );
        members.push(created.CreateAccountStatus?.AccountId ?? '');
      }
      for (const account of members) await buildIn(account);

      const { code, stdout } = await runCommand(['scan', '--organization', '--json'], {
        env: shell,
        timeoutMs: 60_000,
      });

      const doc = JSON.parse(stdout) as Doc;
      expect(doc.accounts.map((a) => a.account).sort()).toEqual([MOTO_ACCOUNT, ...members].sort());
      expect(doc.accounts.every((a) => a.checked)).toBe(true);
      expect(doc.services.map((s) => s.account).sort()).toEqual([...members].sort());
      expect(code).toBe(2);
    });
  });
}
