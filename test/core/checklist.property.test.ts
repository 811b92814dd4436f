import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { answerChecklist, type CheckAnswer } from '../../src/core/checklist.js';
import { classify } from '../../src/core/classify.js';
import { diagnose } from '../../src/core/diagnose.js';
import type { Snapshot } from '../../src/core/network.js';
import { BEHIND_PUBLIC_NAT, HEALTHY, snapshotWith } from '../support/snapshot.js';

/*
 * A read that could not be made never makes one of AWS's checks pass: whatever reads of an
 * account are refused, every check answered `passed` is one the full account passes too.
 */

const READS = [
  'taskDefinition',
  'vpcId',
  'subnets',
  'routeTables',
  'networkAcls',
  'endpoints',
  'dnsSupport',
  'dnsHostnames',
  'securityGroups',
  'natGateways',
  'endpointSubnets',
  'prefixLists',
  'dhcpOptions',
  'resolverRules',
] as const satisfies readonly (keyof Snapshot)[];

const STOP =
  'CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ' +
  '123456789012.dkr.ecr.eu-west-1.amazonaws.com/checkout:1.4.2: dial tcp 10.0.100.12:443: i/o timeout';

const passed = (snapshot: Snapshot): string[] => {
  const classification = classify({ stoppedReason: STOP });
  const findings = diagnose(snapshot, classification);
  return answerChecklist({ snapshot, classification, findings })
    .filter((a: CheckAnswer) => a.status === 'passed')
    .map((a) => a.id);
};

const withoutEndpoints = (ids: readonly string[]): Snapshot =>
  snapshotWith({
    endpoints: {
      ok: true,
      value: (HEALTHY.endpoints.ok ? HEALTHY.endpoints.value : []).filter((e) => !ids.includes(e.id)),
    },
  });

describe('AWS’s checklist under refused reads', () => {
  it('never calls a check passed that the account with every read answered does not pass', () => {
    const accounts = [
      HEALTHY,
      withoutEndpoints(['vpce-0logs1a2b3c4d5e6']),
      withoutEndpoints(['vpce-0ecrdkr1a2b3c4d5e']),
      BEHIND_PUBLIC_NAT,
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...accounts),
        fc.subarray([...READS], { minLength: 1 }),
        (account, refused) => {
          const denied = Object.fromEntries(
            refused.map((read) => [
              read,
              { ok: false, why: `ec2:Describe${read} was denied (AccessDenied)` },
            ]),
          );
          const full = new Set(passed(account));
          expect(passed({ ...account, ...denied }).filter((id) => !full.has(id))).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
  });
});
