import type { StoppedTask } from '../../src/core/event.js';
import type {
  NetworkAcl,
  RouteTable,
  SecurityGroup,
  SecurityGroupRule,
  Snapshot,
  Subnet,
  VpcEndpoint,
} from '../../src/core/network.js';
import type { TaskDefinitionFacts } from '../../src/core/task-definition.js';

/*
 * A small, healthy account for the checks' table tests: a task in a private subnet of
 * 10.0.0.0/16 with no way out but the endpoints it needs (ecr.api, ecr.dkr, logs, the S3
 * gateway), its security group open outbound, the endpoints' group open on 443 from the VPC,
 * network ACLs allowing everything. Each test changes one part with `snapshotWith`.
 */

export const REGION = 'eu-west-1';
export const ACCOUNT = '123456789012';
export const VPC = 'vpc-0c4f1e2d3a5b69788';
export const IMAGE = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/checkout:1.4.2`;

export const TASK_SUBNET: Subnet = {
  id: 'subnet-0a1b2c3d4e5f60718',
  vpcId: VPC,
  cidr: '10.0.1.0/24',
  availabilityZone: 'eu-west-1a',
};
export const ENDPOINT_SUBNET: Subnet = {
  id: 'subnet-0e9d8c7b6a5f40312',
  vpcId: VPC,
  cidr: '10.0.100.0/24',
  availabilityZone: 'eu-west-1a',
};

export const TASK_SG = 'sg-0task5e1f2a3b4c5d6';
export const ENDPOINT_SG = 'sg-0endp9a8b7c6d5e4f3';
export const ROUTE_TABLE = 'rtb-0private7a6b5c4d3';
export const S3_GATEWAY = 'vpce-0s3gw1a2b3c4d5e6f';
export const S3_PREFIX_LIST = 'pl-6da54004';
export const NACL = 'acl-0a9b8c7d6e5f40312';
export const DHCP_OPTIONS = 'dopt-0a1b2c3d4e5f60789';
/** The CIDRs of the region's S3 prefix list (eu-west-1's, as DescribePrefixLists gives them). */
export const S3_CIDRS: readonly string[] = ['52.218.0.0/17', '3.5.64.0/21', '3.5.72.0/23', '52.92.0.0/17'];

export const https = (cidr: string): SecurityGroupRule => ({
  protocol: 'tcp',
  fromPort: 443,
  toPort: 443,
  cidrs: [cidr],
  prefixListIds: [],
  groupIds: [],
});
export const allTraffic = (cidr: string): SecurityGroupRule => ({
  protocol: '-1',
  cidrs: [cidr],
  prefixListIds: [],
  groupIds: [],
});

export const taskGroup = (egress: readonly SecurityGroupRule[]): SecurityGroup => ({
  id: TASK_SG,
  vpcId: VPC,
  ingress: [],
  egress,
});
export const endpointGroup = (ingress: readonly SecurityGroupRule[]): SecurityGroup => ({
  id: ENDPOINT_SG,
  vpcId: VPC,
  ingress,
  egress: [allTraffic('0.0.0.0/0')],
});

/** An interface endpoint of `service` in the endpoint subnet, available, private DNS on. */
export const interfaceEndpoint = (
  service: string,
  id: string,
  changes: Partial<VpcEndpoint> = {},
): VpcEndpoint => ({
  id,
  serviceName: `com.amazonaws.${REGION}.${service}`,
  type: 'Interface',
  state: 'available',
  privateDns: true,
  subnetIds: [ENDPOINT_SUBNET.id],
  securityGroupIds: [ENDPOINT_SG],
  routeTableIds: [],
  ...changes,
});

export const s3Gateway = (changes: Partial<VpcEndpoint> = {}): VpcEndpoint => ({
  id: S3_GATEWAY,
  serviceName: `com.amazonaws.${REGION}.s3`,
  type: 'Gateway',
  state: 'available',
  privateDns: false,
  subnetIds: [],
  securityGroupIds: [],
  routeTableIds: [ROUTE_TABLE],
  ...changes,
});

/** The subnets' network ACL: everything allowed both ways, then the default deny. */
export const allowAllAcl = (
  subnetIds: readonly string[] = [TASK_SUBNET.id, ENDPOINT_SUBNET.id],
): NetworkAcl => ({
  id: NACL,
  subnetIds,
  entries: [
    { ruleNumber: 100, egress: true, protocol: '-1', action: 'allow', cidr: '0.0.0.0/0' },
    { ruleNumber: 32767, egress: true, protocol: '-1', action: 'deny', cidr: '0.0.0.0/0' },
    { ruleNumber: 100, egress: false, protocol: '-1', action: 'allow', cidr: '0.0.0.0/0' },
    { ruleNumber: 32767, egress: false, protocol: '-1', action: 'deny', cidr: '0.0.0.0/0' },
  ],
});

/** The private route table: the VPC and the S3 prefix list, no default route. */
export const privateRoutes = (extra: RouteTable['routes'] = []): RouteTable => ({
  id: ROUTE_TABLE,
  main: false,
  subnetIds: [TASK_SUBNET.id],
  routes: [
    { destinationCidr: '10.0.0.0/16', target: { kind: 'local' }, state: 'active' },
    {
      destinationPrefixListId: S3_PREFIX_LIST,
      target: { kind: 'vpc-endpoint', id: S3_GATEWAY },
      state: 'active',
    },
    ...extra,
  ],
});

const TASK: StoppedTask = {
  region: REGION,
  account: ACCOUNT,
  clusterArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/shop`,
  clusterName: 'shop',
  taskArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:task/shop/5f2b0c8e9a7d4e3f8b1a6c2d9e0f7a4b`,
  taskId: '5f2b0c8e9a7d4e3f8b1a6c2d9e0f7a4b',
  taskDefinitionArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/checkout:17`,
  family: 'checkout',
  group: 'service:checkout',
  serviceName: 'checkout',
  launchType: 'FARGATE',
  lastStatus: 'STOPPED',
  stopCode: 'TaskFailedToStart',
  stoppedReason: 'CannotPullContainerError: pull image manifest has been retried 5 time(s)',
  containers: [{ name: 'app', image: IMAGE }],
  eni: { subnetId: TASK_SUBNET.id },
};

export const TASK_DEFINITION: TaskDefinitionFacts = {
  arn: TASK.taskDefinitionArn,
  family: 'checkout',
  executionRoleArn: `arn:aws:iam::${ACCOUNT}:role/ecsTaskExecutionRole`,
  networkMode: 'awsvpc',
  containers: [
    {
      name: 'app',
      image: IMAGE,
      essential: true,
      logDriver: 'awslogs',
      logOptions: { 'awslogs-group': '/ecs/checkout', 'awslogs-region': REGION },
      secrets: [],
      environmentFiles: [],
    },
  ],
  volumes: [],
};

/** The healthy snapshot: every check passes. */
export const HEALTHY: Snapshot = {
  region: REGION,
  task: TASK,
  taskDefinition: { ok: true, value: TASK_DEFINITION },
  taskNetwork: { source: 'eni', securityGroupIds: [TASK_SG], publicIp: false, subnetIds: [TASK_SUBNET.id] },
  vpcId: { ok: true, value: VPC },
  subnets: { ok: true, value: [TASK_SUBNET] },
  routeTables: { ok: true, value: [privateRoutes()] },
  networkAcls: { ok: true, value: [allowAllAcl()] },
  endpoints: {
    ok: true,
    value: [
      interfaceEndpoint('ecr.api', 'vpce-0ecrapi1a2b3c4d5e'),
      interfaceEndpoint('ecr.dkr', 'vpce-0ecrdkr1a2b3c4d5e'),
      interfaceEndpoint('logs', 'vpce-0logs1a2b3c4d5e6'),
      s3Gateway(),
    ],
  },
  dnsSupport: { ok: true, value: true },
  dnsHostnames: { ok: true, value: true },
  securityGroups: {
    ok: true,
    value: [taskGroup([allTraffic('0.0.0.0/0')]), endpointGroup([https('10.0.0.0/16')])],
  },
  natGateways: { ok: true, value: [] },
  endpointSubnets: { ok: true, value: [ENDPOINT_SUBNET] },
  prefixLists: {
    ok: true,
    value: [{ id: S3_PREFIX_LIST, name: `com.amazonaws.${REGION}.s3`, cidrs: S3_CIDRS }],
  },
  dhcpOptions: { ok: true, value: { id: DHCP_OPTIONS, domainNameServers: ['AmazonProvidedDNS'] } },
  resolverRules: { ok: true, value: [] },
};

/** The healthy snapshot with some parts changed. */
export const snapshotWith = (changes: Partial<Snapshot>): Snapshot => ({ ...HEALTHY, ...changes });

/** What a check reads: a snapshot and its region. */
export const inputOf = (snapshot: Snapshot) => ({ snapshot, region: snapshot.region });

export const NAT = 'nat-0f3a5c7e9b1d2f468';
export const NAT_SUBNET = 'subnet-0b2c4d6e8f0a1b357';

/** The task behind a public NAT gateway, whose own subnet routes to an internet gateway; no endpoints. */
export const BEHIND_PUBLIC_NAT: Snapshot = snapshotWith({
  routeTables: {
    ok: true,
    value: [
      privateRoutes([
        { destinationCidr: '0.0.0.0/0', target: { kind: 'nat-gateway', id: NAT }, state: 'active' },
      ]),
      {
        id: 'rtb-0public5e6f7a8b9c0',
        main: false,
        subnetIds: [NAT_SUBNET],
        routes: [
          { destinationCidr: '10.0.0.0/16', target: { kind: 'local' }, state: 'active' },
          {
            destinationCidr: '0.0.0.0/0',
            target: { kind: 'internet-gateway', id: 'igw-0d4e6f8a0b2c4d6e8' },
            state: 'active',
          },
        ],
      },
    ],
  },
  natGateways: {
    ok: true,
    value: [{ id: NAT, state: 'available', subnetId: NAT_SUBNET, connectivityType: 'public' }],
  },
  endpoints: { ok: true, value: [] },
});
