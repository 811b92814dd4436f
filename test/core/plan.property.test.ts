import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAnywhere } from '../../src/core/cidr.js';
import type { Finding } from '../../src/core/findings.js';
import { DEFAULT_DEPLOYMENT_POLICY, type Policy } from '../../src/core/mode.js';
import { checked, type InterfaceService, type Snapshot } from '../../src/core/network.js';
import { planActions, type RulePeer, type WriteKind } from '../../src/core/plan.js';
import { loadScenario } from '../../src/sim/scenario.js';
import { runScenario } from '../support/scenarios.js';

/** Exactly the writes design.md lets auto-fix make. */
const SAFE: readonly WriteKind[] = [
  'create-endpoint-security-group',
  'authorize-ingress-443',
  'authorize-egress-443',
  'create-interface-endpoint',
  'create-s3-gateway-endpoint',
  'add-route-tables-to-s3-gateway',
];

const id = (prefix: string) => fc.stringMatching(/^[0-9a-f]{4,8}$/).map((h) => `${prefix}-${h}`);
const cidr = fc.constantFrom(
  '10.0.0.0/16',
  '10.0.1.0/24',
  '172.31.0.0/16',
  '0.0.0.0/0',
  '10.0.0.0/4',
  '192.168.0.0/1',
  'garbage',
);
const service = fc.constantFrom<InterfaceService>('ecr.api', 'ecr.dkr', 'logs', 'secretsmanager', 'ssm');
const common = { resources: [], evidence: ['e'], breaks: [], fix: '' };

const finding: fc.Arbitrary<Finding> = fc.oneof(
  fc
    .record({
      service,
      vpcId: id('vpc'),
      subnetIds: fc.array(id('subnet'), { minLength: 1, maxLength: 3 }),
      cidrs: fc.array(cidr, { maxLength: 2 }),
      sgs: fc.option(fc.array(id('sg'), { maxLength: 2 }), { nil: undefined }),
    })
    .map(
      (r): Finding => ({
        ...common,
        id: 'missing-endpoint',
        service: r.service,
        vpcId: r.vpcId,
        subnetIds: r.subnetIds,
        task: { cidrs: r.cidrs, ...(r.sgs ? { securityGroupIds: r.sgs } : {}) },
      }),
    ),
  fc
    .record({ vpcId: id('vpc'), routeTableIds: fc.array(id('rtb'), { minLength: 1, maxLength: 2 }) })
    .map((r): Finding => ({ ...common, id: 's3-gateway-missing', ...r })),
  fc
    .record({ endpointId: id('vpce'), routeTableIds: fc.array(id('rtb'), { minLength: 1 }) })
    .map((r): Finding => ({ ...common, id: 's3-gateway-not-associated', ...r })),
  fc
    .record({
      endpointId: id('vpce'),
      service,
      groups: fc.array(id('sg'), { minLength: 1, maxLength: 2 }),
      cidrs: fc.array(cidr, { maxLength: 2 }),
    })
    .map(
      (r): Finding => ({
        ...common,
        id: 'endpoint-sg-blocks-443',
        endpointId: r.endpointId,
        service: r.service,
        endpointSecurityGroupIds: r.groups,
        task: { cidrs: r.cidrs },
      }),
    ),
  fc
    .record({
      groups: fc.array(id('sg'), { minLength: 1, maxLength: 2 }),
      peer: fc.oneof(
        fc.constant({ kind: 'internet' as const }),
        id('pl').map((p) => ({ kind: 'prefix-list' as const, prefixListId: p })),
        fc.record({
          kind: fc.constant('endpoint' as const),
          securityGroupIds: fc.array(id('sg'), { maxLength: 1 }),
          cidrs: fc.array(cidr, { maxLength: 2 }),
        }),
      ),
    })
    .map(
      (r): Finding => ({ ...common, id: 'task-sg-blocks-443', taskSecurityGroupIds: r.groups, peer: r.peer }),
    ),
  fc
    .record({
      vpcId: id('vpc'),
      subnetIds: fc.array(id('subnet'), { minLength: 1 }),
      routeTableIds: fc.array(id('rtb'), { minLength: 1 }),
    })
    .map((r): Finding => ({ ...common, id: 'no-egress-path', ...r })),
  fc.record({ acl: id('acl'), cidr }).map(
    (r): Finding => ({
      ...common,
      id: 'nacl-blocks',
      networkAclId: r.acl,
      subnetIds: ['subnet-1'],
      direction: 'outbound',
      ports: 'TCP 443',
      cidr: r.cidr,
    }),
  ),
  fc
    .record({ endpointId: id('vpce'), service })
    .map((r): Finding => ({ ...common, id: 'endpoint-private-dns-off', ...r })),
  fc
    .record({ vpcId: id('vpc') })
    .map((r): Finding => ({ ...common, id: 'vpc-dns-off', vpcId: r.vpcId, attribute: 'enableDnsSupport' })),
);

/** A real snapshot with the parts the planner reads replaced by generated ones. */
async function baseSnapshot(): Promise<Snapshot> {
  const { report } = await runScenario(loadScenario('no-egress-no-endpoints'));
  if (!report.snapshot) throw new Error('no snapshot');
  return report.snapshot;
}

const peerCidrs = (p: RulePeer): string[] => (p.kind === 'vpc-cidr' ? [p.cidr] : []);

describe(`${planActions.name} (properties)`, () => {
  it('never plans a write outside the safe set, an ingress from anywhere, or a peer wider than a /8', async () => {
    const base = await baseSnapshot();
    fc.assert(
      fc.property(
        fc.array(finding, { maxLength: 8 }),
        fc.option(fc.array(id('sg'), { maxLength: 3 }), { nil: undefined }),
        cidr,
        fc.constantFrom<Policy['mode']>('notify', 'dry-run', 'auto-fix'),
        fc.nat({ max: 8 }),
        (findings, taskGroups, vpcCidr, mode, ceiling) => {
          const snapshot: Snapshot = {
            ...base,
            taskNetwork: taskGroups
              ? { source: 'service', securityGroupIds: taskGroups, assignPublicIp: 'DISABLED', subnetIds: [] }
              : { source: 'unknown', why: 'x', subnetIds: [] },
            routeTables: checked([
              {
                id: 'rtb-1',
                main: true,
                subnetIds: [],
                routes: [{ destinationCidr: vpcCidr, target: { kind: 'local' }, state: 'active' }],
              },
            ]),
          };
          const plan = planActions(findings, snapshot, {
            ...DEFAULT_DEPLOYMENT_POLICY,
            maxEndpointsPerVpc: ceiling,
            mode,
            source: 'flag',
          });
          for (const action of plan.actions) {
            if (!('write' in action)) {
              expect(action.allowed).toBe(false);
              continue;
            }
            const w = action.write;
            expect(SAFE).toContain(w.kind);
            if (w.kind === 'authorize-ingress-443' || w.kind === 'authorize-egress-443') {
              for (const c of peerCidrs(w.peer)) {
                expect(isAnywhere(c)).toBe(false);
                expect(Number(c.split('/')[1])).toBeGreaterThanOrEqual(8);
              }
            }
            expect(action.cli).not.toMatch(/\b(delete|revoke|replace|terminate|disassociate)-/);
            expect(action.cli).not.toMatch(/CidrIp=0\.0\.0\.0\/0/);
          }
          const endpoints = plan.actions.filter(
            (a) =>
              a.allowed &&
              (a.kind === 'create-interface-endpoint' || a.kind === 'create-s3-gateway-endpoint'),
          );
          expect(endpoints.length).toBeLessThanOrEqual(ceiling);
        },
      ),
      { numRuns: 500 },
    );
  });
});
