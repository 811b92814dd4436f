import { createHash } from 'node:crypto';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { historyItemOf } from '../../src/aws/incident-history.js';
import type { Finding } from '../../src/core/findings.js';
import {
  DROP_ORDER,
  HISTORY_TTL_SECONDS,
  type KeptIncident,
  keptIncidentOf,
} from '../../src/core/history.js';
import { decodeEvidence } from '../../src/core/history-evidence.js';
import type { Snapshot } from '../../src/core/network.js';
import { HEALTHY, https } from '../support/snapshot.js';

/**
 * A DynamoDB item is at most 400 KB, its attribute names included
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html).
 * Whatever a snapshot holds — thousands of rules, prefix-list entries, container definitions, or
 * a hostile event's outsized stop reason — its incident's item stays within, and what is kept
 * is kept whole: a part is dropped or not, and every part dropped is named, in the stated order.
 */

const ITEM_BOUND_BYTES = 400 * 1024;

/** An item's size as DynamoDB counts it: names and values in UTF-8, numbers at most 21 bytes, binary as is. */
function itemSize(item: Record<string, AttributeValue>): number {
  const utf8 = (s: string) => Buffer.byteLength(s, 'utf8');
  return Object.entries(item).reduce((sum, [name, v]) => {
    const value = v.S !== undefined ? utf8(v.S) : v.N !== undefined ? 21 : (v.B?.byteLength ?? 0);
    return sum + utf8(name) + value;
  }, 0);
}

/** `chars` characters of hex noise from `seed`: gzip cannot shrink it below half. */
function noise(seed: number, chars: number): string {
  let out = '';
  for (let i = 0; out.length < chars; i++) out += createHash('sha256').update(`${seed}/${i}`).digest('hex');
  return out.slice(0, chars);
}

type SizesOf = typeof sizes extends fc.Arbitrary<infer T> ? T : never;

/** How much noise each part of an incident gets (characters). */
const sizes = fc.record({
  seed: fc.nat(),
  prefixLists: fc.nat({ max: 250_000 }),
  securityGroups: fc.nat({ max: 250_000 }),
  taskDefinition: fc.nat({ max: 250_000 }),
  endpoints: fc.nat({ max: 250_000 }),
  findings: fc.nat({ max: 250_000 }),
  stoppedReason: fc.nat({ max: 250_000 }),
  clusterName: fc.nat({ max: 5_000 }),
});

function incidentOf(s: Readonly<Record<keyof SizesOf, number>>): KeptIncident {
  const n = (k: number, chars: number) => noise(s.seed * 10 + k, chars);
  const task = { ...HEALTHY.task, stoppedReason: n(1, s.stoppedReason), clusterName: n(2, s.clusterName) };
  const snapshot: Snapshot = {
    ...HEALTHY,
    task,
    prefixLists: { ok: true, value: [{ id: 'pl-0corp', name: n(3, s.prefixLists), cidrs: [] }] },
    securityGroups: {
      ok: true,
      value: [
        {
          id: 'sg-0big',
          vpcId: 'vpc-1',
          ingress: [https('10.0.0.0/8')],
          egress: [],
          name: n(4, s.securityGroups),
        } as never,
      ],
    },
    taskDefinition: { ok: false, why: n(5, s.taskDefinition) },
    endpoints: { ok: false, why: n(6, s.endpoints) },
  };
  const findings = [
    { id: 'not-checked', check: 'endpoints', evidence: [n(7, s.findings)] } as unknown as Finding,
  ];
  return keptIncidentOf(
    {
      task,
      incidentId: 'inc-0123456789abcdef',
      cause: 'network-timeout',
      root: 'none',
      outcome: 'not-checked',
      snapshot,
      findings,
    },
    new Date('2026-12-06T12:00:00Z'),
  );
}

describe(historyItemOf.name, () => {
  it('keeps any incident in one item within 400 KB, every part whole or named as dropped, in the stated order', () => {
    fc.assert(
      fc.property(sizes, (s) => {
        const incident = incidentOf(s);
        const item = historyItemOf(incident, new Date('2026-12-06T12:00:00Z'), HISTORY_TTL_SECONDS);
        expect(itemSize(item)).toBeLessThanOrEqual(ITEM_BOUND_BYTES);
        const back = decodeEvidence(item.evidence?.B ?? new Uint8Array());
        const dropped = back?.dropped ?? [];
        expect(dropped).toEqual(DROP_ORDER.filter((p) => dropped.includes(p)));
        expect(item.dropped?.S ?? '').toBe(dropped.join(' '));
        if (!dropped.includes('task')) expect(back?.task).toEqual(incident.task);
        if (!dropped.includes('findings')) expect(back?.findings).toEqual(incident.findings);
        if (!dropped.includes('snapshot') && !dropped.includes('snapshot.prefixLists'))
          expect(back?.snapshot?.prefixLists).toEqual(incident.snapshot?.prefixLists);
        if (!dropped.includes('snapshot'))
          expect(back?.snapshot?.routeTables).toEqual(incident.snapshot?.routeTables);
      }),
      { numRuns: 12 },
    );
  });

  it('drops nothing from an ordinary incident: its item is a few kilobytes', () => {
    const incident = incidentOf({
      seed: 1,
      prefixLists: 10,
      securityGroups: 10,
      taskDefinition: 10,
      endpoints: 10,
      findings: 10,
      stoppedReason: 200,
      clusterName: 4,
    });
    const item = historyItemOf(incident, new Date('2026-12-06T12:00:00Z'), HISTORY_TTL_SECONDS);
    expect(item.dropped).toBeUndefined();
    expect(itemSize(item)).toBeLessThan(4 * 1024);
  });
});
