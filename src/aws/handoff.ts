import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { Handoff, HandoffSender } from '../core/handoff.js';
import { type ClientOptions, clientConfig } from './clients.js';
import { call, toAwsCallError } from './errors.js';

/**
 * The hand-off on EventBridge: one PutEvents entry on the hand-off bus, whose rule calls the
 * agent's API destination (serverless.yml, `HandoffRule`). PutEvents answers 200 even when it
 * refused the entry (`FailedEntryCount`, the entry's `ErrorCode`): that is a failure too.
 */
export class EventBridgeHandoff implements HandoffSender {
  readonly #client: EventBridgeClient;
  readonly #bus: string;
  constructor(client: EventBridgeClient, bus: string) {
    this.#client = client;
    this.#bus = bus;
  }

  async send(h: Handoff): Promise<void> {
    const out = await call('events:PutEvents', () =>
      this.#client.send(
        new PutEventsCommand({
          Entries: [
            {
              EventBusName: this.#bus,
              Source: h.source,
              DetailType: h.detailType,
              Detail: h.detail,
              Resources: [...h.resources],
            },
          ],
        }),
      ),
    );
    const entry = out.Entries?.[0];
    if ((out.FailedEntryCount ?? 0) > 0 || entry?.ErrorCode !== undefined || entry?.EventId === undefined)
      throw toAwsCallError('events:PutEvents', {
        name: entry?.ErrorCode ?? 'FailedEntry',
        message: `EventBridge did not take the hand-off of ${h.idempotencyKey}: ${entry?.ErrorMessage ?? 'no event id'}`,
        // EventBridge's own failures of an entry (InternalFailure, ThrottlingException) are worth a retry.
        ...(/Internal|Throttl/.test(entry?.ErrorCode ?? '') ? { $fault: 'server' } : {}),
      });
  }
}

/**
 * The hand-off's sender on `bus` (a name or an ARN). Its client has every client's retries,
 * time limits and user agent; its endpoint is the SDK's (`AWS_ENDPOINT_URL_EVENTBRIDGE`,
 * `AWS_ENDPOINT_URL`), as the Lambda's other clients have no override either.
 */
export function makeHandoffSender(options: ClientOptions, bus: string): HandoffSender {
  const { endpoints: _none, ...shared } = options;
  // The key only picks an endpoint override among `endpoints`, left out here.
  return new EventBridgeHandoff(new EventBridgeClient(clientConfig(shared, 'sns')), bus);
}
