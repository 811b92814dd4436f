import type { Context } from 'aws-lambda';
import type { LambdaConfig } from '../config.js';
import type { AccountPortsOf } from '../core/account-reach.js';
import { DEFAULT_DEPLOYMENT_POLICY, type DeploymentPolicy } from '../core/mode.js';
import type { IncidentStore, Notifier, PendingNotice } from '../core/ports.js';
import type { IncidentHistory } from '../core/ports-store.js';
import { createHandler, type HandlerDeps, type HandlerLogger, type LambdaPorts } from '../lambda.js';
import type { SimulatedAccount } from './account.js';
import { InMemoryIncidentHistory } from './incident-history.js';
import { InMemoryIncidentStore } from './incident-store.js';

/** A notifier that keeps what it is given (and can be made to fail, as SNS can). */
export class RecordingNotifier implements Notifier {
  readonly sent: PendingNotice[] = [];
  failing = false;
  async publish(m: PendingNotice): Promise<string> {
    await Promise.resolve();
    if (this.failing) throw Object.assign(new Error('SNS is unavailable'), { name: 'AwsCallError' });
    this.sent.push(m);
    return `msg-${this.sent.length}`;
  }

  /** The JSON documents of the notices sent (what `sqs`, `lambda` and `https` subscribers get). */
  documents(): Record<string, unknown>[] {
    return this.sent.map((m) => JSON.parse(JSON.parse(m.message).sqs) as Record<string, unknown>);
  }
}

/** The default deployment with auto-fix as the mode of untagged clusters. */
export const AUTO_FIX_DEPLOYMENT: DeploymentPolicy = {
  ...DEFAULT_DEPLOYMENT_POLICY,
  defaultMode: 'auto-fix',
};

export type LogEntry = Readonly<{ level: 'info' | 'error'; message: string; extra: unknown[] }>;

/** A logger that keeps its lines, for the tests and the reliability report to count. */
export class RecordingLogger implements HandlerLogger {
  readonly entries: LogEntry[] = [];
  addContext(): void {}
  resetKeys(): void {}
  appendKeys(): void {}
  info(message: string, ...extra: unknown[]): void {
    this.entries.push({ level: 'info', message, extra });
  }
  error(message: string, ...extra: unknown[]): void {
    this.entries.push({ level: 'error', message, extra });
  }
}

export type SimulatedLambdaOptions = Readonly<{
  deployment?: DeploymentPolicy;
  windowSeconds?: number;
  now?: () => Date;
  /** What `context.getRemainingTimeInMillis()` answers at the start of each invocation (default: the 120 s timeout). */
  timeoutMs?: number;
  /** The ports of each task's account (`simulatedOrganization`); else every task is read in the one account. */
  accounts?: AccountPortsOf;
}>;

/** What became of one event, delivered as Lambda delivers an asynchronous invocation. */
export type Delivery = Readonly<{
  /** The handler's answer to the attempt that succeeded, if one did. */
  result?: Readonly<Record<string, unknown>>;
  /** Invocations it took (1, or up to 3 with Lambda's two retries). */
  attempts: number;
  /** The error of the last attempt, when every attempt failed (the event went to the dead-letter queue). */
  deadLettered?: unknown;
}>;

/**
 * The real Lambda handler (`createHandler`) on the simulated account, with an in-memory
 * incident store, a recording notifier and logger: what the reliability tests and the
 * `--reliability` bench drive.
 */
/** The context Lambda passes one invocation, with `timeoutMs` left from now. */
export function lambdaContext(requestId: string, timeoutMs: number): Context {
  const ends = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'ecs-pullfix-sim',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:ecs-pullfix-sim',
    memoryLimitInMB: '512',
    awsRequestId: requestId,
    logGroupName: '/aws/lambda/ecs-pullfix-sim',
    logStreamName: 'sim',
    getRemainingTimeInMillis: () => Math.max(0, ends - Date.now()),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

/**
 * What a handler factory (`createHandler`, `createBatchHandler`) takes on the simulated account:
 * its ports (the account's, with the store and notifier given), the Lambda's configuration and
 * the handler's dependencies.
 */
export function simulatedHandlerInputs(
  account: SimulatedAccount,
  own: Readonly<{
    store: IncidentStore;
    notifier: RecordingNotifier;
    logger: RecordingLogger;
    history?: IncidentHistory;
  }>,
  options: SimulatedLambdaOptions,
): [LambdaPorts, LambdaConfig, HandlerDeps] {
  const { ecs, ec2, iam, ecr, secrets, resolver, efs, ec2Writer } = account;
  return [
    {
      ...{ ecs, ec2, iam, ecr, secrets, resolver, efs, ec2Writer, store: own.store, notifier: own.notifier },
      ...(own.history ? { history: own.history } : {}),
    },
    {
      topicArn: 'arn:aws:sns:us-east-1:111122223333:ecs-pullfix',
      table: 'ecs-pullfix-incidents',
      windowSeconds: options.windowSeconds ?? 3600,
      deployment: options.deployment ?? DEFAULT_DEPLOYMENT_POLICY,
    },
    {
      logger: own.logger,
      ...(options.now ? { now: options.now } : {}),
      ...(options.accounts ? { accounts: options.accounts } : {}),
    },
  ];
}

export function simulatedLambda(account: SimulatedAccount, options: SimulatedLambdaOptions = {}) {
  const store = new InMemoryIncidentStore();
  const notifier = new RecordingNotifier();
  const logger = new RecordingLogger();
  // The evidence each incident keeps (`history` and `replay --incident` read it).
  const history = new InMemoryIncidentHistory();
  const timeoutMs = options.timeoutMs ?? 120_000;
  const handler = createHandler(
    ...simulatedHandlerInputs(account, { store, notifier, logger, history }, options),
  );
  let invocations = 0;
  const contextFor = (requestId: string) => lambdaContext(requestId, timeoutMs);
  /** One invocation: the handler's answer, or its error thrown. */
  const invoke = (event: unknown) => handler(event, contextFor(`sim-${++invocations}`));
  /** An asynchronous invocation: on failure Lambda tries the same request twice more, then dead-letters it. */
  const deliver = async (event: unknown): Promise<Delivery> => {
    const requestId = `sim-${++invocations}`;
    let last: unknown;
    for (let attempt = 1; attempt <= 3; attempt++) {
      try {
        return { result: await handler(event, contextFor(requestId)), attempts: attempt };
      } catch (e) {
        last = e;
      }
    }
    return { attempts: 3, deadLettered: last };
  };
  return { handler, invoke, deliver, store, notifier, logger, history };
}
