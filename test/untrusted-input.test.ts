import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reportStoppedTask } from '../src/cli/report-commands.js';
import { parseTaskStateChange } from '../src/core/event.js';
import { DEFAULT_DEPLOYMENT_POLICY } from '../src/core/mode.js';
import { InMemoryIncidentStore } from '../src/pipeline/leases.js';
import { SimulatedAccount } from '../src/sim/account.js';
import { simulatedLambda } from '../src/sim/lambda.js';
import { loadScenario } from '../src/sim/scenario.js';
import { runCli, textSink } from './support/cli.js';

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
    await reportStoppedTask(
      parseTaskStateChange(event),
      account,
      {
        deployment: DEFAULT_DEPLOYMENT_POLICY,
        windowSeconds: 3600,
        store: new InMemoryIncidentStore(),
        now: () => new Date('2026-11-20T09:20:00Z'),
        retriedOnFailure: false,
        ceiling: 'dry-run',
      },
      flags,
      out,
      err,
    );
    printed.push(out.text, err.text);
  }
  return printed.join('\n');
}

/** A credential as a presigned URL carries it: a base64 session token (raw or percent-encoded) or a hex signature. */
const credential = fc.oneof(
  fc
    .tuple(fc.base64String({ minLength: 40, maxLength: 200 }), fc.boolean())
    .map(([b64, encode]) => (encode ? encodeURIComponent(b64) : b64)),
  fc.stringMatching(/^[0-9a-f]{64}$/),
);
const parameter = fc.constantFrom(
  'X-Amz-Security-Token=',
  'X-Amz-Signature=',
  'X-Amz-Credential=',
  'x-amz-security-token=',
  'Signature=',
  'AWSAccessKeyId=',
  'X-Amz-Security-Token%!D(MISSING)',
);
/** The container agent's words around the URL, or anything at all. */
const words = fc.oneof(
  fc.constantFrom(
    'CannotPullContainerError: ref pull has been retried 5 time(s): failed to copy: httpReadSeeker: failed open: failed to do request: Get "',
    'CannotPullContainerError: error pulling image configuration: Get ',
    '": dial tcp 52.217.161.49:443: i/o timeout',
    ': net/http: TLS handshake timeout',
  ),
  fc.string({ maxLength: 80 }),
);

describe('presigned URLs in stop reasons', () => {
  it('for any credential in a presigned URL anywhere in a stop or container reason, no notice, log line, replay report or classify output carries any of it', async () => {
    await fc.assert(
      fc.asyncProperty(
        words,
        parameter,
        credential,
        words,
        fc.boolean(),
        async (before, param, secret, after, inContainer) => {
          const reason = `${before}https://prod-us-east-1-starport-layer-bucket.s3.us-east-1.amazonaws.com/d2c5f1/2b7a?X-Amz-Algorithm=AWS4-HMAC-SHA256&${param}${secret}&X-Amz-Expires=3600${after}`;
          const account = failing();
          const event = account.event();
          const detail = event.detail as Detail;
          const [app] = detail.containers;
          if (inContainer && app) app.reason = reason;
          else detail.stoppedReason = reason;

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
          // No 12 characters of the credential, unless the words around it hold them too.
          for (let i = 0; i + 12 <= secret.length; i++) {
            const piece = secret.slice(i, i + 12);
            if (!`${before} ${after}`.includes(piece)) expect(outputs).not.toContain(piece);
          }
        },
      ),
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
