import { describe, expect, it } from 'vitest';
import { awsPorts } from '../../src/aws/ports.js';
import { parseTaskStateChange } from '../../src/core/event.js';
import type { Snapshot } from '../../src/core/network.js';
import { inspect } from '../../src/pipeline/inspect.js';
import { parseScenario } from '../../src/sim/scenario.js';
import {
  buildInMoto,
  MOTO_URL,
  motoEnv,
  resetMoto,
  unsupportedInMoto,
  useProcessEnv,
  withoutMoto,
} from '../support/moto.js';

/**
 * The new reads, on the wire: a VPC built in moto with a customer-managed prefix list named by
 * the endpoints' group, a NACL that is not open to all (so S3's list is read), a DHCP option set of the company's
 * DNS servers, a Resolver rule forwarding amazonaws.com, a private NAT gateway, and an endpoint
 * whose interface holds the address the stop text dialled — each read back through the real
 * SDK adapters by the inspector.
 */
const CORPORATE = `
description: billing-worker behind corporate DNS, in moto
vpc: { id: vpc-0c3d5e7f9a1b2c468, cidr: 10.70.0.0/16 }
subnets:
  - { id: subnet-0d2e4f6a8b0c1d301, cidr: 10.70.10.0/24, az: us-east-1a }
  - { id: subnet-0d2e4f6a8b0c1d302, cidr: 10.70.11.0/24, az: us-east-1b }
  - { id: subnet-0d2e4f6a8b0c1d399, cidr: 10.70.250.0/24, az: us-east-1a }
natGateways:
  - { id: nat-0e2f4a6b8c0d1e597, subnet: subnet-0d2e4f6a8b0c1d399, connectivity: private }
prefixLists:
  - { id: pl-0b2c3d4e5f6a70819, name: corp-private-ranges, cidrs: [10.0.0.0/8, 172.16.0.0/12] }
dhcpOptions: { id: dopt-0f5a6b7c8d9e0f123, domainNameServers: [10.210.0.2, 10.210.1.2] }
resolverRules:
  - id: rslvr-rr-6c9f2d8b3e5a4b7c0
    name: corp-forward-all-aws
    domainName: amazonaws.com.
    targetIps: [10.210.0.2, 10.210.1.2]
routeTables:
  - id: rtb-0e0d9c8b7a6f5e402
    main: true
    subnets: [subnet-0d2e4f6a8b0c1d301, subnet-0d2e4f6a8b0c1d302]
    routes: [{ destination: 0.0.0.0/0, target: nat-0e2f4a6b8c0d1e597 }]
networkAcls:
  - id: acl-0b0a9c8d7e6f5a432
    subnets: [subnet-0d2e4f6a8b0c1d301, subnet-0d2e4f6a8b0c1d302]
    entries:
      - { rule: 90, egress: true, action: deny, protocol: '-1', cidr: 198.51.100.0/24 }
      - { rule: 100, egress: true, action: allow, protocol: '-1', cidr: 0.0.0.0/0 }
      - { rule: 100, egress: false, action: allow, protocol: '-1', cidr: 0.0.0.0/0 }
securityGroups:
  - id: sg-0b1b2c3d4e5f6a701
    name: billing-worker-task
    egress:
      - { ports: 443, cidr: 10.70.0.0/16 }
      - { ports: 443, prefixLists: [pl-s3-us-east-1] }
  - id: sg-0b1b2c3d4e5f6a702
    name: shared-vpc-endpoints
    ingress: [{ ports: 443, prefixLists: [pl-0b2c3d4e5f6a70819] }]
endpoints:
  - id: vpce-0bb1cc2dd3ee4ff51
    service: ecr.api
    subnets: [subnet-0d2e4f6a8b0c1d301, subnet-0d2e4f6a8b0c1d302]
    securityGroups: [sg-0b1b2c3d4e5f6a702]
    addresses: [10.70.10.41, 10.70.11.207]
  - id: vpce-0bb1cc2dd3ee4ff52
    service: ecr.dkr
    subnets: [subnet-0d2e4f6a8b0c1d301, subnet-0d2e4f6a8b0c1d302]
    securityGroups: [sg-0b1b2c3d4e5f6a702]
  - id: vpce-0bb1cc2dd3ee4ff53
    service: s3
    type: Gateway
    routeTables: [rtb-0e0d9c8b7a6f5e402]
cluster: { name: billing }
taskDefinition:
  family: billing-worker
  revision: 37
  containers:
    - name: worker
      image: 111122223333.dkr.ecr.us-east-1.amazonaws.com/billing-worker:2026.11.30
service:
  name: billing-worker
  subnets: [subnet-0d2e4f6a8b0c1d301, subnet-0d2e4f6a8b0c1d302]
  securityGroups: [sg-0b1b2c3d4e5f6a701]
task:
  subnet: subnet-0d2e4f6a8b0c1d301
  stopCode: TaskFailedToStart
  stoppedReason: >-
    ResourceInitializationError: unable to pull secrets or registry auth: The task cannot pull
    registry auth from Amazon ECR: There is a connection issue between the task and Amazon ECR.
    Check your task network configuration. RequestError: send request failed caused by: Post
    "https://api.ecr.us-east-1.amazonaws.com/": dial tcp 10.70.10.41:443: i/o timeout
expect: { cause: network-timeout, findings: [] }
`;

if (MOTO_URL === undefined) {
  withoutMoto('prefix lists, DHCP options, Resolver rules and the failing hop, read from moto');
} else {
  const url = MOTO_URL;
  describe('prefix lists, DHCP options, Resolver rules and the failing hop, read from moto', () => {
    useProcessEnv(motoEnv(url));
    const scenario = parseScenario('corporate-dns-moto', CORPORATE);
    let snapshot: Snapshot;
    let ids: Map<string, string>;
    const moto = (scenarioId: string) => ids.get(scenarioId) ?? scenarioId;

    it('builds the VPC in moto and inspects it through the SDK adapters, Route 53 Resolver’s included', async () => {
      expect(unsupportedInMoto(scenario)).toBeUndefined();
      await resetMoto(url);
      const built = await buildInMoto(scenario, url);
      ids = built.ids;
      snapshot = await inspect(parseTaskStateChange(built.event), awsPorts({ region: 'us-east-1' }));
      for (const part of ['prefixLists', 'dhcpOptions', 'resolverRules', 'failingHop'] as const)
        expect(snapshot[part]?.ok, part).toBe(true);
    }, 60_000);

    it('resolves the customer-managed list the endpoints’ group names, by its entries', () => {
      expect(snapshot.prefixLists.ok && snapshot.prefixLists.value).toContainEqual({
        id: moto('pl-0b2c3d4e5f6a70819'),
        cidrs: ['10.0.0.0/8', '172.16.0.0/12'],
      });
    });

    it('reads S3’s AWS-managed list for a NACL not open to all (moto gives it three of the region’s ranges)', () => {
      const s3 = snapshot.prefixLists.ok
        ? snapshot.prefixLists.value.find((l) => l.name === 'com.amazonaws.us-east-1.s3')
        : undefined;
      expect(s3?.cidrs).toEqual(expect.arrayContaining(['52.216.0.0/15', '3.5.0.0/19', '54.231.0.0/16']));
    });

    it('reads the VPC’s DHCP option set and its domain-name-servers', () => {
      expect(snapshot.dhcpOptions).toEqual({
        ok: true,
        value: { id: moto('dopt-0f5a6b7c8d9e0f123'), domainNameServers: ['10.210.0.2', '10.210.1.2'] },
      });
    });

    it('reads the forwarding rule associated with the VPC', () => {
      expect(snapshot.resolverRules).toEqual({
        ok: true,
        value: [
          {
            id: moto('rslvr-rr-6c9f2d8b3e5a4b7c0'),
            name: 'corp-forward-all-aws',
            domainName: 'amazonaws.com.',
            ruleType: 'FORWARD',
            targetIps: ['10.210.0.2', '10.210.1.2'],
          },
        ],
      });
    });

    it('finds the interface holding the dialled address, and the endpoint it stands for', () => {
      expect(snapshot.failingHop).toEqual({
        ok: true,
        value: expect.objectContaining({
          ip: '10.70.10.41',
          subnetId: moto('subnet-0d2e4f6a8b0c1d301'),
          endpointId: moto('vpce-0bb1cc2dd3ee4ff51'),
        }),
      });
    });

    it('keeps the private NAT gateway’s connectivity and subnet', () => {
      expect(snapshot.natGateways).toEqual({
        ok: true,
        value: [
          expect.objectContaining({
            id: moto('nat-0e2f4a6b8c0d1e597'),
            subnetId: moto('subnet-0d2e4f6a8b0c1d399'),
            connectivityType: 'private',
          }),
        ],
      });
    });
  });
}
