import { describe, expect, it } from 'vitest';
import { eventToNotice, PortRecorder } from '../../bench/latency.js';
import { SimulatedAccount } from '../../src/sim/account.js';
import { loadScenario } from '../../src/sim/scenario.js';

describe(PortRecorder.name, () => {
  it('counts calls made together as one round, and a call that waited for them as the next', async () => {
    const recorder = new PortRecorder();
    const table = recorder.wrap('dynamodb', { get: async (k: string) => k }, 20);
    await Promise.all([table.get('a'), table.get('b')]);
    await table.get('c');
    expect(recorder.calls.map((c) => c.round)).toEqual([1, 1, 2]);
    for (const c of recorder.calls) expect(c.endMs - c.startMs).toBeGreaterThanOrEqual(19);
  });
});

describe(eventToNotice.name, () => {
  it('times the store and the notifier as well as the AWS reads, and publishes after the inspection', async () => {
    const account = new SimulatedAccount(loadScenario('no-egress-no-endpoints'), { latencyMs: 10 });
    const run = await eventToNotice(account, 10);
    const ports = new Set(run.calls.map((c) => c.port));
    expect(ports).toContain('dynamodb');
    expect(ports).toContain('sns');
    expect(ports).toContain('ec2');
    const publish = run.calls.find((c) => c.port === 'sns' && c.method === 'publish');
    const lastRead = Math.max(...run.calls.filter((c) => c.port === 'ec2').map((c) => c.round));
    expect(publish?.round).toBeGreaterThan(lastRead);
    expect(run.publishedMs).toBeGreaterThanOrEqual(10 * (publish?.round ?? 0) - 1);
  });
});
