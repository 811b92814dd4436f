import { describe, expect, it } from 'vitest';
import { batchStorm, CountingStore } from '../../bench/storm-batch.js';

describe(batchStorm.name, () => {
  it('costs a storm of one service ten invocations of 100, a write each and a few, one inspection and one notice', async () => {
    const storm = await batchStorm(1_000, 1);
    expect(storm).toMatchObject({
      invocations: 10,
      inspections: 1,
      notices: 1,
      folded: 999,
      deadLettered: 0,
    });
    expect(storm.writes).toBeGreaterThanOrEqual(10);
    expect(storm.writes).toBeLessThanOrEqual(20);
  });

  it('costs a storm mixing 10 services one inspection and one notice per service, and no read beyond them', async () => {
    const alone = (await batchStorm(1, 1)).calls;
    const storm = await batchStorm(500, 10);
    expect(storm).toMatchObject({
      invocations: 5,
      inspections: 10,
      notices: 10,
      folded: 490,
      deadLettered: 0,
    });
    // Two execution environments at once: neither reads for a group the other claimed.
    expect(storm.calls).toBe(10 * alone);
  });
});

describe(CountingStore.name, () => {
  it('counts a GetItem for a workload with no open fix, and a DeleteItem too when there is one to take', async () => {
    const store = new CountingStore();
    const now = new Date('2026-11-20T09:20:00Z');
    const later = new Date('2026-11-20T09:30:00Z');
    expect(await store.takeOpenFix('prod-apps|service:checkout', now, later)).toBeUndefined();
    expect({ reads: store.reads, writes: store.writes }).toEqual({ reads: 1, writes: 0 });
    await store.openFix(
      'prod-apps|service:checkout',
      {
        incidentId: 'inc-8096c488d0491a44',
        cause: 'network-timeout',
        fixedAt: now.toISOString(),
        clusterArn: 'arn:aws:ecs:us-east-1:111122223333:cluster/prod-apps',
        clusterName: 'prod-apps',
        workload: 'service:checkout',
        root: 'missing-endpoint:ecr.dkr',
        changes: ['created the interface endpoint com.amazonaws.us-east-1.ecr.dkr'],
      },
      now,
      86_400,
    );
    expect(await store.takeOpenFix('prod-apps|service:checkout', later, later)).toMatchObject({
      incidentId: 'inc-8096c488d0491a44',
    });
    expect({ reads: store.reads, writes: store.writes }).toEqual({ reads: 2, writes: 2 });
  });
});
