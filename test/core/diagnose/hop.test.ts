import { describe, expect, it } from 'vitest';
import { classify } from '../../../src/core/classify.js';
import { diagnose } from '../../../src/core/diagnose.js';
import type { Finding } from '../../../src/core/findings.js';
import type { Snapshot } from '../../../src/core/network.js';
import {
  ACCOUNT,
  allTraffic,
  ENDPOINT_SG,
  ENDPOINT_SUBNET,
  endpointGroup,
  HEALTHY,
  https,
  interfaceEndpoint,
  REGION,
  s3Gateway,
  snapshotWith,
  TASK_SUBNET,
  taskGroup,
} from '../../support/snapshot.js';

const DKR = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com`;
const pullTimeout = (ip: string) =>
  `CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ${DKR}/checkout:1.4.2: failed to do request: Head "https://${DKR}/v2/checkout/manifests/1.4.2": dial tcp ${ip}:443: i/o timeout`;
const authTimeout = (ip: string) =>
  `ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve ecr registry auth: service call has been retried 3 time(s): RequestError: send request failed caused by: Post "https://api.ecr.${REGION}.amazonaws.com/": dial tcp ${ip}:443: i/o timeout`;

const findingsOf = (snapshot: Snapshot, stoppedReason: string): Finding[] => {
  const task = { ...snapshot.task, stoppedReason };
  return diagnose({ ...snapshot, task }, classify({ stoppedReason, stopCode: 'TaskFailedToStart' }));
};

/** The endpoint group admits nothing: the task reaches the endpoints' interfaces and is dropped there. */
const ENDPOINT_SG_CLOSED = snapshotWith({
  securityGroups: {
    ok: true,
    value: [taskGroup([allTraffic('0.0.0.0/0')]), endpointGroup([https('10.99.0.0/16')])],
  },
});
/** The Docker endpoint has private DNS off, so the registry name resolves to ECR's public addresses. */
const DKR_DNS_OFF = snapshotWith({
  endpoints: {
    ok: true,
    value: [
      interfaceEndpoint('ecr.api', 'vpce-0ecrapi1a2b3c4d5e'),
      interfaceEndpoint('ecr.dkr', 'vpce-0ecrdkr1a2b3c4d5e', { privateDns: false }),
      interfaceEndpoint('logs', 'vpce-0logs1a2b3c4d5e6'),
      s3Gateway(),
    ],
  },
});
const CORPORATE_RULE = snapshotWith({
  resolverRules: {
    ok: true,
    value: [
      {
        id: 'rslvr-rr-0a1b2c3d4e5f60718',
        name: 'to-onprem-dns',
        domainName: 'amazonaws.com.',
        ruleType: 'FORWARD',
        targetIps: ['172.16.10.53'],
      },
    ],
  },
});

describe('the failing hop, on the root finding', () => {
  it('says a public address of a service with a private-DNS endpoint did not resolve to the endpoint', () => {
    const [root] = findingsOf(CORPORATE_RULE, pullTimeout('52.95.150.12'));

    expect(root?.id).toBe('dns-bypasses-endpoints');
    expect(root?.evidence.at(-1)).toBe(
      `the task dialled 52.95.150.12:443, a public address of ${DKR}: the name did not resolve to vpce-0ecrdkr1a2b3c4d5e (private DNS off, a custom resolver, or a name the endpoint does not serve — the dual-stack *.on.aws names, FIPS names)`,
    );
  });

  it('says the name resolved to a public address where the endpoint of that service has private DNS off', () => {
    const [root] = findingsOf(DKR_DNS_OFF, pullTimeout('52.95.150.12'));

    expect(root?.id).toBe('endpoint-private-dns-off');
    expect(root?.evidence.at(-1)).toBe(
      `the task dialled 52.95.150.12:443, a public address of ${DKR}: vpce-0ecrdkr1a2b3c4d5e serves that service but has private DNS off, so the name resolved to the public address and the hop that failed is the way to the internet`,
    );
  });

  it('says a public address of another region is served by none of the VPC endpoints', () => {
    const host = 'logs.us-east-1.amazonaws.com';
    const reason = `ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: failed to create Cloudwatch log stream: RequestError: send request failed caused by: Post "https://${host}/": dial tcp 3.236.94.17:443: i/o timeout : exit status 1`;
    const [root] = findingsOf(CORPORATE_RULE, reason);

    expect(root?.evidence.at(-1)).toBe(
      `the task dialled 3.236.94.17:443, a public address of ${host}, in us-east-1: endpoints are regional, none of this VPC's serves it`,
    );
  });

  it('says the path reached the endpoint when the address is its interface', () => {
    const hop = {
      id: 'eni-0e1d2c3b4a5968778',
      ip: '10.0.100.37',
      subnetId: ENDPOINT_SUBNET.id,
      interfaceType: 'vpc_endpoint',
      endpointId: 'vpce-0ecrapi1a2b3c4d5e',
    };
    const snapshot: Snapshot = { ...ENDPOINT_SG_CLOSED, failingHop: { ok: true, value: hop } };

    const [root] = findingsOf(snapshot, authTimeout('10.0.100.37'));

    expect(root).toMatchObject({ id: 'endpoint-sg-blocks-443', endpointSecurityGroupIds: [ENDPOINT_SG] });
    expect(root?.evidence.at(-1)).toBe(
      `the task dialled 10.0.100.37:443, vpce-0ecrapi1a2b3c4d5e's interface eni-0e1d2c3b4a5968778 in ${ENDPOINT_SUBNET.id}: the path reached the endpoint, so the security group or network ACL on that hop is the suspect`,
    );
  });

  it.each([
    [
      'held by something else',
      {
        ok: true as const,
        value: {
          id: 'eni-0f1e2d3c4b5a69788',
          ip: '10.0.100.12',
          subnetId: ENDPOINT_SUBNET.id,
          interfaceType: 'network_load_balancer',
          description: 'ELB net/egress-proxy/4f1c2b3a',
        },
      },
      `the task dialled 10.0.100.12:443, held by eni-0f1e2d3c4b5a69788 (network_load_balancer, ELB net/egress-proxy/4f1c2b3a) in ${ENDPOINT_SUBNET.id}, not a VPC endpoint's interface`,
    ],
    [
      'held by nothing in the VPC',
      { ok: true as const, value: undefined },
      'the task dialled 10.0.100.12:443, an address of vpc-0c4f1e2d3a5b69788 that no network interface holds now: what the name resolved to is gone (an endpoint that was deleted, replaced or never accepted)',
    ],
  ])('says what a private address is when it is %s', (_, failingHop, line) => {
    const [root] = findingsOf({ ...ENDPOINT_SG_CLOSED, failingHop }, authTimeout('10.0.100.12'));

    expect(root?.evidence.at(-1)).toBe(line);
  });

  it('says an IPv6-only task dialling an IPv4 address reached no hop: the name answered IPv4 only', () => {
    const hop = {
      id: 'eni-0e1d2c3b4a5968778',
      ip: '10.0.100.37',
      subnetId: ENDPOINT_SUBNET.id,
      interfaceType: 'vpc_endpoint',
      endpointId: 'vpce-0ecrapi1a2b3c4d5e',
    };
    const ipv6Only = {
      ...TASK_SUBNET,
      cidr: '',
      ipv6Cidrs: ['2600:1f18:4a3b:7c01::/64'],
      ipv6Native: true,
    };
    const snapshot: Snapshot = {
      ...ENDPOINT_SG_CLOSED,
      subnets: { ok: true, value: [ipv6Only] },
      failingHop: { ok: true, value: hop },
    };

    const [root] = findingsOf(
      snapshot,
      authTimeout('10.0.100.37').replace('i/o timeout', 'connect: network is unreachable'),
    );

    expect(root?.evidence.at(-1)).toBe(
      `the task dialled 10.0.100.37:443, an IPv4 address, from the IPv6-only ${TASK_SUBNET.id}: the task has no IPv4 address, so no hop was reached; the name resolved to IPv4 addresses only`,
    );
  });

  it('says the hop was not checked when which interface holds the address could not be read', () => {
    const failingHop = { ok: false as const, why: 'ec2:DescribeNetworkInterfaces was denied' };
    const findings = findingsOf({ ...ENDPOINT_SG_CLOSED, failingHop }, authTimeout('10.0.100.12'));

    expect(findings[0]?.evidence.some((e) => e.startsWith('the task dialled'))).toBe(false);
    expect(findings.find((f) => f.id === 'not-checked')).toMatchObject({
      check: 'failing-hop',
      why: 'which network interface holds 10.0.100.12, the address the task dialled: ec2:DescribeNetworkInterfaces was denied',
    });
  });

  it('says a private address outside the VPC is beyond what it can see', () => {
    const [root] = findingsOf(ENDPOINT_SG_CLOSED, authTimeout('172.16.40.9'));

    expect(root?.evidence.at(-1)).toBe(
      'the task dialled 172.16.40.9:443, a private address outside vpc-0c4f1e2d3a5b69788 (10.0.0.0/16): a host beyond the VPC (on premises, a peered VPC), past what ecs-pullfix can see',
    );
  });

  it('adds nothing for a private address of the VPC whose interface was not looked up', () => {
    const [root] = findingsOf(ENDPOINT_SG_CLOSED, authTimeout('10.0.100.37'));

    expect(root?.evidence.some((line) => line.startsWith('the task dialled'))).toBe(false);
  });

  it('adds nothing when the stop text dials no address', () => {
    const reason =
      'CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref: context deadline exceeded';

    const withText = findingsOf(ENDPOINT_SG_CLOSED, reason);
    const [root] = withText;

    expect(root?.evidence.some((line) => line.startsWith('the task dialled'))).toBe(false);
  });

  it('adds nothing when nothing is wrong on the path', () => {
    const [pathOk] = findingsOf(HEALTHY, pullTimeout('52.95.150.12'));

    expect(pathOk?.id).toBe('path-ok');
    expect(pathOk?.evidence.some((line) => line.startsWith('the task dialled'))).toBe(false);
  });
});
