import { describe, expect, it } from 'vitest';
import { endpointDns } from '../../../src/core/diagnose/checks/dns.js';
import { endpointState } from '../../../src/core/diagnose/checks/endpoints.js';
import { HEALTHY, inputOf, interfaceEndpoint, REGION, snapshotWith, VPC } from '../../support/snapshot.js';

const DKR = interfaceEndpoint('ecr.dkr', 'vpce-0ecrdkr1a2b3c4d5e');
const NO_ROUTE = 'rtb-0private7a6b5c4d3 (of subnet-0a1b2c3d4e5f60718) has no route for 0.0.0.0/0';

describe(endpointState.name, () => {
  it('passes an available endpoint', () => {
    expect(endpointState(DKR, 'ecr.dkr', 'image')).toEqual([]);
  });

  it.each(['pendingAcceptance', 'pending', 'failed'])('finds an endpoint that is %s', (state) => {
    expect(endpointState({ ...DKR, state }, 'ecr.dkr', 'image app:1')).toEqual([
      {
        kind: 'finding',
        draft: {
          id: 'endpoint-unavailable',
          endpointId: DKR.id,
          service: 'ecr.dkr',
          state,
          resources: [DKR.id],
          evidence: [`${DKR.id} (com.amazonaws.${REGION}.ecr.dkr) is ${state}`],
          breaks: ['image app:1'],
        },
      },
    ]);
  });
});

describe(endpointDns.name, () => {
  it.each([
    ['private DNS on in a VPC with DNS hostnames', HEALTHY],
    [
      'private DNS on where DNS hostnames could not be read (taken as on)',
      snapshotWith({ dnsHostnames: { ok: false, why: 'ec2:DescribeVpcAttribute was denied' } }),
    ],
  ])('passes an endpoint with %s', (_, snapshot) => {
    expect(endpointDns(inputOf(snapshot), DKR, 'ecr.dkr', 'image', NO_ROUTE)).toEqual([]);
  });

  it('finds an endpoint whose private DNS is off', () => {
    expect(
      endpointDns(inputOf(HEALTHY), { ...DKR, privateDns: false }, 'ecr.dkr', 'image app:1', NO_ROUTE),
    ).toEqual([
      {
        kind: 'finding',
        draft: {
          id: 'endpoint-private-dns-off',
          endpointId: DKR.id,
          service: 'ecr.dkr',
          resources: [DKR.id],
          evidence: [
            `${DKR.id} (com.amazonaws.${REGION}.ecr.dkr) has private DNS off: ecr.dkr names still resolve to public addresses`,
            NO_ROUTE,
          ],
          breaks: ['image app:1'],
        },
      },
    ]);
  });

  it('finds a VPC whose DNS hostnames are off, so the private DNS does not resolve', () => {
    const snapshot = snapshotWith({ dnsHostnames: { ok: true, value: false } });

    expect(endpointDns(inputOf(snapshot), DKR, 'ecr.dkr', 'image app:1', NO_ROUTE)).toEqual([
      {
        kind: 'finding',
        draft: {
          id: 'vpc-dns-off',
          vpcId: VPC,
          attribute: 'enableDnsHostnames',
          resources: [VPC, DKR.id],
          evidence: [
            `${VPC}: enableDnsHostnames is false, so the private DNS of ${DKR.id} (ecr.dkr) does not resolve`,
          ],
          breaks: ['image app:1'],
        },
      },
    ]);
  });
});
