import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeHandoffSender } from '../../src/aws/handoff.js';
import { handoffPorts } from '../../src/aws/handoff-port.js';
import { HANDOFF_DETAIL_TYPE, HANDOFF_SOURCE, type Handoff } from '../../src/core/handoff.js';
import { AwsCallError } from '../../src/errors.js';

/** The hand-off's adapter: one PutEvents entry on the hand-off bus; a refused entry is a failure. */
const events = mockClient(EventBridgeClient);
const BUS = 'ecs-pullfix-prod-handoff';
const handoff: Handoff = {
  idempotencyKey: 'inc-0123456789abcdef',
  source: HANDOFF_SOURCE,
  detailType: HANDOFF_DETAIL_TYPE,
  resources: ['arn:aws:ecs:us-east-1:111122223333:task/orders/0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e'],
  detail: JSON.stringify({ schema: 'ecs-pullfix.handoff/v1', idempotencyKey: 'inc-0123456789abcdef' }),
  truncated: [],
};
const sender = () => makeHandoffSender({ region: 'us-east-1', maxAttempts: 1 }, BUS);

beforeEach(() => events.reset());

describe(makeHandoffSender.name, () => {
  it('puts one entry on the hand-off bus: our source and detail type, the task, the document', async () => {
    events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] });

    await sender().send(handoff);

    expect(events.commandCalls(PutEventsCommand).map((c) => c.args[0].input)).toEqual([
      {
        Entries: [
          {
            EventBusName: BUS,
            Source: 'ecs-pullfix',
            DetailType: HANDOFF_DETAIL_TYPE,
            Detail: handoff.detail,
            Resources: handoff.resources,
          },
        ],
      },
    ]);
  });

  it('fails when EventBridge refused the entry (FailedEntryCount), naming its error, retryable when EventBridge’s own', async () => {
    events.on(PutEventsCommand).resolves({
      FailedEntryCount: 1,
      Entries: [{ ErrorCode: 'InternalFailure', ErrorMessage: 'Internal service error' }],
    });

    const failure = await sender()
      .send(handoff)
      .catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(AwsCallError);
    expect(failure).toMatchObject({
      operation: 'events:PutEvents',
      code: 'InternalFailure',
      kind: 'transient',
    });
    expect(String((failure as Error).message)).toContain('inc-0123456789abcdef');
  });

  it('fails as denied when the role may not put on the bus', async () => {
    events
      .on(PutEventsCommand)
      .rejects(
        Object.assign(new Error('not authorized'), { name: 'AccessDeniedException', $fault: 'client' }),
      );

    await expect(sender().send(handoff)).rejects.toMatchObject({ kind: 'denied' });
  });
});

describe(handoffPorts.name, () => {
  it('has no hand-off without a bus', () => {
    expect(handoffPorts({}, undefined)).toEqual({});
  });

  it('loads the adapter on the first hand-off only', async () => {
    events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] });
    const { handoff: port } = handoffPorts({ region: 'us-east-1' }, BUS);
    expect(events.commandCalls(PutEventsCommand)).toHaveLength(0);

    await port?.send(handoff);

    expect(events.commandCalls(PutEventsCommand)).toHaveLength(1);
  });
});
