import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import {
  AllocateAddressCommand,
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateNatGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSubnetCommand,
  CreateVpcEndpointCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { beforeAll, describe, expect, it } from 'vitest';
import { historyItemOf } from '../../src/aws/incident-history.js';
import { keptIncidentOf } from '../../src/core/history.js';
import { loadScenario } from '../../src/sim/scenario.js';
import { linesOf, runCommand, tempFile } from '../support/command.js';
import { buildInMoto, createIncidentTable, MOTO_URL, resetMoto, withoutMoto } from '../support/moto.js';
import { HEALTHY } from '../support/snapshot.js';

/**
 * Evidence past ECS's hour, as a user lives it on moto with the installed command: a task that
 * could not pull (a private subnet with no way out) is diagnosed with the incident table named,
 * which keeps its event, snapshot and findings; a person then fixes the VPC by hand (a NAT
 * gateway and its default route, an ecr.dkr endpoint); `history` lists the incident, and
 * `replay --incident ID` diagnoses it again today and says what changed since.
 */

const TABLE = 'ecs-pullfix-history';

if (MOTO_URL === undefined) {
  withoutMoto('history and replay --incident on moto');
} else {
  const url = MOTO_URL;
  const shell = (extra: Record<string, string> = {}) => ({
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL: url,
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/EXAMPLEKEY',
    ...extra,
  });
  const sdk = {
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  };
  const env = shell({ ECS_PULLFIX_TABLE: TABLE });
  let eventFile: string;
  let incidentId: string;
  let natId: string;
  let endpointId: string;
  let diagnosedThen: { code: number | null; stdout: string };

  /** By hand, as a person would: a public subnet with a NAT gateway, the default route to it, an ecr.dkr endpoint. */
  async function fixByHand(ids: Map<string, string>): Promise<void> {
    const ec2 = new EC2Client(sdk);
    const vpcId = ids.get('vpc-0a1b2c3d') ?? '';
    const igw =
      (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway?.InternetGatewayId ?? '';
    await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpcId }));
    const publicSubnet =
      (
        await ec2.send(
          new CreateSubnetCommand({
            VpcId: vpcId,
            CidrBlock: '10.0.200.0/24',
            AvailabilityZone: 'us-east-1a',
          }),
        )
      ).Subnet?.SubnetId ?? '';
    const publicTable =
      (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable?.RouteTableId ?? '';
    await ec2.send(
      new CreateRouteCommand({
        RouteTableId: publicTable,
        DestinationCidrBlock: '0.0.0.0/0',
        GatewayId: igw,
      }),
    );
    await ec2.send(new AssociateRouteTableCommand({ RouteTableId: publicTable, SubnetId: publicSubnet }));
    const allocation = (await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }))).AllocationId ?? '';
    natId =
      (await ec2.send(new CreateNatGatewayCommand({ SubnetId: publicSubnet, AllocationId: allocation })))
        .NatGateway?.NatGatewayId ?? '';
    await ec2.send(
      new CreateRouteCommand({
        RouteTableId: ids.get('rtb-private') ?? '',
        DestinationCidrBlock: '0.0.0.0/0',
        NatGatewayId: natId,
      }),
    );
    endpointId =
      (
        await ec2.send(
          new CreateVpcEndpointCommand({
            VpcId: vpcId,
            VpcEndpointType: 'Interface',
            ServiceName: 'com.amazonaws.us-east-1.ecr.dkr',
            SubnetIds: [ids.get('subnet-private-a') ?? ''],
            SecurityGroupIds: [ids.get('sg-task') ?? ''],
            PrivateDnsEnabled: true,
          }),
        )
      ).VpcEndpoint?.VpcEndpointId ?? '';
  }

  describe('history and replay --incident on moto', () => {
    beforeAll(async () => {
      await resetMoto(url);
      const built = await buildInMoto(loadScenario('no-egress-no-endpoints'), url);
      eventFile = tempFile('event.json', JSON.stringify(built.event));
      await createIncidentTable(new DynamoDBClient(sdk), TABLE);
      // The diagnosis the Lambda would make, kept in the table (ECS_PULLFIX_TABLE).
      diagnosedThen = await runCommand(['replay', eventFile], { env });
      const listed = await runCommand(['history', '--json'], { env });
      incidentId =
        (JSON.parse(listed.stdout) as { incidents: { incidentId: string }[] }).incidents[0]?.incidentId ?? '';
      await fixByHand(built.ids);
    }, 120_000);

    it('keeps the diagnosis of replay with a table', () => {
      expect(diagnosedThen.code).toBe(0);
      expect(incidentId).toMatch(/^inc-[0-9a-f]{16}$/);
    });

    it('history lists the incident: time, cluster, service, cause, root finding, outcome and id', async () => {
      const run = await runCommand(['history'], { env });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const [header, row, ...rest] = linesOf(run.stdout);
      expect(header).toMatch(
        /^TIME \(UTC\)\s+CLUSTER\s+SERVICE\s+CAUSE\s+ROOT FINDING\s+OUTCOME\s+INCIDENT$/,
      );
      expect(row).toMatch(
        new RegExp(
          `^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d\\s+prod-apps\\s+checkout\\s+network-timeout\\s+no-egress-path\\s+action-needed\\s+${incidentId}$`,
        ),
      );
      expect(rest).toEqual([]);
    });

    it('history --cluster and --service filter; a cluster with none says so', async () => {
      const mine = await runCommand(
        ['history', '--cluster', 'prod-apps', '--service', 'checkout', '--json'],
        { env },
      );
      expect(JSON.parse(mine.stdout).incidents).toHaveLength(1);
      const none = await runCommand(['history', '--cluster', 'staging'], { env });
      expect(none.code).toBe(0);
      expect(none.stdout).toBe(
        `no incident kept in ${TABLE} for cluster staging (incidents are kept 30 days)\n`,
      );
    });

    it('replay --incident diagnoses the kept event today and says what changed since', async () => {
      const run = await runCommand(['replay', '--incident', incidentId], { env });
      expect(run.code).toBe(0);
      const since = run.stdout.slice(run.stdout.indexOf('\nSince '));
      expect(since).toMatch(
        new RegExp(`^\\nSince \\S+ \\(incident ${incidentId}, action-needed then\\):$`, 'm'),
      );
      expect(since).toContain(`  then: route 0.0.0.0/0 → none; now: ${natId} (available)\n`);
      expect(since).toContain(`  then: no ecr.dkr endpoint; now: ${endpointId} available\n`);
      expect(since).toMatch(/^ {2}then: root finding no-egress-path; now: root finding (?!no-egress-path)/m);
    });

    it('replay --incident --json: the incident then, the report now, the changes', async () => {
      const run = await runCommand(['replay', '--incident', incidentId, '--json'], { env });
      expect(run.code).toBe(0);
      const doc = JSON.parse(run.stdout) as {
        incident: { incidentId: string };
        changes: { before: string; now: string }[];
      };
      expect(doc.incident.incidentId).toBe(incidentId);
      expect(doc.changes).toContainEqual({ before: 'no ecr.dkr endpoint', now: `${endpointId} available` });
    });

    it('an id the table does not keep is bad usage (252), said in one line', async () => {
      const run = await runCommand(['replay', '--incident', 'inc-0000000000000000'], { env });
      expect(run.code).toBe(252);
      expect(run.stdout).toBe('');
      expect(linesOf(run.stderr)).toEqual([
        `ecs-pullfix: no incident inc-0000000000000000 in table ${TABLE} (incidents are kept 30 days; history lists them)`,
      ]);
    });

    it('an event file and --incident together are bad usage (252)', async () => {
      const run = await runCommand(['replay', eventFile, '--incident', incidentId], { env });
      expect(run.code).toBe(252);
      expect(run.stderr).toBe('ecs-pullfix: give an event file or --incident ID, not both\n');
    });

    it('history shows a kept incident whose names hold escapes and newlines as one clean line each', async () => {
      const table = 'ecs-pullfix-hostile';
      const db = new DynamoDBClient(sdk);
      await createIncidentTable(db, table);
      const hostile = keptIncidentOf(
        {
          task: {
            ...HEALTHY.task,
            clusterName: 'prod\u001b]52;c;cm0gLXJmIH4=\u0007\nFAKE  ROW',
            serviceName: 'web\u001b[2J\r\u202eevil',
          },
          incidentId: 'inc-0123456789abcdef',
          cause: 'network-timeout',
          root: 'none\u0085next',
          outcome: 'action-needed',
          findings: [],
        },
        new Date(),
      );
      await db.send(new PutItemCommand({ TableName: table, Item: historyItemOf(hostile, new Date(), 3600) }));
      const run = await runCommand(['history', '--table', table], { env: shell() });
      expect(run.code).toBe(0);
      // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
      expect(run.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
      const [, row, ...rest] = linesOf(run.stdout);
      expect(rest).toEqual([]);
      expect(row).toMatch(/inc-0123456789abcdef$/);
    });

    it('history with no table named is bad usage (252) and says where the table is named', async () => {
      const run = await runCommand(['history'], { env: shell() });
      expect(run.code).toBe(252);
      expect(run.stderr).toMatch(
        /^ecs-pullfix: the incident history is in the incident table: pass --table NAME or set ECS_PULLFIX_TABLE/,
      );
    });
  });
}
