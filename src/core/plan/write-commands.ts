import { assignment, command, type NameCheck, output, type Part, variable, type Word } from '../shell.js';
import type { GroupRef, RulePeer, WriteOf } from './types.js';

/** The AWS CLI commands that make each write by hand, and the names each one holds. */

const TAGS = (type: string): Word[] => [
  '--tag-specifications',
  `ResourceType=${type},Tags=[{Key=ecs-pullfix:managed,Value=true}]`,
];

/** The endpoint group the plan creates is known by the variable its creation sets. */
const ENDPOINT_SG = variable('ENDPOINT_SG');

function groupWord(g: GroupRef): Part {
  return g.kind === 'existing' ? g.groupId : ENDPOINT_SG;
}

function peerParts(p: RulePeer): Part[] {
  switch (p.kind) {
    case 'security-group':
      return ['UserIdGroupPairs=[{GroupId=', groupWord(p.group), '}]'];
    case 's3-prefix-list':
      return [
        'PrefixListIds=[{PrefixListId=',
        p.prefixListId ??
          output(
            command([
              'aws',
              'ec2',
              'describe-managed-prefix-lists',
              '--filters',
              `Name=prefix-list-name,Values=com.amazonaws.${p.region}.s3`,
              '--query',
              'PrefixLists[0].PrefixListId',
              '--output',
              'text',
            ]),
          ),
        '}]',
      ];
    case 'vpc-cidr':
      return [`IpRanges=[{CidrIp=${p.cidr}}]`];
  }
}

/** The names a group reference puts in a command. */
export const groupNames = (g: GroupRef): NameCheck[] =>
  g.kind === 'existing' ? [['security group id', g.groupId]] : [['VPC id', g.vpcId]];

/** The names a rule's peer puts in a command. */
export function peerNames(p: RulePeer): NameCheck[] {
  switch (p.kind) {
    case 'security-group':
      return groupNames(p.group);
    case 's3-prefix-list':
      return p.prefixListId === undefined ? [['region', p.region]] : [['prefix list id', p.prefixListId]];
    case 'vpc-cidr':
      return [['IPv4 CIDR', p.cidr]];
  }
}

/** A TCP 443 rule on a group, inbound or outbound. */
export function ruleCommand(direction: 'ingress' | 'egress', g: GroupRef, p: RulePeer): string {
  return command([
    'aws',
    'ec2',
    `authorize-security-group-${direction}`,
    '--group-id',
    groupWord(g),
    '--ip-permissions',
    ['IpProtocol=tcp,FromPort=443,ToPort=443,', ...peerParts(p)],
  ]);
}

export function createGroupCommand(w: WriteOf<'create-endpoint-security-group'>): string {
  return assignment(
    'ENDPOINT_SG',
    output(
      command([
        'aws',
        'ec2',
        'create-security-group',
        '--vpc-id',
        w.vpcId,
        '--group-name',
        w.groupName,
        '--description',
        'HTTPS from ECS tasks to VPC endpoints (ecs-pullfix)',
        ...TAGS('security-group'),
        '--query',
        'GroupId',
        '--output',
        'text',
      ]),
    ),
  );
}

export function createInterfaceEndpointCommand(w: WriteOf<'create-interface-endpoint'>): string {
  return command([
    'aws',
    'ec2',
    'create-vpc-endpoint',
    '--vpc-id',
    w.vpcId,
    '--vpc-endpoint-type',
    'Interface',
    '--service-name',
    w.serviceName,
    '--subnet-ids',
    ...w.subnetIds,
    '--security-group-ids',
    groupWord(w.group),
    '--private-dns-enabled',
    ...TAGS('vpc-endpoint'),
  ]);
}

export function createGatewayCommand(w: WriteOf<'create-s3-gateway-endpoint'>): string {
  return command([
    'aws',
    'ec2',
    'create-vpc-endpoint',
    '--vpc-id',
    w.vpcId,
    '--vpc-endpoint-type',
    'Gateway',
    '--service-name',
    w.serviceName,
    '--route-table-ids',
    ...w.routeTableIds,
    ...TAGS('vpc-endpoint'),
  ]);
}

export function addRouteTablesCommand(w: WriteOf<'add-route-tables-to-s3-gateway'>): string {
  return command([
    'aws',
    'ec2',
    'modify-vpc-endpoint',
    '--vpc-endpoint-id',
    w.endpointId,
    '--add-route-table-ids',
    ...w.routeTableIds,
  ]);
}
