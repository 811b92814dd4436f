import { SimulatedAccount } from '../src/sim/account.js';
import { withTask } from '../src/sim/event.js';
import { AUTO_FIX_DEPLOYMENT, simulatedLambda } from '../src/sim/lambda.js';
import { loadScenario } from '../src/sim/scenario.js';

/** The scenario of the storms and single invocations the bench measures. */
export const STORM_SCENARIO = 'no-egress-no-endpoints';

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
  const folded = lambda.notifier
    .documents()
    .reduce((sum, d) => sum + (d as { incident: { folded: number } }).incident.folded, 0);
  const alone = new SimulatedAccount(loadScenario(STORM_SCENARIO, dir));
  await simulatedLambda(alone).invoke(alone.event());
  return { events, seconds, notices, calls, oneInspection: alone.calls.length, folded };
}

/** One invocation of the scenario in auto-fix: inspect, fix, verify, notify. */
export async function singleInvocation(dir?: string): Promise<void> {
  const account = new SimulatedAccount(loadScenario(STORM_SCENARIO, dir));
  await simulatedLambda(account, { deployment: AUTO_FIX_DEPLOYMENT }).invoke(account.event());
}
