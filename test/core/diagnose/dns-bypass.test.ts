import { describe, expect, it } from 'vitest';
import { classify } from '../../../src/core/classify.js';
import { ruleFor } from '../../../src/core/diagnose/checks/resolver.js';
import { diagnose } from '../../../src/core/diagnose.js';
import type { Finding } from '../../../src/core/findings.js';
import { DEFAULT_DEPLOYMENT_POLICY } from '../../../src/core/mode.js';
import type { ResolverRule, Snapshot } from '../../../src/core/network.js';
import { planActions } from '../../../src/core/plan.js';
import {
  ACCOUNT,
  DHCP_OPTIONS,
  HEALTHY,
  privateRoutes,
  REGION,
  ROUTE_TABLE,
  snapshotWith,
  TASK_SUBNET,
  VPC,
} from '../../support/snapshot.js';

const DKR = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com`;
const DKR_ENDPOINT = 'vpce-0ecrdkr1a2b3c4d5e';
const LOGS_ENDPOINT = 'vpce-0logs1a2b3c4d5e6';
const NO_ROUTE = `${ROUTE_TABLE} (of ${TASK_SUBNET.id}) has no route for 0.0.0.0/0`;

const ECR_TIMEOUT = `CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ${DKR}/checkout:1.4.2: failed to do request: Head "https://${DKR}/v2/checkout/manifests/1.4.2": dial tcp 52.95.150.12:443: i/o timeout`;
const LOGS_TIMEOUT = `ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: failed to create Cloudwatch log stream: RequestError: send request failed caused by: Post "https://logs.${REGION}.amazonaws.com/": dial tcp 52.94.72.50:443: i/o timeout : exit status 1`;
const ROLE_DENIED = `ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve ecr registry auth: service call has been retried 3 time(s): AccessDeniedException: User: arn:aws:sts::${ACCOUNT}:assumed-role/ecsTaskExecutionRole/5f2b0c8e is not authorized to perform: ecr:GetAuthorizationToken on resource: * because no identity-based policy allows the ecr:GetAuthorizationToken action`;

const CORPORATE_DNS = { id: 'dopt-0c0rp4d1e2f3a4b5c', domainNameServers: ['10.20.0.2', '10.20.0.3'] };
const forward = (domainName: string, id = 'rslvr-rr-0a1b2c3d4e5f60718'): ResolverRule => ({
  id,
  name: 'to-onprem-dns',
  domainName,
  ruleType: 'FORWARD',
  targetIps: ['172.16.10.53', '172.16.11.53'],
});
const system = (domainName: string): ResolverRule => ({
  id: 'rslvr-rr-0f9e8d7c6b5a40312',
  name: 'ecr-stays-in-vpc',
  domainName,
  ruleType: 'SYSTEM',
  targetIps: [],
});

/** The findings of a snapshot whose task stopped with `stoppedReason`. */
const findingsOf = (snapshot: Snapshot, stoppedReason: string): Finding[] => {
  const task = { ...snapshot.task, stoppedReason };
  return diagnose({ ...snapshot, task }, classify({ stoppedReason, stopCode: 'TaskFailedToStart' }));
};
const ids = (findings: readonly Finding[]) => findings.map((f) => f.id);
const withDns = (changes: Partial<Snapshot>) => snapshotWith(changes);
const rules = (...value: ResolverRule[]) => withDns({ resolverRules: { ok: true, value } });

describe('dns-bypasses-endpoints', () => {
  it('names the DHCP option set whose servers are not the VPC resolver when ECR times out', () => {
    const snapshot = withDns({ dhcpOptions: { ok: true, value: CORPORATE_DNS } });

    const [root] = findingsOf(snapshot, ECR_TIMEOUT);

    expect(root).toMatchObject({
      id: 'dns-bypasses-endpoints',
      service: 'ecr.dkr',
      endpointId: DKR_ENDPOINT,
      via: { kind: 'dhcp-options', dhcpOptionsId: CORPORATE_DNS.id, servers: ['10.20.0.2', '10.20.0.3'] },
      names: [DKR],
      vpcResolver: '10.0.0.2',
      resources: [CORPORATE_DNS.id, DKR_ENDPOINT],
      breaks: [`image ${DKR}/checkout:1.4.2 (container app)`],
    });
    expect(root?.evidence.slice(0, 2)).toEqual([
      `DHCP option set ${CORPORATE_DNS.id} gives domain-name-servers 10.20.0.2, 10.20.0.3, not AmazonProvidedDNS: the task asks them for ${DKR}; it resolves to ${DKR_ENDPOINT}'s private addresses only if those servers forward it to the VPC resolver`,
      NO_ROUTE,
    ]);
    expect(root?.fix).toBe(
      `Have the DNS servers of ${CORPORATE_DNS.id} (10.20.0.2, 10.20.0.3) forward dkr.ecr.${REGION}.amazonaws.com (or all of amazonaws.com) to the VPC resolver (10.0.0.2 or 169.254.169.253; from outside the VPC, through a Route 53 Resolver inbound endpoint), or put AmazonProvidedDNS first in its domain-name-servers, so that ${DKR} resolves to ${DKR_ENDPOINT}.`,
    );
  });

  it.each([
    ['the default option set (none of its own)', undefined],
    ['AmazonProvidedDNS', { id: DHCP_OPTIONS, domainNameServers: ['AmazonProvidedDNS'] }],
    [
      'AmazonProvidedDNS first, a corporate server after it',
      { id: DHCP_OPTIONS, domainNameServers: ['AmazonProvidedDNS', '10.20.0.2'] },
    ],
    ['the VPC resolver by its address (base + 2)', { id: DHCP_OPTIONS, domainNameServers: ['10.0.0.2'] }],
    [
      'the VPC resolver by its link-local address',
      { id: DHCP_OPTIONS, domainNameServers: ['169.254.169.253'] },
    ],
  ])('says path-ok with %s', (_, value) => {
    expect(ids(findingsOf(withDns({ dhcpOptions: { ok: true, value } }), ECR_TIMEOUT))).toEqual(['path-ok']);
  });

  it('makes the corporate servers no problem when the stop text points elsewhere, and says what may be', () => {
    const snapshot = withDns({ dhcpOptions: { ok: true, value: CORPORATE_DNS } });

    const findings = findingsOf(snapshot, ROLE_DENIED);

    expect(ids(findings)).not.toContain('dns-bypasses-endpoints');
    expect(findings.find((f) => f.id === 'path-ok')?.evidence).toContain(
      `DHCP option set ${CORPORATE_DNS.id} gives domain-name-servers 10.20.0.2, 10.20.0.3, not AmazonProvidedDNS: the task asks them for api.ecr.${REGION}.amazonaws.com; it resolves to vpce-0ecrapi1a2b3c4d5e's private addresses only if those servers forward it to the VPC resolver (the stop text does not point at ecr.api's names)`,
    );
  });

  it('is no failure where a NAT gateway serves the public names, and says so beside path-ok', () => {
    const nat = 'nat-0a1b2c3d4e5f60718';
    const publicSubnet = 'subnet-0public1a2b3c4d5e6';
    const toNat = {
      destinationCidr: '0.0.0.0/0',
      target: { kind: 'nat-gateway', id: nat },
      state: 'active',
    } as const;
    const publicRoutes = {
      id: 'rtb-0public7a6b5c4d3e2',
      main: false,
      subnetIds: [publicSubnet],
      routes: [
        { destinationCidr: '10.0.0.0/16', target: { kind: 'local' }, state: 'active' },
        {
          destinationCidr: '0.0.0.0/0',
          target: { kind: 'internet-gateway', id: 'igw-0a1b2c3d4e5f60718' },
          state: 'active',
        },
      ],
    } as const;
    const snapshot = withDns({
      dhcpOptions: { ok: true, value: CORPORATE_DNS },
      routeTables: { ok: true, value: [privateRoutes([toNat]), publicRoutes] },
      natGateways: {
        ok: true,
        value: [{ id: nat, state: 'available', subnetId: publicSubnet, connectivityType: 'public' }],
      },
    });

    const findings = findingsOf(snapshot, ECR_TIMEOUT);

    expect(ids(findings)).toEqual(['path-ok']);
    expect(findings[0]?.evidence).toContain(
      `DHCP option set ${CORPORATE_DNS.id} gives domain-name-servers 10.20.0.2, 10.20.0.3, not AmazonProvidedDNS: the task asks them for ${DKR}; public answers go out by the default route, not through the endpoint`,
    );
  });

  it('names the FORWARD rule that takes amazonaws.com, with the SYSTEM rule as its fix', () => {
    const [root] = findingsOf(rules(forward('amazonaws.com.')), ECR_TIMEOUT);

    expect(root).toMatchObject({
      id: 'dns-bypasses-endpoints',
      service: 'ecr.dkr',
      via: {
        kind: 'resolver-rule',
        ruleId: 'rslvr-rr-0a1b2c3d4e5f60718',
        name: 'to-onprem-dns',
        domainName: 'amazonaws.com',
        targetIps: ['172.16.10.53', '172.16.11.53'],
      },
      names: [DKR],
    });
    expect(root?.evidence[0]).toBe(
      `Resolver rule rslvr-rr-0a1b2c3d4e5f60718 (to-onprem-dns) forwards amazonaws.com to 172.16.10.53, 172.16.11.53: ${DKR} is answered there, not by the VPC resolver; it resolves to ${DKR_ENDPOINT}'s private addresses only if those servers forward it to the VPC resolver`,
    );
    expect(root?.fix).toMatch(
      new RegExp(
        `^Add a SYSTEM Resolver rule for dkr\\.ecr\\.${REGION}\\.amazonaws\\.com associated with ${VPC}`,
      ),
    );
  });

  it.each([
    ['the region', `${REGION}.amazonaws.com`],
    ['ECR', `ecr.${REGION}.amazonaws.com`],
    ['the registry', DKR],
  ])('finds a FORWARD rule for the name of %s', (_, domain) => {
    expect(ids(findingsOf(rules(forward(domain)), ECR_TIMEOUT))[0]).toBe('dns-bypasses-endpoints');
  });

  it.each([
    ['a corporate domain', [forward('corp.example.com')]],
    ['another service', [forward(`sqs.${REGION}.amazonaws.com`)]],
    ['another region', [forward('us-east-1.amazonaws.com')]],
    [
      'amazonaws.com with a SYSTEM rule for ECR',
      [forward('amazonaws.com'), system(`ecr.${REGION}.amazonaws.com`)],
    ],
    ['the Internet Resolver (RECURSIVE, .)', [{ ...forward('.'), ruleType: 'RECURSIVE', targetIps: [] }]],
  ])('says path-ok with a rule for %s', (_, value) => {
    expect(ids(findingsOf(rules(...value), ECR_TIMEOUT))).toEqual(['path-ok']);
  });

  it('still finds the logs names a SYSTEM rule for ECR leaves to the forwarding rule', () => {
    const snapshot = rules(forward('amazonaws.com'), system(`ecr.${REGION}.amazonaws.com`));

    const [root] = findingsOf(snapshot, LOGS_TIMEOUT);

    expect(root).toMatchObject({
      id: 'dns-bypasses-endpoints',
      service: 'logs',
      endpointId: LOGS_ENDPOINT,
      names: [`logs.${REGION}.amazonaws.com`],
    });
  });

  it.each([
    ['dhcp-options', { dhcpOptions: { ok: false as const, why: 'ec2:DescribeDhcpOptions was denied' } }],
    [
      'resolver-rules',
      {
        resolverRules: { ok: false as const, why: 'route53resolver:ListResolverRuleAssociations was denied' },
      },
    ],
  ])('says %s not checked, with the reason, where the private DNS is relied on', (check, changes) => {
    const notChecked = findingsOf(withDns(changes), ECR_TIMEOUT).filter((f) => f.id === 'not-checked');

    expect(notChecked.map((f) => f.id === 'not-checked' && f.check)).toEqual([check]);
    expect(notChecked[0]?.evidence[0]).toMatch(
      /was denied: whether the endpoints' private DNS names are answered is unknown$/,
    );
  });

  it('plans the SYSTEM rule as a recommendation, never a write', () => {
    const snapshot = rules(forward('amazonaws.com'));
    const findings = findingsOf(snapshot, ECR_TIMEOUT);

    const plan = planActions(findings, snapshot, {
      ...DEFAULT_DEPLOYMENT_POLICY,
      mode: 'auto-fix',
      source: 'flag',
    });

    const action = plan.actions.find((a) => a.kind === 'recommend:forward-dns-to-vpc-resolver');
    expect(action?.cli).toBe(
      [
        `RULE=$(aws route53resolver create-resolver-rule --rule-type SYSTEM --domain-name dkr.ecr.${REGION}.amazonaws.com --name system-ecr-dkr --creator-request-id ecs-pullfix-system-ecr-dkr-${VPC} --query ResolverRule.Id --output text)`,
        `aws route53resolver associate-resolver-rule --resolver-rule-id "$RULE" --vpc-id ${VPC}`,
      ].join('\n'),
    );
    expect(plan.actions.some((a) => a.type === 'write')).toBe(false);
  });
});

it('recommends the forwarding to the owner of the DHCP option set’s servers, as lines nothing runs', () => {
  const snapshot = withDns({ dhcpOptions: { ok: true, value: CORPORATE_DNS } });
  const findings = findingsOf(snapshot, ECR_TIMEOUT);

  const plan = planActions(findings, snapshot, {
    ...DEFAULT_DEPLOYMENT_POLICY,
    mode: 'auto-fix',
    source: 'flag',
  });

  expect(plan.actions.find((a) => a.kind === 'recommend:forward-dns-to-vpc-resolver')?.cli).toBe(
    [
      `# on 10.20.0.2, 10.20.0.3: forward dkr.ecr.${REGION}.amazonaws.com (or all of amazonaws.com) to the VPC resolver (10.0.0.2 or 169.254.169.253; from outside the VPC, through a Route 53 Resolver inbound endpoint)`,
      `# or put AmazonProvidedDNS first in the domain-name-servers of ${CORPORATE_DNS.id}`,
    ].join('\n'),
  );
});

describe(ruleFor.name, () => {
  it.each([
    ['the most specific rule', [forward('amazonaws.com'), system(`ecr.${REGION}.amazonaws.com`)], 'SYSTEM'],
    ['a rule written with its trailing dot and capitals', [forward('AmazonAWS.com.')], 'FORWARD'],
    ['a rule answered with two trailing dots (as moto does)', [forward('amazonaws.com..')], 'FORWARD'],
    ['no rule for a name only a label of it matches', [forward('zonaws.com')], undefined],
  ])('picks %s', (_, value, type) => {
    expect(ruleFor(value, DKR)?.ruleType).toBe(type);
  });
});

it('keeps the healthy snapshot healthy', () => {
  expect(ids(findingsOf(HEALTHY, ECR_TIMEOUT))).toEqual(['path-ok']);
});
