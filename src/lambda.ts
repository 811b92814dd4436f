import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import type { LambdaConfig } from './config.js';
import { type AccountPorts, type AccountPortsOf, homeOf, roleSessionName } from './core/account-reach.js';
import { parseTaskStateChange, type StoppedTask } from './core/event.js';
import type { HandoffSender } from './core/handoff.js';
import { workloadOf } from './core/keys.js';
import type { Ec2Writer, IncidentStore, Notifier, ReadPorts } from './core/ports.js';
import type { IncidentHistory } from './core/ports-store.js';
import { InvalidEventError } from './errors.js';
import { handleRunningTask, handleStoppedTask } from './pipeline/incident.js';
import { RecentGroups } from './pipeline/recent-groups.js';

export type LambdaPorts = ReadPorts &
  /** With a hand-off bus only: incidents ecs-pullfix could not pin, for the AI agent. */
  Readonly<{ handoff?: HandoffSender }> &
  Readonly<{ ec2Writer: Ec2Writer; store: IncidentStore; notifier: Notifier; history?: IncidentHistory }>;
export type LambdaHandler = (event: unknown, context: Context) => Promise<Readonly<Record<string, unknown>>>;

/** What the handler needs of a logger (Powertools' Logger in the Lambda; a recorder in the tests). */
export type HandlerLogger = Pick<Logger, 'addContext' | 'resetKeys' | 'appendKeys' | 'info' | 'error'>;

export type HandlerDeps = Readonly<{
  logger?: HandlerLogger;
  now?: () => Date;
  /**
   * The ports of each task's account and region (`memberAccess`: an organisation's member
   * through its role). Without it, every task is read with the handler's ports, as for one account.
   */
  accounts?: AccountPortsOf;
}>;

/**
 * The ports a stopped task is read with, and how its account is reached: the role session
 * carries its incident group (cluster and workload), so that CloudTrail in the member says why.
 */
export function accountPortsOf(
  task: StoppedTask,
  ports: LambdaPorts,
  context: Context,
  accounts: AccountPortsOf | undefined,
): AccountPorts {
  if (!accounts) return { ports };
  const session = roleSessionName(`${task.clusterName}.${workloadOf(task)}`);
  return accounts(task, homeOf(context.invokedFunctionArn), session);
}

/** Time kept back from the Lambda's deadline for the notice and the log lines. */
const RESERVE_MS = 15_000;

/**
 * The Lambda's handler, over any ports (AWS in `handlers/`, the simulated account in the
 * tests): an ECS `Task State Change` (STOPPED) → the pipeline → one notice per incident;
 * (RUNNING, of a service auto-fix repaired) → one "resolved" notice.
 * Bad input is logged and dropped (no AWS call, no retry); an AWS failure that outlasted the
 * SDK's retries is thrown, so that Lambda retries the event and then sends it to the
 * dead-letter queue. The work is bounded by the invocation's remaining time.
 */
export function createHandler(
  ports: LambdaPorts,
  config: LambdaConfig,
  deps: HandlerDeps = {},
): LambdaHandler {
  const logger = deps.logger ?? new Logger({ serviceName: 'ecs-pullfix' });
  const now = deps.now ?? (() => new Date());
  // Kept for the container's life: which incident groups it saw busy (prefetchRoundOne).
  const recent = new RecentGroups();
  return async (event, context) => {
    logger.addContext(context);
    logger.resetKeys();
    let task: StoppedTask;
    try {
      task = parseTaskStateChange(event);
    } catch (e) {
      if (!(e instanceof InvalidEventError)) throw e;
      logger.error('dropped an event that is not an ECS Task State Change', { error: e.message });
      return { outcome: 'invalid-event', error: e.message };
    }
    logger.appendKeys({
      taskArn: task.taskArn,
      cluster: task.clusterArn,
      account: task.account,
      region: task.region,
    });
    // The second rule: a task of a service that auto-fix repaired may now run. Never a start
    // failure to diagnose; any other status that is not STOPPED (PENDING, STOPPING…) is
    // "nothing to diagnose" in handleStoppedTask, before any read.
    if (task.lastStatus === 'RUNNING') return running(task, ports, logger, now);
    const account = accountPortsOf(task, ports, context, deps.accounts);
    return stopped(
      task,
      { ...ports, ...account.ports },
      { ...config, recent, ...reachOf(account) },
      context,
      logger,
      now,
    );
  };
}

/** The incident's ports beyond the reads: the store, the notifier, and the outlets configured (history, hand-off). */
export function incidentPortsOf(
  ports: LambdaPorts,
): Pick<LambdaPorts, 'store' | 'notifier' | 'history' | 'handoff'> {
  return {
    store: ports.store,
    notifier: ports.notifier,
    ...(ports.history ? { history: ports.history } : {}),
    ...(ports.handoff ? { handoff: ports.handoff } : {}),
  };
}

/** The option that tells the pipeline how the task's account is reached, when it is another's. */
export function reachOf(account: AccountPorts): Readonly<{ reach?: NonNullable<AccountPorts['reach']> }> {
  return account.reach ? { reach: account.reach } : {};
}

/** A RUNNING task of a service: "resolved" once, if auto-fix repaired the service. */
async function running(
  task: StoppedTask,
  ports: LambdaPorts,
  logger: HandlerLogger,
  now: () => Date,
): Promise<Readonly<Record<string, unknown>>> {
  const handled = await handleRunningTask(task, { store: ports.store, notifier: ports.notifier, now });
  if (handled.kind !== 'resolved') return { result: 'ignored', reason: handled.reason };
  logger.appendKeys({ incidentId: handled.incidentId });
  logger.info('handled: resolved', { messageId: handled.messageId });
  return { result: 'resolved', incidentId: handled.incidentId, messageId: handled.messageId };
}

/** A stopped task: the pipeline, bounded by the invocation's remaining time; a failure is thrown for Lambda to retry. */
async function stopped(
  task: StoppedTask,
  ports: LambdaPorts,
  config: LambdaConfig & Readonly<{ recent: RecentGroups; reach?: AccountPorts['reach'] }>,
  context: Context,
  logger: HandlerLogger,
  now: () => Date,
): Promise<Readonly<Record<string, unknown>>> {
  const remaining = context.getRemainingTimeInMillis();
  const deadline = Date.now() + Math.max(0, remaining - RESERVE_MS);
  const handled = await handleStoppedTask(task, ports, {
    ...config,
    ...incidentPortsOf(ports),
    writer: ports.ec2Writer,
    owner: context.awsRequestId,
    now,
    deadline,
    claimSeconds: Math.ceil(remaining / 1000),
  }).catch((e: unknown) => {
    logger.error('failed; Lambda will retry the event, then send it to the dead-letter queue', {
      error: e instanceof Error ? { name: e.name, message: e.message } : String(e),
    });
    throw e;
  });
  const incidentId = handled.kind === 'notified' ? handled.report.incident?.id : undefined;
  if (incidentId) logger.appendKeys({ incidentId });
  const outcome =
    handled.kind === 'notified'
      ? { outcome: handled.notification.attributes.outcome, messageId: handled.messageId }
      : {};
  const reason = handled.kind === 'ignored' ? { reason: handled.reason } : {};
  logger.info(`handled: ${handled.kind}`, { cause: handled.classification.cause, ...reason, ...outcome });
  return {
    result: handled.kind,
    cause: handled.classification.cause,
    ...reason,
    ...(incidentId ? { incidentId } : {}),
    ...outcome,
  };
}
