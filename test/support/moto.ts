import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  AllocateAddressCommand,
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateInternetGatewayCommand,
  CreateNatGatewayCommand,
  CreateNetworkAclCommand,
  CreateNetworkAclEntryCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateTransitGatewayCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  DescribeManagedPrefixListsCommand,
  DescribeNetworkAclsCommand,
  DescribeRouteTablesCommand,
  EC2Client,
  type IpPermission,
  ModifyVpcAttributeCommand,
  ReplaceNetworkAclAssociationCommand,
  type ResourceType,
  RevokeSecurityGroupEgressCommand,
} from '@aws-sdk/client-ec2';
import {
  CreateRepositoryCommand,
  ECRClient,
  PutImageCommand,
  PutLifecyclePolicyCommand,
  PutReplicationConfigurationCommand,
  SetRepositoryPolicyCommand,
} from '@aws-sdk/client-ecr';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import { CreateFileSystemCommand, CreateMountTargetCommand, EFSClient } from '@aws-sdk/client-efs';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { HISTORY_PROJECTION } from '../../src/aws/incident-history.js';
import { cidrContains, familyOf, isAnywhere } from '../../src/core/cidr.js';
import type { SecurityGroupRule } from '../../src/core/network.js';
import { type EcrImageRef, ecrImageOf, secretRefOf, secretRefsOf } from '../../src/core/workload.js';
import { lifecyclePolicyTextOf } from '../../src/sim/ecr-policy.js';
import { eventOf } from '../../src/sim/event.js';
import {
  repositoriesOf,
  S3_PREFIX_LIST_CIDRS,
  type Scenario,
  s3PrefixListId,
} from '../../src/sim/scenario.js';
import { type IamSimulator, startIamSimulator } from './iam-simulator.js';
import { buildEfsAuthorizationInMoto, efsMountPoints } from './moto-efs.js';
import { buildContainerInstanceInMoto } from './moto-instance.js';
import {
  buildDns64InMoto,
  buildIpv6RoutesInMoto,
  openDefaultAclToIpv6,
  subnetIpv6Fields,
  vpcIpv6InMoto,
} from './moto-ipv6.js';
import {
  buildDhcpOptionsInMoto,
  buildEndpointAddressesInMoto,
  buildPrefixListsInMoto,
  buildResolverRulesInMoto,
} from './moto-names.js';

/** moto's account: events built for moto carry it, so that ARNs resolve. */
export const MOTO_ACCOUNT = '123456789012';

/** The moto server of this run: `MOTO_URL`, set by `.ci/run` (or by hand: see the README). */
export const MOTO_URL = process.env.MOTO_URL || undefined;

/** What a run without a moto server says, once, in place of the integration tests. */
export const SKIPPED_WITHOUT_MOTO =
  "integration tests skipped: set MOTO_URL to a running moto server (see README, 'Integration tests')";

/**
 * Stands in for an integration suite when `MOTO_URL` is not set. On a user's machine the
 * suite is skipped and the run prints {@link SKIPPED_WITHOUT_MOTO} once. Under CI it fails
 * instead: `.ci/run` always starts moto, so a missing `MOTO_URL` there is a broken pipeline,
 * and the integration tests must never be skipped unseen.
 */
export function withoutMoto(suite: string): void {
  if (underCi()) {
    describe(suite, () => {
      it('runs on a moto server in CI', () => {
        throw new Error(
          "CI is set but MOTO_URL is not: CI must run the integration tests on a moto server (see README, 'Integration tests')",
        );
      });
    });
    return;
  }
  printOncePerRun(SKIPPED_WITHOUT_MOTO);
  describe(suite, () => {
    it('needs a moto server', ({ skip }) => skip(SKIPPED_WITHOUT_MOTO));
  });
}

const underCi = (): boolean => !['', '0', 'false'].includes((process.env.CI ?? '').toLowerCase());

/**
 * Each test file runs in its own worker, a child of the one vitest process: a marker holding
 * that process's id lets the first file of a run print the line and the others stay quiet.
 */
function printOncePerRun(line: string): void {
  const marker = join(tmpdir(), `ecs-pullfix-moto-notice-${userInfo().uid}`);
  const run = String(process.ppid);
  try {
    if (readFileSync(marker, 'utf8') === run) return;
  } catch {
    // No marker yet: this is the first run on this machine.
  }
  try {
    writeFileSync(marker, run);
  } catch {
    // A read-only temporary directory: the line is printed by every file, which is still true.
  }
  process.stderr.write(`${line}\n`);
}

/**
 * IAM's policy simulator, which moto lacks, stood in for on the wire (only with a moto server);
 * IAM's other calls (an instance profile's role) go on to moto.
 */
export const iamSimulator: IamSimulator | undefined = MOTO_URL
  ? await startIamSimulator(MOTO_URL)
  : undefined;

/** The environment the AWS SDK needs to talk to moto instead of AWS (IAM's simulator to the stand-in). */
export const motoEnv = (url: string): Record<string, string> => ({
  AWS_ENDPOINT_URL: url,
  ...(iamSimulator ? { AWS_ENDPOINT_URL_IAM: iamSimulator.url } : {}),
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'testing',
  AWS_SECRET_ACCESS_KEY: 'testing',
});

/**
 * For the suite it is called in: `vars` (moto's environment) in `process.env` before the tests,
 * as it was after them. In-process runs need it there: the SDK's credential chain reads the
 * process's environment, as the installed command's does.
 */
export function useProcessEnv(vars: Readonly<Record<string, string>>): void {
  const saved = { ...process.env };
  beforeAll(() => {
    Object.assign(process.env, vars);
  });
  afterAll(() => {
    for (const key of Object.keys(vars)) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });
}

/** The incident table as serverless.yml declares it (key `pk`, the history's index, on demand), made in moto under `name`. */
export async function createIncidentTable(
  db: DynamoDBClient,
  name = 'ecs-pullfix-incidents',
): Promise<string> {
  await db.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'historyOf', AttributeType: 'S' },
        { AttributeName: 'historyAt', AttributeType: 'S' },
      ],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      // The incident history's sparse index (src/aws/incident-history.ts).
      GlobalSecondaryIndexes: [
        {
          IndexName: 'history',
          KeySchema: [
            { AttributeName: 'historyOf', KeyType: 'HASH' },
            { AttributeName: 'historyAt', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: [...HISTORY_PROJECTION] },
        },
      ],
    }),
  );
  return name;
}

export async function resetMoto(url: string): Promise<void> {
  const res = await fetch(`${url}/moto-api/reset`, { method: 'POST' });
  if (!res.ok) throw new Error(`moto reset failed: ${res.status}`);
}

/** Writes `event` to `NAME.json` in a fresh temporary folder, for `ecs-pullfix replay FILE`. */
export function eventFile(event: unknown, name = 'event'): string {
  const file = join(mkdtempSync(join(tmpdir(), 'pullfix-moto-')), `${name}.json`);
  writeFileSync(file, JSON.stringify(event));
  return file;
}

/**
 * moto 5.2.4 answers an image's `imageSizeInBytes` from its manifest (a single manifest's config
 * blob size; none for the image index the builder pushes): a size a scenario sets cannot be given.
 */
export const MOTO_SIZES_IMAGES_ITSELF =
  'moto gives an image the size its manifest implies (none for the image index the builder pushes), not the size a scenario sets';

/**
 * moto 5.2.4's ECS knows only Auto Scaling group capacity providers: CreateCapacityProvider reads
 * `autoScalingGroupProvider` alone (without it, it fails with a 500: `TypeError: argument of type
 * 'NoneType' is not iterable`), and DescribeCapacityProviders answers no `type` and no
 * `managedInstancesProvider` (test/integration/moto-managed.test.ts holds this).
 */
export const MOTO_HAS_NO_MANAGED_INSTANCES =
  "moto's ECS has no Managed Instances capacity provider: CreateCapacityProvider ignores managedInstancesProvider (and fails without an autoScalingGroupProvider), DescribeCapacityProviders answers no type nor managedInstancesProvider";

/**
 * moto 5.x implements neither CreatePullThroughCacheRule nor DescribePullThroughCacheRules (the
 * server answers 500: test/integration/pull-through-moto.test.ts holds this).
 */
export const MOTO_HAS_NO_PULL_THROUGH_CACHE =
  'moto has no pull-through cache: CreatePullThroughCacheRule and DescribePullThroughCacheRules answer 500';

/** Why a scenario cannot be built in moto, if it cannot (moto has no failed NAT, no pending endpoint …). */
export function unsupportedInMoto(s: Scenario): string | undefined {
  if (s.natGateways.some((n) => n.state !== 'available')) return 'moto makes every NAT gateway available';
  if (s.endpoints.some((e) => e.state !== 'available')) return 'moto makes every endpoint available';
  if (s.routeTables.some((t) => t.routes.some((r) => r.state === 'blackhole')))
    return 'moto has no blackhole routes';
  if (
    s.routeTables.some((t) =>
      t.routes.some((r) =>
        ['peering', 'virtual-private-gateway', 'instance', 'network-interface', 'other'].includes(
          r.target.kind,
        ),
      ),
    )
  ) {
    return 'the builder makes only internet, NAT and transit gateway routes';
  }
  if (s.region !== 'us-east-1') return 'the builder works in us-east-1';
  if (s.file.capacityProvider?.type === 'MANAGED_INSTANCES') return MOTO_HAS_NO_MANAGED_INSTANCES;
  if ((s.file.pullThroughRules ?? []).length > 0) return MOTO_HAS_NO_PULL_THROUGH_CACHE;
  if (s.subnets.some((x) => x.dns64)) return 'moto takes a subnet’s DNS64 but never says it back';
  if (s.endpoints.some((e) => e.ipAddressType !== undefined || e.dnsRecordIpType !== undefined))
    return 'moto takes an endpoint’s IpAddressType and DnsOptions but never says them back (DescribeVpcEndpoints)';
  if (repositoriesOf(s).some((r) => r.images.some((i) => i.status && i.status !== 'ACTIVE')))
    return 'moto has no ECR archive (no imageStatus, no UpdateImageStorageClass): every image it holds is active';
  if (repositoriesOf(s).some((r) => r.images.some((i) => i.sizeInBytes !== undefined)))
    return MOTO_SIZES_IMAGES_ITSELF;
  if (repositoriesOf(s).some((r) => r.lifecycleRules?.some((x) => x.action !== 'expire')))
    return 'moto’s lifecycle policies take the expire action only, not transition (archive)';
  if (s.efs.some((fs) => fs.mountTargets.some((m) => m.state !== 'available')))
    return 'moto makes every EFS mount target available';
  if (naclNamesS3Ranges(s))
    return 'moto’s S3 prefix list holds 3 of us-east-1’s 7 published ranges (and cannot be modified): a NACL written per S3 range is judged against other ranges';
  return undefined;
}

/** True when a network ACL entry names part of S3's address space (not the whole IPv4 space). */
function naclNamesS3Ranges(s: Scenario): boolean {
  const s3 = S3_PREFIX_LIST_CIDRS[s.region] ?? [];
  const overlaps = (a: string, b: string) => cidrContains(a, b) || cidrContains(b, a);
  return s.networkAcls.some((acl) =>
    acl.entries.some((e) => !isAnywhere(e.cidr) && s3.some((range) => overlaps(range, e.cidr))),
  );
}

/**
 * Builds a scenario's topology in moto with the SDK, as a person would with the console:
 * the VPC and its DNS attributes, subnets, gateways (NAT gateways public or private), its DHCP
 * option set and Route 53 Resolver rules, route tables, network ACLs, prefix lists, security
 * groups and their rules, VPC endpoints (and their addresses: `moto-names.ts` says how), the
 * cluster, the task definition and the service.
 * Returns the task's event (with moto's ids) and the map from scenario ids to moto's.
 */
export async function buildInMoto(
  s: Scenario,
  url: string,
  /** Another account's (a role assumed there: moto keeps each account's resources apart). */
  credentials: Readonly<{ accessKeyId: string; secretAccessKey: string; sessionToken?: string }> = {
    accessKeyId: 'testing',
    secretAccessKey: 'testing',
  },
): Promise<{ event: Record<string, unknown>; ids: Map<string, string> }> {
  const config = { endpoint: url, region: 'us-east-1', credentials };
  const ec2 = new EC2Client(config);
  const ecs = new ECSClient(config);
  const ids = new Map<string, string>();
  const id = (scenarioId: string) => ids.get(scenarioId) ?? scenarioId;

  // The scenario's tags (the owners' opt-ins to auto-fix among them) go on with the resources.
  const tagged = (type: ResourceType, tags: Readonly<Record<string, string>> | undefined) =>
    tags && Object.keys(tags).length > 0
      ? {
          TagSpecifications: [
            { ResourceType: type, Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) },
          ],
        }
      : {};
  const vpc = await ec2.send(
    new CreateVpcCommand({
      CidrBlock: s.vpcCidr,
      ...(s.file.vpc.ipv6Cidr ? { AmazonProvidedIpv6CidrBlock: true } : {}),
      ...tagged('vpc', s.vpcTags),
    }),
  );
  const vpcId = vpc.Vpc?.VpcId ?? '';
  const motoIpv6 = await vpcIpv6InMoto(s, ec2, vpcId);
  ids.set(s.vpcId, vpcId);
  await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsSupport: { Value: s.dnsSupport } }));
  await ec2.send(
    new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsHostnames: { Value: s.dnsHostnames } }),
  );

  for (const subnet of s.subnets) {
    const out = await ec2.send(
      new CreateSubnetCommand({
        VpcId: vpcId,
        ...(subnet.cidr ? { CidrBlock: subnet.cidr } : {}),
        ...subnetIpv6Fields(s, subnet, motoIpv6),
        AvailabilityZone: subnet.availabilityZone,
      }),
    );
    ids.set(subnet.id, out.Subnet?.SubnetId ?? '');
  }
  if (s.file.internetGateway) {
    const igw = await ec2.send(new CreateInternetGatewayCommand({}));
    const igwId = igw.InternetGateway?.InternetGatewayId ?? '';
    ids.set(s.file.internetGateway, igwId);
    await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igwId, VpcId: vpcId }));
  }
  for (const nat of s.natGateways) {
    // A private NAT gateway has no Elastic IP (AWS refuses one).
    const eip =
      nat.connectivityType === 'private'
        ? undefined
        : await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
    const out = await ec2.send(
      new CreateNatGatewayCommand({
        SubnetId: id(nat.subnetId ?? ''),
        ...(eip ? { AllocationId: eip.AllocationId } : { ConnectivityType: 'private' }),
      }),
    );
    ids.set(nat.id, out.NatGateway?.NatGatewayId ?? '');
  }
  await buildDhcpOptionsInMoto(s, ec2, vpcId, ids);
  await buildResolverRulesInMoto(s, ec2, config, vpcId, ids);
  for (const t of s.routeTables) {
    for (const r of t.routes) {
      if (r.target.kind === 'transit-gateway' && !ids.has(r.target.id)) {
        const tgw = await ec2.send(new CreateTransitGatewayCommand({}));
        ids.set(r.target.id, tgw.TransitGateway?.TransitGatewayId ?? '');
      }
    }
  }

  // Route tables: the scenario's main table is the VPC's own main table.
  const main = await ec2.send(
    new DescribeRouteTablesCommand({
      Filters: [
        { Name: 'vpc-id', Values: [vpcId] },
        { Name: 'association.main', Values: ['true'] },
      ],
    }),
  );
  for (const t of s.routeTables) {
    const tableId = t.main
      ? (main.RouteTables?.[0]?.RouteTableId ?? '')
      : ((await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable?.RouteTableId ?? '');
    ids.set(t.id, tableId);
    for (const subnetId of t.subnetIds)
      await ec2.send(new AssociateRouteTableCommand({ RouteTableId: tableId, SubnetId: id(subnetId) }));
    for (const r of t.routes) {
      if (r.target.kind === 'local' || r.target.kind === 'vpc-endpoint' || r.destinationCidr === undefined)
        continue;
      const target =
        r.target.kind === 'internet-gateway'
          ? { GatewayId: id(r.target.id) }
          : r.target.kind === 'nat-gateway'
            ? { NatGatewayId: id(r.target.id) }
            : { TransitGatewayId: id(r.target.id) };
      await ec2.send(
        new CreateRouteCommand({ RouteTableId: tableId, DestinationCidrBlock: r.destinationCidr, ...target }),
      );
    }
    await buildIpv6RoutesInMoto(ec2, t, tableId, vpcId, ids);
  }

  await buildDns64InMoto(s, ec2, id);
  // Network ACLs: scenarios without any keep the VPC's default (allow-all) ACL.
  await openDefaultAclToIpv6(s, ec2, vpcId);
  if (s.file.networkAcls) {
    const existing = await ec2.send(
      new DescribeNetworkAclsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }),
    );
    const associations = (existing.NetworkAcls ?? []).flatMap((a) => a.Associations ?? []);
    for (const acl of s.networkAcls) {
      const created = await ec2.send(new CreateNetworkAclCommand({ VpcId: vpcId }));
      const aclId = created.NetworkAcl?.NetworkAclId ?? '';
      ids.set(acl.id, aclId);
      for (const e of acl.entries.filter((x) => x.ruleNumber < 32767)) {
        await ec2.send(
          new CreateNetworkAclEntryCommand({
            NetworkAclId: aclId,
            RuleNumber: e.ruleNumber,
            Egress: e.egress,
            Protocol: e.protocol,
            RuleAction: e.action,
            ...(familyOf(e.cidr) === 'ipv6' ? { Ipv6CidrBlock: e.cidr } : { CidrBlock: e.cidr }),
            ...(e.ports ? { PortRange: { From: e.ports.from, To: e.ports.to } } : {}),
          }),
        );
      }
      for (const subnetId of acl.subnetIds) {
        const association = associations.find((a) => a.SubnetId === id(subnetId));
        if (association?.NetworkAclAssociationId) {
          await ec2.send(
            new ReplaceNetworkAclAssociationCommand({
              AssociationId: association.NetworkAclAssociationId,
              NetworkAclId: aclId,
            }),
          );
        }
      }
    }
  }

  // Security groups: created first (rules may name each other), then their rules.
  const prefixLists = await ec2.send(
    new DescribeManagedPrefixListsCommand({
      Filters: [{ Name: 'prefix-list-name', Values: ['com.amazonaws.us-east-1.s3'] }],
    }),
  );
  ids.set(s3PrefixListId('us-east-1'), prefixLists.PrefixLists?.[0]?.PrefixListId ?? '');
  await buildPrefixListsInMoto(s, ec2, ids);
  for (const g of s.securityGroups) {
    const out = await ec2.send(
      new CreateSecurityGroupCommand({
        VpcId: vpcId,
        GroupName: g.name ?? g.id,
        Description: `scenario ${s.name}`,
        ...tagged('security-group', g.tags),
      }),
    );
    ids.set(g.id, out.GroupId ?? '');
  }
  for (const g of s.securityGroups) {
    const groupId = id(g.id);
    // A new group allows all egress; the scenario says exactly what it allows.
    await ec2.send(
      new RevokeSecurityGroupEgressCommand({
        GroupId: groupId,
        // In a VPC with an IPv6 CIDR, the new group's egress also allows ::/0.
        IpPermissions: [
          {
            IpProtocol: '-1',
            IpRanges: [{ CidrIp: '0.0.0.0/0' }],
            ...(motoIpv6 ? { Ipv6Ranges: [{ CidrIpv6: '::/0' }] } : {}),
          },
        ],
      }),
    );
    if (g.ingress.length > 0)
      await ec2.send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: groupId,
          IpPermissions: g.ingress.map((r) => permission(r, id)),
        }),
      );
    if (g.egress.length > 0)
      await ec2.send(
        new AuthorizeSecurityGroupEgressCommand({
          GroupId: groupId,
          IpPermissions: g.egress.map((r) => permission(r, id)),
        }),
      );
  }

  for (const e of s.endpoints) {
    // A policy that names the scenario's account names moto's there (as the image and role do).
    const policy = e.policy?.replaceAll(s.account, MOTO_ACCOUNT);
    const out = await ec2.send(
      new CreateVpcEndpointCommand({
        VpcId: vpcId,
        ServiceName: e.serviceName,
        VpcEndpointType: e.type === 'Gateway' ? 'Gateway' : 'Interface',
        ...(e.type === 'Gateway'
          ? { RouteTableIds: e.routeTableIds.map(id) }
          : {
              SubnetIds: e.subnetIds.map(id),
              SecurityGroupIds: e.securityGroupIds.map(id),
              PrivateDnsEnabled: e.privateDns,
            }),
        ...(policy ? { PolicyDocument: policy } : {}),
        ...tagged('vpc-endpoint', e.tags),
      }),
    );
    ids.set(e.id, out.VpcEndpoint?.VpcEndpointId ?? '');
  }
  await buildEndpointAddressesInMoto(s, ec2, ids);
  await buildEfsInMoto(s, config, ids);
  await buildEfsAuthorizationInMoto(s, config, ids, MOTO_ACCOUNT);

  await ecs.send(
    new CreateClusterCommand({
      clusterName: s.file.cluster.name,
      tags: Object.entries(s.clusterTags).map(([key, value]) => ({ key, value })),
    }),
  );
  const containerInstanceArn = await buildContainerInstanceInMoto(s, { ec2, ecs, config }, id);
  await buildRegistryInMoto(s, config);
  const secretArns = await buildSecretsInMoto(s, config);
  const inMoto = (valueFrom: string) => {
    const ref = secretRefOf(valueFrom, '', 'aws', s.region, s.account);
    const arn = ref.kind === 'secretsmanager' ? secretArns.get(ref.secretId) : undefined;
    // A secret moto does not hold (the scenario's missing one) is still named in moto's account.
    return arn && ref.kind === 'secretsmanager'
      ? valueFrom.replace(ref.secretId, arn)
      : valueFrom.replace(`:${s.account}:`, `:${MOTO_ACCOUNT}:`);
  };
  const td = s.taskDefinition;
  // A task on a container instance, or launched on EC2 (its event may not name the instance), is EC2's.
  const onEc2 = containerInstanceArn !== undefined || s.file.task.launchType === 'EC2';
  const registered = await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: td.family,
      // A task on a container instance keeps its mode (bridge, host, none).
      networkMode: (containerInstanceArn ? (td.networkMode ?? 'awsvpc') : 'awsvpc') as 'awsvpc',
      requiresCompatibilities: [onEc2 ? 'EC2' : 'FARGATE'],
      cpu: '512',
      memory: '1024',
      ...(td.executionRoleArn
        ? { executionRoleArn: td.executionRoleArn.replace(s.account, MOTO_ACCOUNT) }
        : {}),
      ...(td.taskRoleArn ? { taskRoleArn: td.taskRoleArn.replace(s.account, MOTO_ACCOUNT) } : {}),
      containerDefinitions: td.containers.map((c) => ({
        name: c.name,
        image: c.image.replace(s.account, MOTO_ACCOUNT),
        essential: c.essential,
        memory: 512,
        ...(c.logDriver
          ? { logConfiguration: { logDriver: c.logDriver as 'awslogs', options: { ...c.logOptions } } }
          : {}),
        secrets: c.secrets.map((x) => ({ name: x.name, valueFrom: inMoto(x.valueFrom) })),
        ...(c.repositoryCredentials
          ? { repositoryCredentials: { credentialsParameter: c.repositoryCredentials } }
          : {}),
        environmentFiles: c.environmentFiles.map((value) => ({ value, type: 's3' as const })),
        mountPoints: efsMountPoints(td),
      })),
      volumes: td.volumes.map((v) => ({
        name: v.name,
        ...(v.efsFileSystemId
          ? {
              efsVolumeConfiguration: {
                fileSystemId: id(v.efsFileSystemId),
                ...(v.efsIam || v.efsAccessPointId ? { transitEncryption: 'ENABLED' as const } : {}),
                ...(v.efsIam || v.efsAccessPointId
                  ? {
                      authorizationConfig: {
                        ...(v.efsAccessPointId ? { accessPointId: id(v.efsAccessPointId) } : {}),
                        ...(v.efsIam ? { iam: 'ENABLED' as const } : {}),
                      },
                    }
                  : {}),
              },
            }
          : {}),
      })),
    }),
  );
  const taskDefinitionArn = registered.taskDefinition?.taskDefinitionArn ?? '';
  if (s.service) {
    await ecs.send(
      new CreateServiceCommand({
        cluster: s.file.cluster.name,
        serviceName: s.service.name,
        taskDefinition: taskDefinitionArn,
        desiredCount: 0,
        launchType: onEc2 ? 'EC2' : 'FARGATE',
        // ECS takes a network configuration in awsvpc mode only. A capacity provider is not built
        // (it needs an Auto Scaling group): on moto the service names none, and any instance stands in.
        ...(s.taskDefinition.networkMode === 'awsvpc'
          ? {
              networkConfiguration: {
                awsvpcConfiguration: {
                  subnets: s.service.subnetIds.map(id),
                  securityGroups: s.service.securityGroupIds.map(id),
                  assignPublicIp: s.service.assignPublicIp,
                },
              },
            }
          : {}),
      }),
    );
  }
  const event = eventOf(
    { ...s, account: MOTO_ACCOUNT },
    {
      subnetId: id(s.file.task.subnet),
      taskDefinitionArn,
      ...(containerInstanceArn ? { containerInstanceArn } : {}),
    },
  );
  return { event, ids };
}

/**
 * The scenario's EFS file systems and their mount targets (in the scenario's subnets, with its
 * groups and addresses): moto gives each mount target a network interface with those groups,
 * as EFS does, and names the file system itself (the task definition takes moto's id).
 */
async function buildEfsInMoto(s: Scenario, config: object, ids: Map<string, string>): Promise<void> {
  const efs = new EFSClient(config);
  const id = (scenarioId: string) => ids.get(scenarioId) ?? scenarioId;
  for (const fs of s.efs) {
    const created = await efs.send(
      new CreateFileSystemCommand({ CreationToken: `${s.name}-${fs.fileSystemId}` }),
    );
    ids.set(fs.fileSystemId, created.FileSystemId ?? '');
    for (const m of fs.mountTargets) {
      const target = await efs.send(
        new CreateMountTargetCommand({
          FileSystemId: id(fs.fileSystemId),
          SubnetId: id(m.subnetId),
          SecurityGroups: m.securityGroupIds.map(id),
          ...(m.ip ? { IpAddress: m.ip } : {}),
        }),
      );
      ids.set(m.id, target.MountTargetId ?? '');
    }
  }
}

/** The scenario's ECR repositories and images (each image a manifest list of its platforms). */
async function buildRegistryInMoto(s: Scenario, config: object): Promise<void> {
  const refs = s.taskDefinition.containers.flatMap((c) => ecrImageOf(c.image, c.name) ?? []);
  await buildReplicationInMoto(s, config, refs);
  for (const repo of repositoriesOf(s)) {
    // A repository of another account's registry (its image's registry id) is kept in it: moto
    // keeps repositories, and their policies, per registry id; one of another Region, in that
    // Region's registry (moto keeps a registry per Region).
    const other = refs.find(
      (r) => r.repository === repo.repository && r.registryId !== s.account,
    )?.registryId;
    const region = refs.find((r) => r.repository === repo.repository)?.region ?? s.region;
    const ecr = new ECRClient({ ...config, region });
    const registry = other ? { registryId: other } : {};
    await ecr.send(new CreateRepositoryCommand({ ...registry, repositoryName: repo.repository }));
    if (repo.policy !== undefined)
      await ecr.send(
        new SetRepositoryPolicyCommand({
          ...registry,
          repositoryName: repo.repository,
          // The roles it names are moto's account's, as the task definition's are.
          policyText: repo.policy.replaceAll(`:${s.account}:`, `:${MOTO_ACCOUNT}:`),
        }),
      );
    for (const [n, image] of repo.images.entries()) {
      const manifest = JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.index.v1+json',
        manifests: image.platforms.map((p, i) => {
          const [os, architecture, variant] = p.split('/');
          return {
            mediaType: 'application/vnd.oci.image.manifest.v1+json',
            size: 1000 + i,
            digest: `sha256:${String(n).padStart(2, '0')}${String(i).padStart(62, '0')}`,
            platform: { os, architecture, ...(variant ? { variant } : {}) },
          };
        }),
      });
      // An untagged image (a digest a deployment pinned, its tag since moved on) is pushed once
      // without a tag; moto keeps the digest given (ECR would compute it from the manifest).
      for (const tag of image.tags.length > 0 ? image.tags : [undefined])
        await ecr.send(
          new PutImageCommand({
            ...registry,
            repositoryName: repo.repository,
            ...(tag !== undefined ? { imageTag: tag } : {}),
            ...(image.digest ? { imageDigest: image.digest } : {}),
            imageManifest: manifest,
            imageManifestMediaType: 'application/vnd.oci.image.index.v1+json',
          }),
        );
    }
    const policy = lifecyclePolicyTextOf(repo.lifecycleRules);
    if (policy)
      await ecr.send(
        new PutLifecyclePolicyCommand({
          ...registry,
          repositoryName: repo.repository,
          lifecyclePolicyText: policy,
        }),
      );
  }
}

/**
 * The scenario's `replicationRules`, put in the Region of each image of the account's that is
 * not the scenario's (moto keeps a replication configuration per Region: DescribeRegistry
 * answers it back), its destinations in moto's account.
 */
async function buildReplicationInMoto(
  s: Scenario,
  config: object,
  refs: readonly EcrImageRef[],
): Promise<void> {
  const rules = s.file.replicationRules;
  if (!rules) return;
  const regions = new Set(
    refs.filter((r) => r.region !== s.region && r.registryId === s.account).map((r) => r.region),
  );
  for (const region of regions)
    await new ECRClient({ ...config, region }).send(
      new PutReplicationConfigurationCommand({
        replicationConfiguration: {
          rules: rules.map((r) => ({
            destinations: r.destinations.map((d) => ({
              ...d,
              registryId: d.registryId.replace(s.account, MOTO_ACCOUNT),
            })),
            repositoryFilters: r.repositoryFilters.map((f) => ({
              filter: f.filter,
              filterType: 'PREFIX_MATCH',
            })),
          })),
        },
      }),
    );
}

/**
 * The scenario's secrets and parameters (or, absent a list, every one its task definition
 * names). moto gives each secret its own six-character suffix: the answer maps each secret
 * as the scenario wrote it to its ARN in moto.
 */
async function buildSecretsInMoto(s: Scenario, config: object): Promise<Map<string, string>> {
  const sm = new SecretsManagerClient(config);
  const ssm = new SSMClient(config);
  const refs = secretRefsOf(s.taskDefinition, s.region, s.account);
  const secrets =
    s.file.secretsManager?.map((x) => x.arn) ??
    refs.flatMap((r) => (r.kind === 'secretsmanager' ? [r.secretId] : []));
  const arns = new Map<string, string>();
  for (const arn of secrets) {
    const name = (arn.split(':')[6] ?? '').replace(/-[A-Za-z0-9]{6}$/, '');
    const kmsKey = s.file.secretsManager?.find((x) => x.arn === arn)?.kmsKey;
    const created = await sm.send(
      new CreateSecretCommand({ Name: name, SecretString: '{}', ...(kmsKey ? { KmsKeyId: kmsKey } : {}) }),
    );
    arns.set(arn, created.ARN ?? arn);
    arns.set(arn.replace(/-[A-Za-z0-9]{6}$/, ''), created.ARN ?? arn);
  }
  const parameters =
    s.file.parameters?.map((p) => p.name) ?? refs.flatMap((r) => (r.kind === 'ssm' ? [r.name] : []));
  for (const name of parameters)
    await ssm.send(new PutParameterCommand({ Name: name, Value: 'x', Type: 'SecureString' }));
  return arns;
}

function permission(r: SecurityGroupRule, id: (x: string) => string): IpPermission {
  return {
    IpProtocol: r.protocol,
    ...(r.protocol === '-1' ? {} : { FromPort: r.fromPort ?? 0, ToPort: r.toPort ?? 65535 }),
    ...(r.cidrs.length > 0 ? { IpRanges: r.cidrs.map((CidrIp) => ({ CidrIp })) } : {}),
    ...(r.ipv6Cidrs?.length ? { Ipv6Ranges: r.ipv6Cidrs.map((CidrIpv6) => ({ CidrIpv6 })) } : {}),
    ...(r.groupIds.length > 0 ? { UserIdGroupPairs: r.groupIds.map((g) => ({ GroupId: id(g) })) } : {}),
    ...(r.prefixListIds.length > 0
      ? { PrefixListIds: r.prefixListIds.map((p) => ({ PrefixListId: id(p) })) }
      : {}),
  };
}
