import type { SQSEvent } from 'aws-lambda';
import type { IncidentStore } from '../core/ports.js';
import { createBatchHandler } from '../lambda-batch.js';
import type { SimulatedAccount } from './account.js';
import { InMemoryIncidentStore } from './incident-store.js';
import {
  lambdaContext,
  RecordingLogger,
  RecordingNotifier,
  type SimulatedLambdaOptions,
  simulatedHandlerInputs,
} from './lambda.js';

/**
 * The real batch handler (`createBatchHandler`, behind the SQS queue) on the simulated
 * account, with an in-memory incident store (or the one given: the bench counts its
 * requests), a recording notifier and logger. `invoke` is one invocation, its own request id,
 * in the execution environment it names (one per concurrent invocation, as Lambda keeps them).
 */
export function simulatedBatchLambda(
  account: SimulatedAccount,
  options: SimulatedLambdaOptions & Readonly<{ store?: IncidentStore }> = {},
) {
  const store = options.store ?? new InMemoryIncidentStore();
  const notifier = new RecordingNotifier();
  const logger = new RecordingLogger();
  /** One execution environment: the handler with what it keeps for its life (the groups it saw busy). */
  const environment = () =>
    createBatchHandler(...simulatedHandlerInputs(account, { store, notifier, logger }, options));
  const environments = [environment()];
  let invocations = 0;
  /** One invocation, in execution environment `slot` (Lambda runs concurrent invocations in environments of their own). */
  const invoke = (event: SQSEvent, slot = 0) => {
    environments[slot] ??= environment();
    const handler = environments[slot];
    return handler(event, lambdaContext(`sim-batch-${++invocations}`, options.timeoutMs ?? 120_000));
  };
  return { invoke, store, notifier, logger, invocations: () => invocations };
}
