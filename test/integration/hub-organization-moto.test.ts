import { readFileSync } from 'node:fs';
import {
  CloudFormationClient,
  CreateStackCommand,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  CreateAccountCommand,
  CreateOrganizationCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import {
  DeleteMessageCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { beforeAll, describe, expect, it } from 'vitest';
import { MEMBER_TEMPLATE_PATH } from '../../src/deploy/member-template.js';
import { runningEventOf } from '../../src/sim/event.js';
import { exampleEvents, ROOT } from '../support/fixtures.js';
import { MOTO_ACCOUNT, MOTO_URL, resetMoto, withoutMoto } from '../support/moto.js';
import { packagedTemplate } from '../support/osls.js';

/**
 * An organisation's path on moto, end to end: a start failure in a member account, in another
 * region than the hub's, is forwarded by deploy/member.yml's rule to the hub's bus, and the
 * hub's rule on that bus puts it on the hub's queue — the path the README's "check it end to end"
 * walks. The hub is the part of the packaged template (organizationId set) on that path: the
 * bus, its two rules, the queue and its policy (the Lambda is the runtime's tests'). moto checks
 * no bus policy (test/deploy/hub.test.ts evaluates it), and its CloudFormation fails on a rule's
 * `EventBusName: !Ref <bus>` (it passes the bus object on), so the bus is named literally here.
 */
const HUB_REGION = 'us-east-1';
const MEMBER_REGION = 'eu-west-1';
const BUS = 'ecs-pullfix-ci';
/** What the packaged hub keeps on the organisation's path. */
const ON_THE_PATH = [
  'OrganizationEventBus',
  'OrganizationStoppedTasksRule',
  'OrganizationRunningTasksRule',
  'EventsQueue',
  'DeadLetterQueue',
  'EventsQueuePolicy',
  'StoppedTasksRule',
  'RunningTasksRule',
];

if (MOTO_URL === undefined) {
  withoutMoto('the hub of an organisation on moto');
} else {
  const url = MOTO_URL;
  type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  const testing: Credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
  const at = (region: string, credentials: Credentials = testing) => ({
    endpoint: url,
    region,
    credentials,
    maxAttempts: 1,
  });
  const sqs = new SQSClient(at(HUB_REGION));
  let queueUrl = '';
  let member: EventBridgeClient;

  /** The hub stack: the organisation's path of the packaged template, in moto's own account. */
  const hubTemplate = (organizationId: string) => {
    const packaged = packagedTemplate(HUB_REGION, [`organizationId=${organizationId}`]) as {
      Resources: Record<string, unknown>;
      Conditions: Record<string, unknown>;
    };
    const template = {
      AWSTemplateFormatVersion: '2010-09-09',
      Conditions: packaged.Conditions,
      Resources: Object.fromEntries(ON_THE_PATH.map((id) => [id, packaged.Resources[id]])),
    };
    return JSON.stringify(template).replaceAll('{"Ref":"OrganizationEventBus"}', JSON.stringify(BUS));
  };

  /** Credentials in a member account, as the organisation's access role gives them. */
  const inAccount = async (account: string): Promise<Credentials> => {
    const { Credentials: c } = await new STSClient(at(HUB_REGION)).send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${account}:role/OrganizationAccountAccessRole`,
        RoleSessionName: 'hub-organization-test',
      }),
    );
    return {
      accessKeyId: String(c?.AccessKeyId),
      secretAccessKey: String(c?.SecretAccessKey),
      sessionToken: String(c?.SessionToken),
    };
  };

  const created = async (cfn: CloudFormationClient, StackName: string) => {
    const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName }));
    return Stacks?.[0]?.StackStatus;
  };

  /** What the hub's queue holds now: each message's task ARN and status, the messages deleted. */
  const drain = async (): Promise<string[]> => {
    const seen: string[] = [];
    for (;;) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
      );
      if (Messages.length === 0) return seen.sort();
      for (const m of Messages) {
        const { detail } = JSON.parse(String(m.Body)) as { detail: { taskArn: string; lastStatus: string } };
        seen.push(`${detail.lastStatus} ${detail.taskArn}`);
        await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle }));
      }
    }
  };

  /** Puts an ECS event on the member's default bus, as ECS would. */
  const happen = async (event: unknown) => {
    const e = event as { source: string; 'detail-type': string; detail: unknown };
    const out = await member.send(
      new PutEventsCommand({
        Entries: [{ Source: e.source, DetailType: e['detail-type'], Detail: JSON.stringify(e.detail) }],
      }),
    );
    expect(out.FailedEntryCount).toBe(0);
  };
  const taskOf = (event: unknown) => (event as { detail: { taskArn: string } }).detail.taskArn;

  describe('the hub of an organisation on moto (a member’s events reach the hub’s queue)', () => {
    beforeAll(async () => {
      await resetMoto(url);
      const org = new OrganizationsClient(at(HUB_REGION));
      const organizationId = String(
        (await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }))).Organization?.Id,
      );
      const made = await org.send(
        new CreateAccountCommand({ Email: 'payments@example.com', AccountName: 'payments' }),
      );
      const payments = String(made.CreateAccountStatus?.AccountId);

      const hub = new CloudFormationClient(at(HUB_REGION));
      await hub.send(
        new CreateStackCommand({ StackName: 'ecs-pullfix-ci', TemplateBody: hubTemplate(organizationId) }),
      );
      expect(await created(hub, 'ecs-pullfix-ci')).toBe('CREATE_COMPLETE');
      queueUrl = String(
        (await sqs.send(new GetQueueUrlCommand({ QueueName: 'ecs-pullfix-ci-events' }))).QueueUrl,
      );

      const credentials = await inAccount(payments);
      const memberCfn = new CloudFormationClient(at(MEMBER_REGION, credentials));
      const parameters = {
        HubAccountId: MOTO_ACCOUNT,
        HubRegion: HUB_REGION,
        HubEventBusName: BUS,
        HubLambdaRoleName: 'ecs-pullfix-ci-us-east-1-lambdaRole',
        OrganizationId: organizationId,
      };
      await memberCfn.send(
        new CreateStackCommand({
          StackName: 'ecs-pullfix-member',
          TemplateBody: readFileSync(`${ROOT}${MEMBER_TEMPLATE_PATH}`, 'utf8'),
          Capabilities: ['CAPABILITY_NAMED_IAM'],
          Parameters: Object.entries(parameters).map(([ParameterKey, ParameterValue]) => ({
            ParameterKey,
            ParameterValue,
          })),
        }),
      );
      expect(await created(memberCfn, 'ecs-pullfix-member')).toBe('CREATE_COMPLETE');
      member = new EventBridgeClient(at(MEMBER_REGION, credentials));
      await drain();
    }, 120_000);

    it('puts a member’s start failure on the hub’s queue, and lets its ordinary stop go', async () => {
      const failure = exampleEvents().find((e) => !e.name.startsWith('not-a-start-failure'))?.event;
      const ordinary = exampleEvents().find((e) => e.name.startsWith('not-a-start-failure'))?.event;
      await happen(failure);
      await happen(ordinary);
      expect(await drain()).toEqual([`STOPPED ${taskOf(failure)}`]);
    });

    it('puts a member service’s task reaching RUNNING on the hub’s queue (the resolved follow-up)', async () => {
      const failure = exampleEvents().find((e) => !e.name.startsWith('not-a-start-failure'))?.event;
      const running = runningEventOf(failure as Record<string, unknown>, 2, '2026-12-06T11:00:00.000Z');
      await happen(running);
      expect(await drain()).toEqual([`RUNNING ${taskOf(running)}`]);
    });
  });
}
