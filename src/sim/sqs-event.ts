import { createHash } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent, SQSMessageAttributes, SQSRecord } from 'aws-lambda';

/** The queue the simulated event source mapping reads (the stack's `EventsQueue`). */
export const SIMULATED_QUEUE_ARN = 'arn:aws:sqs:us-east-1:111122223333:ecs-pullfix-prod-events';
/** EventBridge's sender id on the messages its rules put on a queue. */
const EVENTBRIDGE_SENDER_ID = 'AIDAIZ2BFKMJBPUSI2MXA';

/** A message as SQS holds it: what `ReceiveMessage` returns, in our own plain terms. */
export type QueuedMessage = Readonly<{
  messageId: string;
  body: string;
  receiptHandle?: string;
  /** How many times it was received, this time included. */
  receiveCount: number;
  sentTimestamp: number;
  firstReceiveTimestamp?: number;
  senderId?: string;
  messageAttributes?: SQSMessageAttributes;
}>;

/**
 * The record Lambda's event source mapping gives the function for one message
 * (https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html, "Example standard queue
 * message event"): every attribute a string, the body's MD5 in hex.
 */
export function sqsRecordOf(message: QueuedMessage, queueArn = SIMULATED_QUEUE_ARN): SQSRecord {
  const region = queueArn.split(':')[3] ?? 'us-east-1';
  return {
    messageId: message.messageId,
    receiptHandle:
      message.receiptHandle ?? Buffer.from(`${message.messageId}#${message.receiveCount}`).toString('base64'),
    body: message.body,
    attributes: {
      ApproximateReceiveCount: String(message.receiveCount),
      SentTimestamp: String(message.sentTimestamp),
      SenderId: message.senderId ?? EVENTBRIDGE_SENDER_ID,
      ApproximateFirstReceiveTimestamp: String(message.firstReceiveTimestamp ?? message.sentTimestamp + 20),
    },
    messageAttributes: message.messageAttributes ?? {},
    md5OfBody: createHash('md5').update(message.body).digest('hex'),
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: region,
  };
}

/** A batch of messages as the event source mapping delivers it. */
export function sqsEventOf(messages: readonly QueuedMessage[], queueArn = SIMULATED_QUEUE_ARN): SQSEvent {
  return { Records: messages.map((m) => sqsRecordOf(m, queueArn)) };
}

/** Messages of EventBridge events, in arrival order, with ids `msg-1`, `msg-2`… and one sending time. */
export function messagesOf(events: readonly unknown[], sentTimestamp = Date.parse('2026-11-20T09:20:00Z')) {
  return events.map(
    (e, i): QueuedMessage => ({
      messageId: messageIdOf(i + 1),
      body: typeof e === 'string' ? e : JSON.stringify(e),
      receiveCount: 1,
      sentTimestamp: sentTimestamp + i,
    }),
  );
}

/** A stable, UUID-shaped message id for the `n`th message. */
export function messageIdOf(n: number): string {
  const h = createHash('sha256').update(`message:${n}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export type EventSourceOptions = Readonly<{
  /** Messages per invocation, at most (serverless.yml: 100). */
  batchSize?: number;
  /** Invocations at once, at most (serverless.yml: the event source mapping's `maximumConcurrency`). */
  maximumConcurrency?: number;
  /** Receives before a message that keeps failing goes to the dead-letter queue (serverless.yml). */
  maxReceiveCount?: number;
  /**
   * How long the mapping gathers messages before it invokes with fewer than `batchSize`
   * (serverless.yml: `maximumBatchingWindow`), counted from the first message's sending
   * time; unset: a batch takes what is queued, as when a backlog waits.
   */
  batchingWindowMs?: number;
  queueArn?: string;
  /** Called as each batch is taken from the queue, with the time it closed (the bench moves its clock there). */
  onBatch?: (batch: number, closedAtMs: number) => void;
}>;

export type Drained = Readonly<{ invocations: number; deadLettered: readonly string[]; redelivered: number }>;

/**
 * A simulated event source mapping on a standard queue: batches of up to `batchSize`
 * messages in arrival order (closed early when the batching window ends), at most
 * `maximumConcurrency` invocations at once, none starting before the invocation
 * `maximumConcurrency` batches ahead of it ended: a storm arriving slower than it is handled,
 * where an invocation ends before the queue has moved on by more than that (the clock a
 * caller moves in `onBatch` cannot run ahead of a long diagnosis). A message the
 * function reports (or all of a batch whose invocation threw) is delivered again, behind the
 * rest (its visibility timeout), until `maxReceiveCount` receives: then the dead-letter queue.
 */
export async function drainThroughEventSource(
  messages: readonly QueuedMessage[],
  /** One invocation; `slot` is the concurrent invocation's execution environment (0 … maximumConcurrency - 1). */
  invoke: (event: SQSEvent, slot: number) => Promise<SQSBatchResponse | undefined>,
  options: EventSourceOptions = {},
): Promise<Drained> {
  const { batchSize = 100, maximumConcurrency = 2, maxReceiveCount = 5 } = options;
  const queue = messages.map((m) => ({ ...m, receiveCount: 0 }));
  const deadLettered: string[] = [];
  let invocations = 0;
  let redelivered = 0;
  const take = () => {
    const closes = (queue[0]?.sentTimestamp ?? 0) + (options.batchingWindowMs ?? Number.POSITIVE_INFINITY);
    let size = 0;
    while (size < Math.min(batchSize, queue.length) && (queue[size]?.sentTimestamp ?? 0) <= closes) size++;
    const batch = queue.splice(0, size);
    const last = batch.at(-1)?.sentTimestamp ?? 0;
    return { batch, closedAtMs: size === batchSize || !Number.isFinite(closes) ? last : closes };
  };
  // Each batch's end; batch k starts once batch k - maximumConcurrency has ended.
  const ended: Promise<void>[] = [];
  const worker = async (slot: number): Promise<void> => {
    for (let { batch, closedAtMs } = take(); batch.length > 0; { batch, closedAtMs } = take()) {
      const k = invocations++;
      let end = () => {};
      ended[k] = new Promise<void>((resolve) => {
        end = resolve;
      });
      await ended[k - maximumConcurrency];
      options.onBatch?.(k, closedAtMs);
      const received = batch.map((m) => ({ ...m, receiveCount: m.receiveCount + 1 }));
      const failed = await invoke(sqsEventOf(received, options.queueArn), slot).then(
        (r) => new Set((r?.batchItemFailures ?? []).map((f) => f.itemIdentifier)),
        () => new Set(received.map((m) => m.messageId)),
      );
      end();
      for (const m of received.filter((r) => failed.has(r.messageId))) {
        if (m.receiveCount >= maxReceiveCount) deadLettered.push(m.messageId);
        else {
          redelivered++;
          queue.push(m);
        }
      }
    }
  };
  while (queue.length > 0)
    await Promise.all(Array.from({ length: maximumConcurrency }, (_, slot) => worker(slot)));
  return { invocations, deadLettered, redelivered };
}
