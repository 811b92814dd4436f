import { checked } from '../../src/core/checked.js';
import type {
  LeftBehindFacts,
  ManagedEndpoint,
  ManagedRule,
  NetworkInterface,
  RunningTask,
} from '../../src/core/left-behind.js';
import type { SecurityGroup } from '../../src/core/network.js';

/**
 * What auto-fix leaves in a VPC after fixing a private subnet with no way out (the
 * no-egress scenario): three interface endpoints in one subnet, the S3 gateway, the endpoint
 * group letting 443 in from the task's group, and the task's own group letting everything out.
 */
export const VPC = 'vpc-0a1b2c3d4e5f60718';
export const TASK_SG = 'sg-0task000000000001';
export const ENDPOINT_SG = 'sg-0endpoints0000001';
export const INCIDENT = 'inc-10577b24521de77b';
export const TAGS = {
  'ecs-pullfix:managed': 'true',
  'ecs-pullfix:incident': INCIDENT,
  'ecs-pullfix:cluster': 'prod-apps',
};

export const endpoint = (
  service: string,
  id: string,
  extra: Partial<ManagedEndpoint> = {},
): ManagedEndpoint => ({
  id,
  vpcId: VPC,
  serviceName: `com.amazonaws.us-east-1.${service}`,
  type: service === 's3' ? 'Gateway' : 'Interface',
  state: 'available',
  subnetIds: service === 's3' ? [] : ['subnet-0private00000001'],
  securityGroupIds: service === 's3' ? [] : [ENDPOINT_SG],
  routeTableIds: service === 's3' ? ['rtb-0private00000001'] : [],
  networkInterfaceIds: service === 's3' ? [] : [`eni-0${id.slice(5)}`],
  tags: TAGS,
  ...extra,
});

export const ENDPOINTS = [
  endpoint('ecr.api', 'vpce-0aaa000000000001'),
  endpoint('ecr.dkr', 'vpce-0bbb000000000002'),
  endpoint('logs', 'vpce-0ccc000000000003'),
  endpoint('s3', 'vpce-0ddd000000000004'),
];

export const endpointGroup: SecurityGroup = {
  id: ENDPOINT_SG,
  name: 'ecs-pullfix-endpoints',
  vpcId: VPC,
  ingress: [
    { protocol: 'tcp', fromPort: 443, toPort: 443, cidrs: [], prefixListIds: [], groupIds: [TASK_SG] },
  ],
  egress: [{ protocol: '-1', cidrs: ['0.0.0.0/0'], prefixListIds: [], groupIds: [] }],
  tags: TAGS,
};

export const taskGroup: SecurityGroup = {
  id: TASK_SG,
  name: 'checkout-tasks',
  vpcId: VPC,
  ingress: [],
  egress: [{ protocol: '-1', cidrs: ['0.0.0.0/0'], prefixListIds: [], groupIds: [] }],
};

export const ingressRule: ManagedRule = {
  id: 'sgr-0ingress000000001',
  groupId: ENDPOINT_SG,
  direction: 'ingress',
  peer: TASK_SG,
  protocol: 'tcp',
  fromPort: 443,
  toPort: 443,
  tags: TAGS,
};

/** The endpoints' own interfaces (AWS makes one per subnet). */
export const endpointInterfaces: NetworkInterface[] = ENDPOINTS.filter((e) => e.type === 'Interface').map(
  (e, i) => ({
    id: e.networkInterfaceIds[0] ?? '',
    vpcId: VPC,
    interfaceType: 'vpc_endpoint',
    privateIps: [`10.0.1.${10 + i}`],
    securityGroupIds: [ENDPOINT_SG],
  }),
);

export const taskInterface: NetworkInterface = {
  id: 'eni-0task0000000000001',
  vpcId: VPC,
  interfaceType: 'interface',
  privateIps: ['10.0.1.77'],
  securityGroupIds: [TASK_SG],
};

export const checkoutTask: RunningTask = {
  arn: 'arn:aws:ecs:us-east-1:123456789012:task/prod-apps/7469496bc4dfa3532f5765ae24cc823e',
  cluster: 'prod-apps',
  networkInterfaceId: taskInterface.id,
  needs: checked(['ecr.api', 'ecr.dkr', 's3', 'logs']),
};

/** The VPC right after auto-fix, with the task that failed gone (nothing runs there). */
export const facts = (extra: Partial<LeftBehindFacts> = {}): LeftBehindFacts => ({
  region: 'us-east-1',
  endpoints: ENDPOINTS,
  groups: [endpointGroup],
  rules: checked([ingressRule]),
  vpcGroups: checked([endpointGroup, taskGroup]),
  interfaces: checked(endpointInterfaces),
  tasks: checked([]),
  ...extra,
});
