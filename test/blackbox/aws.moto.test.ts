import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { DescribeVpcEndpointsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  DescribeServicesCommand,
  ECSClient,
  type NetworkConfiguration,
  RunTaskCommand,
  StopTaskCommand,
} from '@aws-sdk/client-ecs';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { NOTIFICATION_SCHEMA } from '../../src/core/present/index.js';
import { runningEventOf, withTask } from '../../src/sim/event.js';
import { loadScenario } from '../../src/sim/scenario.js';
import { homeWith, linesOf, type Run, runCommand, tempFile } from '../support/command.js';
import {
  buildInMoto,
  createIncidentTable,
  MOTO_ACCOUNT,
  MOTO_URL,
  resetMoto,
  withoutMoto,
} from '../support/moto.js';

/**
 * The installed command against moto, as a user runs it from a shell: `bin/ecs-pullfix.js` as a
 * child process, its region, credentials and endpoint from the environment or from a profile in
 * `~/.aws`, ecs-pullfix's own `ECS_PULLFIX_*` variables, no `--region`. The account holds the
 * no-egress scenario (a private subnet with no route out and no VPC endpoints), a stopped task of
 * its service, and, per test, an SNS topic with an SQS subscription and an incident table.
 * moto does not implement IAM's policy simulation: the execution role is "not checked" here,
 * as on an account whose credentials may not simulate.
 */

const SCENARIO = 'no-egress-no-endpoints';
const CLUSTER = 'prod-apps';
const SERVICE = 'checkout';
const ROLE = `arn:aws:iam::${MOTO_ACCOUNT}:role/ecsTaskExecutionRole`;
/** What the task's own stop reason said (ECS keeps it about an hour). */
const STOPPED_REASON =
  'CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref 123456789012.dkr.ecr.us-east-1.amazonaws.com/checkout:1.4.2: failed to do request: Head "https://123456789012.dkr.ecr.us-east-1.amazonaws.com/v2/checkout/manifests/1.4.2": dial tcp 52.94.5.12:443: i/o timeout';
const KEYS = {
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/EXAMPLEKEY',
};
const CHECK = ['check', '--cluster', CLUSTER, '--service', SERVICE];

type Action = Readonly<{ kind: string; service?: string; allowed: boolean; reason: string }>;

if (MOTO_URL === undefined) {
  withoutMoto('the installed command on moto');
} else {
  const url = MOTO_URL;
  /** What a user sets in a shell for moto: a region, keys, the endpoint. Nothing else. */
  const shell = (extra: Record<string, string> = {}) => ({
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL: url,
    ...KEYS,
    ...extra,
  });
  const sdk = {
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  };
  const sqs = new SQSClient(sdk);

  let event: Record<string, unknown>;
  let eventFile: string;
  let stoppedTaskId: string;
  let targets = 0;

  /** An SNS topic with a raw SQS subscription and an incident table of their own, for one test. */
  const publishingTarget = async () => {
    targets += 1;
    const name = `ecs-pullfix-${targets}`;
    const topicArn = (await new SNSClient(sdk).send(new CreateTopicCommand({ Name: name }))).TopicArn ?? '';
    const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl ?? '';
    const queueArn = (
      await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }))
    ).Attributes?.QueueArn;
    await new SNSClient(sdk).send(
      new SubscribeCommand({
        TopicArn: topicArn,
        Protocol: 'sqs',
        Endpoint: queueArn,
        Attributes: { RawMessageDelivery: 'true' },
      }),
    );
    const db = new DynamoDBClient(sdk);
    await createIncidentTable(db, name);
    return {
      topicArn,
      table: name,
      received: async () => {
        const out = await sqs.send(
          new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
        );
        return (out.Messages ?? []).map((m) => JSON.parse(m.Body ?? '{}') as Record<string, unknown>);
      },
      items: async () => (await db.send(new ScanCommand({ TableName: name }))).Items ?? [],
    };
  };

  /** A saved event of the service's `n`th task (each test its own task, so none is a duplicate). */
  const eventOfTask = (n: number, running = false) =>
    tempFile(
      'event.json',
      JSON.stringify(running ? runningEventOf(event, n, new Date().toISOString()) : withTask(event, n)),
    );

  describe('the installed command on moto', () => {
    beforeAll(async () => {
      await resetMoto(url);
      ({ event } = await buildInMoto(loadScenario(SCENARIO), url));
      eventFile = tempFile('event.json', JSON.stringify(event));
      // A task of the service that ECS stopped because it could not pull its image.
      const ecs = new ECSClient(sdk);
      const service = (await ecs.send(new DescribeServicesCommand({ cluster: CLUSTER, services: [SERVICE] })))
        .services?.[0];
      const run = await ecs.send(
        new RunTaskCommand({
          cluster: CLUSTER,
          taskDefinition: service?.taskDefinition,
          launchType: 'FARGATE',
          startedBy: 'ecs-svc/1234567890123456789',
          group: `service:${SERVICE}`,
          networkConfiguration: service?.networkConfiguration as NetworkConfiguration,
        }),
      );
      const taskArn = run.tasks?.[0]?.taskArn ?? '';
      await ecs.send(new StopTaskCommand({ cluster: CLUSTER, task: taskArn, reason: STOPPED_REASON }));
      stoppedTaskId = taskArn.split('/').at(-1) ?? '';
    }, 60_000);

    describe('check finds its region and credentials where a user keeps them', () => {
      /** What `check` prints with only AWS_REGION set: every other way must print the same. */
      let reference: Run;
      beforeAll(async () => {
        reference = await runCommand(CHECK, { env: shell() });
      });

      it('with only AWS_REGION: the network verdict, exit 2, nothing on stderr', () => {
        expect(reference.stderr).toBe('');
        expect(reference.code).toBe(2);
        const lines = linesOf(reference.stdout);
        expect(lines[0]).toBe(
          'A new task would fail to start: no-egress-path breaks image checkout:1.4.2 and the awslogs log',
        );
        // The verdict (two lines, wrapped to 100 columns), a blank line, then the details.
        const details = lines.indexOf('') + 1;
        expect(details).toBeLessThanOrEqual(5);
        expect(lines[details]).toBe(
          `${CLUSTER} / ${SERVICE} — task definition arn:aws:ecs:us-east-1:${MOTO_ACCOUNT}:task-definition/checkout:1`,
        );
        expect(reference.stdout).toMatch(/^ {3}1\. no-egress-path — breaks image /m);
        expect(reference.stdout).toContain('no interface endpoint for com.amazonaws.us-east-1.ecr.api');
      });

      it('with only AWS_DEFAULT_REGION: the same answer', async () => {
        const { AWS_REGION: _, ...env } = shell({ AWS_DEFAULT_REGION: 'us-east-1' });
        expect(await runCommand(CHECK, { env })).toEqual(reference);
      });

      const devProfile = () =>
        homeWith({
          config: `[profile dev]\nregion = us-east-1\nendpoint_url = ${url}\n`,
          credentials: `[dev]\naws_access_key_id = ${KEYS.AWS_ACCESS_KEY_ID}\naws_secret_access_key = ${KEYS.AWS_SECRET_ACCESS_KEY}\n`,
        });

      it("with only a profile's region and endpoint_url (AWS_PROFILE=dev): the same answer", async () => {
        const run = await runCommand(CHECK, { env: { AWS_PROFILE: 'dev' }, home: devProfile() });
        expect(run).toEqual(reference);
      });

      it('with --profile dev: exactly as AWS_PROFILE=dev', async () => {
        const run = await runCommand([...CHECK, '--profile', 'dev'], { home: devProfile() });
        expect(run).toEqual(reference);
      });

      it("with only the default profile's region and keys in ~/.aws: the same answer", async () => {
        const home = homeWith({
          config: `[default]\nregion = us-east-1\nendpoint_url = ${url}\n`,
          credentials: `[default]\naws_access_key_id = ${KEYS.AWS_ACCESS_KEY_ID}\naws_secret_access_key = ${KEYS.AWS_SECRET_ACCESS_KEY}\n`,
        });
        expect(await runCommand(CHECK, { home })).toEqual(reference);
      });

      it('--region wins over AWS_REGION: the service is not in us-west-2 (252)', async () => {
        const run = await runCommand([...CHECK, '--region', 'us-west-2'], { env: shell() });
        expect(run.code).toBe(252);
        expect(linesOf(run.stderr)).toEqual([
          `ecs-pullfix: ECS does not know service ${SERVICE} in cluster ${CLUSTER} (ClusterNotFoundException)`,
        ]);
      });

      it('an ECS_PULLFIX_* variable it does not know is one warning line, and the check goes on', async () => {
        const run = await runCommand(CHECK, {
          env: shell({ ECS_PULLFIX_TOPIC: 'arn:aws:sns:us-east-1:123456789012:x' }),
        });
        expect(run.code).toBe(2);
        expect(run.stdout).toBe(reference.stdout);
        expect(run.stderr).toBe(
          'ecs-pullfix: warning: ECS_PULLFIX_TOPIC is not a variable ecs-pullfix reads (ignored)\n',
        );
      });
    });

    describe('check where IAM policy simulation is not implemented (moto)', () => {
      it('gives the network verdict and exit 2, and says the role was not checked', async () => {
        const run = await runCommand(CHECK, { env: shell() });
        expect(run.code).toBe(2);
        expect(run.stdout).toMatch(/^A new task would fail to start: no-egress-path /);
        // The report is wrapped to 100 columns (not a terminal): the note may go on over lines.
        expect(run.stdout).toMatch(
          new RegExp(
            `^ {2}not checked: iam:SimulatePrincipalPolicy\\s+failed\\s+\\([^)]*\\)\\s+reading\\s+the\\s+permissions\\s+of\\s+${ROLE}`,
            'm',
          ),
        );
      });

      it('--json: wouldStart false, the network findings, and a not-checked execution-role finding', async () => {
        const run = await runCommand([...CHECK, '--json'], { env: shell() });
        expect(run.code).toBe(2);
        const doc = JSON.parse(run.stdout) as {
          wouldStart: boolean;
          findings: { id: string; check?: string; service?: string; resources: string[] }[];
        };
        expect(doc.wouldStart).toBe(false);
        expect(doc.findings.map((f) => f.id)).toEqual(
          expect.arrayContaining(['no-egress-path', 'missing-endpoint', 's3-gateway-missing', 'not-checked']),
        );
        expect(doc.findings).toContainEqual(
          expect.objectContaining({ id: 'not-checked', check: 'execution-role', resources: [ROLE] }),
        );
      });

      it("says in one line of its report what became of AWS's checklist", async () => {
        const run = await runCommand(CHECK, { env: shell() });
        expect(run.stdout).toMatch(/^ {2}AWS checklist: \d+ passed, \d+ failed \(P1, P3, R1, R5\)/m);
      });

      it("--json: the execution role's checks of AWS's list are not checked, and say why", async () => {
        const run = await runCommand([...CHECK, '--json'], { env: shell() });
        const { checks } = JSON.parse(run.stdout) as {
          checks: { id: string; status: string; why?: string }[];
        };
        expect(checks.find((c) => c.id === 'P9')).toMatchObject({
          status: 'not-checked',
          why: expect.stringContaining('iam:SimulatePrincipalPolicy'),
        });
      });
    });

    describe('diagnose a stopped task with only AWS_REGION (the bug issue 13 found)', () => {
      it("reads the task's region from the environment: the missing endpoints, a console link in us-east-1", async () => {
        const run = await runCommand(
          ['diagnose', '--cluster', CLUSTER, '--task', stoppedTaskId, '--show-notice'],
          { env: shell() },
        );
        expect(run.stderr).toBe('');
        expect(run.code).toBe(0);
        expect(run.stdout).toContain('cause:    network-timeout on ecr');
        expect(run.stdout).toMatch(/^ {3}1\. no-egress-path/m);
        expect(run.stdout).toMatch(/^ {3}\d\. missing-endpoint \(ecr\.dkr\)/m);
        expect(run.stdout).not.toContain('registry-needs-internet');
        expect(run.stdout).toContain(
          `https://us-east-1.console.aws.amazon.com/ecs/v2/clusters/${CLUSTER}/tasks/${stoppedTaskId}/`,
        );
      });
    });

    describe('an unknown cluster, task or service: 252 in every command, one line naming it', () => {
      it.each([
        {
          args: ['diagnose', '--cluster', CLUSTER, '--task', '0f1e2d3c4b5a69788796a5b4c3d2e1f0'],
          says: `ECS does not know task 0f1e2d3c4b5a69788796a5b4c3d2e1f0 in cluster ${CLUSTER}`,
        },
        {
          args: ['diagnose', '--cluster', 'prod-web', '--task', '0f1e2d3c4b5a69788796a5b4c3d2e1f0'],
          says: 'ECS does not know task 0f1e2d3c4b5a69788796a5b4c3d2e1f0 in cluster prod-web',
        },
        {
          args: ['check', '--cluster', CLUSTER, '--service', 'payments'],
          says: `ECS does not know service payments in cluster ${CLUSTER}`,
        },
        {
          args: ['check', '--cluster', 'prod-web', '--service', SERVICE],
          says: `ECS does not know service ${SERVICE} in cluster prod-web`,
        },
        { args: ['scan', '--cluster', 'prod-web'], says: 'ECS does not know cluster prod-web' },
      ])('ecs-pullfix $args.0 $args.1 $args.2 $args.3 $args.4 → 252', async ({ args, says }) => {
        const run = await runCommand(args, { env: shell() });
        expect(linesOf(run.stderr)).toEqual([expect.stringContaining(says)]);
        expect(run.stdout).toBe('');
        expect(run.code).toBe(252);
      });
    });

    describe('scan', () => {
      it('with only AWS_REGION: a row per service, exit 2 when one would fail', async () => {
        const run = await runCommand(['scan'], { env: shell() });
        expect(run.stderr).toBe('');
        expect(run.code).toBe(2);
        expect(run.stdout).toMatch(
          new RegExp(
            `^${CLUSTER}/${SERVICE} +would fail +no-egress-path, missing-endpoint, s3-gateway-missing$`,
            'm',
          ),
        );
        expect(run.stdout).toContain('1 services checked: 1 would fail to start');
      });
    });

    describe('replay a saved event', () => {
      it("with no region set: says it uses the event's, in one line, and diagnoses", async () => {
        const { AWS_REGION: _, ...env } = shell();
        const run = await runCommand(['replay', eventFile], { env });
        expect(run.code).toBe(0);
        expect(linesOf(run.stderr)).toEqual(["ecs-pullfix: no region set; using the event's, us-east-1"]);
        expect(run.stdout).toMatch(/^ {3}1\. no-egress-path/m);
      });

      it('with AWS_REGION: nothing on stderr, and the notice printed with --show-notice (no topic)', async () => {
        const run = await runCommand(['replay', eventFile, '--show-notice'], { env: shell() });
        expect(run.code).toBe(0);
        expect(run.stderr).toBe('');
        expect(run.stdout).toContain('── the notice (not sent: no topic) ──');
      });

      it("says in one line of the report what became of AWS's checklist", async () => {
        const run = await runCommand(['replay', eventFile], { env: shell() });
        expect(run.code).toBe(0);
        // Wrapped to 100 columns: the ids that were not checked may go on over lines.
        expect(run.stdout).toMatch(
          /^ {2}AWS checklist: \d+ passed, 4 failed \(P1, P3, R1, R5\), \d+ not checked \(P5,/m,
        );
      });

      it("--json: answers each of AWS's checks, P1–P18 then R1–R8, with the findings that fail it", async () => {
        const run = await runCommand(['replay', eventFile, '--json'], { env: shell() });
        const { checks } = JSON.parse(run.stdout) as {
          checks: { id: string; status: string; findings?: string[]; why?: string }[];
        };
        expect(checks.map((c) => c.id)).toEqual([
          ...Array.from({ length: 18 }, (_, i) => `P${i + 1}`),
          ...Array.from({ length: 8 }, (_, i) => `R${i + 1}`),
        ]);
        expect(checks.find((c) => c.id === 'P3')).toMatchObject({
          status: 'failed',
          findings: ['missing-endpoint:ecr.api', 'missing-endpoint:ecr.dkr', 's3-gateway-missing:s3'],
        });
        expect(checks.find((c) => c.id === 'P10')).toMatchObject({
          status: 'not-checked',
          why: 'the repository’s policy is not inspected by ecs-pullfix yet',
        });
      });

      const actionsOf = (run: Run) => (JSON.parse(run.stdout) as { actions: Action[] }).actions;
      const interfaceEndpoints = (actions: readonly Action[]) =>
        actions.filter((a) => a.kind === 'create-interface-endpoint');

      it('ECS_PULLFIX_ALLOWED_SERVICES=s3: the interface-endpoint actions are allowed: false, the S3 gateway allowed', async () => {
        const run = await runCommand(['replay', eventFile, '--json'], {
          env: shell({ ECS_PULLFIX_ALLOWED_SERVICES: 's3' }),
        });
        expect(run.code).toBe(0);
        const actions = actionsOf(run);
        expect(interfaceEndpoints(actions).map((a) => [a.service, a.allowed, a.reason])).toEqual(
          ['ecr.api', 'ecr.dkr', 'logs'].map((s) => [
            s,
            false,
            `${s} is not in the deployment's allow-list (s3)`,
          ]),
        );
        expect(actions.find((a) => a.kind === 'create-s3-gateway-endpoint')).toMatchObject({ allowed: true });
      });

      it('without ECS_PULLFIX_ALLOWED_SERVICES: the same interface endpoints are allowed', async () => {
        const run = await runCommand(['replay', eventFile, '--json'], { env: shell() });
        expect(interfaceEndpoints(actionsOf(run)).map((a) => a.allowed)).toEqual([true, true, true]);
      });

      it('ECS_PULLFIX_MAX_ENDPOINTS_PER_VPC=2: the endpoints past the second are not allowed', async () => {
        const run = await runCommand(['replay', eventFile, '--json'], {
          env: shell({ ECS_PULLFIX_MAX_ENDPOINTS_PER_VPC: '2' }),
        });
        const endpoints = actionsOf(run).filter(
          (a) => a.kind.startsWith('create-') && a.kind.endsWith('-endpoint'),
        );
        expect(endpoints.map((a) => a.allowed)).toEqual([true, true, false, false]);
        expect(endpoints[2]?.reason).toContain('the ceiling of 2 endpoints ecs-pullfix may create per VPC');
      });

      it.each([
        { value: 'dry-run', mode: 'dry-run' },
        // From a laptop, a tag or default of auto-fix is shown as dry-run: writes need --mode auto-fix.
        { value: 'auto-fix', mode: 'dry-run' },
        { value: 'notify', mode: 'notify' },
      ])('ECS_PULLFIX_DEFAULT_MODE=$value: the notice is in mode $mode', async ({ value, mode }) => {
        const run = await runCommand(['replay', eventFile, '--json'], {
          env: shell({ ECS_PULLFIX_DEFAULT_MODE: value }),
        });
        expect(run.code).toBe(0);
        expect(JSON.parse(run.stdout)).toMatchObject({ notification: { attributes: { mode } } });
      });

      it('ECS_PULLFIX_TOPIC_ARN and ECS_PULLFIX_TABLE: publishes the notice to the topic and keeps the incident', async () => {
        const target = await publishingTarget();
        const run = await runCommand(['replay', eventOfTask(101)], {
          env: shell({ ECS_PULLFIX_TOPIC_ARN: target.topicArn, ECS_PULLFIX_TABLE: target.table }),
        });
        expect(run.stderr).toBe('');
        expect(run.code).toBe(0);
        expect(run.stdout).toMatch(
          /^published to SNS \(message [\w-]+\): \[ecs-pullfix\] task failed to start — prod-apps\/checkout: network-timeout \(ecr\): no-egress-path$/m,
        );
        expect(run.stdout).not.toContain('not sent: no topic');
        const [doc, ...rest] = await target.received();
        expect(rest).toEqual([]);
        expect(doc).toMatchObject({
          schema: NOTIFICATION_SCHEMA,
          outcome: 'action-needed',
          classification: { cause: 'network-timeout' },
        });
        expect((await target.items()).length).toBeGreaterThan(0);
      });

      it('ECS_PULLFIX_WINDOW_SECONDS: a second task of the service within the window is folded, not published', async () => {
        const target = await publishingTarget();
        const env = shell({
          ECS_PULLFIX_TOPIC_ARN: target.topicArn,
          ECS_PULLFIX_TABLE: target.table,
          ECS_PULLFIX_WINDOW_SECONDS: '600',
        });
        expect((await runCommand(['replay', eventOfTask(201)], { env })).code).toBe(0);
        const second = await runCommand(['replay', eventOfTask(202)], { env });
        expect(second.code).toBe(0);
        expect(second.stderr).toMatch(
          /^ecs-pullfix: folded into the incident of this service and cause, told within the window/m,
        );
        expect(second.stdout).not.toContain('published to SNS');
        expect(await target.received()).toHaveLength(1);
      });

      it('--mode auto-fix with no terminal and no --yes: refuses (252) and writes nothing', async () => {
        const run = await runCommand(['replay', eventFile, '--mode', 'auto-fix'], { env: shell() });
        expect(run.code).toBe(252);
        expect(linesOf(run.stderr)).toEqual([expect.stringMatching(/^ecs-pullfix: .*pass --yes to confirm/)]);
        const endpoints = await new EC2Client(sdk).send(new DescribeVpcEndpointsCommand({}));
        expect(endpoints.VpcEndpoints ?? []).toEqual([]);
      });

      it('a RUNNING event: exit 0, nothing to diagnose, nothing published', async () => {
        const target = await publishingTarget();
        const run = await runCommand(['replay', eventOfTask(301, true)], {
          env: shell({ ECS_PULLFIX_TOPIC_ARN: target.topicArn, ECS_PULLFIX_TABLE: target.table }),
        });
        expect(run.code).toBe(0);
        expect(`${run.stdout}${run.stderr}`).toMatch(/nothing to diagnose/i);
        expect(run.stdout).not.toContain('published to SNS');
        expect(await target.received()).toEqual([]);
      });
    });
  });
}
