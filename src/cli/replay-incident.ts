import type { Writable } from 'node:stream';
import type { Env } from '../aws/environment.js';
import type { Settings } from '../config.js';
import type { KeptIncident } from '../core/history.js';
import { type Change, historyDiff } from '../core/history-diff.js';
import { oneLine, renderReport, reportDocument } from '../core/present/index.js';
import { InvalidInputError } from '../errors.js';
import { handleStoppedTask } from '../pipeline/incident.js';
import type { Report } from '../pipeline/run.js';
import { InMemoryIncidentStore } from '../sim/incident-store.js';
import { columnsOf } from './columns.js';
import type { Ask } from './confirm.js';
import { EXIT } from './exit-codes.js';
import { historyContext } from './history-command.js';
import { checkAccount, incidentOptions, type ReportFlags } from './report-commands.js';

const INCIDENT_ID = /^inc-[0-9a-f]{16}$/;

/**
 * `ecs-pullfix replay --incident ID`: the incident's kept event, diagnosed again against the
 * account as it is today (the pipeline `replay FILE` runs, in its own memory: no notice, no
 * window, nothing kept again), and what changed since it was kept — its findings and the
 * network path's facts then and now. An id the table does not keep is bad usage (252).
 */
export async function runReplayIncident(
  incidentId: string,
  flags: ReportFlags,
  env: Env,
  settings: Settings,
  out: Writable,
  err: Writable,
  ask?: Ask,
): Promise<number> {
  if (!INCIDENT_ID.test(incidentId))
    throw new InvalidInputError(
      `--incident ${JSON.stringify(oneLine(incidentId, 40))} is not an incident id (inc- and 16 hex digits, as history lists them)`,
    );
  const { context, history, table } = await historyContext(env, settings, flags, err);
  const kept = await history.get(incidentId, new Date());
  if (!kept)
    throw new InvalidInputError(
      `no incident ${incidentId} in table ${oneLine(table, 300)} (incidents are kept 30 days; history lists them)`,
    );
  const { task } = kept;
  if (!task)
    throw new InvalidInputError(
      `incident ${incidentId} was kept without its event (too large to keep: ${kept.dropped.join(', ')}): nothing to replay`,
    );
  if (context.environment.region !== task.region)
    err.write(
      `ecs-pullfix: warning: reading ${context.environment.region}, but the task ran in ${task.region}\n`,
    );
  await checkAccount(task, flags, context, err);
  // Today's diagnosis in memory: the table's window would fold it, and it is no new incident.
  const { notifier: _n, history: _h, ...options } = incidentOptions(flags, settings, context, err, ask);
  const handled = await handleStoppedTask(task, context.ports, {
    ...options,
    store: new InMemoryIncidentStore(),
  });
  const report: Report =
    handled.kind === 'notified'
      ? handled.report
      : { task, classification: handled.classification, findings: [], checks: [] };
  const changes = historyDiff(kept, report);
  const failed = report.outcomes?.some((o) => o.status === 'failed') === true;
  if (flags.json) {
    out.write(`${JSON.stringify(documentOf(kept, report, changes))}\n`);
    return failed ? EXIT.aws : EXIT.ok;
  }
  out.write(`${renderReport(report, columnsOf(out))}\n\n${sinceLines(kept, changes).join('\n')}\n`);
  return failed ? EXIT.aws : EXIT.ok;
}

/** What changed since the incident was kept, a line each; what was not kept said. */
function sinceLines(kept: KeptIncident, changes: readonly Change[]): string[] {
  const head = `Since ${kept.at} (incident ${kept.incidentId}, ${kept.outcome} then):`;
  const lines = changes.map((c) => `  then: ${oneLine(c.was, 200)}; now: ${oneLine(c.is, 200)}`);
  const none = lines.length === 0 ? ['  nothing changed in what was read then and is read now'] : [];
  const dropped =
    kept.dropped.length > 0 ? [`  (not kept then, so not compared: ${kept.dropped.join(', ')})`] : [];
  return [head, ...lines, ...none, ...dropped];
}

function documentOf(kept: KeptIncident, report: Report, changes: readonly Change[]): Record<string, unknown> {
  const { task: _t, snapshot: _s, findings, ...summary } = kept;
  return {
    incident: { ...summary, findings: findings?.map((f) => f.id) ?? null },
    now: reportDocument(report),
    changes: changes.map((c) => ({ before: c.was, now: c.is })),
  };
}
