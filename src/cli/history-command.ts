import type { Writable } from 'node:stream';
import type { Env } from '../aws/environment.js';
import type { Settings } from '../config.js';
import type { IncidentSummary } from '../core/history.js';
import type { IncidentHistory } from '../core/ports-store.js';
import { oneLine } from '../core/present/index.js';
import { InvalidInputError } from '../errors.js';
import { type AwsContext, type AwsFlags, awsContext } from './aws-context.js';
import { EXIT } from './exit-codes.js';
import { tableLines } from './scan-table.js';

/** The flags of `history`. */
export type HistoryFlags = AwsFlags &
  Readonly<{ cluster?: string; service?: string; json: boolean; limit?: string }>;

/** How many incidents `history` lists when not told: a screen. */
export const DEFAULT_HISTORY_LIMIT = 20;
const MAX_HISTORY_LIMIT = 1000;

/** The incident history of the table the flags or `ECS_PULLFIX_TABLE` name (252 when none is named). */
export async function historyContext(
  env: Env,
  settings: Settings,
  flags: AwsFlags,
  err: Writable,
): Promise<Readonly<{ context: AwsContext; history: IncidentHistory; table: string }>> {
  const table = flags.table ?? settings.table;
  if (table === undefined)
    throw new InvalidInputError(
      'the incident history is in the incident table: pass --table NAME or set ECS_PULLFIX_TABLE (the stack’s IncidentsTableName output)',
    );
  const context = await awsContext(env, settings, { ...flags, table }, err);
  if (!context.ports.history) throw new InvalidInputError(`no incident history in table ${table}`);
  return { context, history: context.ports.history, table };
}

/**
 * `ecs-pullfix history`: the incidents the table keeps (30 days), newest first — when, where,
 * the cause, the root finding, the outcome and the incident id `replay --incident` takes. Every
 * text came from an event or AWS: each cell is one line, bounded, with no control character.
 */
export async function runHistory(
  flags: HistoryFlags,
  env: Env,
  settings: Settings,
  out: Writable,
  err: Writable,
): Promise<number> {
  const limit = limitOf(flags.limit);
  const { history, table } = await historyContext(env, settings, flags, err);
  const page = await history.list(
    {
      limit,
      ...(flags.cluster !== undefined ? { cluster: flags.cluster } : {}),
      ...(flags.service !== undefined ? { service: flags.service } : {}),
    },
    new Date(),
  );
  if (flags.json) {
    out.write(`${JSON.stringify({ incidents: page.incidents, more: page.next !== undefined })}\n`);
    return EXIT.ok;
  }
  if (page.incidents.length === 0) {
    out.write(`no incident kept in ${oneLine(table, 300)}${whereOf(flags)} (incidents are kept 30 days)\n`);
    return EXIT.ok;
  }
  const header = ['TIME (UTC)', 'CLUSTER', 'SERVICE', 'CAUSE', 'ROOT FINDING', 'OUTCOME', 'INCIDENT'];
  out.write(`${tableLines(header, page.incidents.map(rowOf)).join('\n')}\n`);
  if (page.next !== undefined)
    out.write(
      `(the ${limit} newest shown; more are kept: --limit ${Math.min(limit * 5, MAX_HISTORY_LIMIT)})\n`,
    );
  return EXIT.ok;
}

function limitOf(text: string | undefined): number {
  if (text === undefined) return DEFAULT_HISTORY_LIMIT;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > MAX_HISTORY_LIMIT)
    throw new InvalidInputError(
      `--limit ${oneLine(text, 20)} must be a whole number from 1 to ${MAX_HISTORY_LIMIT}`,
    );
  return n;
}

const whereOf = (flags: HistoryFlags) =>
  [
    flags.cluster !== undefined ? ` for cluster ${oneLine(flags.cluster, 120)}` : '',
    flags.service !== undefined ? ` for service ${oneLine(flags.service, 120)}` : '',
  ].join('');

/** A row: the time to the minute, the service's name (or `family:NAME`), each cell one safe line. */
function rowOf(s: IncidentSummary): string[] {
  const time = /^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(s.at) ? s.at.slice(0, 16).replace('T', ' ') : '?';
  const workload = s.workload.startsWith('service:') ? s.workload.slice('service:'.length) : s.workload;
  return [time, s.clusterName, workload, s.cause, s.root, s.outcome, s.incidentId].map(
    (c) => oneLine(c, 60) || '-',
  );
}
