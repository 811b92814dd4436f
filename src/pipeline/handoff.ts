import { HANDOFF_KEEP_SECONDS, type HandoffSender, handoffKeyOf, handoffOf } from '../core/handoff.js';
import type { Notification } from '../core/present/index.js';
import type { Fixed, Stop } from './incident-steps.js';

/**
 * An incident we could not pin, handed to the AI agent once (`handOff` in incident-outlets.ts,
 * in the round of its notice). Once: the incident's key is claimed in the incident store by a
 * conditional write before the put, so that a crash loop's later notices, a redelivery or a
 * concurrent invocation never hand it off again (for `HANDOFF_KEEP_SECONDS`).
 *
 * A put that fails — the call, or the entry EventBridge refused (`FailedEntryCount`) — gives
 * the claim back and is thrown: the notice has gone out, the invocation reports the failure,
 * and the incident's next notice (its crash loop's next window) hands it off then. An
 * invocation that dies between the claim and the put loses that hand-off: at most once, never
 * twice (a second investigation costs its owner as much as the first).
 */
export async function handOffOnce(
  stop: Stop,
  fixed: Fixed,
  notification: Pick<Notification, 'subject' | 'text'>,
  sender: HandoffSender,
): Promise<void> {
  const { report, incidentId } = fixed;
  const handoff = handoffOf({
    task: stop.task,
    classification: stop.classification,
    findings: report.findings,
    ...(report.plan ? { plan: report.plan } : {}),
    ...(report.outcomes ? { outcomes: report.outcomes } : {}),
    checks: report.checks,
    incidentId,
    // The notice the team was sent, as they read it.
    notice: { subject: notification.subject, text: notification.text },
    now: stop.now(),
    ...(fixed.alias ? { accountAlias: fixed.alias } : {}),
  });
  if (!handoff) return;
  const { store } = stop.options;
  const key = handoffKeyOf(incidentId);
  if (!(await store.claimDelivery(key, stop.now(), HANDOFF_KEEP_SECONDS))) return;
  try {
    await sender.send(handoff);
  } catch (e) {
    // Best effort: if the store fails too, the claim holds and this incident is not handed off.
    await store.releaseDelivery(key).catch(() => undefined);
    throw e;
  }
}
