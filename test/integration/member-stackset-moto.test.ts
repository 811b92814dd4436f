import { readFileSync } from 'node:fs';
import {
  CloudFormationClient,
  CreateStackInstancesCommand,
  CreateStackSetCommand,
  ListStackInstancesCommand,
  type Parameter,
} from '@aws-sdk/client-cloudformation';
import { EventBridgeClient, ListRulesCommand, ListTargetsByRuleCommand } from '@aws-sdk/client-eventbridge';
import { GetRoleCommand, IAMClient, ListRolePoliciesCommand, ListRoleTagsCommand } from '@aws-sdk/client-iam';
import {
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { beforeAll, describe, expect, it } from 'vitest';
import { MEMBER_TEMPLATE_PATH } from '../../src/deploy/member-template.js';
import { ROOT } from '../support/fixtures.js';
import { HUB } from '../support/member.js';
import { MOTO_URL, resetMoto, withoutMoto } from '../support/moto.js';

/**
 * deploy/member.yml as the README ("For an organisation") deploys it — a service-managed StackSet, instances
 * on OUs in two regions — on moto, which keeps the organisation's accounts apart: each member
 * account gets, in each region, its own role and the two forwarding rules; the OU whose stack
 * instances allow auto-fix gets the auto-fix policy, the other not. (moto replaces a stack
 * instance's parameters with its overrides, where AWS merges them: the overrides here are whole.
 * Its DeleteStackInstances takes accounts where a service-managed StackSet gives OUs, so removal
 * is not shown here.)
 */
const REGIONS = ['eu-west-1', 'ap-southeast-2'];
const STACK_SET = 'ecs-pullfix-member';

if (MOTO_URL === undefined) {
  withoutMoto('the member StackSet on moto');
} else {
  const url = MOTO_URL;
  const testing = { accessKeyId: 'testing', secretAccessKey: 'testing' };
  const at = (region = 'us-east-1', credentials: typeof testing = testing) => ({
    endpoint: url,
    region,
    credentials,
  });
  const org = new OrganizationsClient(at());
  const cfn = new CloudFormationClient(at());

  /** An account of the organisation and an OU holding it. */
  const accountIn = async (name: string, parent: string, root: string) => {
    const made = await org.send(
      new CreateAccountCommand({ Email: `${name}@example.com`, AccountName: name }),
    );
    const id = String(made.CreateAccountStatus?.AccountId);
    await org.send(
      new MoveAccountCommand({ AccountId: id, SourceParentId: root, DestinationParentId: parent }),
    );
    return id;
  };
  /** Credentials in a member account, as the organisation's access role gives them. */
  const inAccount = async (account: string) => {
    const sts = new STSClient(at());
    const { Credentials: c } = await sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${account}:role/OrganizationAccountAccessRole`,
        RoleSessionName: 'member-stackset-test',
      }),
    );
    return {
      accessKeyId: String(c?.AccessKeyId),
      secretAccessKey: String(c?.SecretAccessKey),
      sessionToken: String(c?.SessionToken),
    };
  };

  describe('the member StackSet on moto (deploy/member.yml, as the README deploys it)', () => {
    const accounts = { payments: '', search: '' };
    let organizationId = '';
    let fixOu = '';
    let notifyOu = '';

    beforeAll(async () => {
      await resetMoto(url);
      organizationId = String(
        (await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }))).Organization?.Id,
      );
      const root = String((await org.send(new ListRootsCommand({}))).Roots?.[0]?.Id);
      const ou = async (Name: string) =>
        String(
          (await org.send(new CreateOrganizationalUnitCommand({ ParentId: root, Name }))).OrganizationalUnit
            ?.Id,
        );
      fixOu = await ou('platform');
      notifyOu = await ou('workloads');
      accounts.payments = await accountIn('payments', fixOu, root);
      accounts.search = await accountIn('search', notifyOu, root);
      const parameters: Parameter[] = Object.entries({
        HubAccountId: HUB.account,
        HubRegion: HUB.region,
        HubEventBusName: HUB.bus,
        HubLambdaRoleName: HUB.roleName,
        OrganizationId: organizationId,
      }).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue }));
      await cfn.send(
        new CreateStackSetCommand({
          StackSetName: STACK_SET,
          TemplateBody: readFileSync(`${ROOT}${MEMBER_TEMPLATE_PATH}`, 'utf8'),
          PermissionModel: 'SERVICE_MANAGED',
          AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
          Capabilities: ['CAPABILITY_NAMED_IAM'],
          Parameters: parameters,
        }),
      );
      await cfn.send(
        new CreateStackInstancesCommand({
          StackSetName: STACK_SET,
          DeploymentTargets: { OrganizationalUnitIds: [notifyOu] },
          Regions: REGIONS,
        }),
      );
      await cfn.send(
        new CreateStackInstancesCommand({
          StackSetName: STACK_SET,
          DeploymentTargets: { OrganizationalUnitIds: [fixOu] },
          Regions: REGIONS,
          ParameterOverrides: [...parameters, { ParameterKey: 'AllowAutoFix', ParameterValue: 'true' }],
        }),
      );
    }, 60_000);

    it('deploys one stack instance to each account of the OUs, in each region, all current', async () => {
      const { Summaries } = await cfn.send(new ListStackInstancesCommand({ StackSetName: STACK_SET }));
      const deployed = (Summaries ?? []).map((s) => `${s.Account} ${s.Region} ${s.Status}`).sort();
      const expected = Object.values(accounts).flatMap((a) => REGIONS.map((r) => `${a} ${r} CURRENT`));
      expect(deployed).toEqual(expected.sort());
    });

    it.each(REGIONS)(
      'gives each member account, in %s, the role the hub assumes, trusting its Lambda role in the organisation only',
      async (region) => {
        for (const account of Object.values(accounts)) {
          const iam = new IAMClient(at('us-east-1', await inAccount(account)));
          const { Role } = await iam.send(new GetRoleCommand({ RoleName: `ecs-pullfix-member-${region}` }));
          const trust = JSON.parse(decodeURIComponent(String(Role?.AssumeRolePolicyDocument)));
          expect(trust.Statement).toEqual([
            {
              Sid: 'TheHubsLambdaInTheOrganization',
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${HUB.account}:root` },
              Action: 'sts:AssumeRole',
              Condition: {
                ArnEquals: { 'aws:PrincipalArn': HUB.roleArn },
                StringEquals: { 'aws:PrincipalOrgID': organizationId },
              },
            },
          ]);
        }
      },
    );

    it.each(REGIONS)(
      'forwards, from each member account in %s, the two rules’ events to the hub’s bus',
      async (region) => {
        for (const account of Object.values(accounts)) {
          const events = new EventBridgeClient(at(region, await inAccount(account)));
          const { Rules } = await events.send(new ListRulesCommand({}));
          expect(Rules?.map((r) => r.Name?.replace(/-[A-Z0-9]+$/, '')).sort()).toEqual([
            `${STACK_SET}-ForwardRunningTasks`,
            `${STACK_SET}-ForwardStoppedTasks`,
          ]);
          for (const rule of Rules ?? []) {
            const { Targets } = await events.send(new ListTargetsByRuleCommand({ Rule: rule.Name }));
            expect(Targets?.map((t) => t.Arn)).toEqual([
              `arn:aws:events:${HUB.region}:${HUB.account}:event-bus/${HUB.bus}`,
            ]);
            expect(Targets?.[0]?.RoleArn).toMatch(new RegExp(`^arn:aws:iam::${account}:role/`));
          }
        }
      },
    );

    it('grants auto-fix’s writes in the OU whose instances allow it only, and says so on the role', async () => {
      const policyOf = async (account: string) => {
        const iam = new IAMClient(at('us-east-1', await inAccount(account)));
        const RoleName = 'ecs-pullfix-member-eu-west-1';
        const { PolicyNames } = await iam.send(new ListRolePoliciesCommand({ RoleName }));
        const { Tags } = await iam.send(new ListRoleTagsCommand({ RoleName }));
        return {
          policies: PolicyNames?.sort(),
          autoFix: Tags?.find((t) => t.Key === 'ecs-pullfix:auto-fix')?.Value,
        };
      };
      expect(await policyOf(accounts.payments)).toEqual({
        policies: ['auto-fix', 'diagnose'],
        autoFix: 'true',
      });
      expect(await policyOf(accounts.search)).toEqual({ policies: ['diagnose'], autoFix: 'false' });
    });
  });
}
