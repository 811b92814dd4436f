import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Classification } from '../../../src/core/causes.js';
import { dialledIpv6Of, dualStackUri } from '../../../src/core/diagnose/checks/ipv6.js';
import { diagnose } from '../../../src/core/diagnose.js';
import type {
  Ipv6Route,
  NatGateway,
  NetworkAcl,
  RouteTable,
  SecurityGroupRule,
  Snapshot,
} from '../../../src/core/network.js';
import {
  ACCOUNT,
  allowAllAcl,
  allTraffic,
  HEALTHY,
  IMAGE,
  NACL,
  REGION,
  ROUTE_TABLE,
  snapshotWith,
  TASK_DEFINITION,
  TASK_SUBNET,
  taskGroup,
} from '../../support/snapshot.js';

const TIMEOUT: Classification = {
  cause: 'network-timeout',
  service: 'ecr',
  networkRelated: true,
  registry: null,
  evidence: ['dial tcp [2600:1f18:1234:5601::a57]:443: i/o timeout'],
  summary: 'The task could not reach ECR in time.',
};

const EIGW = 'eigw-0a1b2c3d4e5f60718';
const NAT = 'nat-0f1e2d3c4b5a69788';
const VPC_V6 = '2600:1f18:1234:5600::/56';
const DUAL_STACK_IMAGE = `${ACCOUNT}.dkr-ecr.${REGION}.on.aws/checkout:1.4.2`;
const IPV6_ONLY = {
  ...TASK_SUBNET,
  cidr: '',
  ipv6Cidrs: ['2600:1f18:1234:5601::/64'],
  ipv6Native: true,
} as const;

const https6 = (cidr: string): SecurityGroupRule => ({
  protocol: 'tcp',
  fromPort: 443,
  toPort: 443,
  cidrs: [],
  ipv6Cidrs: [cidr],
  prefixListIds: [],
  groupIds: [],
});
/** The default ACL of a VPC with an IPv6 CIDR: both families allowed both ways. */
const dualAcl = (extra: NetworkAcl['entries'] = []): NetworkAcl => ({
  ...allowAllAcl(),
  entries: [
    ...extra,
    ...allowAllAcl().entries,
    { ruleNumber: 101, egress: true, protocol: '-1', action: 'allow', cidr: '::/0' },
    { ruleNumber: 101, egress: false, protocol: '-1', action: 'allow', cidr: '::/0' },
  ],
});
const v6Routes = (...extra: Ipv6Route[]) => ({
  ok: true as const,
  value: [
    {
      id: ROUTE_TABLE,
      main: false,
      subnetIds: [TASK_SUBNET.id],
      routes: [{ destinationCidr: '10.0.0.0/16', target: { kind: 'local' }, state: 'active' } as const],
      ipv6Routes: [
        { destinationIpv6Cidr: VPC_V6, target: { kind: 'local' }, state: 'active' } as const,
        ...extra,
      ],
    },
  ],
});
const toEigw: Ipv6Route = {
  destinationIpv6Cidr: '::/0',
  target: { kind: 'egress-only-internet-gateway', id: EIGW },
  state: 'active',
};
const nat64: Ipv6Route = {
  destinationIpv6Cidr: '64:ff9b::/96',
  target: { kind: 'nat-gateway', id: NAT },
  state: 'active',
};
const withImage = (image: string) => ({
  ok: true as const,
  value: { ...TASK_DEFINITION, containers: TASK_DEFINITION.containers.map((c) => ({ ...c, image })) },
});

/** NAT64 with DNS64: 64:ff9b::/96 to a NAT gateway in a public subnet (its table: 0.0.0.0/0 to an internet gateway). */
const throughNat64 = (nat: Partial<NatGateway> = {}, dns64 = true) => {
  const routes = v6Routes(toEigw, nat64);
  const publicTable: RouteTable = {
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
  return ipv6Only({
    subnets: { ok: true, value: [{ ...IPV6_ONLY, dns64 }] },
    routeTables: { ok: true, value: [...routes.value, publicTable] },
    natGateways: {
      ok: true,
      value: [{ id: NAT, state: 'available', subnetId: 'subnet-0public1a2b3c4d5', ...nat }],
    },
  });
};

/** An IPv6-only task behind an egress-only gateway, no endpoints, its group open to ::/0 on 443. */
const ipv6Only = (changes: Partial<Snapshot> = {}): Snapshot =>
  snapshotWith({
    subnets: { ok: true, value: [IPV6_ONLY] },
    routeTables: v6Routes(toEigw),
    endpoints: { ok: true, value: [] },
    networkAcls: { ok: true, value: [dualAcl()] },
    securityGroups: { ok: true, value: [taskGroup([https6('::/0')])] },
    ...changes,
  });
const ids = (s: Snapshot) => diagnose(s, TIMEOUT).map((f) => f.id);

describe('an IPv6-only task', () => {
  it("finds the image named by ECR's IPv4-only name, and gives its dual-stack URI as the fix", () => {
    const findings = diagnose(ipv6Only(), TIMEOUT);

    const found = findings.find((f) => f.id === 'image-uri-ipv4-only');
    expect(findings.map((f) => f.id)).not.toContain('path-ok');
    expect(found).toMatchObject({ image: IMAGE, container: 'app', dualStackImage: DUAL_STACK_IMAGE });
    expect(found?.fix).toContain(`dual-stack URI ${DUAL_STACK_IMAGE} in container app`);
    expect(found?.evidence).toContain(`${ROUTE_TABLE} has no 64:ff9b::/96 route to a NAT gateway (NAT64)`);
  });

  it('says path-ok with the dual-stack URI, the way out through the egress-only gateway among its lines', () => {
    const findings = diagnose(ipv6Only({ taskDefinition: withImage(DUAL_STACK_IMAGE) }), TIMEOUT);
    const finding = findings.find((f) => f.id === 'path-ok');

    // Its awslogs driver's name over IPv6 is noted, without withholding path-ok (ipv6-services.test.ts).
    expect(findings.map((f) => (f.id === 'not-checked' ? f.check : f.id)).sort()).toEqual([
      'path-ok',
      'service-ipv6',
    ]);
    expect(finding?.evidence).toEqual(
      expect.arrayContaining([
        `${TASK_SUBNET.id}: ${ROUTE_TABLE} (of ${TASK_SUBNET.id}, IPv6-only): ::/0 → ${EIGW} (egress-only internet gateway)`,
        `${TASK_SUBNET.id} (IPv6-only): ${ACCOUNT}.dkr-ecr.${REGION}.on.aws answers over IPv6 (image ${DUAL_STACK_IMAGE} (container app))`,
        `${NACL} (of ${TASK_SUBNET.id}): outbound TCP 443 to ::/0 allowed`,
      ]),
    );
  });

  it('reaches the IPv4-only name through NAT64 when DNS64 is on', () => {
    expect(ids(throughNat64())).toEqual(['path-ok']);
  });

  it('does not reach it through a private NAT gateway', () => {
    const found = diagnose(throughNat64({ connectivityType: 'private' }), TIMEOUT).find(
      (f) => f.id === 'image-uri-ipv4-only',
    );

    expect(found?.evidence.join('\n')).toContain(`${NAT} is private: it has no way to the internet`);
  });

  it('withholds path-ok when the NAT gateway NAT64 goes through could not be read', () => {
    const s = ipv6Only({
      subnets: { ok: true, value: [{ ...IPV6_ONLY, dns64: true }] },
      routeTables: v6Routes(toEigw, nat64),
      natGateways: { ok: false, why: 'ec2:DescribeNatGateways was denied' },
    });

    const findings = diagnose(s, TIMEOUT);
    expect(findings.map((f) => f.id)).toEqual(['not-checked']);
    expect(findings[0]?.evidence.join('\n')).toContain(
      `whether ${NAT} (NAT64 for ${TASK_SUBNET.id}) is available`,
    );
  });

  it('says DNS64 is off when NAT64 alone is routed', () => {
    const s = throughNat64({}, false);

    const found = diagnose(s, TIMEOUT).find((f) => f.id === 'image-uri-ipv4-only');
    expect(found?.evidence.join('\n')).toContain(`but DNS64 is off on ${TASK_SUBNET.id}`);
  });

  it('has no way out without a route for ::/0, and is told to route it, not to build endpoints', () => {
    const findings = diagnose(ipv6Only({ routeTables: v6Routes() }), TIMEOUT);

    expect(findings.map((f) => f.id)).toEqual(['no-ipv6-egress']);
    expect(findings[0]?.evidence).toEqual([
      `${ROUTE_TABLE} (of ${TASK_SUBNET.id}, IPv6-only) has no route for ::/0`,
    ]);
    expect(findings[0]?.fix).toContain(`route ::/0 in ${ROUTE_TABLE} to an egress-only internet gateway`);
  });

  it('is blocked by a security group open to 0.0.0.0/0 only: its IPv4 ranges admit no IPv6 peer', () => {
    const s = ipv6Only({
      taskDefinition: withImage(DUAL_STACK_IMAGE),
      securityGroups: { ok: true, value: [taskGroup([allTraffic('0.0.0.0/0')])] },
    });

    const found = diagnose(s, TIMEOUT).find((f) => f.id === 'task-sg-blocks-443');
    expect(found?.fix).toContain('to ::/0 (the internet over IPv6');
  });

  it('is blocked by a network ACL with IPv4 entries only', () => {
    const s = ipv6Only({
      taskDefinition: withImage(DUAL_STACK_IMAGE),
      networkAcls: { ok: true, value: [allowAllAcl()] },
    });

    const found = diagnose(s, TIMEOUT).find((f) => f.id === 'nacl-blocks');
    expect(found).toMatchObject({ cidr: '::/0', direction: 'outbound' });
  });
});

describe('a dual-stack task whose stop text dialled an IPv6 address', () => {
  const DIALLED: Classification = {
    ...TIMEOUT,
    evidence: ['dial tcp [2600:1f18:2551:8900::1c]:443: i/o timeout'],
  };
  const dualStack = (changes: Partial<Snapshot> = {}) =>
    snapshotWith({
      task: {
        ...HEALTHY.task,
        stoppedReason: `CannotPullContainerError: failed to do request: Head "https://${DUAL_STACK_IMAGE.split('/')[0]}/v2/checkout/manifests/1.4.2": dial tcp [2600:1f18:2551:8900::1c]:443: i/o timeout`,
      },
      taskDefinition: withImage(DUAL_STACK_IMAGE),
      subnets: { ok: true, value: [{ ...TASK_SUBNET, ipv6Cidrs: ['2600:1f18:1234:5601::/64'] }] },
      endpoints: { ok: true, value: [] },
      networkAcls: { ok: true, value: [dualAcl()] },
      securityGroups: { ok: true, value: [taskGroup([allTraffic('0.0.0.0/0'), https6('::/0')])] },
      ...changes,
    });

  it('is judged by its route for ::/0, which it lacks', () => {
    const findings = diagnose(dualStack({ routeTables: v6Routes() }), DIALLED);

    expect(findings.map((f) => f.id)).toEqual(['no-ipv6-egress']);
    expect(findings[0]?.evidence).toEqual([
      `${ROUTE_TABLE} (of ${TASK_SUBNET.id}, dual-stack, dialled over IPv6) has no route for ::/0`,
    ]);
  });

  it('is path-ok through an egress-only gateway', () => {
    const [finding, ...rest] = diagnose(dualStack({ routeTables: v6Routes(toEigw) }), DIALLED);

    expect(rest).toEqual([]);
    expect(finding?.evidence).toContain(
      `${TASK_SUBNET.id}: ${ROUTE_TABLE} (of ${TASK_SUBNET.id}, dual-stack, dialled over IPv6): ::/0 → ${EIGW} (egress-only internet gateway)`,
    );
  });
});

describe('IPv6 entries and rules beside an IPv4 task', () => {
  it('leaves an IPv4 task alone when an ACL denies an IPv6 range first', () => {
    const acl = dualAcl([
      { ruleNumber: 50, egress: true, protocol: '-1', action: 'deny', cidr: '::/0' },
      { ruleNumber: 50, egress: false, protocol: '-1', action: 'deny', cidr: '::/0' },
    ]);

    expect(ids(snapshotWith({ networkAcls: { ok: true, value: [acl] } }))).toEqual(['path-ok']);
  });

  it('judges a dual-stack subnet by its IPv4 path, as the pull uses it', () => {
    const dual = { ...TASK_SUBNET, ipv6Cidrs: ['2600:1f18:1234:5601::/64'] };

    expect(ids(snapshotWith({ subnets: { ok: true, value: [dual] } }))).toEqual(['path-ok']);
  });
});

describe(dialledIpv6Of.name, () => {
  it.each([
    ['dial tcp [2600:1f18:2551:8900::1c]:443: i/o timeout', '2600:1f18:2551:8900::1c'],
    ['dial tcp [64:ff9b::36ef:1cb1]:443: i/o timeout', undefined],
    ['dial tcp 54.239.28.177:443: i/o timeout', undefined],
    ['dial tcp [2600:1f18::1::2]:443: i/o timeout', undefined],
  ])('%s → %s', (text, expected) => {
    expect(dialledIpv6Of({ ...HEALTHY.task, stoppedReason: text })).toBe(expected);
  });

  it('answers an address or nothing for any stop text, never throws', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const ip = dialledIpv6Of({ ...HEALTHY.task, stoppedReason: `dial tcp [${text}]:443` });
        expect(ip === undefined || text.includes(ip)).toBe(true);
      }),
    );
  });
});

describe(dualStackUri.name, () => {
  it.each([
    [IMAGE, DUAL_STACK_IMAGE],
    [
      '111122223333.dkr.ecr-fips.us-east-1.amazonaws.com/team/api@sha256:0f1e',
      '111122223333.dkr-ecr-fips.us-east-1.on.aws/team/api@sha256:0f1e',
    ],
    [DUAL_STACK_IMAGE, undefined],
    ['public.ecr.aws/nginx/nginx:1.27', undefined],
    ['nginx:1.27', undefined],
    ['111122223333.dkr.ecr.us-east-1.amazonaws.com.evil.example/app:1', undefined],
  ])('%s → %s', (image, expected) => {
    expect(dualStackUri(image)).toBe(expected);
  });
});
