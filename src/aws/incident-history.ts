import { type DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import {
  cursorOf,
  type HistoryPage,
  type HistoryQuery,
  historyOrderOf,
  type IncidentSummary,
  incidentIdOfOrder,
  type KeptIncident,
  orderOfCursor,
} from '../core/history.js';
import { decodeEvidence, encodeEvidence } from '../core/history-evidence.js';
import type { IncidentHistory } from '../core/ports-store.js';
import { InvalidInputError } from '../errors.js';
import { call } from './errors.js';
import { epoch, IncidentTable, type Item, N, S, type Values } from './incident-table.js';

/**
 * The incident history in the incident table. Each incident one item, `pk` =
 * `incident#<id>`: its summary's attributes, its evidence (gzip'd JSON, bounded: see
 * history-evidence.ts) and `expiresAt` (the table's TTL). The list reads the sparse index
 * {@link HISTORY_INDEX} (only these items carry its keys), newest first, by Query: never a
 * Scan. One partition (`history`) holds every incident: a table sees one item per incident
 * and window — far below a partition's 1,000 writes a second — and `history` without
 * `--cluster` lists them all in one Query; `--cluster`/`--service` filter on the index's
 * summary (at most 30 days of incidents).
 */
export const HISTORY_INDEX = 'history';
/** The index's partition key and its one value, and its sort key (`<at>#<incident id>`). */
export const HISTORY_PARTITION = { name: 'historyOf', value: 'history' } as const;
export const HISTORY_SORT = 'historyAt';

/** The summary's attributes (the index projects them, with `expiresAt`). */
export const SUMMARY_ATTRIBUTES = [
  'incidentId',
  'at',
  'account',
  'region',
  'clusterArn',
  'clusterName',
  'workload',
  'cause',
  'root',
  'outcome',
] as const satisfies readonly (keyof IncidentSummary)[];

/** What the index holds besides its keys (the stack's index projects exactly these). */
export const HISTORY_PROJECTION = [...SUMMARY_ATTRIBUTES, 'expiresAt'] as const;

const keyOf = (incidentId: string) => ({ pk: S(`incident#${incidentId}`) });

/** The item an incident is kept as: its evidence within the bound, what was dropped named. */
export function historyItemOf(incident: KeptIncident, now: Date, ttlSeconds: number): Item {
  const { evidence, dropped } = encodeEvidence(incident);
  const summary = Object.fromEntries(SUMMARY_ATTRIBUTES.map((a) => [a, S(incident[a])]));
  return {
    ...keyOf(incident.incidentId),
    [HISTORY_PARTITION.name]: S(HISTORY_PARTITION.value),
    [HISTORY_SORT]: S(historyOrderOf(incident)),
    ...summary,
    evidence: { B: evidence },
    ...(dropped.length > 0 ? { dropped: S(dropped.join(' ')) } : {}),
    expiresAt: N(epoch(now) + ttlSeconds),
  };
}

export class DynamoIncidentHistory implements IncidentHistory {
  readonly #db: DynamoDBClient;
  readonly #name: string;
  readonly #table: IncidentTable;
  constructor(db: DynamoDBClient, table: string) {
    this.#db = db;
    this.#name = table;
    this.#table = new IncidentTable(db, table);
  }

  /** A conditional put: the first evidence stays while it is kept (DynamoDB's TTL deletes lazily). */
  keep(incident: KeptIncident, now: Date, ttlSeconds: number): Promise<boolean> {
    return this.#table.put(historyItemOf(incident, now, ttlSeconds), {
      condition: 'attribute_not_exists(pk) OR expiresAt < :now',
      values: { ':now': N(epoch(now)) },
    });
  }

  /** Pages of the index until one more than asked matched (so that `next` is given only when more match). */
  async list(query: HistoryQuery, now: Date): Promise<HistoryPage> {
    const request = this.#queryOf(query, now);
    const found: IncidentSummary[] = [];
    let start: Item | undefined;
    do {
      const out = await call('dynamodb:Query', () =>
        this.#db.send(new QueryCommand({ ...request, ...(start ? { ExclusiveStartKey: start } : {}) })),
      );
      for (const item of out.Items ?? []) {
        const summary = summaryOf(item);
        if (summary) found.push(summary);
      }
      start = out.LastEvaluatedKey;
    } while (start && found.length <= query.limit);
    const incidents = found.slice(0, query.limit);
    const last = incidents.at(-1);
    return found.length > query.limit && last ? { incidents, next: cursorOf(last) } : { incidents };
  }

  async get(incidentId: string, now: Date): Promise<KeptIncident | undefined> {
    const item = await this.#table.get(keyOf(incidentId));
    if (!item || Number(item.expiresAt?.N ?? '0') <= epoch(now)) return undefined;
    const summary = summaryOf(item);
    if (!summary) return undefined;
    const bytes = item.evidence?.B;
    const evidence = (bytes ? decodeEvidence(bytes) : undefined) ?? { dropped: [] };
    return { ...summary, ...evidence };
  }

  #queryOf(query: HistoryQuery, now: Date) {
    const after = query.after === undefined ? undefined : orderOfCursor(query.after);
    if (query.after !== undefined && after === undefined)
      throw new InvalidInputError('not a page of the incident history');
    const values: Values = { ':h': S(HISTORY_PARTITION.value), ':now': N(epoch(now)) };
    const filters = ['expiresAt > :now'];
    if (after !== undefined) values[':after'] = S(after);
    if (query.cluster !== undefined) {
      values[':cluster'] = S(query.cluster);
      filters.push('(clusterName = :cluster OR clusterArn = :cluster)');
    }
    if (query.service !== undefined) {
      values[':service'] = S(`service:${query.service}`);
      values[':family'] = S(`family:${query.service}`);
      filters.push('(workload = :service OR workload = :family)');
    }
    return {
      TableName: this.#name,
      IndexName: HISTORY_INDEX,
      KeyConditionExpression: `${HISTORY_PARTITION.name} = :h${after === undefined ? '' : ` AND ${HISTORY_SORT} < :after`}`,
      FilterExpression: filters.join(' AND '),
      ExpressionAttributeValues: values,
      ScanIndexForward: false,
    };
  }
}

/** An item's summary; undefined when one of its attributes is missing (not an item of ours). */
function summaryOf(item: Item): IncidentSummary | undefined {
  const entries = SUMMARY_ATTRIBUTES.map((a) => [a, item[a]?.S] as const);
  if (entries.some(([, v]) => v === undefined)) return undefined;
  const summary = Object.fromEntries(entries) as IncidentSummary;
  // The id is the key's: an item cannot name another incident than the one it is kept under.
  return item[HISTORY_SORT]?.S !== undefined && incidentIdOfOrder(item[HISTORY_SORT].S) !== summary.incidentId
    ? undefined
    : summary;
}
