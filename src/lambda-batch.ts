import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { LambdaConfig } from './config.js';
import { parseTaskStateChange } from './core/event.js';
import {
  accountPortsOf,
  type HandlerDeps,
  type HandlerLogger,
  incidentPortsOf,
  type LambdaPorts,
  reachOf,
} from './lambda.js';
import { awaitedLater } from './pipeline/awaited-later.js';
import { type BatchGroup, type BatchItem, planBatch } from './pipeline/batch-plan.js';
import { limiter } from './pipeline/bounded.js';
import { handleRunningTask, handleStoppedTasks } from './pipeline/incident.js';
import { RecentGroups } from './pipeline/recent-groups.js';

/**
 * Groups one invocation handles at once. A diagnosis makes about one call to each EC2
 * describe API, whose buckets refill at 20 requests a second: 5 groups in each of the event
 * source mapping's 2 invocations (`maximumConcurrency`, serverless.yml) keep 10 diagnoses
 * in flight, half of that, as the reserved concurrency of 10 did before the queue. A storm
 * of one service is one group, so 5 distinct workloads failing in one batch is already large.
 */
export const GROUP_CONCURRENCY = 5;

/** Time kept back from the invocation's deadline for the notices and the log lines (as `createHandler` does). */
const RESERVE_MS = 15_000;

export type BatchHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

/** One invocation's shared state: its ports and settings, its deadline and its logger. */
type Invocation = Readonly<{
  ports: LambdaPorts;
  config: LambdaConfig;
  context: Context;
  logger: HandlerLogger;
  now: () => Date;
  deadline: number;
  claimSeconds: number;
  /** The execution environment's memory of busy groups, and whether this batch's lone stop may read early. */
  recent: RecentGroups;
  prefetch: boolean;
  accounts: HandlerDeps['accounts'];
}>;

/**
 * The Lambda's handler behind the SQS queue: a batch of EventBridge events (up to 100) →
 * planned purely (`planBatch`: a storm's stops of one incident are one group, one claim) →
 * its groups handled `GROUP_CONCURRENCY` at once within the invocation's time → the partial
 * batch response of Powertools' batch processor. A group that failed reports every message
 * of it, and a message that is not an ECS Task State Change reports itself: SQS delivers
 * them again, then moves them to the dead-letter queue. The rest of the batch is done.
 */
export function createBatchHandler(
  ports: LambdaPorts,
  config: LambdaConfig,
  deps: HandlerDeps = {},
): BatchHandler {
  const logger = deps.logger ?? new Logger({ serviceName: 'ecs-pullfix' });
  const now = deps.now ?? (() => new Date());
  // Kept for the execution environment's life: the incident groups it saw busy (prefetchRoundOne).
  const recent = new RecentGroups();
  return async (event, context) => {
    logger.addContext(context);
    logger.resetKeys();
    const remaining = context.getRemainingTimeInMillis();
    const outcomes = new Map<string, Promise<void>>();
    const items: BatchItem[] = [];
    for (const record of event.Records) {
      const parsed = parsedRecord(record, logger);
      if ('task' in parsed) items.push(parsed);
      else outcomes.set(record.messageId, awaitedLater(Promise.reject(parsed.error)));
    }
    const plan = planBatch(items);
    const invocation: Invocation = {
      ...{ ports, config, context, logger, now, recent, accounts: deps.accounts },
      deadline: Date.now() + Math.max(0, remaining - RESERVE_MS),
      claimSeconds: Math.ceil(remaining / 1000),
      prefetch: plan.groups.length === 1,
    };
    for (const { messageId } of plan.ignored) outcomes.set(messageId, Promise.resolve());
    const limit = limiter(GROUP_CONCURRENCY);
    plan.groups.forEach((group, i) => {
      const done = awaitedLater(
        limit(() => handleGroup(group, `${context.awsRequestId}/${i + 1}`, invocation)),
      );
      for (const messageId of group.messageIds) outcomes.set(messageId, done);
    });
    const recordHandler = (record: SQSRecord) => outcomes.get(record.messageId) ?? Promise.resolve();
    return processPartialResponse(event, recordHandler, new BatchProcessor(EventType.SQS), { context });
  };
}

/** A message's event, or why it is poisoned (logged once, with its message id). */
function parsedRecord(record: SQSRecord, logger: HandlerLogger): BatchItem | { error: Error } {
  try {
    return { messageId: record.messageId, task: parseTaskStateChange(JSON.parse(record.body)) };
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    logger.error(
      'a message that is not an ECS Task State Change: SQS delivers it again, then dead-letters it',
      {
        messageId: record.messageId,
        receiveCount: record.attributes?.ApproximateReceiveCount,
        error: { name: error.name, message: error.message.slice(0, 500) },
      },
    );
    return { error };
  }
}

/**
 * One group of the batch, logged in one line. Each group claims under its own owner (the
 * request id and its number), so that two groups of one invocation never share a claim or a
 * lease: a VPC's endpoint lease held by one group is not the other's.
 */
async function handleGroup(group: BatchGroup, owner: string, run: Invocation): Promise<void> {
  const { ports, logger, now } = run;
  const first = group.kind === 'stopped' ? group.tasks[0] : group.task;
  const where = {
    taskArn: first.taskArn,
    cluster: first.clusterArn,
    // An organisation's hub: which member account and region the group is of.
    account: first.account,
    region: first.region,
    records: group.messageIds.length,
  };
  try {
    if (group.kind === 'running') {
      const handled = await handleRunningTask(group.task, {
        store: ports.store,
        notifier: ports.notifier,
        now,
      });
      const incident = handled.kind === 'resolved' ? { incidentId: handled.incidentId } : {};
      logger.info(`handled: ${handled.kind}`, { ...where, ...incident, kind: handled.kind });
      return;
    }
    const account = accountPortsOf(group.tasks[0], ports, run.context, run.accounts);
    const handled = await handleStoppedTasks(group.tasks, account.ports, {
      ...run.config,
      ...reachOf(account),
      ...incidentPortsOf(ports),
      writer: account.ports.ec2Writer,
      owner,
      now,
      deadline: run.deadline,
      claimSeconds: run.claimSeconds,
      // A lone stop's first round read while the store decides (prefetchRoundOne) only when the
      // batch is that one group: a mixed storm's batches wait for the store, since another
      // execution environment may hold their groups already (bench: 1,700 calls for 100
      // services with it, 1,300 without).
      recent: run.recent,
      prefetch: run.prefetch,
      batched: true,
    });
    const incidentId = handled.kind === 'notified' ? handled.report.incident?.id : undefined;
    const stops = handled.kind === 'folded' ? handled.stops : group.tasks.length;
    logger.info(`handled: ${handled.kind}`, {
      ...where,
      ...(incidentId ? { incidentId } : {}),
      cause: handled.classification.cause,
      kind: handled.kind,
      stops,
    });
  } catch (e) {
    logger.error('a group failed: its messages go back to the queue, then to the dead-letter queue', {
      ...where,
      ...(group.kind === 'stopped' ? { cause: group.cause } : {}),
      error: e instanceof Error ? { name: e.name, message: e.message } : String(e),
    });
    throw e;
  }
}

/** A batch from an SQS event source mapping (every record `aws:sqs`), rather than one EventBridge event. */
export function isSqsEvent(event: unknown): event is SQSEvent {
  const records = (event as { Records?: unknown } | null)?.Records;
  return (
    Array.isArray(records) &&
    records.length > 0 &&
    records.every((r) => (r as { eventSource?: unknown } | null)?.eventSource === 'aws:sqs')
  );
}
