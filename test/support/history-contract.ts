import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/findings.js';
import { HISTORY_TTL_SECONDS, type KeptIncident, keptIncidentOf } from '../../src/core/history.js';
import type { IncidentHistory } from '../../src/core/ports-store.js';
import { InvalidInputError } from '../../src/errors.js';
import { HEALTHY, snapshotWith } from './snapshot.js';

/**
 * The incident history's contract: what the DynamoDB adapter (on moto) and the one in memory
 * must both do. Times are whole seconds from one instant. Each test gets a history of its own.
 */
export function describeHistoryContract(name: string, makeHistory: () => Promise<IncidentHistory>): void {
  const T0 = Date.parse('2026-11-20T09:20:00Z');
  const at = (seconds: number) => new Date(T0 + seconds * 1000);
  const TTL = HISTORY_TTL_SECONDS;
  const noEcrDkr = snapshotWith({
    endpoints: { ok: true, value: HEALTHY.endpoints.ok ? HEALTHY.endpoints.value.slice(0, 1) : [] },
  });
  const missing: Finding = {
    id: 'missing-endpoint',
    service: 'ecr.dkr',
    vpcId: 'vpc-0c4f1e2d3a5b69788',
    evidence: ['no interface endpoint for com.amazonaws.eu-west-1.ecr.dkr'],
  } as unknown as Finding;
  /** An incident of `service` in `cluster` (ids differ by both), told at `seconds`. */
  const incident = (seconds: number, cluster = 'shop', service = 'checkout', n = 0): KeptIncident => {
    const task = {
      ...HEALTHY.task,
      clusterName: cluster,
      clusterArn: `arn:aws:ecs:eu-west-1:123456789012:cluster/${cluster}`,
      serviceName: service,
      group: `service:${service}`,
    };
    const id = `inc-${createHash('sha256').update(`${cluster}/${service}/${n}`).digest('hex').slice(0, 16)}`;
    return keptIncidentOf(
      {
        task,
        incidentId: id,
        cause: 'network-timeout',
        root: 'missing-endpoint:ecr.dkr',
        outcome: 'action-needed',
        snapshot: { ...noEcrDkr, task },
        findings: [missing],
      },
      at(seconds),
    );
  };

  describe(`${name}: keeping and reading back`, () => {
    it('gives back the event, the snapshot and the findings kept, with nothing dropped', async () => {
      const history = await makeHistory();
      const kept = incident(0);
      expect(await history.keep(kept, at(0), TTL)).toBe(true);
      expect(await history.get(kept.incidentId, at(60))).toEqual(kept);
    });

    it('keeps the first evidence of an incident: a repeat notice changes nothing', async () => {
      const history = await makeHistory();
      const first = incident(0);
      await history.keep(first, at(0), TTL);
      const repeat = { ...incident(7200), incidentId: first.incidentId, outcome: 'fixed' };
      expect(await history.keep(repeat, at(7200), TTL)).toBe(false);
      expect(await history.get(first.incidentId, at(7300))).toMatchObject({
        at: first.at,
        outcome: 'action-needed',
      });
    });

    it('forgets an incident after its 30 days, and keeps it afresh when it comes back', async () => {
      const history = await makeHistory();
      const first = incident(0);
      await history.keep(first, at(0), TTL);
      expect(await history.get(first.incidentId, at(TTL + 1))).toBeUndefined();
      expect((await history.list({ limit: 10 }, at(TTL + 1))).incidents).toEqual([]);
      const again = { ...incident(TTL + 5), incidentId: first.incidentId };
      expect(await history.keep(again, at(TTL + 5), TTL)).toBe(true);
      expect((await history.get(first.incidentId, at(TTL + 6)))?.at).toBe(again.at);
    });

    it('knows no incident it was never given', async () => {
      const history = await makeHistory();
      expect(await history.get('inc-0123456789abcdef', at(0))).toBeUndefined();
    });

    it('keeps a snapshot too large for an item without its bulkiest parts, and says which', async () => {
      const history = await makeHistory();
      // 4,000 prefix-list entries of random addresses: about 60 KB compressed each list.
      const cidrs = (seed: number) =>
        Array.from(
          { length: 4000 },
          (_, i) => `${(seed * 31 + i * 7919) % 223}.${(i * 104729) % 256}.${(i * 1299709) % 256}.0/24`,
        );
      const big = incident(0);
      const prefixLists = {
        ok: true as const,
        value: Array.from({ length: 40 }, (_, n) => ({ id: `pl-${n}`, cidrs: cidrs(n) })),
      };
      const kept = { ...big, snapshot: { ...big.snapshot, prefixLists } };
      await history.keep(kept, at(0), TTL);
      const back = await history.get(big.incidentId, at(1));
      expect(back?.dropped).toEqual(['snapshot.prefixLists']);
      expect(back?.snapshot?.prefixLists).toBeUndefined();
      expect(back?.snapshot?.endpoints).toEqual(big.snapshot?.endpoints);
      expect(back?.task).toEqual(big.task);
      expect(back?.findings).toEqual(big.findings);
    });
  });

  describe(`${name}: the list`, () => {
    it('lists incidents newest first, a cluster by name or ARN, a service by name', async () => {
      const history = await makeHistory();
      await history.keep(incident(0, 'shop', 'checkout'), at(0), TTL);
      await history.keep(incident(60, 'shop', 'payments'), at(60), TTL);
      await history.keep(incident(120, 'batch', 'checkout'), at(120), TTL);
      const list = async (q: { cluster?: string; service?: string }) =>
        (await history.list({ ...q, limit: 10 }, at(300))).incidents.map(
          (s) => `${s.clusterName}/${s.workload}`,
        );
      expect(await list({})).toEqual([
        'batch/service:checkout',
        'shop/service:payments',
        'shop/service:checkout',
      ]);
      expect(await list({ cluster: 'shop' })).toEqual(['shop/service:payments', 'shop/service:checkout']);
      expect(await list({ cluster: 'arn:aws:ecs:eu-west-1:123456789012:cluster/batch' })).toEqual([
        'batch/service:checkout',
      ]);
      expect(await list({ service: 'checkout' })).toEqual([
        'batch/service:checkout',
        'shop/service:checkout',
      ]);
      expect(await list({ cluster: 'shop', service: 'checkout' })).toEqual(['shop/service:checkout']);
      expect(await list({ cluster: 'nowhere' })).toEqual([]);
    });

    it('pages through every incident once, in order, the last page with no next', async () => {
      const history = await makeHistory();
      const kept = [0, 10, 20, 30, 40].map((s) => incident(s, 'shop', 'checkout', s));
      for (const k of kept) await history.keep(k, at(Date.parse(k.at) / 1000 - T0 / 1000), TTL);
      const seen: string[] = [];
      let after: string | undefined;
      let pages = 0;
      do {
        const page = await history.list({ limit: 2, ...(after ? { after } : {}) }, at(100));
        seen.push(...page.incidents.map((s) => s.incidentId));
        after = page.next;
        pages += 1;
      } while (after && pages < 10);
      expect(pages).toBe(3);
      expect(seen).toEqual(kept.map((k) => k.incidentId).reverse());
    });

    it('takes only a page it gave as where to start', async () => {
      const history = await makeHistory();
      await expect(history.list({ limit: 2, after: 'not-a-page' }, at(0))).rejects.toBeInstanceOf(
        InvalidInputError,
      );
    });
  });
}
