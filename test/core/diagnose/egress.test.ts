import { describe, expect, it } from 'vitest';
import { egressFailure } from '../../../src/core/diagnose/checks/egress.js';
import { egressOf } from '../../../src/core/diagnose/route.js';
import type { Route, Snapshot } from '../../../src/core/network.js';
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
const natGateway = (state: string) => ({ natGateways: { ok: true, value: [{ id: NAT, state }] } }) as const;
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
      'an available NAT gateway',
      routedTo(defaultRoute({ kind: 'nat-gateway', id: NAT }), natGateway('available')),
      `${ARROW} ${NAT} (available)`,
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
  ])('says not checked when %s', (_, snapshot, verdicts) => {
    expect(failureOf(snapshot)).toEqual({ blocked: false, verdicts });
  });
});
