import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toStopRecord } from '../../src/core/stop-record.js';
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
});
