import { describe, expect, it } from 'vitest';
import {
  type Entries,
  FINDING_ORDER,
  FINDINGS,
  type Finding,
  type FindingId,
  type FindingSpec,
  findingKey,
  fixOf,
  isNetworkProblem,
  isProblem,
  serviceOfFinding,
} from '../../src/core/findings/index.js';

const common = { resources: [], evidence: [], breaks: [], fix: '' };
const missingDkr: Finding = {
  ...common,
  id: 'missing-endpoint',
  service: 'ecr.dkr',
  vpcId: 'vpc-0a1b2c3d',
  subnetIds: ['subnet-0aa11', 'subnet-0bb22'],
  task: { securityGroupIds: ['sg-0task'], cidrs: ['10.0.1.0/24'] },
};
const dnsOff: Finding = {
  ...common,
  id: 'vpc-dns-off',
  vpcId: 'vpc-0a1b2c3d',
  attribute: 'enableDnsSupport',
};
const secretGone: Finding = {
  ...common,
  id: 'secret-missing',
  what: 'secret',
  valueFrom: 'arn:aws:secretsmanager:eu-west-3:123456789012:secret:prod/db-AbCdEf',
};
const duplicates: Finding = {
  ...common,
  id: 'duplicate-endpoints',
  service: 'logs',
  vpcId: 'vpc-0a1b2c3d',
  keepEndpointId: 'vpce-0keep',
  extraEndpointIds: ['vpce-0extra'],
  otherEndpointIds: [],
  extraMonthlyUsd: 14.6,
  otherMonthlyUsd: 0,
};

describe('the finding catalogue', () => {
  it('lists every finding id once, the VPC’s DNS and its way out first, information last', () => {
    expect(new Set(FINDING_ORDER).size).toBe(Object.keys(FINDINGS).length);
    expect(FINDING_ORDER.slice(0, 2)).toEqual(['vpc-dns-off', 'no-egress-path']);
    expect(FINDING_ORDER.at(-1)).toBe('duplicate-endpoints');
  });

  it('gives no two findings the same rank, so the reading order never depends on the diagnosis', () => {
    const ranks = FINDING_ORDER.map((id) => FINDINGS[id].rank);
    expect(new Set(ranks).size).toBe(ranks.length);
  });

  it('derives what auto-fix cures by writes alone: the way out, the endpoints and the 443 rules', () => {
    const fixable = FINDING_ORDER.filter((id) => FINDINGS[id].autoFix);
    expect(fixable).toEqual([
      'no-egress-path',
      'nat-unavailable',
      'public-ip-disabled',
      'missing-endpoint',
      's3-gateway-missing',
      's3-gateway-not-associated',
      'endpoint-sg-blocks-443',
      'task-sg-blocks-443',
    ]);
  });

  it('keys a finding by what tells it apart from its kin', () => {
    expect([missingDkr, dnsOff, secretGone, duplicates].map(findingKey)).toEqual([
      'missing-endpoint:ecr.dkr',
      'vpc-dns-off:enableDnsSupport',
      'secret-missing:secret',
      'duplicate-endpoints:logs',
    ]);
    expect([missingDkr, dnsOff].map(serviceOfFinding)).toEqual(['ecr.dkr', undefined]);
  });

  it('calls a missing secret a problem off the network path, and duplicate endpoints no problem at all', () => {
    expect([isProblem(secretGone), isNetworkProblem(secretGone)]).toEqual([true, false]);
    expect([isProblem(missingDkr), isNetworkProblem(missingDkr)]).toEqual([true, true]);
    expect([isProblem(duplicates), isNetworkProblem(duplicates)]).toEqual([false, false]);
  });

  it('writes the fix with the region’s endpoint service name', () => {
    expect(fixOf(missingDkr, 'eu-west-3')).toBe(
      'Create an interface endpoint for com.amazonaws.eu-west-3.ecr.dkr in vpc-0a1b2c3d (subnets subnet-0aa11, subnet-0bb22, one per Availability Zone) with private DNS on and a security group that allows TCP 443 from sg-0task or 10.0.1.0/24.',
    );
  });

  it('is complete by type: the compiler refuses a catalogue without an entry, or an entry without its fix', () => {
    const { 'path-ok': _dropped, ...withoutPathOk } = FINDINGS;
    // @ts-expect-error: path-ok has no entry
    const incomplete: Entries<FindingId> = withoutPathOk;
    // @ts-expect-error: an entry needs its fix text
    const noFix: FindingSpec<'path-ok'> = { rank: 1, scope: 'meta', autoFix: false, key: (f) => f.id };
    expect([Object.keys(incomplete), noFix.rank]).toEqual([expect.not.arrayContaining(['path-ok']), 1]);
  });
});
