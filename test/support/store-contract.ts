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

    it('keeps a notice that could not be sent for its delivery, until it is cleared', async () => {
      const store = await makeStore();
      expect(await store.pendingNotice(delivery)).toBeUndefined();
      await store.savePendingNotice(delivery, notice, at(0), 24 * 3600);
      expect(await store.pendingNotice(delivery)).toEqual(notice);
      expect(await store.pendingNotice(deliveryKeyOf({ ...task, version: 4 }))).toBeUndefined();
      await store.clearPendingNotice(delivery);
      expect(await store.pendingNotice(delivery)).toBeUndefined();
    });
  });

  describe(`${name}: the incident window`, () => {
    it('gives the diagnosis to the first stop and folds the others while it is held', async () => {
      const store = await makeStore();
      expect(await store.foldOrClaim(group, 'req-1', at(0), WINDOW, CLAIM)).toBe(false);
      expect(await store.foldOrClaim(group, 'req-2', at(1), WINDOW, CLAIM)).toBe(true);
      // Its own claim again (Lambda's retry of the same request): not folded.
      expect(await store.foldOrClaim(group, 'req-1', at(2), WINDOW, CLAIM)).toBe(false);
      expect(await store.foldOrClaim(groupKeyOf(task, 'pull-denied'), 'req-3', at(3), WINDOW, CLAIM)).toBe(
        false,
      );
    });

    it.skipIf(racy !== undefined)(
      `gives the diagnosis to one of many concurrent stops${racy ? ` (not here: ${racy})` : ''}`,
      async () => {
        const store = await makeStore();
        const owners = Array.from({ length: 8 }, (_, i) => `req-${i + 1}`);
        const folded = await Promise.all(
          owners.map((o) => store.foldOrClaim(group, o, at(0), WINDOW, CLAIM)),
        );
        expect(folded.filter((f) => !f)).toHaveLength(1);
      },
    );

    it('gives the diagnosis to another stop once the claim has lapsed or was released', async () => {
      const store = await makeStore();
      await store.foldOrClaim(group, 'req-1', at(0), WINDOW, CLAIM);
      expect(await store.foldOrClaim(group, 'req-2', at(CLAIM + 1), WINDOW, CLAIM)).toBe(false);
      await store.releaseClaim(group, 'req-1'); // not its claim any more: nothing happens
      expect(await store.foldOrClaim(group, 'req-3', at(CLAIM + 2), WINDOW, CLAIM)).toBe(true);
      await store.releaseClaim(group, 'req-2');
      expect(await store.foldOrClaim(group, 'req-3', at(CLAIM + 3), WINDOW, CLAIM)).toBe(false);
    });

    it('releases a claim nobody holds without failing', async () => {
      const store = await makeStore();
      await expect(store.releaseClaim(group, 'req-1')).resolves.toBeUndefined();
    });

    it('tells the first notice with the stops folded while it was diagnosed', async () => {
      const store = await makeStore();
      await store.foldOrClaim(group, 'req-1', at(0), WINDOW, CLAIM);
      await store.foldOrClaim(group, 'req-2', at(1), WINDOW, CLAIM);
      await store.foldOrClaim(group, 'req-3', at(2), WINDOW, CLAIM);
      expect(await store.claimNotice(group, 'inc-a', at(5), WINDOW)).toEqual({ notify: true, folded: 2 });
    });

    it('folds every stop of a told incident within the window, and counts them into the next notice', async () => {
      const store = await makeStore();
      await store.foldOrClaim(group, 'req-1', at(0), WINDOW, CLAIM);
      await store.claimNotice(group, 'inc-a', at(5), WINDOW);
      expect(await store.foldOrClaim(group, 'req-2', at(10), WINDOW, CLAIM)).toBe(true);
      expect(await store.foldOrClaim(group, 'req-1', at(11), WINDOW, CLAIM)).toBe(true);
      // A concurrent diagnosis that reached the same incident is folded too.
      expect(await store.claimNotice(group, 'inc-a', at(12), WINDOW)).toEqual({ notify: false, folded: 0 });
      expect(await store.foldOrClaim(group, 'req-3', at(5 + WINDOW + 1), WINDOW, CLAIM)).toBe(false);
      expect(await store.claimNotice(group, 'inc-a', at(5 + WINDOW + 2), WINDOW)).toEqual({
        notify: true,
        folded: 3,
      });
    });

    it('tells another incident of the group within the window, without the first one’s folds', async () => {
      const store = await makeStore();
      await store.foldOrClaim(group, 'req-1', at(0), WINDOW, CLAIM);
      await store.claimNotice(group, 'inc-a', at(5), WINDOW);
      await store.foldOrClaim(group, 'req-2', at(10), WINDOW, CLAIM);
      expect(await store.claimNotice(group, 'inc-b', at(20), WINDOW)).toEqual({ notify: true, folded: 0 });
    });

    it('forgets a reopened group: its next stop is diagnosed and told afresh', async () => {
      const store = await makeStore();
      await store.foldOrClaim(group, 'req-1', at(0), WINDOW, CLAIM);
      await store.claimNotice(group, 'inc-a', at(5), WINDOW);
      await store.foldOrClaim(group, 'req-2', at(10), WINDOW, CLAIM);
      await store.reopenGroup(group);
      expect(await store.foldOrClaim(group, 'req-3', at(20), WINDOW, CLAIM)).toBe(false);
      expect(await store.claimNotice(group, 'inc-a', at(25), WINDOW)).toEqual({ notify: true, folded: 0 });
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
