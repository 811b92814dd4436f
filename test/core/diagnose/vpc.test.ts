import { describe, expect, it } from 'vitest';
import { vpcDnsSupport } from '../../../src/core/diagnose/checks/dns.js';
import { duplicateEndpoints } from '../../../src/core/diagnose/checks/duplicates.js';
import { executionRoleNamed } from '../../../src/core/diagnose/checks/execution-role.js';
import type { Need } from '../../../src/core/needs.js';
import type { VpcEndpoint } from '../../../src/core/network.js';
import {
  HEALTHY,
  IMAGE,
  inputOf,
  interfaceEndpoint,
  REGION,
  snapshotWith,
  TASK_DEFINITION,
  VPC,
} from '../../support/snapshot.js';

const NEEDS: readonly Need[] = [
  { kind: 'endpoint', service: 'ecr.api', feature: `image ${IMAGE} (container app)` },
  { kind: 'endpoint', service: 'logs', feature: 'the awslogs log driver (container app)' },
];

describe(vpcDnsSupport.name, () => {
  it('passes a VPC with DNS support', () => {
    expect(vpcDnsSupport(inputOf(HEALTHY), VPC, NEEDS)).toEqual([
      { kind: 'ok', evidence: `${VPC}: enableDnsSupport true` },
    ]);
  });

  it('finds a VPC with DNS support off, breaking every need', () => {
    const snapshot = snapshotWith({ dnsSupport: { ok: true, value: false } });

    expect(vpcDnsSupport(inputOf(snapshot), VPC, NEEDS)).toEqual([
      {
        kind: 'finding',
        draft: {
          id: 'vpc-dns-off',
          vpcId: VPC,
          attribute: 'enableDnsSupport',
          resources: [VPC],
          evidence: [`${VPC}: enableDnsSupport is false, so the Amazon-provided DNS answers nothing`],
          breaks: NEEDS.map((n) => n.feature),
        },
      },
    ]);
  });

  it('says not checked when the attribute could not be read', () => {
    const snapshot = snapshotWith({ dnsSupport: { ok: false, why: 'ec2:DescribeVpcAttribute was denied' } });

    expect(vpcDnsSupport(inputOf(snapshot), VPC, NEEDS)).toEqual([
      { kind: 'not-checked', check: 'vpc-dns', why: 'ec2:DescribeVpcAttribute was denied' },
    ]);
  });
});

describe(executionRoleNamed.name, () => {
  const noRole = { ...TASK_DEFINITION, executionRoleArn: undefined };

  it.each([
    ['a task definition with an execution role', HEALTHY],
    [
      'a task definition that could not be read',
      snapshotWith({ taskDefinition: { ok: false, why: 'ecs:DescribeTaskDefinition was denied' } }),
    ],
    [
      'a task with nothing to fetch (Docker Hub image, no logs, no secrets)',
      snapshotWith({
        taskDefinition: {
          ok: true,
          value: {
            ...noRole,
            containers: [
              {
                name: 'web',
                image: 'nginx:1.27',
                essential: true,
                logOptions: {},
                secrets: [],
                environmentFiles: [],
              },
            ],
          },
        },
      }),
    ],
  ])('passes %s', (_, snapshot) => {
    expect(executionRoleNamed(inputOf(snapshot), NEEDS)).toEqual([]);
  });

  it('finds a task that pulls from private ECR without an execution role', () => {
    const snapshot = snapshotWith({ taskDefinition: { ok: true, value: noRole } });

    expect(executionRoleNamed(inputOf(snapshot), NEEDS)).toEqual([
      {
        kind: 'finding',
        draft: {
          id: 'execution-role-missing',
          why: `it pulls ${IMAGE} from private ECR`,
          resources: [TASK_DEFINITION.arn],
          evidence: [
            `${TASK_DEFINITION.arn} has no executionRoleArn`,
            `but it pulls ${IMAGE} from private ECR`,
          ],
          breaks: NEEDS.map((n) => n.feature),
        },
      },
    ]);
  });
});

const ours = (id: string, changes: Partial<VpcEndpoint> = {}) =>
  interfaceEndpoint('ecr.dkr', id, {
    tags: { 'ecs-pullfix:managed': 'true', 'ecs-pullfix:incident': 'inc-7f3a' },
    ...changes,
  });
const withEndpoints = (...value: VpcEndpoint[]) => snapshotWith({ endpoints: { ok: true, value } });

describe(duplicateEndpoints.name, () => {
  it.each([
    ['one endpoint per service', HEALTHY],
    [
      'a second endpoint that was deleted',
      withEndpoints(interfaceEndpoint('ecr.dkr', 'vpce-0a'), ours('vpce-0b', { state: 'deleted' })),
    ],
    [
      'endpoints that could not be read',
      snapshotWith({ endpoints: { ok: false, why: 'ec2:DescribeVpcEndpoints was denied' } }),
    ],
  ])('passes %s', (_, snapshot) => {
    expect(duplicateEndpoints(inputOf(snapshot), VPC)).toEqual([]);
  });

  it("finds ecs-pullfix's extra endpoint beside the one that serves, with its cost", () => {
    const snapshot = withEndpoints(
      interfaceEndpoint('ecr.dkr', 'vpce-0keep', { createdAt: '2026-11-02T09:15:00.000Z' }),
      ours('vpce-0extra', { privateDns: false, createdAt: '2026-12-01T04:12:09.512Z' }),
    );

    expect(duplicateEndpoints(inputOf(snapshot), VPC)).toEqual([
      {
        kind: 'finding',
        draft: {
          id: 'duplicate-endpoints',
          service: 'ecr.dkr',
          vpcId: VPC,
          keepEndpointId: 'vpce-0keep',
          extraEndpointIds: ['vpce-0extra'],
          otherEndpointIds: [],
          extraMonthlyUsd: 7.3,
          otherMonthlyUsd: 0,
          resources: ['vpce-0keep', 'vpce-0extra'],
          evidence: [
            `2 interface endpoints for com.amazonaws.${REGION}.ecr.dkr in ${VPC}, where one is enough (1 created by ecs-pullfix): the other costs $7.30 a month`,
            'kept: vpce-0keep (available, private DNS on, 1 AZ, $7.30 a month, created 2026-11-02T09:15:00Z)',
            "extra, ecs-pullfix's: vpce-0extra (available, private DNS off, 1 AZ, $7.30 a month, created 2026-12-01T04:12:09Z, incident inc-7f3a)",
          ],
          breaks: [],
        },
      },
    ]);
  });

  it("keeps another's endpoint and proposes none of it for deletion", () => {
    const snapshot = withEndpoints(
      interfaceEndpoint('ecr.dkr', 'vpce-0b'),
      interfaceEndpoint('ecr.dkr', 'vpce-0a'),
    );

    const [verdict] = duplicateEndpoints(inputOf(snapshot), VPC);

    expect(verdict).toMatchObject({
      draft: {
        keepEndpointId: 'vpce-0a',
        extraEndpointIds: [],
        otherEndpointIds: ['vpce-0b'],
        otherMonthlyUsd: 7.3,
      },
    });
  });
});
