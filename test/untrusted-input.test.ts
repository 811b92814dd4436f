import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SimulatedAccount } from '../src/sim/account.js';
import { simulatedLambda } from '../src/sim/lambda.js';
import { loadScenario } from '../src/sim/scenario.js';
import { runCli, textSink } from './support/cli.js';
import { leakedPieces, presignedReason } from './support/presigned.js';
import { replayEvent } from './support/replay.js';

/**
 * Bounded work on hostile input, and no credentials out of it, through the real shells: the
 * Lambda handler and the CLI's `replay` and `classify` on the simulated account.
 */
const failing = () => new SimulatedAccount(loadScenario('no-egress-no-endpoints'));
type Detail = Record<string, unknown> & { containers: Record<string, unknown>[] };

/** Everything `replay EVENT_FILE` prints, as text (with the notice) and as `--json`. */
async function replayOutputs(account: SimulatedAccount, event: Record<string, unknown>): Promise<string> {
  const printed: string[] = [];
  for (const flags of [{ json: false, showNotice: true }, { json: true }]) {
    const out = textSink();
    const err = textSink();
    await replayEvent(account, { ceiling: 'dry-run' }, flags, out, err, event);
    printed.push(out.text, err.text);
  }
  return printed.join('\n');
}

describe('presigned URLs in stop reasons', () => {
  it('for any credential in a presigned URL anywhere in a stop or container reason, no notice, log line, replay report or classify output carries any of it', async () => {
    await fc.assert(
      fc.asyncProperty(presignedReason, fc.boolean(), async (hostile, inContainer) => {
        const account = failing();
        const event = account.event();
        const detail = event.detail as Detail;
        const [app] = detail.containers;
        if (inContainer && app) app.reason = hostile.reason;
        else detail.stoppedReason = hostile.reason;

        const lambda = simulatedLambda(account);
        await lambda.invoke(structuredClone(event));
        const outputs = [
          ...lambda.notifier.sent.map((s) => `${s.subject}\n${s.message}`),
          JSON.stringify(lambda.logger.entries),
          await replayOutputs(account, structuredClone(event)),
          (await runCli(['classify', '--json'], JSON.stringify(event))).stdout,
          (await runCli(['classify'], JSON.stringify(event))).stdout,
        ].join('\n');

        expect(lambda.notifier.sent.length).toBe(1);
        expect(outputs).toContain('[redacted]');
        expect(leakedPieces(outputs, hostile)).toEqual([]);
      }),
      { numRuns: 40 },
    );
  }, 60_000);
});

describe('a hostile image reference', () => {
  it('a 256 KB image of quotes (seconds for the regex parser of old) is diagnosed like any other event', async () => {
    const account = failing();
    const lambda = simulatedLambda(account);
    const event = account.event();
    const [app] = (event.detail as Detail).containers;
    if (app) app.image = `x${'"'.repeat(256 * 1024)}x`;

    expect(await lambda.invoke(event)).toMatchObject({ result: 'notified', cause: 'network-timeout' });
  });
});
