import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { handoffPorts } from '../src/aws/handoff-port.js';
import { memberAccess } from '../src/aws/member-access.js';
import { awsLambdaPorts } from '../src/aws/ports.js';
import { loadLambdaConfig } from '../src/config.js';
import { createHandler } from '../src/lambda.js';
import { createBatchHandler, isSqsEvent } from '../src/lambda-batch.js';

// Built once per container: the configuration (failing fast, naming the variable) and the clients.
// A member account's (an organisation's hub) are made on its first event, with its role's credentials.
const config = loadLambdaConfig(process.env);
const ports = {
  ...awsLambdaPorts({ ...config, onChatFailure: chatNotSent }),
  // With a hand-off bus only: incidents ecs-pullfix could not pin, for the AI agent.
  ...handoffPorts({}, config.handoffBus),
};
const accounts = memberAccess(ports, config);
const batch = createBatchHandler(ports, config, { accounts });
const single = createHandler(ports, config, { accounts });

/** A chat publish that failed while the notice itself went out: logged, not retried (README, "Notices in Slack or Microsoft Teams"). */
function chatNotSent(error: unknown, notice: Readonly<{ subject: string; chat?: string }>): void {
  const thread = /"threadId":"([\w-]{1,64})"/.exec(notice.chat ?? '')?.[1];
  new Logger({ serviceName: 'ecs-pullfix' }).error('chat notice not sent; the notice itself was', {
    incidentId: thread,
    subject: notice.subject,
    error: error instanceof Error ? error.message : String(error),
  });
}

/**
 * The Lambda entry point: batches of `ECS Task State Change` events from the SQS queue the
 * EventBridge rules feed. An event EventBridge invokes the function with directly (one still
 * in Lambda's asynchronous queue while a stack is updated to the queue) is handled alone.
 */
export const handler = (event: unknown, context: Context) =>
  isSqsEvent(event) ? batch(event, context) : single(event, context);
