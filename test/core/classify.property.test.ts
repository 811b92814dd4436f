import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CAUSES, SERVICES, type StopRecord } from '../../src/core/causes.js';
import { classify } from '../../src/core/classify.js';
import { toStopRecord } from '../../src/core/stop-record.js';
import { corpus, holdout } from '../support/fixtures.js';

// Pieces of real messages, so that generated text reaches the rules and not only the fallback.
const realTexts = [...corpus(), ...holdout()].flatMap((m) => [
  m.stoppedReason ?? '',
  m.containerReason ?? '',
]);
const fragments = [...new Set(realTexts.flatMap((t) => t.split(/(?<=[:;,.])\s+/)))].filter((f) => f !== '');

/** Text made of real fragments, arbitrary strings (control characters and all) and cuts. */
const messageText = fc
  .array(fc.oneof(fc.constantFrom(...fragments), fc.string({ unit: 'binary', maxLength: 40 })), {
    maxLength: 6,
  })
  .chain((parts) =>
    fc.nat({ max: parts.join(' ').length }).map((cut) => parts.join(' ').slice(0, cut || undefined)),
  );

const stopRecord: fc.Arbitrary<StopRecord> = fc.record(
  {
    stoppedReason: messageText,
    stopCode: fc.constantFrom(
      'TaskFailedToStart',
      'EssentialContainerExited',
      'UserInitiated',
      'SpotInterruption',
      'x',
    ),
    containers: fc.array(
      fc.record(
        {
          name: fc.string(),
          reason: messageText,
          image: fc.constantFrom('nginx:1', 'quay.io/a/b:1', '1.dkr.ecr.us-east-1.amazonaws.com/r:1', ''),
        },
        { requiredKeys: [] },
      ),
      { maxLength: 3 },
    ),
  },
  { requiredKeys: [] },
);

/** Every text of the input: what evidence must be cut from. */
const inputTexts = (r: StopRecord): string[] => [
  r.stoppedReason ?? '',
  r.stopCode ?? '',
  ...(r.containers ?? []).map((c) => c.reason ?? ''),
];

describe(`${classify.name} (properties)`, () => {
  it('never throws, whatever object it is given', () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withObjectString: true }), (value) => {
        classify(toStopRecord(value));
        classify(value as StopRecord);
      }),
      { numRuns: 2_000 },
    );
  });

  it('never throws on arbitrary strings with control characters in every field', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
        classify({ stoppedReason: a, stopCode: b, containers: [{ reason: b, image: a }] });
      }),
    );
  });

  it('classifies a 1 MB reason quickly and within bounds', () => {
    const huge = `CannotPullContainerError: ${'\u001b[31m\n<b>x</b> '.repeat(70_000)} dial tcp 1.2.3.4:443: i/o timeout`;
    expect(huge.length).toBeGreaterThan(1_000_000);
    const started = Date.now();
    const c = classify({ stoppedReason: huge, containers: [{ reason: huge }] });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(CAUSES).toContain(c.cause);
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(stopRecord, (r) => {
        expect(classify(structuredClone(r))).toEqual(classify(r));
      }),
    );
  });

  it('takes every piece of evidence from the input, verbatim', () => {
    fc.assert(
      fc.property(stopRecord, (r) => {
        const texts = inputTexts(r);
        for (const e of classify(r).evidence) {
          expect(e).not.toBe('');
          expect(texts.some((t) => t.includes(e))).toBe(true);
        }
      }),
      { numRuns: 1_000 },
    );
  });

  it('answers in the contract vocabulary, with networkRelated true exactly for the network causes', () => {
    fc.assert(
      fc.property(stopRecord, (r) => {
        const c = classify(r);
        expect(CAUSES).toContain(c.cause);
        expect(SERVICES).toContain(c.service);
        expect(c.networkRelated).toBe(c.cause.startsWith('network-'));
      }),
      { numRuns: 1_000 },
    );
  });

  it('never calls not-a-start-failure network-related', () => {
    fc.assert(
      fc.property(stopRecord, (r) => {
        const c = classify(r);
        if (c.cause === 'not-a-start-failure') expect(c.networkRelated).toBe(false);
      }),
      { numRuns: 1_000 },
    );
  });

  it('says unknown for empty input, with no evidence', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<StopRecord>({}, { stoppedReason: '' }, { containers: [] }, { containers: [{}] }),
        (r) => {
          expect(classify(r)).toMatchObject({ cause: 'unknown', evidence: [] });
        },
      ),
    );
  });
});
