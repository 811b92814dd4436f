import { BatchGetImageCommand, ECRClient, PutImageCommand } from '@aws-sdk/client-ecr';
import {
  DeregisterContainerInstanceCommand,
  DescribeContainerInstancesCommand,
  ECSClient,
  ListContainerInstancesCommand,
  RunTaskCommand,
  StopTaskCommand,
} from '@aws-sdk/client-ecs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadScenario, type Scenario } from '../../src/sim/scenario.js';
import { linesOf, type Run, runCommand, tempFile } from '../support/command.js';
import { buildInMoto, MOTO_URL, resetMoto, unsupportedInMoto, withoutMoto } from '../support/moto.js';

/**
 * `check`, `scan`, `diagnose` and `replay` of services and tasks on EC2 in bridge and host network
 * mode, as a user runs them: `bin/ecs-pullfix.js` as a child process, with only a region, keys and
 * the endpoint set. Each estate is a scenario built in moto, its container instance an EC2
 * instance registered to the cluster as an Auto Scaling group's joins it
 * (test/support/moto-instance.ts). The services have no awsvpc configuration: the instance that
 * could run their next task stands in for it, and the path checked is that instance's.
 * moto has no IAM policy simulation: the execution role is "not checked" throughout, which
 * neither fails a check nor hides a finding.
 */

const KEYS = {
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/EXAMPLEKEY',
};

type CheckDoc = Readonly<{
  instance?: string;
  wouldStart: boolean;
  findings: readonly { id: string; service?: string; evidence: string[] }[];
}>;
type ScanDoc = Readonly<{ services: readonly CheckDoc[]; wouldFail: number; checked: number }>;

/** `no-egress-path`, `missing-endpoint:ecr.api` …: the problems found, in the report's order. */
const problemsOf = (doc: CheckDoc) =>
  doc.findings
    .filter((f) => f.id !== 'not-checked' && f.id !== 'path-ok')
    .map((f) => (f.service ? `${f.id}:${f.service}` : f.id));

/** The report as one line: it is wrapped to 100 columns, and an id may fall on either side of a break. */
const flat = (run: Run) => run.stdout.replace(/\s+/g, ' ');

if (MOTO_URL === undefined) {
  withoutMoto('check and scan of services on EC2 container instances, as a user runs them');
} else {
  const url = MOTO_URL;
  /** What a user sets in a shell for moto: a region, keys, the endpoint. Nothing else. */
  const env = { AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: url, ...KEYS };
  const sdk = {
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  };
  const ecs = new ECSClient(sdk);

  type Estate = Readonly<{
    scenario: Scenario;
    cluster: string;
    service: string;
    /** moto's id of a scenario's resource (its subnet, its security group). */
    id: (scenarioId: string) => string;
    /** The saved event of the scenario's stopped task, with moto's ids. */
    event: Record<string, unknown>;
    /** The container instance moto registered: its EC2 id and the last part of its ARN. */
    ec2InstanceId: string;
    containerInstanceId: string;
  }>;

  /** Resets moto and builds the scenario in it, as a team would have it in its account. */
  const buildEstate = async (name: string): Promise<Estate> => {
    const scenario = loadScenario(name);
    expect(unsupportedInMoto(scenario), name).toBeUndefined();
    await resetMoto(url);
    const { event, ids } = await buildInMoto(scenario, url);
    const cluster = scenario.file.cluster.name;
    const arns = (await ecs.send(new ListContainerInstancesCommand({ cluster }))).containerInstanceArns ?? [];
    const [instance] =
      (await ecs.send(new DescribeContainerInstancesCommand({ cluster, containerInstances: arns })))
        .containerInstances ?? [];
    return {
      scenario,
      cluster,
      service: scenario.service?.name ?? '',
      id: (scenarioId) => ids.get(scenarioId) ?? scenarioId,
      event,
      ec2InstanceId: instance?.ec2InstanceId ?? '',
      containerInstanceId: instance?.containerInstanceArn?.split('/').pop() ?? '',
    };
  };

  /** The team pushes the tag the task definition names (the image an existing tag points at). */
  const pushTag = async (repositoryName: string, existing: string, tag: string) => {
    const ecr = new ECRClient(sdk);
    const [image] =
      (await ecr.send(new BatchGetImageCommand({ repositoryName, imageIds: [{ imageTag: existing }] })))
        .images ?? [];
    await ecr.send(
      new PutImageCommand({
        repositoryName,
        imageManifest: image?.imageManifest,
        imageManifestMediaType: image?.imageManifestMediaType,
        imageTag: tag,
      }),
    );
  };

  const check = (e: Estate, ...flags: string[]) =>
    runCommand(['check', '--cluster', e.cluster, '--service', e.service, ...flags], { env });
  const scan = (e: Estate, ...flags: string[]) =>
    runCommand(['scan', '--cluster', e.cluster, ...flags], { env });
  /** "its next task's path: through container instance i-… (container instance 5e6f…)" */
  const standingIn = (e: Estate) =>
    `its next task's path: through container instance ${e.ec2InstanceId} (container instance ${e.containerInstanceId})`;

  describe('bridge mode on EC2, the instances in a private subnet with no NAT and no endpoints', () => {
    let e: Estate;
    beforeAll(async () => {
      e = await buildEstate('ec2-bridge-private-subnet-no-nat');
    }, 30_000);

    it('check: exit 2, the verdict, and the container instance that stands in for the next task', async () => {
      const run = await check(e);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(2);
      expect(linesOf(run.stdout)[0]).toBe(
        'A new task would fail to start: no-egress-path breaks image orders-worker:3.2.0 and the awslogs log',
      );
      expect(flat(run)).toContain(standingIn(e));
      // The route table checked is the one of the instance's subnet.
      expect(flat(run)).toMatch(
        new RegExp(
          `· rtb-[0-9a-f]+ \\(of ${e.id('subnet-0a9b8c7d6e5f4a3b2')}\\) has no route for 0\\.0\\.0\\.0/0`,
        ),
      );
      expect(run.stdout).toMatch(/^ {3}1\. no-egress-path — breaks image /m);
      expect(run.stdout).toMatch(/^ {3}\d\. missing-endpoint \(ecr\.dkr\) — breaks image/m);
    });

    it('check: the endpoints it would need admit 443 from the instance’s security group', async () => {
      const run = await check(e);
      expect(flat(run)).toContain(
        `a security group that allows TCP 443 from ${e.id('sg-0c7d6e5f4a3b2c1d0')} or 10.30.8.0/22.`,
      );
    });

    it('check --json: wouldStart false, the instance standing in, the findings in order', async () => {
      const run = await check(e, '--json');
      expect(run.code).toBe(2);
      const doc = JSON.parse(run.stdout) as CheckDoc;
      expect(doc.wouldStart).toBe(false);
      expect(doc.instance).toBe(`${e.ec2InstanceId} (container instance ${e.containerInstanceId})`);
      expect(problemsOf(doc)).toEqual([
        'no-egress-path',
        'missing-endpoint:ecr.api',
        'missing-endpoint:ecr.dkr',
        'missing-endpoint:logs',
        's3-gateway-missing:s3',
      ]);
    });

    it('scan --cluster: exit 2, the service’s row would fail with what check finds', async () => {
      const run = await scan(e);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(2);
      expect(run.stdout).toMatch(
        /^orders-ec2\/orders-worker +would fail +no-egress-path, missing-endpoint, s3-gateway-missing$/m,
      );
      expect(linesOf(run.stdout).at(-1)).toBe(
        '1 services checked: 1 would fail to start (ecs-pullfix check --cluster C --service S shows why).',
      );
    });

    it('scan --json: the service with the instance standing in, 1 of 1 would fail', async () => {
      const run = await scan(e, '--json');
      expect(run.code).toBe(2);
      const doc = JSON.parse(run.stdout) as ScanDoc;
      expect({ wouldFail: doc.wouldFail, checked: doc.checked }).toEqual({ wouldFail: 1, checked: 1 });
      expect(doc.services[0]?.instance).toBe(
        `${e.ec2InstanceId} (container instance ${e.containerInstanceId})`,
      );
      expect(problemsOf(doc.services[0] ?? { wouldStart: true, findings: [] })).toContain('no-egress-path');
    });

    it('diagnose a stopped task of the service ECS placed on the instance: the same path, found from the task', async () => {
      // ECS ran a task of the service on the instance, and stopped it: the pull timed out.
      const run = await ecs.send(
        new RunTaskCommand({
          cluster: e.cluster,
          taskDefinition: (e.event.detail as { taskDefinitionArn: string }).taskDefinitionArn,
          launchType: 'EC2',
          startedBy: 'ecs-svc/4851263907218854123',
          group: `service:${e.service}`,
        }),
      );
      const task = run.tasks?.[0];
      expect(task?.containerInstanceArn?.split('/').pop()).toBe(e.containerInstanceId);
      await ecs.send(
        new StopTaskCommand({
          cluster: e.cluster,
          task: task?.taskArn ?? '',
          reason: e.scenario.file.task.stoppedReason,
        }),
      );
      const diagnosed = await runCommand(
        ['diagnose', '--cluster', e.cluster, '--task', task?.taskArn?.split('/').pop() ?? ''],
        { env },
      );
      expect(diagnosed.stderr).toBe('');
      expect(diagnosed.code).toBe(0);
      expect(diagnosed.stdout).toContain('cause:    network-timeout on ecr');
      expect(diagnosed.stdout).toMatch(/^ {3}1\. no-egress-path — breaks image /m);
      expect(flat(diagnosed)).toMatch(
        new RegExp(
          `· rtb-[0-9a-f]+ \\(of ${e.id('subnet-0a9b8c7d6e5f4a3b2')}\\) has no route for 0\\.0\\.0\\.0/0`,
        ),
      );
      expect(flat(diagnosed)).toContain(`allows TCP 443 from ${e.id('sg-0c7d6e5f4a3b2c1d0')}`);
    });

    it('replay of the stopped task’s saved event: the findings check gave, exit 0', async () => {
      const run = await runCommand(['replay', tempFile('event.json', JSON.stringify(e.event)), '--json'], {
        env,
      });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(problemsOf(JSON.parse(run.stdout) as CheckDoc)).toEqual([
        'no-egress-path',
        'missing-endpoint:ecr.api',
        'missing-endpoint:ecr.dkr',
        'missing-endpoint:logs',
        's3-gateway-missing:s3',
      ]);
    });

    describe('once the cluster has no container instance left', () => {
      beforeAll(async () => {
        await ecs.send(
          new DeregisterContainerInstanceCommand({
            cluster: e.cluster,
            containerInstance: e.containerInstanceId,
            force: true,
          }),
        );
      });

      it('check says the path is not checked, and why, rather than judging a subnet no task would use', async () => {
        const run = await check(e);
        expect(run.stderr).toBe('');
        expect(flat(run)).toContain(
          "its next task's path: not checked: the cluster has no container instance to run the service’s tasks",
        );
        expect(flat(run)).not.toContain('no-egress-path');
      });
    });
  });

  describe('bridge mode on EC2, the instances’ subnet routed to a public NAT gateway', () => {
    let e: Estate;
    beforeAll(async () => {
      e = await buildEstate('ec2-bridge-private-subnet-nat-healthy');
    }, 30_000);

    it('check: exit 2 for the tag never pushed alone; the path through the instance is ok', async () => {
      const run = await check(e);
      expect(run.code).toBe(2);
      expect(linesOf(run.stdout)[0]).toBe(
        'A new task would fail to start: image-tag-missing breaks image orders-worker:3.3.0 (container',
      );
      expect(flat(run)).toContain(standingIn(e));
      expect(flat(run)).toContain(
        `· ${e.ec2InstanceId} (container instance; the task's network mode is bridge): the pull goes through its interface in ${e.id('subnet-0a9b8c7d6e5f4a3b2')}, ${e.id('sg-0c7d6e5f4a3b2c1d0')}`,
      );
      expect(flat(run)).not.toContain('no-egress-path');
    });

    describe('once the team pushes orders-worker:3.3.0', () => {
      beforeAll(() => pushTag('orders-worker', '3.2.0', '3.3.0'));

      it('check: exit 0, nothing found, the path through the instance ok', async () => {
        const run = await check(e);
        expect(run.stderr).toBe('');
        expect(run.code).toBe(0);
        expect(linesOf(run.stdout)[0]).toBe('Nothing found that would stop a new task from starting.');
        expect(flat(run)).toContain(standingIn(e));
        expect(run.stdout).toMatch(/^ {3}1\. path-ok$/m);
      });

      it('check --json: wouldStart true, no problem', async () => {
        const run = await check(e, '--json');
        expect(run.code).toBe(0);
        const doc = JSON.parse(run.stdout) as CheckDoc;
        expect(doc.wouldStart).toBe(true);
        expect(problemsOf(doc)).toEqual([]);
      });

      it('scan: exit 0, the service ok (the role not checked on moto)', async () => {
        const run = await scan(e);
        expect(run.code).toBe(0);
        expect(run.stdout).toMatch(/^orders-ec2\/orders-worker +ok \(1 not checked\) +-$/m);
        expect(linesOf(run.stdout).at(-1)).toBe('1 services checked: 0 would fail to start.');
      });
    });
  });

  describe('host mode on EC2, the instances’ security group letting out 80 and 8080 only', () => {
    let e: Estate;
    beforeAll(async () => {
      e = await buildEstate('ec2-host-instance-sg-blocks-443');
    }, 30_000);

    it('check: exit 2, the instance’s security group blocks 443, named as the instance’s', async () => {
      const run = await check(e);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(2);
      expect(linesOf(run.stdout)[0]).toBe(
        'A new task would fail to start: task-sg-blocks-443 breaks image edge-proxy:1.31.2 (container envoy).',
      );
      expect(flat(run)).toContain(standingIn(e));
      const sg = e.id('sg-0e8f9a0b1c2d3e4f5');
      expect(flat(run)).toContain(
        `· ${sg} (the container instance ${e.ec2InstanceId}'s) allow no outbound TCP 443 to 0.0.0.0/0`,
      );
      expect(flat(run)).toContain(`· ${sg} outbound: tcp 80 0.0.0.0/0; tcp 8080 10.50.0.0/16`);
    });

    it('check --json: the one problem, task-sg-blocks-443', async () => {
      const run = await check(e, '--json');
      const doc = JSON.parse(run.stdout) as CheckDoc;
      expect(doc.wouldStart).toBe(false);
      expect(problemsOf(doc)).toEqual(['task-sg-blocks-443']);
    });

    it('scan: exit 2, the row says so', async () => {
      const run = await scan(e);
      expect(run.code).toBe(2);
      expect(run.stdout).toMatch(/^edge\/edge-proxy +would fail +task-sg-blocks-443$/m);
    });
  });

  describe('host mode on EC2, the instances’ security group open to 443, in a public subnet', () => {
    let e: Estate;
    beforeAll(async () => {
      e = await buildEstate('ec2-host-instance-sg-open-healthy');
      await pushTag('edge-proxy', '1.31.1', '1.31.2');
    }, 30_000);

    it('check: exit 0, the path through the instance and its public IP ok', async () => {
      const run = await check(e);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(linesOf(run.stdout)[0]).toBe('Nothing found that would stop a new task from starting.');
      expect(flat(run)).toContain(
        `· ${e.ec2InstanceId} (container instance; the task's network mode is host): the pull goes through its interface in ${e.id('subnet-0b5c6d7e8f9a0b1c2')}, ${e.id('sg-0e8f9a0b1c2d3e4f5')}, with a public IP`,
      );
    });

    it('scan --json: nothing would fail', async () => {
      const run = await scan(e, '--json');
      expect(run.code).toBe(0);
      const doc = JSON.parse(run.stdout) as ScanDoc;
      expect({ wouldFail: doc.wouldFail, checked: doc.checked }).toEqual({ wouldFail: 0, checked: 1 });
      expect(doc.services[0]?.wouldStart).toBe(true);
    });
  });
}
