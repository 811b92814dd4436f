import type { FindingOf } from '../findings/types.js';
import type { Snapshot } from '../network.js';
import {
  assignment,
  command,
  commentLine,
  ifValid,
  type NameCheck,
  output,
  variable,
  type Word,
} from '../shell.js';

/** The commands a person runs for what ecs-pullfix only recommends on the network path. */

/** A VPC endpoint id as AWS writes them: only such ids go into a command. */
const ENDPOINT_ID = /^vpce-[0-9a-z]{1,32}$/;

/** A NAT gateway and the default routes to it; the public subnet it goes in is the user's to choose (a variable set first). */
export function natCli(routeTableIds: readonly string[], vpcId: string | undefined): string {
  const allocate = command([
    'aws',
    'ec2',
    'allocate-address',
    '--domain',
    'vpc',
    '--query',
    'AllocationId',
    '--output',
    'text',
  ]);
  return [
    assignment(
      'PUBLIC_SUBNET_ID',
      'subnet-...',
      `a public subnet${vpcId ? ` of ${vpcId}` : ''} (its route table sends 0.0.0.0/0 to an internet gateway)`,
    ),
    assignment(
      'NAT',
      output(
        command([
          'aws',
          'ec2',
          'create-nat-gateway',
          '--subnet-id',
          variable('PUBLIC_SUBNET_ID'),
          '--allocation-id',
          output(allocate),
          '--query',
          'NatGateway.NatGatewayId',
          '--output',
          'text',
        ]),
      ),
    ),
    ...routeTableIds.map((rt) =>
      ifValid([['route table id', rt]], () =>
        command(
          [
            'aws',
            'ec2',
            'replace-route',
            '--route-table-id',
            rt,
            '--destination-cidr-block',
            '0.0.0.0/0',
            '--nat-gateway-id',
            variable('NAT'),
          ],
          'create-route if it has none',
        ),
      ),
    ),
  ].join('\n');
}

/** The service's network configuration with a public IP (or, for a task of no service, how to launch it). */
export function publicIpCli(s: Snapshot): string {
  const t = s.task;
  const net = s.taskNetwork;
  if (net.source === 'instance')
    return commentLine(
      `launch the container instances with a public IP (AssociatePublicIpAddress=true in the launch template's network interface), then replace ${net.instanceId}`,
    );
  if (!t.serviceName || net.source === 'unknown' || (net.source === 'service' && net.given)) {
    return commentLine(
      "launch the task with --network-configuration 'awsvpcConfiguration={...,assignPublicIp=ENABLED}'",
    );
  }
  const service = t.serviceName;
  return ifValid(
    [
      ['ECS cluster name', t.clusterName],
      ['ECS service name', service],
      ...net.subnetIds.map((id): NameCheck => ['subnet id', id]),
      ...net.securityGroupIds.map((id): NameCheck => ['security group id', id]),
    ],
    () =>
      command([
        'aws',
        'ecs',
        'update-service',
        '--cluster',
        t.clusterName,
        '--service',
        service,
        '--network-configuration',
        `awsvpcConfiguration={subnets=[${net.subnetIds.join(',')}],securityGroups=[${net.securityGroupIds.join(',')}],assignPublicIp=ENABLED}`,
      ]),
  );
}

/** An endpoint waiting for its service owner's acceptance, or in another state: what to run. */
export function acceptEndpointCli(f: FindingOf<'endpoint-unavailable'>): string {
  return ifValid([['VPC endpoint id', f.endpointId]], () =>
    f.state === 'pendingAcceptance'
      ? [
          commentLine('run by the owner of the endpoint service:'),
          assignment(
            'ENDPOINT_SERVICE_ID',
            'vpce-svc-...',
            `the endpoint service ${f.endpointId} connects to`,
          ),
          command([
            'aws',
            'ec2',
            'accept-vpc-endpoint-connections',
            '--service-id',
            variable('ENDPOINT_SERVICE_ID'),
            '--vpc-endpoint-ids',
            f.endpointId,
          ]),
        ].join('\n')
      : command(
          ['aws', 'ec2', 'describe-vpc-endpoints', '--vpc-endpoint-ids', f.endpointId],
          `${f.state}: recreate it if it does not recover`,
        ),
  );
}

export function privateDnsCli(f: FindingOf<'endpoint-private-dns-off'>): string {
  return ifValid([['VPC endpoint id', f.endpointId]], () =>
    command([
      'aws',
      'ec2',
      'modify-vpc-endpoint',
      '--vpc-endpoint-id',
      f.endpointId,
      '--private-dns-enabled',
    ]),
  );
}

/** The words of the command that turns the VPC's DNS attribute on (the plan's and the finding's fix). */
export function vpcDnsWords(f: FindingOf<'vpc-dns-off'>): Word[] {
  return [
    'aws',
    'ec2',
    'modify-vpc-attribute',
    '--vpc-id',
    f.vpcId,
    f.attribute === 'enableDnsSupport' ? '--enable-dns-support' : '--enable-dns-hostnames',
    '{"Value":true}',
  ];
}

export function vpcDnsCli(f: FindingOf<'vpc-dns-off'>): string {
  return ifValid([['VPC id', f.vpcId]], () => command(vpcDnsWords(f)));
}

/**
 * A network ACL entry that allows what is denied, numbered before the rule that denies it;
 * for S3 through the gateway, one entry per blocked range of its prefix list.
 */
export function naclCli(f: FindingOf<'nacl-blocks'>): string {
  const ranges = f.ranges ?? [
    f.ruleNumber === undefined ? { cidr: f.cidr } : { cidr: f.cidr, ruleNumber: f.ruleNumber },
  ];
  return ranges
    .map((r, i) => {
      // Entries before the same rule take the numbers just below it, one each.
      const before = ranges.slice(0, i).filter((x) => x.ruleNumber === r.ruleNumber).length;
      const number = r.ruleNumber === undefined ? 100 + before : Math.max(1, r.ruleNumber - 1 - before);
      return naclEntryCli(f, r.cidr, number, r.ruleNumber);
    })
    .join('\n');
}

function naclEntryCli(
  f: FindingOf<'nacl-blocks'>,
  cidr: string,
  number: number,
  deniedBy: number | undefined,
): string {
  const [from, to = from] = f.ports.replace('TCP ', '').split('-');
  return ifValid(
    [
      ['network ACL id', f.networkAclId],
      ['IPv4 CIDR', cidr],
    ],
    () =>
      command(
        [
          'aws',
          'ec2',
          'create-network-acl-entry',
          '--network-acl-id',
          f.networkAclId,
          f.direction === 'outbound' ? '--egress' : '--ingress',
          '--rule-number',
          String(number),
          '--protocol',
          'tcp',
          '--port-range',
          `From=${from},To=${to}`,
          '--cidr-block',
          cidr,
          '--rule-action',
          'allow',
        ],
        `pick a free rule number below ${deniedBy ?? 'the final deny'}`,
      ),
  );
}

/** An internet gateway id as AWS writes them: only such an id goes into a command. */
const INTERNET_GATEWAY_ID = /^igw-[0-9a-f]{8,17}$/;

/** The default route a NAT gateway's own subnet lacks: 0.0.0.0/0 to the VPC's internet gateway. */
export function natSubnetRouteCli(
  routeTableId: string,
  vpcId: string | undefined,
  igwId: string | undefined,
): string {
  const igw = igwId !== undefined && INTERNET_GATEWAY_ID.test(igwId) ? igwId : 'igw-...';
  return ifValid([['route table id', routeTableId]], () =>
    [
      assignment('IGW', igw, `the internet gateway attached to ${vpcId ?? 'the VPC'}`),
      command([
        'aws',
        'ec2',
        'create-route',
        '--route-table-id',
        routeTableId,
        '--destination-cidr-block',
        '0.0.0.0/0',
        '--gateway-id',
        variable('IGW'),
      ]),
    ].join('\n'),
  );
}

export function endpointPolicyCli(f: FindingOf<'endpoint-policy-denies'>): string {
  return ifValid([['VPC endpoint id', f.endpointId]], () =>
    [
      commentLine(
        f.denyStatements && f.denyStatements.length > 0
          ? `change the Deny ${f.denyStatements.join(', ')} so that it no longer refuses ${f.denied.join('; ')}, then:`
          : `add a statement allowing ${f.denied.join('; ')} to the endpoint's policy, then:`,
      ),
      command([
        'aws',
        'ec2',
        'modify-vpc-endpoint',
        '--vpc-endpoint-id',
        f.endpointId,
        '--policy-document',
        'file://policy.json',
      ]),
    ].join('\n'),
  );
}

/** The command that deletes ecs-pullfix's extra endpoints (undefined: none has a valid id). */
export function deleteDuplicatesCli(f: FindingOf<'duplicate-endpoints'>): string | undefined {
  const ids = f.extraEndpointIds.filter((id) => ENDPOINT_ID.test(id));
  if (ids.length === 0) return undefined;
  return command(
    ['aws', 'ec2', 'delete-vpc-endpoints', '--vpc-endpoint-ids', ...ids],
    `keeps ${ENDPOINT_ID.test(f.keepEndpointId) ? f.keepEndpointId : 'the one that serves'}; saves $${f.extraMonthlyUsd.toFixed(2)} a month`,
  );
}

export function egressToInternetCli(groupId: string, ipv6 = false): string {
  return ifValid([['security group id', groupId]], () =>
    command([
      'aws',
      'ec2',
      'authorize-security-group-egress',
      '--group-id',
      groupId,
      '--ip-permissions',
      ipv6
        ? 'IpProtocol=tcp,FromPort=443,ToPort=443,Ipv6Ranges=[{CidrIpv6=::/0}]'
        : 'IpProtocol=tcp,FromPort=443,ToPort=443,IpRanges=[{CidrIp=0.0.0.0/0}]',
    ]),
  );
}
