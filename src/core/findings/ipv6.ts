import { assignment, command, commentLine, ifValid, output, variable } from '../shell.js';
import type { Entries } from './spec.js';
import type { FindingOf } from './types.js';

/** An egress-only internet gateway for the VPC, and the route for ::/0 to it in each table. */
function egressOnlyCli(f: FindingOf<'no-ipv6-egress'>): string {
  return ifValid([['VPC id', f.vpcId]], () =>
    [
      assignment(
        'EIGW',
        output(
          command([
            'aws',
            'ec2',
            'create-egress-only-internet-gateway',
            '--vpc-id',
            f.vpcId,
            '--query',
            'EgressOnlyInternetGateway.EgressOnlyInternetGatewayId',
            '--output',
            'text',
          ]),
        ),
      ),
      ...f.routeTableIds.map((rt) =>
        ifValid([['route table id', rt]], () =>
          command([
            'aws',
            'ec2',
            'create-route',
            '--route-table-id',
            rt,
            '--destination-ipv6-cidr-block',
            '::/0',
            '--egress-only-internet-gateway-id',
            variable('EIGW'),
          ]),
        ),
      ),
    ].join('\n'),
  );
}

/** The endpoint made dual-stack: IPv6 addresses (its subnets need IPv6 ranges) and IPv6 DNS records. */
function dualStackEndpointCli(f: FindingOf<'endpoint-ipv4-only'>): string {
  return ifValid([['VPC endpoint id', f.endpointId]], () =>
    command([
      'aws',
      'ec2',
      'modify-vpc-endpoint',
      '--vpc-endpoint-id',
      f.endpointId,
      ...(f.problem === 'addresses' ? ['--ip-address-type', 'dualstack'] : []),
      '--dns-options',
      'DnsRecordIpType=dualstack',
    ]),
  );
}

/** IPv6-only subnets: a registry name with no IPv6 address (recommended only: the task definition is the owner's). */
export const IPV6 = {
  'no-ipv6-egress': {
    rank: 22,
    scope: 'network',
    autoFix: false,
    key: (f) => f.id,
    fix: (f) =>
      `Give ${f.subnetIds.join(', ')} a way out over IPv6: route ::/0 in ${f.routeTableIds.join(', ')} to an egress-only internet gateway of ${f.vpcId} (or to its internet gateway, for a public subnet). VPC endpoints and NAT gateways do not serve this path.`,
    remedy: (f, plan) => plan.recommend('add-egress-only-gateway', f, egressOnlyCli(f)),
  },
  'image-uri-ipv4-only': {
    rank: 155,
    scope: 'network',
    autoFix: false,
    key: (f) => f.id,
    fix: (f) =>
      `${f.subnetIds.join(', ')} ${f.subnetIds.length > 1 ? 'are' : 'is'} IPv6-only, and ${f.image} names ECR's IPv4-only endpoint: name the image by its dual-stack URI ${f.dualStackImage} in container ${f.container} of the task definition (or route 64:ff9b::/96 to a NAT gateway and turn DNS64 on for the subnet).`,
    remedy: (f, plan) =>
      plan.recommend(
        'use-dual-stack-image',
        f,
        commentLine(
          `in a new revision of the task definition, set the image of container ${f.container} to ${f.dualStackImage} (ECR's dual-stack name of the same image)`,
        ),
      ),
  },
  'endpoint-ipv4-only': {
    rank: 95,
    scope: 'network',
    autoFix: false,
    key: (f) => `${f.id}:${f.service}`,
    service: (f) => f.service,
    fix: (f) =>
      `${f.endpointId} (${f.service}) ${f.problem === 'addresses' ? 'has IPv4 addresses only' : 'answers its private DNS names with IPv4 addresses only'}, and the task in ${f.subnetIds.join(', ')} dials over IPv6: make it dual-stack (aws ec2 modify-vpc-endpoint --vpc-endpoint-id ${f.endpointId}${f.problem === 'addresses' ? ' --ip-address-type dualstack' : ''} --dns-options DnsRecordIpType=dualstack; its subnets need IPv6 ranges), or route 64:ff9b::/96 to a NAT gateway and turn DNS64 on for the subnet.`,
    remedy: (f, plan) => plan.recommend('make-endpoint-dual-stack', f, dualStackEndpointCli(f)),
  },
} as const satisfies Entries<'no-ipv6-egress' | 'image-uri-ipv4-only' | 'endpoint-ipv4-only'>;
