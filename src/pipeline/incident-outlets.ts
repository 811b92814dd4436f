import type { Notification } from '../core/present/index.js';
import type { Fixed, Stop } from './incident-steps.js';

/**
 * What else happens when an incident is told, in the same round as its notice (`tell` in
 * incident-tell.ts): the evidence kept past ECS's hour (`keepEvidence`) and the hand-off of
 * an incident we could not pin to an AI agent (`handOff`). Each decides for itself whether
 * it applies and makes itself once per incident; each is a no-op when not configured.
 */
export async function outlets(stop: Stop, fixed: Fixed, notification: Notification): Promise<void> {
  await Promise.all([keepEvidence(stop, fixed, notification), handOff(stop, fixed, notification)]);
}

/**
 * The incident's event, snapshot and findings, kept in the incident table for 30 days (issue
 * 21, part 5), so that `history` and `replay --incident` have them after ECS forgot the task.
 * A repeat notice of the incident keeps the first evidence (`IncidentHistory.keep`): it shows
 * how the incident began, and a crash loop does not rewrite its item every window.
 */
async function keepEvidence(stop: Stop, fixed: Fixed, notification: Notification): Promise<void> {
  const { history } = stop.options;
  if (!history || fixed.incidentId === '') return;
  const { HISTORY_TTL_SECONDS, keptIncidentOf } = await import('../core/history.js');
  const { report } = fixed;
  const incident = keptIncidentOf(
    {
      task: stop.task,
      incidentId: fixed.incidentId,
      cause: stop.classification.cause,
      root: fixed.diagnosis.incident?.key.root ?? 'none',
      outcome: notification.attributes.outcome,
      ...(report.snapshot ? { snapshot: report.snapshot } : {}),
      findings: report.findings,
    },
    stop.now(),
  );
  await history.keep(incident, stop.now(), HISTORY_TTL_SECONDS);
}

/**
 * An incident we could not pin, handed to the AI agent's webhook once (issue 21, part 3;
 * `handOffOnce` in handoff.ts). Its module loads only where a hand-off is configured.
 */
async function handOff(stop: Stop, fixed: Fixed, notification: Notification): Promise<void> {
  const { handoff } = stop.options;
  if (!handoff || fixed.incidentId === '') return;
  const { handOffOnce } = await import('./handoff.js');
  await handOffOnce(stop, fixed, notification, handoff);
}
