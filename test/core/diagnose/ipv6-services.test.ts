import { describe, expect, it } from 'vitest';
import { endpointOverIpv6, serviceOverIpv6 } from '../../../src/core/diagnose/checks/ipv6-services.js';
import { fixOf } from '../../../src/core/findings.js';
import type { RouteTable, Snapshot, Subnet } from '../../../src/core/network.js';
import {
  inputOf,
  interfaceEndpoint,
  REGION,
  ROUTE_TABLE,
  snapshotWith,
  TASK_SUBNET,
} from '../../support/snapshot.js';

const EIGW = 'eigw-0a1b2c3d4e5f60718';
const NAT = 'nat-0f1e2d3c4b5a69788';
const IPV6_ONLY: Subnet = {
  ...TASK_SUBNET,
  cidr: '',
  ipv6Cidrs: ['2600:1f18:1234:5601::/64'],
  ipv6Native: true,
};
const DUAL_STACK: Subnet = { ...TASK_SUBNET, ipv6Cidrs: ['2600:1f18:1234:5601::/64'] };
const LOGS = interfaceEndpoint('logs', 'vpce-0logs1a2b3c4d5e6f');
const FEATURE = 'the awslogs log driver (container app)';

/** The subnet's table: ::/0 to an egress-only gateway, and NAT64 (64:ff9b::/96 to a NAT gateway) when asked. */
const tables = (nat64: boolean): Snapshot['routeTables'] => {
  const table: RouteTable = {
    id: ROUTE_TABLE,
    main: true,
    subnetIds: [TASK_SUBNET.id],
    routes: [],
    ipv6Routes: [
      {
        destinationIpv6Cidr: '::/0',
        target: { kind: 'egress-only-internet-gateway', id: EIGW },
        state: 'active',
      },
      ...(nat64
        ? [
            {
              destinationIpv6Cidr: '64:ff9b::/96',
              target: { kind: 'nat-gateway', id: NAT },
              state: 'active',
            } as const,
          ]
        : []),
    ],
  };
  const nat: RouteTable = {
    id: 'rtb-0public3c4d5e6f7a8',
    main: false,
    subnetIds: ['subnet-0public1a2b3c4d5'],
    routes: [
      {
        destinationCidr: '0.0.0.0/0',
        target: { kind: 'internet-gateway', id: 'igw-0a1b2c3d' },
        state: 'active',
      },
    ],
  };
  return { ok: true, value: [table, nat] };
};

const input = (subnet: Subnet, nat64 = false) =>
  inputOf(
    snapshotWith({
      subnets: { ok: true, value: [{ ...subnet, ...(nat64 ? { dns64: true } : {}) }] },
      routeTables: tables(nat64),
      natGateways: {
        ok: true,
        value: [{ id: NAT, state: 'available', subnetId: 'subnet-0public1a2b3c4d5' }],
      },
      task: {
        ...snapshotWith({}).task,
        stoppedReason: 'dial tcp [2600:1f18:1234:5601::a57]:443: i/o timeout',
      },
    }),
  );

const outcome = (verdicts: ReturnType<typeof endpointOverIpv6>) =>
  verdicts.map((v) =>
    v.kind === 'ok' ? 'ok' : v.kind === 'finding' ? v.draft.id : `not-checked:${v.check}`,
  );

describe(endpointOverIpv6.name, () => {
  it.each([
    ['an IPv4-only endpoint, from an IPv6-only subnet', IPV6_ONLY, {}, false, ['endpoint-ipv4-only']],
    [
      'an endpoint whose answer gives no type (made before it existed)',
      IPV6_ONLY,
      { ipAddressType: undefined },
      false,
      ['endpoint-ipv4-only'],
    ],
    [
      'a dual-stack endpoint answering its names with IPv4 records only',
      IPV6_ONLY,
      { ipAddressType: 'dualstack', dnsRecordIpType: 'ipv4' },
      false,
      ['endpoint-ipv4-only'],
    ],
    [
      'a dual-stack endpoint with dual-stack records',
      IPV6_ONLY,
      { ipAddressType: 'dualstack', dnsRecordIpType: 'dualstack' },
      false,
      ['ok'],
    ],
    ['an IPv6 endpoint', IPV6_ONLY, { ipAddressType: 'ipv6', dnsRecordIpType: 'ipv6' }, false, ['ok']],
    [
      'an IPv4-only endpoint reached through NAT64 with DNS64',
      IPV6_ONLY,
      { ipAddressType: 'ipv4' },
      true,
      ['ok'],
    ],
    [
      'an IPv4-only endpoint, from a dual-stack subnet the task dialled over IPv6',
      DUAL_STACK,
      { ipAddressType: 'ipv4' },
      false,
      ['endpoint-ipv4-only'],
    ],
  ] as const)('judges %s', (_, subnet, changes, nat64, expected) => {
    const ep = { ...LOGS, ...changes };

    const from = nat64 ? { ...subnet, dns64: true } : subnet;

    expect(outcome(endpointOverIpv6(input(subnet, nat64), ep, 'logs', FEATURE, from))).toEqual(expected);
  });

  it('asks nothing of an IPv4 path, nor of ECR’s endpoints (the registry check speaks for them)', () => {
    const ipv4 = inputOf(snapshotWith({}));

    expect(endpointOverIpv6(ipv4, LOGS, 'logs', FEATURE, TASK_SUBNET)).toEqual([]);
    expect(
      endpointOverIpv6(
        input(IPV6_ONLY),
        interfaceEndpoint('ecr.dkr', 'vpce-0ecrdkr2b3c4d5e6f'),
        'ecr.dkr',
        FEATURE,
        IPV6_ONLY,
      ),
    ).toEqual([]);
  });

  it('tells the fix: make the endpoint dual-stack, its addresses and its records', () => {
    const [v] = endpointOverIpv6(input(IPV6_ONLY), LOGS, 'logs', FEATURE, IPV6_ONLY);
    const draft = v?.kind === 'finding' ? v.draft : undefined;

    expect(draft).toMatchObject({
      id: 'endpoint-ipv4-only',
      endpointId: LOGS.id,
      service: 'logs',
      problem: 'addresses',
    });
    expect(draft?.evidence).toContain(
      `${LOGS.id} (logs): IpAddressType not given (IPv4, the default), DnsRecordIpType not given: it has IPv4 addresses only`,
    );
    expect(fixOf({ ...draft, fix: '' } as never, REGION)).toContain(
      `aws ec2 modify-vpc-endpoint --vpc-endpoint-id ${LOGS.id} --ip-address-type dualstack --dns-options DnsRecordIpType=dualstack`,
    );
  });
});

describe(serviceOverIpv6.name, () => {
  it.each([
    ['secretsmanager', false, 'ok'],
    ['logs', false, 'not-checked:service-ipv6'],
    ['ssm', false, 'not-checked:service-ipv6'],
    ['logs', true, 'ok'],
  ] as const)(
    'judges %s from an IPv6-only subnet without an endpoint (NAT64: %s)',
    (service, nat64, expected) => {
      const from = nat64 ? { ...IPV6_ONLY, dns64: true } : IPV6_ONLY;

      expect(outcome(serviceOverIpv6(input(IPV6_ONLY, nat64), service, FEATURE, from))).toEqual([expected]);
    },
  );

  it('asks nothing of a dual-stack subnet: the task has IPv4 too', () => {
    expect(serviceOverIpv6(input(DUAL_STACK), 'logs', FEATURE, DUAL_STACK)).toEqual([]);
  });
});
