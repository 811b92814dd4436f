import { describe, expect, it } from 'vitest';
import { egressFailure } from '../../../src/core/diagnose/checks/egress.js';
import { egressOf } from '../../../src/core/diagnose/route.js';
import type { NatGateway, Route, RouteTable, Snapshot } from '../../../src/core/network.js';
import {
  inputOf,
  privateRoutes,
  ROUTE_TABLE,
  snapshotWith,
  TASK_SUBNET,
  VPC,
} from '../../support/snapshot.js';

const NAT = 'nat-0f1e2d3c4b5a69788';
const IGW = 'igw-0a1b2c3d4e5f60718';
const ARROW = `${ROUTE_TABLE} (of ${TASK_SUBNET.id}): 0.0.0.0/0 →`;

const defaultRoute = (target: Route['target'], state: Route['state'] = 'active'): Route => ({
  destinationCidr: '0.0.0.0/0',
  target,
  state,
});
const routedTo = (route: Route, changes: Partial<Snapshot> = {}) =>
  snapshotWith({ routeTables: { ok: true, value: [privateRoutes([route])] }, ...changes });
const NAT_SUBNET = 'subnet-0d4e5f6a7b8c9d012';
const PUBLIC_TABLE = 'rtb-0public3c4d5e6f7a8';
/** The public subnet's table, where the NAT gateway lives: 0.0.0.0/0 to the internet gateway. */
const publicRoutes = (routes: readonly Route[] = [defaultRoute({ kind: 'internet-gateway', id: IGW })]) => ({
  id: PUBLIC_TABLE,
  main: false,
  subnetIds: [NAT_SUBNET],
  routes: [
    { destinationCidr: '10.0.0.0/16', target: { kind: 'local' }, state: 'active' } as const,
    ...routes,
  ],
});
const natGateway = (state: string, changes: Partial<NatGateway> = {}) =>
  ({ natGateways: { ok: true, value: [{ id: NAT, state, subnetId: NAT_SUBNET, ...changes }] } }) as const;
/** The task's route table sends 0.0.0.0/0 to the NAT gateway, which sits in a subnet routed by `natTable`. */
const throughNat = (nat: Partial<NatGateway>, natTable: RouteTable | null = publicRoutes()) =>
  snapshotWith({
    routeTables: {
      ok: true,
      value: [
        privateRoutes([defaultRoute({ kind: 'nat-gateway', id: NAT })]),
        ...(natTable ? [natTable] : []),
      ],
    },
    ...natGateway('available', nat),
  });
const publicIp = (on: boolean) =>
  ({
    taskNetwork: { source: 'eni', securityGroupIds: [], publicIp: on, subnetIds: [TASK_SUBNET.id] },
  }) as const;

/** The verdicts of the route check for an ECR image that needs an endpoint or the internet. */
const failureOf = (snapshot: Snapshot) => {
  const input = inputOf(snapshot);
  const { egress, verdicts } = egressOf(input, TASK_SUBNET);
  const failure = egressFailure(input, egress, TASK_SUBNET, 'image app:1');
  return { blocked: failure.blocked, verdicts: [...verdicts, ...failure.verdicts] };
};

describe(egressFailure.name, () => {
  it.each([
    [
      'an available public NAT gateway whose subnet routes to an internet gateway',
      throughNat({ connectivityType: 'public' }),
      `${ARROW} ${NAT} (available, public; ${PUBLIC_TABLE} of its subnet ${NAT_SUBNET}: 0.0.0.0/0 → ${IGW})`,
    ],
    [
      'a NAT gateway of the default kind in a subnet that takes the main table, which routes to an internet gateway',
      throughNat({}, { ...publicRoutes(), main: true, subnetIds: [] }),
      `${ARROW} ${NAT} (available, public; ${PUBLIC_TABLE} of its subnet ${NAT_SUBNET}: 0.0.0.0/0 → ${IGW})`,
    ],
    [
      'an internet gateway and a public IP',
      routedTo(defaultRoute({ kind: 'internet-gateway', id: IGW }), publicIp(true)),
      `${ARROW} ${IGW}, and the task ENI has a public IP`,
    ],
  ])('lets a subnet out through %s', (_, snapshot, evidence) => {
    const { egress } = egressOf(inputOf(snapshot), TASK_SUBNET);

    expect(egress).toEqual({ kind: 'internet', routeTableId: ROUTE_TABLE, evidence });
    expect(failureOf(snapshot)).toEqual({ blocked: false, verdicts: [] });
  });

  it.each([
    [
      'no default route',
      snapshotWith({}),
      {
        id: 'no-egress-path',
        vpcId: VPC,
        subnetIds: [TASK_SUBNET.id],
        routeTableIds: [ROUTE_TABLE],
        resources: [TASK_SUBNET.id, ROUTE_TABLE],
        evidence: [`${ROUTE_TABLE} (of ${TASK_SUBNET.id}) has no route for 0.0.0.0/0`],
      },
    ],
    [
      'a default route to a blackhole',
      routedTo(defaultRoute({ kind: 'transit-gateway', id: 'tgw-0a1b2c3d4e5f60718' }, 'blackhole')),
      {
        id: 'no-egress-path',
        vpcId: VPC,
        subnetIds: [TASK_SUBNET.id],
        routeTableIds: [ROUTE_TABLE],
        resources: [TASK_SUBNET.id, ROUTE_TABLE],
        evidence: [`${ARROW} tgw-0a1b2c3d4e5f60718 is a blackhole`],
      },
    ],
    [
      'a NAT gateway that was deleted',
      routedTo(defaultRoute({ kind: 'nat-gateway', id: NAT }), natGateway('deleted')),
      {
        id: 'nat-unavailable',
        natGatewayId: NAT,
        state: 'deleted',
        routeTableId: ROUTE_TABLE,
        resources: [ROUTE_TABLE, NAT],
        evidence: [`${ARROW} ${NAT} (deleted)`],
      },
    ],
    [
      'a private NAT gateway',
      throughNat({ connectivityType: 'private' }),
      {
        id: 'nat-unavailable',
        natGatewayId: NAT,
        state: 'available',
        routeTableId: ROUTE_TABLE,
        reason: 'private',
        resources: [ROUTE_TABLE, NAT],
        evidence: [`${ARROW} ${NAT} (available), but ${NAT} is private: it has no way to the internet`],
      },
    ],
    [
      'a public NAT gateway whose subnet lost its route to the internet gateway',
      throughNat({ connectivityType: 'public' }, publicRoutes([])),
      {
        id: 'nat-unavailable',
        natGatewayId: NAT,
        state: 'available',
        routeTableId: ROUTE_TABLE,
        reason: 'no-internet-route',
        natSubnetId: NAT_SUBNET,
        natRouteTableId: PUBLIC_TABLE,
        resources: [ROUTE_TABLE, NAT, NAT_SUBNET, PUBLIC_TABLE],
        evidence: [
          `${ARROW} ${NAT} (available), but ${NAT} sits in ${NAT_SUBNET} whose route table ${PUBLIC_TABLE} has no 0.0.0.0/0 route to an internet gateway`,
        ],
      },
    ],
    [
      "a public NAT gateway whose subnet's default route goes to a transit gateway",
      throughNat({}, publicRoutes([defaultRoute({ kind: 'transit-gateway', id: 'tgw-0a1b2c3d4e5f60718' })])),
      {
        id: 'nat-unavailable',
        natGatewayId: NAT,
        state: 'available',
        routeTableId: ROUTE_TABLE,
        reason: 'no-internet-route',
        natSubnetId: NAT_SUBNET,
        natRouteTableId: PUBLIC_TABLE,
        resources: [ROUTE_TABLE, NAT, NAT_SUBNET, PUBLIC_TABLE],
        evidence: [
          `${ARROW} ${NAT} (available), but ${NAT} sits in ${NAT_SUBNET} whose route table ${PUBLIC_TABLE} has no 0.0.0.0/0 route to an internet gateway`,
        ],
      },
    ],
    [
      "a public NAT gateway whose subnet's route to the internet gateway is a blackhole",
      throughNat({}, publicRoutes([defaultRoute({ kind: 'internet-gateway', id: IGW }, 'blackhole')])),
      {
        id: 'nat-unavailable',
        natGatewayId: NAT,
        state: 'available',
        routeTableId: ROUTE_TABLE,
        reason: 'no-internet-route',
        natSubnetId: NAT_SUBNET,
        natRouteTableId: PUBLIC_TABLE,
        resources: [ROUTE_TABLE, NAT, NAT_SUBNET, PUBLIC_TABLE],
        evidence: [
          `${ARROW} ${NAT} (available), but ${NAT} sits in ${NAT_SUBNET} whose route table ${PUBLIC_TABLE} has no 0.0.0.0/0 route to an internet gateway`,
        ],
      },
    ],
    [
      'an internet gateway without a public IP',
      routedTo(defaultRoute({ kind: 'internet-gateway', id: IGW }), publicIp(false)),
      {
        id: 'public-ip-disabled',
        internetGatewayId: IGW,
        subnetIds: [TASK_SUBNET.id],
        resources: [TASK_SUBNET.id, ROUTE_TABLE, IGW],
        evidence: [`${ARROW} ${IGW}, but the task ENI has no public IP`],
      },
    ],
  ])('finds a subnet with %s', (_, snapshot, draft) => {
    expect(failureOf(snapshot)).toEqual({
      blocked: true,
      verdicts: [{ kind: 'finding', draft: { ...draft, breaks: ['image app:1'] } }],
    });
  });

  it('says the path leaves the VPC through a transit gateway, and still checks the way to it', () => {
    const tgw = { kind: 'transit-gateway', id: 'tgw-0a1b2c3d4e5f60718' } as const;

    const { blocked, verdicts } = failureOf(routedTo(defaultRoute(tgw)));

    expect(blocked).toBe(false);
    expect(verdicts[0]).toEqual({
      kind: 'finding',
      draft: {
        id: 'path-leaves-vpc',
        routeTableId: ROUTE_TABLE,
        target: tgw,
        resources: [ROUTE_TABLE, tgw.id],
        evidence: [`${ARROW} ${tgw.id}`],
        breaks: ['image app:1'],
      },
    });
    expect(verdicts.slice(1).map((v) => v.kind)).toEqual(['ok', 'ok', 'ok']);
  });

  it.each([
    [
      'the route tables could not be read',
      snapshotWith({ routeTables: { ok: false, why: 'ec2:DescribeRouteTables was denied' } }),
      [{ kind: 'not-checked', check: 'egress', why: 'ec2:DescribeRouteTables was denied' }],
    ],
    [
      "the NAT gateway's state could not be read (its route is taken as a way out)",
      routedTo(defaultRoute({ kind: 'nat-gateway', id: NAT }), {
        natGateways: { ok: false, why: 'ec2:DescribeNatGateways was denied' },
      }),
      [{ kind: 'not-checked', check: 'nat-gateway', why: 'ec2:DescribeNatGateways was denied' }],
    ],
    [
      "the NAT gateway's subnet is unknown (its route is taken as a way out)",
      throughNat({ subnetId: undefined }),
      [
        {
          kind: 'not-checked',
          check: 'nat-gateway',
          why: `whether ${NAT} reaches an internet gateway: the subnet of ${NAT} is unknown`,
        },
      ],
    ],
    [
      "no route table applies to the NAT gateway's subnet",
      throughNat({}, null),
      [
        {
          kind: 'not-checked',
          check: 'nat-gateway',
          why: `whether ${NAT} reaches an internet gateway: no route table applies to ${NAT_SUBNET}`,
        },
      ],
    ],
  ])('says not checked when %s', (_, snapshot, verdicts) => {
    expect(failureOf(snapshot)).toEqual({ blocked: false, verdicts });
  });
});

describe(`${egressOf.name} with prefix-list routes`, () => {
  const CORP = 'pl-0c0ffee1234567890';
  const listRoute: Route = {
    destinationPrefixListId: CORP,
    target: { kind: 'transit-gateway', id: 'tgw-0a1b2c3d4e5f60718' },
    state: 'active',
  };

  it('takes a route to a customer prefix list holding 0.0.0.0/0 as the default route', () => {
    const snapshot = routedTo(listRoute, {
      prefixLists: { ok: true, value: [{ id: CORP, name: 'egress-everything', cidrs: ['0.0.0.0/0'] }] },
    });

    expect(egressOf(inputOf(snapshot), TASK_SUBNET).egress).toEqual({
      kind: 'leaves-vpc',
      routeTableId: ROUTE_TABLE,
      target: listRoute.target,
      evidence: `${ROUTE_TABLE} (of ${TASK_SUBNET.id}): 0.0.0.0/0 (in ${CORP} (egress-everything)) → tgw-0a1b2c3d4e5f60718`,
    });
  });

  it('does not take a route to a list of private ranges as a default route', () => {
    const snapshot = routedTo(listRoute, {
      prefixLists: { ok: true, value: [{ id: CORP, name: 'corp-private-ranges', cidrs: ['10.0.0.0/8'] }] },
    });

    expect(egressOf(inputOf(snapshot), TASK_SUBNET).egress).toMatchObject({ kind: 'none' });
  });

  it("says the way out is unknown when a routed list's entries were not read", () => {
    const snapshot = routedTo(listRoute, { prefixLists: { ok: true, value: [] } });

    expect(egressOf(inputOf(snapshot), TASK_SUBNET).egress).toEqual({
      kind: 'unknown',
      why: `${ROUTE_TABLE} has no 0.0.0.0/0 route of its own, and routes ${CORP} (to tgw-0a1b2c3d4e5f60718), whose entries are unknown: the entries of ${CORP} were not read`,
    });
  });
});
