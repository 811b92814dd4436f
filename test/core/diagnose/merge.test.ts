import { describe, expect, it } from 'vitest';
import { mergeDrafts } from '../../../src/core/diagnose/merge.js';
import type { Draft } from '../../../src/core/diagnose/verdict.js';

const noWayOut = (
  subnet: string,
  table: string,
  feature: string,
  vpcId = 'vpc-0c4f1e2d3a5b69788',
): Draft => ({
  id: 'no-egress-path',
  vpcId,
  subnetIds: [subnet],
  routeTableIds: [table],
  resources: [subnet, table],
  evidence: [`${table} (of ${subnet}) has no route for 0.0.0.0/0`],
  breaks: [feature],
});

describe(mergeDrafts.name, () => {
  it('merges one finding seen from two subnets and for two features into one', () => {
    const merged = mergeDrafts([
      noWayOut('subnet-0a', 'rtb-0a', 'image app:1'),
      noWayOut('subnet-0a', 'rtb-0a', 'the awslogs log driver (container app)'),
      noWayOut('subnet-0b', 'rtb-0b', 'image app:1'),
    ]);

    expect(merged).toEqual([
      {
        id: 'no-egress-path',
        vpcId: 'vpc-0c4f1e2d3a5b69788',
        subnetIds: ['subnet-0a', 'subnet-0b'],
        routeTableIds: ['rtb-0a', 'rtb-0b'],
        resources: ['subnet-0a', 'rtb-0a', 'subnet-0b', 'rtb-0b'],
        evidence: [
          'rtb-0a (of subnet-0a) has no route for 0.0.0.0/0',
          'rtb-0b (of subnet-0b) has no route for 0.0.0.0/0',
        ],
        breaks: ['image app:1', 'the awslogs log driver (container app)'],
      },
    ]);
  });

  it('keeps findings apart that differ in what they are about', () => {
    const other = noWayOut('subnet-0a', 'rtb-0a', 'image app:1', 'vpc-0other1a2b3c4d5e6');

    expect(mergeDrafts([noWayOut('subnet-0a', 'rtb-0a', 'image app:1'), other])).toHaveLength(2);
  });

  it("merges a missing endpoint's task peers across subnets", () => {
    const missing = (subnet: string, cidr: string): Draft => ({
      id: 'missing-endpoint',
      service: 'logs',
      vpcId: 'vpc-0c4f1e2d3a5b69788',
      subnetIds: [subnet],
      task: { securityGroupIds: ['sg-0task'], cidrs: [cidr] },
      resources: [subnet],
      evidence: ['no interface endpoint for com.amazonaws.eu-west-1.logs in vpc-0c4f1e2d3a5b69788'],
      breaks: ['the awslogs log driver (container app)'],
    });

    const [merged] = mergeDrafts([missing('subnet-0a', '10.0.1.0/24'), missing('subnet-0b', '10.0.2.0/24')]);

    expect(merged).toMatchObject({
      subnetIds: ['subnet-0a', 'subnet-0b'],
      task: { securityGroupIds: ['sg-0task'], cidrs: ['10.0.1.0/24', '10.0.2.0/24'] },
    });
  });
});
