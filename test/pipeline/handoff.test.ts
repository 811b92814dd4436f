import { describe, expect, it } from 'vitest';
import { parseTaskStateChange } from '../../src/core/event.js';
import type { Handoff, HandoffSender } from '../../src/core/handoff.js';
import { DEFAULT_DEPLOYMENT_POLICY } from '../../src/core/mode.js';
import { handleStoppedTask } from '../../src/pipeline/incident.js';
import { SimulatedAccount } from '../../src/sim/account.js';
import { nthTaskArn } from '../../src/sim/event.js';
import { InMemoryIncidentStore } from '../../src/sim/incident-store.js';
import { RecordingNotifier } from '../../src/sim/lambda.js';
import { loadScenario } from '../../src/sim/scenario.js';
import { TestClock } from '../support/incidents.js';

/**
 * The hand-off in the Lambda's pipeline: an incident we could not pin goes to the agent once,
 * in the round of its first notice, however many notices its crash loop sends; one we
 * diagnosed never goes; a put that failed is tried again with the incident's next notice.
 */

const WINDOW_SECONDS = 3600;
/** A stop reason the classifier does not recognise: the path is whole, the cause unknown. */
const UNRECOGNISED = 'Task failed to start';

class RecordingSender implements HandoffSender {
  readonly sent: Handoff[] = [];
  failures = 0;
  async send(handoff: Handoff): Promise<void> {
    await Promise.resolve();
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error('events:PutEvents failed: InternalFailure');
    }
    this.sent.push(handoff);
  }
}

function crashLoop(scenario: string, stoppedReason?: string) {
  const account = new SimulatedAccount(loadScenario(scenario));
  const store = new InMemoryIncidentStore();
  const notifier = new RecordingNotifier();
  const sender = new RecordingSender();
  const clock = new TestClock();
  /** The loop's `n`th stopped task, handled as the Lambda handles it. */
  const stop = (n: number) => {
    const event = account.event();
    const detail = event.detail as Record<string, unknown>;
    detail.taskArn = nthTaskArn(String(detail.taskArn), n);
    if (stoppedReason !== undefined) detail.stoppedReason = stoppedReason;
    return handleStoppedTask(parseTaskStateChange(event), account, {
      deployment: DEFAULT_DEPLOYMENT_POLICY,
      store,
      notifier,
      handoff: sender,
      windowSeconds: WINDOW_SECONDS,
      now: clock.now,
    });
  };
  return { stop, store, notifier, sender, clock };
}

describe('the hand-off to an AI agent, in the pipeline', () => {
  it('hands an incident of unknown cause off once, with its first notice, keyed by its incident id', async () => {
    const loop = crashLoop('nat-public-subnet-main-table-healthy', UNRECOGNISED);

    const first = await loop.stop(1);

    expect(first.kind).toBe('notified');
    const id = first.kind === 'notified' ? first.report.incident?.id : undefined;
    expect(loop.sender.sent.map((h) => h.idempotencyKey)).toEqual([id]);
    expect(JSON.parse(loop.sender.sent[0]?.detail ?? '{}')).toMatchObject({
      incident: { id, outcome: 'no-network-problem' },
      classification: { cause: 'unknown' },
      notice: { subject: loop.notifier.sent[0]?.subject },
    });
  });

  it('does not hand it off again for the crash loop’s later notices, nor for its folded stops', async () => {
    const loop = crashLoop('nat-public-subnet-main-table-healthy', UNRECOGNISED);
    await loop.stop(1);
    await loop.stop(2);
    loop.clock.advance(WINDOW_SECONDS + 60);

    const again = await loop.stop(3);

    expect(again.kind).toBe('notified');
    expect(loop.notifier.sent).toHaveLength(2);
    expect(loop.sender.sent).toHaveLength(1);
  });

  it('never hands off an incident it diagnosed: the missing ecr.dkr endpoint', async () => {
    const loop = crashLoop('ec2-awsvpc-missing-ecr-dkr-endpoint');

    const handled = await loop.stop(1);

    expect(handled.kind).toBe('notified');
    expect(loop.notifier.sent).toHaveLength(1);
    expect(loop.sender.sent).toEqual([]);
  });

  it('hands off an incident whose path it could not see whole', async () => {
    const loop = crashLoop('runtask-stepfunctions-public-subnet-ip-unknown');

    await loop.stop(1);

    expect(loop.sender.sent).toHaveLength(1);
    expect(JSON.parse(loop.sender.sent[0]?.detail ?? '{}')).toMatchObject({
      incident: { outcome: 'not-checked' },
    });
  });

  it('reports a failed put after the notice went out, and hands off with the incident’s next notice', async () => {
    const loop = crashLoop('nat-public-subnet-main-table-healthy', UNRECOGNISED);
    loop.sender.failures = 1;

    await expect(loop.stop(1)).rejects.toThrow(/PutEvents failed/);
    expect(loop.notifier.sent).toHaveLength(1);
    expect(loop.sender.sent).toEqual([]);

    loop.clock.advance(WINDOW_SECONDS + 60);
    await loop.stop(2);

    expect(loop.notifier.sent).toHaveLength(2);
    expect(loop.sender.sent).toHaveLength(1);
  });
});
