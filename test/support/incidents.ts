import { parseTaskStateChange } from '../../src/core/event.js';
import { DEFAULT_DEPLOYMENT_POLICY, type Mode } from '../../src/core/mode.js';
import { handleStoppedTask } from '../../src/pipeline/incident.js';
import type { SimulatedAccount } from '../../src/sim/account.js';
import { InMemoryIncidentStore } from '../../src/sim/incident-store.js';
import { RecordingNotifier } from '../../src/sim/lambda.js';

export { RecordingNotifier };

/** A clock the tests move by hand. */
export class TestClock {
  #now: number;
  constructor(iso = '2026-11-20T09:20:00Z') {
    this.#now = Date.parse(iso);
  }
  now = (): Date => new Date(this.#now);
  advance(seconds: number): void {
    this.#now += seconds * 1000;
  }
}

/** Handles the account's event (optionally changed) the way the Lambda does, with a shared store, notifier and clock. */
export function lambdaLike(account: SimulatedAccount, mode?: Mode) {
  const store = new InMemoryIncidentStore();
  const notifier = new RecordingNotifier();
  const clock = new TestClock();
  const handle = (change: (detail: Record<string, unknown>) => void = () => {}) => {
    const event = account.event();
    change(event.detail as Record<string, unknown>);
    return handleStoppedTask(parseTaskStateChange(event), account, {
      deployment: DEFAULT_DEPLOYMENT_POLICY,
      ...(mode ? { mode } : {}),
      writer: account.ec2Writer,
      store,
      notifier,
      windowSeconds: 3600,
      now: clock.now,
    });
  };
  return { store, notifier, clock, handle };
}
