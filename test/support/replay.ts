import type { Writable } from 'node:stream';
import { reportStoppedTask } from '../../src/cli/report-commands.js';
import { parseTaskStateChange } from '../../src/core/event.js';
import { DEFAULT_DEPLOYMENT_POLICY } from '../../src/core/mode.js';
import type { IncidentOptions } from '../../src/pipeline/incident.js';
import type { SimulatedAccount } from '../../src/sim/account.js';
import { InMemoryIncidentStore } from '../../src/sim/incident-store.js';
import { textSink } from './cli.js';

/** What a test chooses of a replay: the mode (or the ceiling), the write port, the notifier. */
export type ReplayPolicy = Pick<IncidentOptions, 'mode' | 'ceiling' | 'writer' | 'notifier'>;

/**
 * `ecs-pullfix replay EVENT_FILE` in this process, on the simulated account: the same shell
 * (`reportStoppedTask`) with what `replay` gives it (a fresh incident store, an hour's window,
 * no retry, the clock at 2026-11-20T09:20Z) and the test's `policy`. The event is the
 * account's own stopped task unless one is given. Returns the exit code.
 */
export async function replayEvent(
  account: SimulatedAccount,
  policy: ReplayPolicy,
  flags: Readonly<{ json: boolean; showNotice?: boolean }>,
  out: Writable,
  err: Writable = textSink(),
  event: unknown = account.event(),
): Promise<number> {
  return reportStoppedTask(
    parseTaskStateChange(event),
    account,
    {
      deployment: DEFAULT_DEPLOYMENT_POLICY,
      windowSeconds: 3600,
      store: new InMemoryIncidentStore(),
      now: () => new Date('2026-11-20T09:20:00Z'),
      retriedOnFailure: false,
      ...policy,
    },
    flags,
    out,
    err,
  );
}
