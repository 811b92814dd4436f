import { readFile } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import type { Env } from '../aws/environment.js';
import type { AwsPorts } from '../aws/ports.js';
import type { Settings } from '../config.js';
import { parseDescribedTask, parseTaskStateChange, type StoppedTask } from '../core/event.js';
import { MODES, parseMode } from '../core/mode.js';
import { renderReport, reportDocument } from '../core/render.js';
import { AwsCallError, InvalidEventError, InvalidInputError } from '../errors.js';
import { type Handled, handleStoppedTask, type IncidentOptions } from '../pipeline/incident.js';
import { InMemoryIncidentStore } from '../pipeline/leases.js';
import { type AwsFlags, awsContext } from './aws-context.js';

/** The flags of `replay` and `diagnose`. */
export type ReportFlags = AwsFlags & Readonly<{ mode?: string; json: boolean }>;

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
): Promise<number> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new InvalidInputError(`cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`, {
      cause: e,
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new InvalidEventError(`${file} is not JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  const task = parseTaskStateChange(value);
  const { environment, ports } = await awsContext(env, settings, flags, err, task.region);
  if (environment.region !== task.region)
    err.write(`ecs-pullfix: warning: reading ${environment.region}, but the task ran in ${task.region}\n`);
  return report(task, ports, incidentOptions(flags, settings, ports), flags.json, out, err);
}

/** `ecs-pullfix diagnose --cluster C --task T`: the same, for a task ECS still remembers. */
export async function runDiagnose(
  flags: ReportFlags & Readonly<{ cluster: string; task: string }>,
  env: Env,
  settings: Settings,
  out: Writable,
  err: Writable,
): Promise<number> {
  const { environment, ports } = await awsContext(env, settings, flags, err);
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
  return report(task, ports, incidentOptions(flags, settings, ports), flags.json, out, err);
}

/**
 * The incident flow as the CLI runs it: the deployment's policy and window from the same
 * variables the Lambda reads; writes only when `--mode auto-fix` says so (a cluster tagged
 * auto-fix is shown as dry-run from a laptop).
 */
function incidentOptions(flags: ReportFlags, settings: Settings, ports: AwsPorts): IncidentOptions {
  const common = {
    deployment: settings.deployment,
    windowSeconds: settings.windowSeconds,
    store: ports.store ?? new InMemoryIncidentStore(),
    ...(ports.notifier ? { notifier: ports.notifier } : {}),
    now: () => new Date(),
  };
  if (flags.mode === undefined) return { ...common, ceiling: 'dry-run' };
  const mode = parseMode(flags.mode);
  if (!mode) throw new InvalidInputError(`--mode ${flags.mode} must be one of ${MODES.join(', ')}`);
  return { ...common, mode, writer: ports.ec2Writer };
}

async function report(
  task: StoppedTask,
  ports: AwsPorts,
  options: IncidentOptions,
  json: boolean,
  out: Writable,
  err: Writable,
): Promise<number> {
  const handled = await handleStoppedTask(task, ports, options);
  note(handled, err);
  if (json) {
    out.write(`${JSON.stringify(documentOf(task, handled))}\n`);
    return 0;
  }
  if (handled.kind !== 'notified') {
    out.write(`${renderReport({ task, classification: handled.classification, findings: [] })}\n`);
    return 0;
  }
  out.write(`${renderReport(handled.report)}\n`);
  const n = handled.notification;
  out.write(
    handled.messageId
      ? `\npublished to SNS (message ${handled.messageId}): ${n.subject}\n`
      : `\n── the notice (not sent: no topic) ──\nSubject: ${n.subject}\n\n${n.text}\n`,
  );
  return 0;
}

function note(handled: Handled, err: Writable): void {
  if (handled.kind === 'duplicate')
    err.write('ecs-pullfix: this delivery was handled already (same task and event version)\n');
  if (handled.kind === 'folded')
    err.write(
      `ecs-pullfix: folded into incident ${handled.incidentId ?? 'of this service and cause'}, told within the window\n`,
    );
}

function documentOf(task: StoppedTask, handled: Handled): Record<string, unknown> {
  if (handled.kind !== 'notified')
    return reportDocument({ task, classification: handled.classification, findings: [] });
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
