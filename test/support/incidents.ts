import { parseTaskStateChange } from '../../src/core/event.js';
import { DEFAULT_DEPLOYMENT_POLICY, type Mode } from '../../src/core/mode.js';
import type { Notifier } from '../../src/core/ports.js';
import { handleStoppedTask } from '../../src/pipeline/incident.js';
import { InMemoryIncidentStore } from '../../src/pipeline/leases.js';
import type { SimulatedAccount } from '../../src/sim/account.js';

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

/** A notifier that keeps what it is given (and can be made to fail). */
export class RecordingNotifier implements Notifier {
  readonly sent: { subject: string; message: string; attributes: Readonly<Record<string, string>> }[] = [];
  failing = false;
  async publish(m: {
    subject: string;
    message: string;
    attributes: Readonly<Record<string, string>>;
  }): Promise<string> {
    await Promise.resolve();
    if (this.failing) throw Object.assign(new Error('SNS is unavailable'), { name: 'AwsCallError' });
    this.sent.push(m);
    return `msg-${this.sent.length}`;
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
