import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeVpcEndpointsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateAccountAliasCommand, CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { beforeAll, describe, expect, it } from 'vitest';
import { memberAccess } from '../../src/aws/member-access.js';
import { awsLambdaPorts } from '../../src/aws/ports.js';
import type { LambdaConfig } from '../../src/config.js';
import { createBatchHandler } from '../../src/lambda-batch.js';
import { RecordingLogger } from '../../src/sim/lambda.js';
import { loadScenario } from '../../src/sim/scenario.js';
import { messagesOf, sqsEventOf } from '../../src/sim/sqs-event.js';
import {
  buildInMoto,
  createIncidentTable,
  MOTO_ACCOUNT,
  MOTO_URL,
  motoEnv,
  resetMoto,
  useProcessEnv,
  withoutMoto,
} from '../support/moto.js';

/**
 * An organisation's hub on moto (its account, 123456789012, moto's own) and two member
 * accounts, each with its member role (tagged with the account's policy) and a start failure
 * built in its own VPC through a role assumed there: moto keeps accounts apart by the
 * assumed role's account (its temporary access key maps to that account). The hub's batch
 * handler reads each member through `memberAccess`, on the wire.
 *
 * moto's AssumeRole succeeds for any role, even one that does not exist (it enforces no trust
 * policy): a member whose role is missing is shown with a mocked STS
 * (test/aws/member-access.test.ts) and on the simulated organisation
 * (test/handlers/organization.test.ts).
 */
const FIXES = '444455556666';
const NOTIFIES = '777788889999';
const ROLE = 'ecs-pullfix-member-us-east-1';
const context = {
  awsRequestId: 'req-org-1',
  functionName: 'ecs-pullfix-test',
  invokedFunctionArn: `arn:aws:lambda:us-east-1:${MOTO_ACCOUNT}:function:ecs-pullfix-test`,
  getRemainingTimeInMillis: () => 90_000,
} as never;

if (MOTO_URL === undefined) {
  withoutMoto('an organisation hub on moto');
} else {
  const url = MOTO_URL;
  describe('an organisation hub on moto', () => {
    useProcessEnv({ ...motoEnv(url), AWS_ENDPOINT_URL_IAM: url });
    type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken: string };
    const members = new Map<string, { credentials: Credentials; vpcId: string; event: unknown }>();
    let noticesUrl = '';
    let config: LambdaConfig;

    /** A role assumed in `account` by the hub's credentials: moto's way into another account. */
    const into = async (account: string) => {
      const out = await new STSClient({}).send(
        new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/setup`, RoleSessionName: 'setup' }),
      );
      const c = out.Credentials;
      return {
        accessKeyId: c?.AccessKeyId ?? '',
        secretAccessKey: c?.SecretAccessKey ?? '',
        sessionToken: c?.SessionToken ?? '',
      };
    };

    beforeAll(async () => {
      await resetMoto(url);
      const member = async (
        account: string,
        scenario: string,
        tags: Record<string, string>,
        alias?: string,
      ) => {
        const credentials = await into(account);
        const iam = new IAMClient({ credentials });
        await iam.send(
          new CreateRoleCommand({
            RoleName: ROLE,
            AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [] }),
            Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
          }),
        );
        if (alias) await iam.send(new CreateAccountAliasCommand({ AccountAlias: alias }));
        const { event, ids } = await buildInMoto(loadScenario(scenario), url, credentials);
        const vpcId = ids.get(loadScenario(scenario).vpcId) ?? '';
        members.set(account, {
          credentials,
          vpcId,
          event: JSON.parse(JSON.stringify(event).replaceAll(MOTO_ACCOUNT, account)),
        });
      };
      await member(
        FIXES,
        'no-egress-no-endpoints',
        { 'ecs-pullfix:default-mode': 'auto-fix', 'ecs-pullfix:auto-fix': 'true' },
        'payments-prod',
      );
      await member(NOTIFIES, 'no-egress-no-endpoints', {});
      const topicArn =
        (await new SNSClient({}).send(new CreateTopicCommand({ Name: 'ecs-pullfix' }))).TopicArn ?? '';
      const sqs = new SQSClient({});
      noticesUrl =
        (await sqs.send(new CreateQueueCommand({ QueueName: 'ecs-pullfix-notices' }))).QueueUrl ?? '';
      const queueArn = (
        await sqs.send(new GetQueueAttributesCommand({ QueueUrl: noticesUrl, AttributeNames: ['QueueArn'] }))
      ).Attributes?.QueueArn;
      await new SNSClient({}).send(
        new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: queueArn }),
      );
      const table = await createIncidentTable(new DynamoDBClient({}));
      config = {
        topicArn,
        table,
        windowSeconds: 3600,
        deployment: { defaultMode: 'notify', maxEndpointsPerVpc: 6 },
        organization: { id: 'o-a1b2c3d4e5', memberRoleName: 'ecs-pullfix-member' },
      };
    }, 120_000);

    it("diagnoses each member's start failure in that member's VPC, names the member, and fixes only where its policy allows", async () => {
      const ports = awsLambdaPorts(config);
      const handler = createBatchHandler(ports, config, {
        accounts: memberAccess(ports, config),
        logger: new RecordingLogger(),
      });
      const events = [...members.values()].map((m) => m.event);
      const out = await handler(sqsEventOf(messagesOf(events)), context);
      expect(out.batchItemFailures).toEqual([]);

      const received = await new SQSClient({}).send(
        new ReceiveMessageCommand({ QueueUrl: noticesUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
      );
      type Body = { Message: string; MessageAttributes: Record<string, { Value: string }> };
      const notices = (received.Messages ?? []).map((m) => JSON.parse(m.Body ?? '{}') as Body);
      const byAccount = new Map(notices.map((n) => [n.MessageAttributes.account?.Value, n]));
      expect([...byAccount.keys()].sort()).toEqual([FIXES, NOTIFIES]);
      for (const [account, m] of members) {
        const notice = byAccount.get(account);
        expect(notice?.MessageAttributes.region?.Value).toBe('us-east-1');
        expect(notice?.Message).toContain(m.vpcId);
      }
      const documentOf = (account: string) => JSON.parse(byAccount.get(account)?.Message ?? '{}');
      expect(documentOf(FIXES).event).toMatchObject({ account: FIXES, accountAlias: 'payments-prod' });
      expect(documentOf(NOTIFIES).event).not.toHaveProperty('accountAlias');
      expect(byAccount.get(FIXES)?.MessageAttributes.mode?.Value).toBe('auto-fix');
      expect(byAccount.get(NOTIFIES)?.MessageAttributes.mode?.Value).toBe('notify');

      const endpointsIn = async (credentials?: Credentials) =>
        (await new EC2Client(credentials ? { credentials } : {}).send(new DescribeVpcEndpointsCommand({})))
          .VpcEndpoints ?? [];
      expect((await endpointsIn(members.get(FIXES)?.credentials)).length).toBeGreaterThan(0);
      expect(await endpointsIn(members.get(NOTIFIES)?.credentials)).toEqual([]);
      expect(await endpointsIn()).toEqual([]);
    }, 120_000);
  });
}
