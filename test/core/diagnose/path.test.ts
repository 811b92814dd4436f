import { describe, expect, it } from 'vitest';
import { needVerdicts } from '../../../src/core/diagnose/path.js';
import { egressOf } from '../../../src/core/diagnose/route.js';
import { draftsOf } from '../../../src/core/diagnose/verdict.js';
import type { Need } from '../../../src/core/needs.js';
import type { Snapshot } from '../../../src/core/network.js';
import { registryOfImage } from '../../../src/core/registry.js';
import {
  HEALTHY,
  inputOf,
  interfaceEndpoint,
  REGION,
  ROUTE_TABLE,
  S3_GATEWAY,
  s3Gateway,
  snapshotWith,
  TASK_SG,
  TASK_SUBNET,
  VPC,
} from '../../support/snapshot.js';

const NO_ROUTE = `${ROUTE_TABLE} (of ${TASK_SUBNET.id}) has no route for 0.0.0.0/0`;
const endpoints = (
  ...value: Snapshot['endpoints'] extends infer C
    ? C extends { ok: true; value: infer V }
      ? V
      : never
    : never
) => snapshotWith({ endpoints: { ok: true, value } });

/** The findings and not-checked notes a need gives in the task's subnet. */
const draftsFor = (snapshot: Snapshot, need: Need) => {
  const input = inputOf(snapshot);
  const { egress } = egressOf(input, TASK_SUBNET);
  return draftsOf(needVerdicts(input, need, TASK_SUBNET, egress));
};

const dkr: Need = { kind: 'endpoint', service: 'ecr.dkr', feature: 'image app:1' };
const s3: Need = {
  kind: 'endpoint',
  service: 's3',
  feature: 'image app:1: its layers are served from Amazon S3',
};
const dockerHub: Need = {
  kind: 'internet',
  registry: registryOfImage('nginx:1.27'),
  feature: 'image nginx:1.27 (container web)',
  why: 'Docker Hub is on the internet; no VPC endpoint reaches it',
};

describe(needVerdicts.name, () => {
  it.each([
    ['ecr.dkr through its endpoint', dkr],
    ['S3 through the gateway on its route table', s3],
  ])('passes %s', (_, need) => {
    expect(draftsFor(HEALTHY, need)).toEqual([]);
  });

  it('finds the interface endpoint missing where the subnet has no way out', () => {
    const snapshot = endpoints(s3Gateway());

    expect(draftsFor(snapshot, dkr)).toEqual([
      {
        id: 'no-egress-path',
        vpcId: VPC,
        subnetIds: [TASK_SUBNET.id],
        routeTableIds: [ROUTE_TABLE],
        resources: [TASK_SUBNET.id, ROUTE_TABLE],
        evidence: [NO_ROUTE],
        breaks: ['image app:1'],
      },
      {
        id: 'missing-endpoint',
        service: 'ecr.dkr',
        vpcId: VPC,
        subnetIds: [TASK_SUBNET.id],
        task: { securityGroupIds: [TASK_SG], cidrs: [TASK_SUBNET.cidr] },
        resources: [VPC, TASK_SUBNET.id],
        evidence: [`no interface endpoint for com.amazonaws.${REGION}.ecr.dkr in ${VPC}`, NO_ROUTE],
        breaks: ['image app:1'],
      },
    ]);
  });

  it.each([
    [
      's3-gateway-missing',
      endpoints(),
      {
        id: 's3-gateway-missing',
        vpcId: VPC,
        routeTableIds: [ROUTE_TABLE],
        resources: [VPC, ROUTE_TABLE],
        evidence: [`no gateway endpoint for com.amazonaws.${REGION}.s3 in ${VPC}`, NO_ROUTE],
      },
    ],
    [
      's3-gateway-not-associated',
      endpoints(s3Gateway({ routeTableIds: ['rtb-0public1a2b3c4d5e'] })),
      {
        id: 's3-gateway-not-associated',
        endpointId: S3_GATEWAY,
        routeTableIds: [ROUTE_TABLE],
        resources: [S3_GATEWAY, ROUTE_TABLE],
        evidence: [
          `${S3_GATEWAY} (com.amazonaws.${REGION}.s3) is associated with rtb-0public1a2b3c4d5e, not ${ROUTE_TABLE}`,
        ],
      },
    ],
  ])('finds %s where the subnet has no way out', (_, snapshot, finding) => {
    expect(draftsFor(snapshot, s3).map((d) => d.id)).toEqual(['no-egress-path', finding.id]);
    expect(draftsFor(snapshot, s3)[1]).toEqual({ ...finding, breaks: [s3.feature] });
  });

  it('finds that a registry on the internet needs a way out (and says no more)', () => {
    expect(draftsFor(HEALTHY, dockerHub)).toEqual([
      {
        id: 'registry-needs-internet',
        registryHost: 'docker.io',
        why: dockerHub.why,
        resources: ['docker.io'],
        evidence: [dockerHub.why, NO_ROUTE],
        breaks: [dockerHub.feature],
      },
    ]);
  });

  it('says not checked, without a finding, when the endpoints could not be read and the subnet has no way out', () => {
    const snapshot = snapshotWith({ endpoints: { ok: false, why: 'ec2:DescribeVpcEndpoints was denied' } });

    expect(draftsFor(snapshot, dkr).map((d) => (d.id === 'not-checked' ? d.check : d.id))).toEqual([
      'vpc-endpoints',
      'egress',
    ]);
  });

  it('says an EFS volume whose mount targets were not read is not checked', () => {
    const efs: Need = { kind: 'efs', fileSystemId: 'fs-0a1b2c3d', feature: 'EFS volume data' };

    expect(draftsFor(HEALTHY, efs)).toMatchObject([
      { id: 'not-checked', check: 'efs', why: 'the mount targets of fs-0a1b2c3d were not read' },
    ]);
  });

  it('checks the way through an endpoint that serves but has other endpoints beside it', () => {
    const snapshot = endpoints(
      interfaceEndpoint('ecr.dkr', 'vpce-0old1a2b3c4d5e6f7', { privateDns: false }),
      interfaceEndpoint('ecr.dkr', 'vpce-0ecrdkr1a2b3c4d5e'),
    );

    expect(draftsFor(snapshot, dkr)).toEqual([]);
  });
});
