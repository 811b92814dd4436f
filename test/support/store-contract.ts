import { describe, expect, it } from 'vitest';
import { deliveryKeyOf, groupKeyOf, workloadKeyOf } from '../../src/core/keys.js';
import type { IncidentStore, OpenFix, PendingNotice } from '../../src/core/ports.js';

/**
 * The incident store's contract: what every store (in memory in the unit project, DynamoDB on
 * moto in the integration project) must do, operation by operation. Times are whole seconds
 * from one instant and never on an expiry's own second (the DynamoDB store keeps epoch
 * seconds, the one in memory milliseconds). Each test gets a store of its own.
 */
export function describeStoreContract(
  name: string,
  makeStore: () => Promise<IncidentStore>,
  /** Why concurrent conditional writes cannot be held to one winner on this store, if they cannot. */
  racy?: string,
): void {
  const T0 = Date.parse('2026-11-20T09:20:00Z');
  /** The instant `seconds` after T0. */
  const at = (seconds: number) => new Date(T0 + seconds * 1000);
  const WINDOW = 3600;
  const CLAIM = 180;

  const task = {
    clusterArn: 'arn:aws:ecs:eu-west-1:111122223333:cluster/prod-apps',
    taskArn: 'arn:aws:ecs:eu-west-1:111122223333:task/prod-apps/0f1e2d3c4b5a69788796a5b4c3d2e1f0',
    serviceName: 'checkout',
    family: 'checkout',
    version: 3,
  };
  const delivery = deliveryKeyOf(task);
  const group = groupKeyOf(task, 'network-timeout');
  const workload = workloadKeyOf(task);
  const otherWorkload = workloadKeyOf({ ...task, serviceName: 'payments' });
  const notice: PendingNotice = {
    subject: '[ecs-pullfix] task failed to start — prod-apps/checkout: network-timeout (ecr): no-egress-path',
    message: JSON.stringify({ default: 'WHAT FAILED\n…', email: 'WHAT FAILED\n…', sqs: '{"schema":1}' }),
    attributes: { cause: 'network-timeout', outcome: 'action-needed' },
    chat: JSON.stringify({
      version: '1.0',
      source: 'custom',
      content: {
        textType: 'client-markdown',
        title: '❌ Task failed to start: `prod-apps`/`checkout`',
        description: 'A task … could not start.',
      },
      metadata: { threadId: 'inc-a' },
    }),
  };
  const fixAt = (seconds: number, cause = 'network-timeout'): OpenFix => ({
    incidentId: 'inc-5c1e0b2a9d8f7e6a',
    cause,
    fixedAt: at(seconds).toISOString(),
    clusterArn: task.clusterArn,
    clusterName: 'prod-apps',
    workload: 'service:checkout',
    root: 'missing-endpoint:ecr.dkr',
    changes: ['create-endpoint:ecr.dkr (vpce-0a1b2c3d4e5f60718)'],
  });

  describe(`${name}: the delivery log`, () => {
    it('lets a delivery be claimed once while its claim lasts', async () => {
      const store = await makeStore();
      expect(await store.claimDelivery(delivery, at(0), CLAIM)).toBe(true);
      expect(await store.claimDelivery(delivery, at(1), CLAIM)).toBe(false);
      expect(await store.claimDelivery(deliveryKeyOf({ ...task, version: 4 }), at(1), CLAIM)).toBe(true);
    });

    it('lets a delivery be claimed again once its claim has lapsed (an invocation that died)', async () => {
      const store = await makeStore();
      await store.claimDelivery(delivery, at(0), CLAIM);
      expect(await store.claimDelivery(delivery, at(CLAIM + 1), CLAIM)).toBe(true);
    });

    it('absorbs a late redelivery of a completed delivery for as long as it is remembered', async () => {
      const store = await makeStore();
      await store.claimDelivery(delivery, at(0), CLAIM);
      await store.completeDelivery(delivery, at(10), 24 * 3600);
      expect(await store.claimDelivery(delivery, at(CLAIM + 1), CLAIM)).toBe(false);
      expect(await store.claimDelivery(delivery, at(10 + 24 * 3600 + 1), CLAIM)).toBe(true);
    });

    it('lets a released delivery be claimed again at once (Lambda’s retry)', async () => {
      const store = await makeStore();
      await store.claimDelivery(delivery, at(0), CLAIM);
      await store.releaseDelivery(delivery);
      expect(await store.claimDelivery(delivery, at(1), CLAIM)).toBe(true);
    });
  });

  describe(`${name}: the incident window`, () => {
    const claim = (store: IncidentStore, owner: string, seconds: number, others = 0) =>
      store.claimGroup(group, owner, at(seconds), WINDOW, CLAIM, others);
    const busy = (owner: string, seconds: number) => ({ owner, now: at(seconds), windowSeconds: WINDOW });

    it('gives the diagnosis to the first stop and turns the others away while it is held', async () => {
      const store = await makeStore();
      expect(await claim(store, 'req-1', 0)).toEqual({ claimed: true, folded: 0 });
      expect(await claim(store, 'req-2', 1)).toEqual({ claimed: false });
      // Its own claim again (Lambda's retry of the same request): claimed.
      expect((await claim(store, 'req-1', 2)).claimed).toBe(true);
      const otherCause = await store.claimGroup(
        groupKeyOf(task, 'pull-denied'),
        'req-3',
        at(3),
        WINDOW,
        CLAIM,
      );
      expect(otherCause.claimed).toBe(true);
    });

    it.skipIf(racy !== undefined)(
      `gives the diagnosis to one of many concurrent stops${racy ? ` (not here: ${racy})` : ''}`,
      async () => {
        const store = await makeStore();
        const owners = Array.from({ length: 8 }, (_, i) => `req-${i + 1}`);
        const claims = await Promise.all(owners.map((o) => claim(store, o, 0)));
        expect(claims.filter((c) => c.claimed)).toHaveLength(1);
      },
    );

    it('gives the diagnosis to another stop once the claim has lapsed or was released', async () => {
      const store = await makeStore();
      await claim(store, 'req-1', 0);
      expect((await claim(store, 'req-2', CLAIM + 1)).claimed).toBe(true);
      await store.releaseClaim(group, 'req-1'); // not its claim any more: nothing happens
      expect((await claim(store, 'req-3', CLAIM + 2)).claimed).toBe(false);
      await store.releaseClaim(group, 'req-2');
      expect((await claim(store, 'req-3', CLAIM + 3)).claimed).toBe(true);
    });

    it('releases a claim nobody holds without failing', async () => {
      const store = await makeStore();
      await expect(store.releaseClaim(group, 'req-1')).resolves.toBeUndefined();
    });

    it('folds a batch into a busy group in one write, and into a free one not at all', async () => {
      const store = await makeStore();
      expect(await store.foldInto(group, 40, busy('req-2', 0))).toBe(false);
      await claim(store, 'req-1', 1);
      expect(await store.foldInto(group, 40, busy('req-1', 2))).toBe(false); // its own claim
      expect(await store.foldInto(group, 40, busy('req-2', 2))).toBe(true);
      expect(await store.claimNotice(group, 'inc-a', 'req-1', at(5), WINDOW, 0)).toBe(true);
      expect(await store.foldInto(group, 60, busy('req-3', 10))).toBe(true);
      expect(await claim(store, 'req-4', 5 + WINDOW + 1)).toEqual({
        claimed: true,
        folded: 100,
        incidentId: 'inc-a',
      });
    });

    it('counts a batch’s other stops with its claim, for the next notice', async () => {
      const store = await makeStore();
      expect(await claim(store, 'req-1', 0, 99)).toEqual({ claimed: true, folded: 0 });
      await store.claimNotice(group, 'inc-a', 'req-1', at(5), WINDOW, 0);
      expect(await claim(store, 'req-2', 5 + WINDOW + 1)).toEqual({
        claimed: true,
        folded: 99,
        incidentId: 'inc-a',
      });
    });

    it('keeps the stops folded while a notice was diagnosed for the next one, and takes off those it told', async () => {
      const store = await makeStore();
      await store.foldInto(group, 7);
      expect(await claim(store, 'req-1', 0)).toEqual({ claimed: true, folded: 7 });
      await store.foldInto(group, 2); // arrived while req-1 diagnosed
      expect(await store.claimNotice(group, 'inc-a', 'req-1', at(5), WINDOW, 7)).toBe(true);
      expect(await claim(store, 'req-2', 5 + WINDOW + 1)).toEqual({
        claimed: true,
        folded: 2,
        incidentId: 'inc-a',
      });
    });

    it('says a notice is a repeat when another invocation told the incident first (its claim lapsed)', async () => {
      const store = await makeStore();
      await claim(store, 'req-1', 0);
      await claim(store, 'req-2', CLAIM + 1);
      expect(await store.claimNotice(group, 'inc-a', 'req-2', at(CLAIM + 5), WINDOW, 0)).toBe(true);
      expect(await store.claimNotice(group, 'inc-a', 'req-1', at(CLAIM + 6), WINDOW, 0)).toBe(false);
      expect(await store.claimNotice(group, 'inc-b', 'req-1', at(CLAIM + 7), WINDOW, 0)).toBe(true);
    });

    it('keeps a notice that could not be sent on its group, its chat part too, for the group’s next claim to send', async () => {
      const store = await makeStore();
      await claim(store, 'req-1', 0);
      await store.claimNotice(group, 'inc-a', 'req-1', at(5), WINDOW, 0);
      await store.keepUnsentNotice(group, { ...notice, incidentId: 'inc-a' });
      expect(await store.foldInto(group, 3, busy('req-2', 6))).toBe(false);
      const retry = await claim(store, 'req-2', 7);
      expect(retry).toMatchObject({ claimed: true, unsent: { ...notice, incidentId: 'inc-a' } });
      await store.claimNotice(group, 'inc-a', 'req-2', at(8), WINDOW, 0);
      expect(await claim(store, 'req-3', 8 + WINDOW + 1)).not.toHaveProperty('unsent');
    });

    it('forgets a reopened group: its next stop is diagnosed and told afresh', async () => {
      const store = await makeStore();
      await claim(store, 'req-1', 0);
      await store.claimNotice(group, 'inc-a', 'req-1', at(5), WINDOW, 0);
      await store.foldInto(group, 1);
      await store.reopenGroup(group);
      expect(await claim(store, 'req-3', 20)).toEqual({ claimed: true, folded: 0 });
    });

    it('says an incident was fixed within the window, and not after it', async () => {
      const store = await makeStore();
      expect(await store.fixedRecently('inc-a', at(0), WINDOW)).toBe(false);
      await store.markFixed('inc-a', at(0), WINDOW);
      expect(await store.fixedRecently('inc-a', at(10), WINDOW)).toBe(true);
      expect(await store.fixedRecently('inc-b', at(10), WINDOW)).toBe(false);
      expect(await store.fixedRecently('inc-a', at(WINDOW + 1), WINDOW)).toBe(false);
    });
  });

  describe(`${name}: the fix ledger`, () => {
    it('gives an open fix, once, to the first task created after it', async () => {
      const store = await makeStore();
      await store.openFix(workload, fixAt(0), at(0), 24 * 3600);
      expect(await store.takeOpenFix(workload, at(60), at(30))).toEqual(fixAt(0));
      expect(await store.takeOpenFix(workload, at(61), at(31))).toBeUndefined();
    });

    it('gives an open fix to one of many concurrent takers', async () => {
      const store = await makeStore();
      await store.openFix(workload, fixAt(0), at(0), 24 * 3600);
      const taken = await Promise.all(
        Array.from({ length: 6 }, () => store.takeOpenFix(workload, at(60), at(30))),
      );
      expect(taken.filter((t) => t !== undefined)).toEqual([fixAt(0)]);
    });

    it('keeps an open fix from a task created before it, and from a failure of another cause', async () => {
      const store = await makeStore();
      await store.openFix(workload, fixAt(100), at(100), 24 * 3600);
      expect(await store.takeOpenFix(workload, at(120), at(90), 'network-timeout')).toBeUndefined();
      expect(await store.takeOpenFix(workload, at(130), at(110), 'pull-denied')).toBeUndefined();
      expect(await store.takeOpenFix(otherWorkload, at(130), at(110))).toBeUndefined();
      expect(await store.takeOpenFix(workload, at(140), at(110), 'network-timeout')).toEqual(fixAt(100));
    });

    it('closes an open fix nobody took within its time', async () => {
      const store = await makeStore();
      await store.openFix(workload, fixAt(0), at(0), 600);
      expect(await store.takeOpenFix(workload, at(601), at(30))).toBeUndefined();
    });

    it('keeps one open fix per workload: a later fix replaces it', async () => {
      const store = await makeStore();
      await store.openFix(workload, fixAt(0), at(0), 24 * 3600);
      await store.openFix(workload, fixAt(50, 'pull-denied'), at(50), 24 * 3600);
      expect(await store.takeOpenFix(workload, at(80), at(60))).toEqual(fixAt(50, 'pull-denied'));
      expect(await store.takeOpenFix(workload, at(81), at(60))).toBeUndefined();
    });
  });

  describe(`${name}: the leases`, () => {
    const lease = 'vpc-0a1b2c3d4e5f60718|com.amazonaws.eu-west-1.ecr.dkr';

    it('holds a lease for one owner at a time, who may take it again', async () => {
      const store = await makeStore();
      expect(await store.acquire(lease, 'req-1', 60, at(0))).toBe(true);
      expect(await store.acquire(lease, 'req-2', 60, at(1))).toBe(false);
      expect(await store.acquire(lease, 'req-1', 60, at(2))).toBe(true);
      expect(await store.acquire('vpc-0a1b2c3d4e5f60718|sg', 'req-2', 60, at(3))).toBe(true);
    });

    it('gives a lease to one of many concurrent owners', async () => {
      const store = await makeStore();
      const owners = Array.from({ length: 6 }, (_, i) => `req-${i + 1}`);
      const held = await Promise.all(owners.map((o) => store.acquire(lease, o, 60, at(0))));
      expect(held.filter(Boolean)).toHaveLength(1);
    });

    it('frees a lease when it expires, or when its owner (and only its owner) releases it', async () => {
      const store = await makeStore();
      await store.acquire(lease, 'req-1', 60, at(0));
      expect(await store.acquire(lease, 'req-2', 60, at(61))).toBe(true);
      await store.release(lease, 'req-1');
      expect(await store.acquire(lease, 'req-3', 60, at(62))).toBe(false);
      await store.release(lease, 'req-2');
      expect(await store.acquire(lease, 'req-3', 60, at(63))).toBe(true);
    });
  });
}
