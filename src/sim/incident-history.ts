import {
  cursorOf,
  type HistoryPage,
  type HistoryQuery,
  historyOrderOf,
  type IncidentSummary,
  type KeptIncident,
  matchesQuery,
  orderOfCursor,
} from '../core/history.js';
import { decodeEvidence, encodeEvidence } from '../core/history-evidence.js';
import type { IncidentHistory } from '../core/ports-store.js';
import { InvalidInputError } from '../errors.js';

type Kept = Readonly<{ summary: IncidentSummary; evidence: Uint8Array; expiresAt: number }>;

/**
 * The incident history in memory (the simulated Lambda, the tests), with the same semantics as
 * the DynamoDB one (`src/aws/incident-history.ts`): the evidence encoded and bounded alike, the
 * first evidence of an incident kept, nothing expiring on its own (every read compares times).
 */
export class InMemoryIncidentHistory implements IncidentHistory {
  readonly #kept = new Map<string, Kept>();

  async keep(incident: KeptIncident, now: Date, ttlSeconds: number): Promise<boolean> {
    await Promise.resolve();
    const old = this.#kept.get(incident.incidentId);
    if (old && old.expiresAt > now.getTime()) return false;
    const { task: _t, snapshot: _s, findings: _f, dropped: _d, ...summary } = incident;
    const { evidence } = encodeEvidence(incident);
    this.#kept.set(incident.incidentId, { summary, evidence, expiresAt: now.getTime() + ttlSeconds * 1000 });
    return true;
  }

  async list(query: HistoryQuery, now: Date): Promise<HistoryPage> {
    await Promise.resolve();
    const after = query.after === undefined ? undefined : orderOfCursor(query.after);
    if (query.after !== undefined && after === undefined)
      throw new InvalidInputError('not a page of the incident history');
    const matching = [...this.#kept.values()]
      .filter((k) => k.expiresAt > now.getTime() && matchesQuery(k.summary, query))
      .map((k) => k.summary)
      .filter((s) => after === undefined || historyOrderOf(s) < after)
      .sort((a, b) => (historyOrderOf(a) < historyOrderOf(b) ? 1 : -1));
    const incidents = matching.slice(0, query.limit);
    const last = incidents.at(-1);
    return matching.length > query.limit && last ? { incidents, next: cursorOf(last) } : { incidents };
  }

  async get(incidentId: string, now: Date): Promise<KeptIncident | undefined> {
    await Promise.resolve();
    const kept = this.#kept.get(incidentId);
    if (!kept || kept.expiresAt <= now.getTime()) return undefined;
    const evidence = decodeEvidence(kept.evidence) ?? { dropped: [] };
    return { ...kept.summary, ...evidence };
  }
}
