import type { Writable } from 'node:stream';
import type { Env } from '../aws/environment.js';
import { matchAccount } from '../aws/identity.js';
import type { Settings } from '../config.js';
import {
  notAnEventHint,
  notStoppedReason,
  parseDescribedTask,
  parseTaskStateChange,
  type StoppedTask,
} from '../core/event.js';
import { MODES, parseMode } from '../core/mode.js';
import type { ReadPorts } from '../core/ports.js';
import { oneLine, renderReport, reportDocument } from '../core/present/index.js';
import { AwsCallError, ConfigError, InvalidEventError, InvalidInputError } from '../errors.js';
import { type Handled, handleStoppedTask, type IncidentOptions, triage } from '../pipeline/incident.js';
import { InMemoryIncidentStore } from '../sim/incident-store.js';
import { type AwsContext, type AwsFlags, awsContext } from './aws-context.js';
import { columnsOf } from './columns.js';
import { type Ask, confirmWrites } from './confirm.js';
import { EXIT } from './exit-codes.js';
import { readInputFile } from './input-file.js';
import { throughMemberRole } from './member-context.js';
import { checkRoleName } from './scan-accounts.js';

/** The flags of `replay` and `diagnose`. */
export type ReportFlags = AwsFlags &
  Readonly<{ mode?: string; json: boolean; yes?: boolean; showNotice?: boolean; roleName?: string }>;

/**
 * `ecs-pullfix replay EVENT_FILE`: the Lambda's whole path on a saved event, against the
 * current AWS environment. With a topic and a table (flags, or the Lambda's variables
 * `ECS_PULLFIX_TOPIC_ARN` and `ECS_PULLFIX_TABLE`) it publishes and keeps incidents exactly
 * as the Lambda does; without them it keeps them in memory and prints the notice.
 */
export async function runReplay(
  file: string,
  flags: ReportFlags,
  env: Env,
  settings: Settings,
  out: Writable,
  err: Writable,
  ask?: Ask,
): Promise<number> {
  const text = await readInputFile(file);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new InvalidEventError(`${file} is not JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  // A file near an event (describe-tasks output, an event's bare detail): say what to use.
  const hint = notAnEventHint(value, file);
  if (hint !== undefined) throw new InvalidEventError(hint);
  const task = parseTaskStateChange(value);
  if (flags.roleName !== undefined) checkRoleName(flags.roleName);
  let context = await awsContext(env, settings, flags, err, task.region);
  const { environment } = context;
  if (environment.region !== task.region)
    err.write(`ecs-pullfix: warning: reading ${environment.region}, but the task ran in ${task.region}\n`);
  let options = incidentOptions(flags, settings, context, err, ask);
  // A task that did not stop, or stopped for an ordinary reason: nothing to read, not even STS.
  if (triage(task).nothingToDiagnose === undefined) {
    if (flags.roleName === undefined) await checkAccount(task, flags, context, err);
    else {
      context = await throughMemberRole(context, flags.roleName, task.account, err);
      options = incidentOptions(flags, settings, context, err, ask);
    }
  }
  return reportStoppedTask(task, context.ports, options, flags, out, err);
}

/**
 * An event from another account than the credentials' (`sts:GetCallerIdentity`, asked once):
 * its reads would fail or describe another account's resources. Said, and the run goes on
 * (a saved event's `account` may be a sample's while its ids are the user's own), but
 * `--mode auto-fix` refuses (253): a write is never made in another account than the task's.
 * A failing GetCallerIdentity does not stop the run either: it is said, and the run goes on.
 */
export async function checkAccount(
  task: StoppedTask,
  flags: ReportFlags,
  context: AwsContext,
  err: Writable,
): Promise<void> {
  const match = await matchAccount(task.account, context.account);
  if (match.kind === 'unknown') {
    err.write(
      `ecs-pullfix: warning: could not check which account the credentials are for (${oneLine(match.reason, 200)}); going on\n`,
    );
    return;
  }
  if (match.kind === 'same') return;
  const event = /^\d{12}$/.test(task.account) ? task.account : JSON.stringify(oneLine(task.account, 40));
  const sentence = `the event is from account ${event}, but the credentials are for ${match.callerAccount}: reads will fail or describe another account's resources; use a profile of account ${event}`;
  if (flags.mode === 'auto-fix')
    throw new ConfigError(`${sentence} (auto-fix writes only in the task's own account)`);
  err.write(`ecs-pullfix: warning: ${sentence}\n`);
}

/** `ecs-pullfix diagnose --cluster C --task T`: the same, for a task ECS still remembers. */
export async function runDiagnose(
  flags: ReportFlags & Readonly<{ cluster: string; task: string }>,
  env: Env,
  settings: Settings,
  out: Writable,
  err: Writable,
  ask?: Ask,
): Promise<number> {
  const context = await awsContext(env, settings, flags, err);
  const { environment, ports } = context;
  const options = incidentOptions(flags, settings, context, err, ask);
  const raw = await ports.ecs.describeTask(flags.cluster, flags.task).catch((e: unknown) => {
    if (e instanceof AwsCallError && (e.kind === 'not-found' || e.kind === 'invalid')) {
      throw new InvalidInputError(
        `ECS does not know task ${flags.task} in cluster ${flags.cluster} (${e.code})`,
        { cause: e },
      );
    }
    throw e;
  });
  if (raw === undefined) {
    throw new InvalidInputError(
      `ECS does not know task ${flags.task} in cluster ${flags.cluster} (stopped tasks are forgotten after about an hour)`,
    );
  }
  const task = parseDescribedTask(raw, environment.region);
  return reportStoppedTask(task, ports, options, flags, out, err);
}

/**
 * The incident flow as the CLI runs it: the deployment's policy and window from the same
 * variables the Lambda reads; writes only when `--mode auto-fix` says so (a cluster tagged
 * auto-fix is shown as dry-run from a laptop), and after a person confirmed them (or `--yes`).
 */
export function incidentOptions(
  flags: ReportFlags,
  settings: Settings,
  { ports, environment, account }: AwsContext,
  err: Writable,
  ask: Ask | undefined,
): IncidentOptions {
  const common = {
    deployment: settings.deployment,
    windowSeconds: settings.windowSeconds,
    store: ports.store ?? new InMemoryIncidentStore(),
    ...(ports.notifier ? { notifier: ports.notifier } : {}),
    // With a table, the incident's evidence is kept in it as the Lambda keeps it (`history`).
    ...(ports.history ? { history: ports.history } : {}),
    now: () => new Date(),
    // Nothing retries a laptop's run: a write that failed is reported, not thrown.
    retriedOnFailure: false,
  };
  if (flags.mode === undefined) return { ...common, ceiling: 'dry-run' };
  const mode = parseMode(flags.mode);
  if (!mode) throw new InvalidInputError(`--mode ${flags.mode} must be one of ${MODES.join(', ')}`);
  if (mode !== 'auto-fix') return { ...common, mode, writer: ports.ec2Writer };
  // The question is asked whether or not STS answers: an unknown account is shown as such.
  const where = async () => ({ account: await account().catch(() => ''), region: environment.region });
  const confirm = confirmWrites(flags.yes === true, ask, where, err);
  return { ...common, mode, writer: ports.ec2Writer, ...(confirm ? { confirm } : {}) };
}

/**
 * Handles a stopped task as the Lambda would and shows what became of it: one JSON document
 * with `--json`; else the report, its verdict first, wrapped to the terminal (100 columns
 * when the output is not one), then where the notice went — the notice itself only with
 * `--show-notice`. Resolves to the exit code.
 */
export async function reportStoppedTask(
  task: StoppedTask,
  ports: ReadPorts,
  options: IncidentOptions,
  flags: Readonly<{ json: boolean; showNotice?: boolean }>,
  out: Writable,
  err: Writable,
): Promise<number> {
  const handled = await handleStoppedTask(task, ports, options);
  const code = note(handled, err);
  if (flags.json) {
    out.write(`${JSON.stringify(documentOf(task, handled))}\n`);
    return code;
  }
  if (handled.kind === 'ignored' && notStoppedReason(task) !== undefined) {
    out.write(`task ${oneLine(task.taskId, 80)} (${oneLine(task.clusterName, 80)}): ${handled.reason}\n`);
    return code;
  }
  const width = columnsOf(out);
  if (handled.kind !== 'notified') {
    out.write(`${renderReport({ task, classification: handled.classification, findings: [] }, width)}\n`);
    return code;
  }
  out.write(`${renderReport(handled.report, width)}\n`);
  const n = handled.notification;
  if (handled.messageId) out.write(`\npublished to SNS (message ${handled.messageId}): ${n.subject}\n`);
  if (flags.showNotice)
    out.write(
      `\n── the notice${handled.messageId ? '' : ' (not sent: no topic)'} ──\nSubject: ${n.subject}\n\n${n.text}\n`,
    );
  else if (!handled.messageId) out.write('\nthe notice was not sent (no topic); --show-notice prints it\n');
  return code;
}

/** Says on stderr what the report alone does not, and gives the exit code. */
function note(handled: Handled, err: Writable): number {
  if (handled.kind === 'duplicate')
    err.write('ecs-pullfix: this delivery was handled already (same task and event version)\n');
  if (handled.kind === 'folded')
    err.write(
      'ecs-pullfix: folded into the incident of this service and cause, told within the window or being diagnosed\n',
    );
  const failed =
    handled.kind === 'notified' ? handled.report.outcomes?.find((o) => o.status === 'failed') : undefined;
  if (!failed) return EXIT.ok;
  // Nothing retries a laptop's run: say what stopped it and how to finish (the executor
  // re-reads before each write and repeats nothing that is done).
  err.write(
    `ecs-pullfix: auto-fix stopped at a failed write (${oneLine(failed.detail ?? failed.id, 300)}); the report says what was written and what was not: run the same command again to finish\n`,
  );
  return EXIT.aws;
}

function documentOf(task: StoppedTask, handled: Handled): Record<string, unknown> {
  if (handled.kind !== 'notified')
    return {
      ...(handled.kind === 'ignored' ? { nothingToDiagnose: handled.reason } : {}),
      ...reportDocument({ task, classification: handled.classification, findings: [] }),
    };
  const n = handled.notification;
  return {
    ...reportDocument(handled.report),
    notification: {
      subject: n.subject,
      attributes: n.attributes,
      messageId: handled.messageId ?? null,
      text: n.text,
      document: n.document,
    },
  };
}
