import { describe, expect, it } from 'vitest';
import { endpointDns } from '../../../src/core/diagnose/checks/dns.js';
import { endpointPolicy } from '../../../src/core/diagnose/checks/endpoint-policy.js';
import { endpointState } from '../../../src/core/diagnose/checks/endpoints.js';
import {
  HEALTHY,
  inputOf,
  interfaceEndpoint,
  REGION,
  s3Gateway,
  snapshotWith,
  VPC,
} from '../../support/snapshot.js';

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

const policy = (statements: readonly object[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement: statements });

describe(endpointPolicy.name, () => {
  it.each([
    ['no policy (the default full access)', undefined],
    [
      'a policy that allows everything',
      policy([{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }]),
    ],
    [
      'a policy that allows ecr:* on every repository',
      policy([{ Effect: 'Allow', Principal: '*', Action: 'ecr:*', Resource: '*' }]),
    ],
    ['a document that cannot be read (never claimed a denial)', '{not json'],
  ])('passes an endpoint with %s', (_, text) => {
    const ep = { ...DKR, ...(text === undefined ? {} : { policy: text }) };

    expect(endpointPolicy(inputOf(HEALTHY), ep, 'ecr.dkr', 'image')).toEqual([]);
  });

  it.each([
    [
      'allows only GetAuthorizationToken',
      policy([{ Effect: 'Allow', Principal: '*', Action: 'ecr:GetAuthorizationToken', Resource: '*' }]),
      [
        `ecr:BatchGetImage on arn:aws:ecr:${REGION}:*:repository/*`,
        `ecr:GetDownloadUrlForLayer on arn:aws:ecr:${REGION}:*:repository/*`,
      ],
    ],
    [
      'denies BatchGetImage explicitly',
      policy([
        { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
        { Effect: 'Deny', Principal: '*', Action: 'ecr:BatchGetImage', Resource: '*' },
      ]),
      [`ecr:BatchGetImage on arn:aws:ecr:${REGION}:*:repository/*`],
    ],
  ])('finds a policy that %s', (_, text, denied) => {
    expect(endpointPolicy(inputOf(HEALTHY), { ...DKR, policy: text }, 'ecr.dkr', 'image app:1')).toEqual([
      {
        kind: 'finding',
        draft: {
          id: 'endpoint-policy-denies',
          endpointId: DKR.id,
          service: 'ecr.dkr',
          denied,
          resources: [DKR.id],
          evidence: [`the policy of ${DKR.id} (ecr.dkr) does not allow ${denied.join('; ')}`],
          breaks: ['image app:1'],
        },
      },
    ]);
  });

  it('finds an S3 gateway policy that leaves out the layer bucket', () => {
    const gateway = s3Gateway({
      policy: policy([
        { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::my-bucket/*' },
      ]),
    });

    const [verdict] = endpointPolicy(inputOf(HEALTHY), gateway, 's3', 'image');

    expect(verdict).toMatchObject({
      draft: {
        id: 'endpoint-policy-denies',
        denied: [`s3:GetObject on arn:aws:s3:::prod-${REGION}-starport-layer-bucket/*`],
      },
    });
  });
});
