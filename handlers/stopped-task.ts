import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { awsLambdaPorts } from '../src/aws/ports.js';
import { loadLambdaConfig } from '../src/config.js';
import { parseTaskStateChange, type StoppedTask } from '../src/core/event.js';
import { InvalidEventError } from '../src/errors.js';
import { handleStoppedTask } from '../src/pipeline/incident.js';

// Built once per container: configuration (failing fast, naming the variable) and clients.
const logger = new Logger({ serviceName: 'ecs-pullfix' });
const config = loadLambdaConfig(process.env);
const ports = awsLambdaPorts(config);

/**
 * The Lambda: an ECS `Task State Change` (STOPPED) from EventBridge → the pipeline → one
 * notice per incident. Bad input is logged and dropped (no AWS call, no retry); an AWS
 * failure that outlasted the SDK's retries is thrown, so that Lambda retries the event and
 * then sends it to the dead-letter queue.
 */
export async function handler(event: unknown, context: Context): Promise<Readonly<Record<string, unknown>>> {
  logger.addContext(context);
  let task: StoppedTask;
  try {
    task = parseTaskStateChange(event);
  } catch (e) {
    if (!(e instanceof InvalidEventError)) throw e;
    logger.error('dropped an event that is not an ECS Task State Change', { error: e.message });
    return { outcome: 'invalid-event', error: e.message };
  }
  logger.appendKeys({ taskArn: task.taskArn, cluster: task.clusterArn });
  const handled = await handleStoppedTask(task, ports, {
    ...config,
    store: ports.store,
    notifier: ports.notifier,
    writer: ports.ec2Writer,
    owner: context.awsRequestId,
    now: () => new Date(),
  });
  const incidentId =
    handled.kind === 'notified'
      ? handled.report.incident?.id
      : handled.kind === 'folded'
        ? handled.incidentId
        : undefined;
  if (incidentId) logger.appendKeys({ incidentId });
  const outcome =
    handled.kind === 'notified'
      ? { outcome: handled.notification.attributes.outcome, messageId: handled.messageId }
      : {};
  logger.info(`handled: ${handled.kind}`, { cause: handled.classification.cause, ...outcome });
  return {
    result: handled.kind,
    cause: handled.classification.cause,
    ...(incidentId ? { incidentId } : {}),
    ...outcome,
  };
}
