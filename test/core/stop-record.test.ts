import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toStopRecord } from '../../src/core/stop-record.js';
import { INPUT_CAPS } from '../../src/core/untrusted.js';
import { exampleEvents } from '../support/fixtures.js';

describe(toStopRecord.name, () => {
  it('reads the stop fields out of a whole EventBridge event', () => {
    const event = exampleEvents().find(
      (e) => e.name === 'network-timeout--dockerhub-in-container-reason',
    )?.event;
    const record = toStopRecord(event);
    expect(record.stopCode).toBe('EssentialContainerExited');
    expect(record.stoppedReason).toBe('Essential container in task exited');
    expect(record.containers?.map((c) => c.name)).toEqual(['nginx', 'log-router']);
    expect(record.containers?.[0]?.reason).toMatch(/^CannotPullContainerError/);
  });

  it('reads an event detail and a plain stop record the same way', () => {
    const detail = {
      stoppedReason: 'Task failed to start',
      stopCode: 'TaskFailedToStart',
      containers: [{ name: 'a', reason: 'r' }],
    };
    expect(toStopRecord(detail)).toEqual(toStopRecord({ detail }));
  });

  it("turns the corpus's containerReason into a container reason", () => {
    expect(toStopRecord({ containerReason: 'OutOfMemoryError' }).containers).toEqual([
      { reason: 'OutOfMemoryError' },
    ]);
  });

  it('ignores fields of the wrong type and keeps the rest', () => {
    expect(toStopRecord({ stoppedReason: 42, stopCode: 'UserInitiated', containers: 'x' })).toEqual({
      stopCode: 'UserInitiated',
    });
  });

  it('never throws and never carries a non-string field', () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true }), (value) => {
        const r = toStopRecord(value);
        for (const v of [r.stoppedReason, r.stopCode])
          expect(v === undefined || typeof v === 'string').toBe(true);
        for (const c of r.containers ?? []) for (const v of Object.values(c)) expect(typeof v).toBe('string');
      }),
    );
  });

  it('redacts the credentials of a presigned URL in every reason it reads', () => {
    const url =
      'https://prod-us-east-1-starport-layer-bucket.s3.us-east-1.amazonaws.com/d2c5f1/2b7a?X-Amz-Security-Token=IQoJb3JpZ2luX2VjEGca&X-Amz-Signature=5d672d79c15b';
    const record = toStopRecord({
      stoppedReason: `CannotPullContainerError: Get "${url}": i/o timeout`,
      containers: [{ name: 'app', reason: `Get ${url}` }],
      containerReason: `failed to do request: Get ${url}`,
    });
    expect(JSON.stringify(record)).not.toMatch(/IQoJb3JpZ2luX2VjEGca|5d672d79c15b/);
    expect(record.stoppedReason).toBe(
      'CannotPullContainerError: Get "https://prod-us-east-1-starport-layer-bucket.s3.us-east-1.amazonaws.com/d2c5f1/2b7a?X-Amz-Security-Token=[redacted]&X-Amz-Signature=[redacted]": i/o timeout',
    );
  });

  it('cuts each string to its cap and reads at most 100 containers', () => {
    const huge = 'x'.repeat(1_000_000);
    const record = toStopRecord({
      stoppedReason: huge,
      stopCode: huge,
      containers: Array.from({ length: 10_000 }, () => ({ name: huge, image: huge, reason: huge })),
    });
    expect(record.stoppedReason?.length).toBe(INPUT_CAPS.reasonChars);
    expect(record.stopCode?.length).toBe(INPUT_CAPS.shortChars);
    expect(record.containers?.length).toBe(INPUT_CAPS.listItems);
    expect(record.containers?.[0]).toEqual({
      name: 'x'.repeat(INPUT_CAPS.shortChars),
      image: 'x'.repeat(INPUT_CAPS.imageChars),
      reason: 'x'.repeat(INPUT_CAPS.reasonChars),
    });
  });
});
