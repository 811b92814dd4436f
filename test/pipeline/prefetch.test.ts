import { describe, expect, it } from 'vitest';
import { parseTaskStateChange } from '../../src/core/event.js';
import { DEFAULT_DEPLOYMENT_POLICY } from '../../src/core/mode.js';
import type { GroupClaim } from '../../src/core/ports.js';
import { handleStoppedTask } from '../../src/pipeline/incident.js';
import { prefetchRoundOne } from '../../src/pipeline/prefetch.js';
import { RecentGroups } from '../../src/pipeline/recent-groups.js';
import { SimulatedAccount } from '../../src/sim/account.js';
import { nthTaskArn } from '../../src/sim/event.js';
import { InMemoryIncidentStore } from '../../src/sim/incident-store.js';
import { loadScenario } from '../../src/sim/scenario.js';
import { RecordingNotifier, TestClock } from '../support/incidents.js';

const failing = (faults: ConstructorParameters<typeof SimulatedAccount>[1] = {}) =>
  new SimulatedAccount(loadScenario('no-egress-no-endpoints'), faults);
const taskOf = (account: SimulatedAccount, n = 1) => {
  const event = account.event();
  const detail = event.detail as Record<string, unknown>;
  detail.taskArn = nthTaskArn(String(detail.taskArn), n);
  return parseTaskStateChange(event);
};

/** The store, with its group claims held until `release` is called: what was read meanwhile shows. */
class GatedStore extends InMemoryIncidentStore {
  open: () => void = () => {};
  readonly #gate = new Promise<void>((resolve) => {
    this.open = resolve;
  });
  override async claimGroup(...args: Parameters<InMemoryIncidentStore['claimGroup']>): Promise<GroupClaim> {
    await this.#gate;
    return super.claimGroup(...args);
  }
}

const optionsFor = (store: InMemoryIncidentStore, recent?: RecentGroups) => ({
  deployment: DEFAULT_DEPLOYMENT_POLICY,
  store,
  notifier: new RecordingNotifier(),
  windowSeconds: 3600,
  now: new TestClock().now,
  ...(recent ? { recent } : {}),
});

describe('the inspection’s first round, read while the store decides', () => {
  it('reads what the event names before the store has answered, for a lone stop of a group not seen busy', async () => {
    const account = failing();
    const store = new GatedStore();
    const handled = handleStoppedTask(taskOf(account), account, optionsFor(store, new RecentGroups()));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(account.calls.map((c) => c.operation).sort()).toEqual([
      'ec2:DescribeNetworkInterfaces',
      'ec2:DescribeSubnets',
      'ecs:DescribeServices',
      'ecs:DescribeTaskDefinition',
    ]);
    store.open();
    expect((await handled).kind).toBe('notified');
    // Read once each: the inspection took what was started.
    expect(account.calls.filter((c) => c.operation === 'ec2:DescribeSubnets')).toHaveLength(1);
  });

  it('reads nothing before the store has answered without a container’s memory (the CLI)', async () => {
    const account = failing();
    const store = new GatedStore();
    const handled = handleStoppedTask(taskOf(account), account, optionsFor(store));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(account.calls).toEqual([]);
    store.open();
    await handled;
  });

  it('reads nothing for a stop of a group this container saw busy: it is folded without a read', async () => {
    const account = failing();
    const store = new InMemoryIncidentStore();
    const options = optionsFor(store, new RecentGroups());
    expect((await handleStoppedTask(taskOf(account, 1), account, options)).kind).toBe('notified');
    const reads = account.calls.length;
    expect(await handleStoppedTask(taskOf(account, 2), account, options)).toMatchObject({ kind: 'folded' });
    expect(account.calls).toHaveLength(reads);
  });

  it('lets a read started early fail into a "not checked" line, with nothing unhandled', async () => {
    const account = failing({ faults: [{ operation: 'ec2:DescribeSubnets', kind: 'denied' }] });
    const handled = await handleStoppedTask(
      taskOf(account),
      account,
      optionsFor(new InMemoryIncidentStore(), new RecentGroups()),
    );
    expect(handled.kind === 'notified' && handled.notification.message).toMatch(/ec2:DescribeSubnets/);
  });

  it('answers each started read once; a later call with the same arguments reads afresh', async () => {
    const account = failing();
    const task = taskOf(account);
    const ports = prefetchRoundOne(task, account);
    const subnet = task.eni.subnetId ?? '';
    await ports.ec2.describeSubnets([subnet]);
    await ports.ec2.describeSubnets([subnet]);
    expect(account.calls.filter((c) => c.operation === 'ec2:DescribeSubnets')).toHaveLength(2);
  });

  it('spends its reads, and nothing else, on a lone stop that turns out folded (another container told it)', async () => {
    const account = failing();
    const store = new InMemoryIncidentStore();
    await handleStoppedTask(taskOf(account, 1), account, optionsFor(store));
    const before = account.calls.length;
    // A fresh container: it has not seen the group.
    const handled = await handleStoppedTask(
      taskOf(account, 2),
      account,
      optionsFor(store, new RecentGroups()),
    );
    expect(handled.kind).toBe('folded');
    expect(account.calls.length - before).toBe(4);
  });
});

describe(RecentGroups.name, () => {
  const at = (s: number) => new Date(Date.parse('2026-12-06T10:00:00Z') + s * 1000);
  it('says a group is busy until the time remembered, and not after', () => {
    const recent = new RecentGroups();
    recent.remember('g', at(3600));
    expect(recent.busy('g', at(10))).toBe(true);
    expect(recent.busy('g', at(3600))).toBe(false);
    expect(recent.busy('other', at(10))).toBe(false);
  });

  it('forgets a group given back, and the oldest beyond its capacity', () => {
    const recent = new RecentGroups(2);
    recent.remember('a', at(60));
    recent.remember('b', at(60));
    recent.forget('b');
    recent.remember('c', at(60));
    recent.remember('d', at(60));
    expect(['a', 'b', 'c', 'd'].map((g) => recent.busy(g, at(0)))).toEqual([false, false, true, true]);
  });
});
