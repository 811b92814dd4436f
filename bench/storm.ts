import { DEFAULT_DEPLOYMENT_POLICY } from '../src/core/mode.js';
import { SimulatedAccount } from '../src/sim/account.js';
import { simulatedLambda } from '../src/sim/lambda.js';
import { loadScenario } from '../src/sim/scenario.js';

/** The scenario of the storms and single invocations the bench measures. */
export const STORM_SCENARIO = 'no-egress-no-endpoints';

/** The same event for another task of the service (a crash loop stops a new task each time). */
export function withTask(event: Record<string, unknown>, n: number): Record<string, unknown> {
  const copy = structuredClone(event) as { detail: Record<string, unknown> };
  copy.detail.taskArn = `${String(copy.detail.taskArn).replace(/[0-9a-f]{32}$/, '')}${n.toString(16).padStart(32, '0')}`;
  return copy;
}

export type Storm = Readonly<{
  events: number;
  seconds: number;
  notices: number;
  /** Calls the storm made, and those one inspection of the scenario makes on its own. */
  calls: number;
  oneInspection: number;
  /** Folds counted in the notices (the storm's and the next window's). */
  folded: number;
}>;

/**
 * `events` stops of one crash-looping service through the real handler with the in-memory
 * store, `concurrency` at a time (1,000 stops every 30 s of clock), then one more after the
 * window, whose notice counts the rest. With a concurrency of 1 it is one warm Lambda
 * container taking the events one after another.
 */
export async function storm(events = 10_000, dir?: string, concurrency = 1_000): Promise<Storm> {
  let now = Date.parse('2026-11-20T09:20:00Z');
  const account = new SimulatedAccount(loadScenario(STORM_SCENARIO, dir));
  const lambda = simulatedLambda(account, { now: () => new Date(now) });
  const event = account.event();
  const started = process.hrtime.bigint();
  for (let batch = 0; batch * concurrency < events; batch++) {
    const size = Math.min(concurrency, events - batch * concurrency);
    await Promise.all(
      Array.from({ length: size }, (_, i) => lambda.invoke(withTask(event, batch * concurrency + i + 1))),
    );
    now += (30_000 * concurrency) / 1_000;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const notices = lambda.notifier.sent.length;
  const calls = account.calls.length;
  now += 3_600_000;
  await lambda.invoke(withTask(event, events + 1));
  const folded = lambda.notifier.sent
    .map((m) => (JSON.parse(JSON.parse(m.message).sqs) as { incident: { folded: number } }).incident.folded)
    .reduce((a, b) => a + b, 0);
  const alone = new SimulatedAccount(loadScenario(STORM_SCENARIO, dir));
  await simulatedLambda(alone).invoke(alone.event());
  return { events, seconds, notices, calls, oneInspection: alone.calls.length, folded };
}

/** One invocation of the scenario in auto-fix: inspect, fix, verify, notify. */
export async function singleInvocation(dir?: string): Promise<void> {
  const account = new SimulatedAccount(loadScenario(STORM_SCENARIO, dir));
  const deployment = { ...DEFAULT_DEPLOYMENT_POLICY, defaultMode: 'auto-fix' as const };
  await simulatedLambda(account, { deployment }).invoke(account.event());
}
