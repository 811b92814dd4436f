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
/**
 * Pieces of the families the corpus lacks: denials that name a VPC endpoint policy, S3's XML
 * refusal of an image configuration, and the Docker daemon's own networks on the instance.
 */
const familyTexts = [
  'AccessDeniedException: User: arn:aws:sts::111122223333:assumed-role/app-exec/1f2e is not authorized to perform: ecr:GetAuthorizationToken on resource: * because no VPC endpoint policy allows the ecr:GetAuthorizationToken action',
  'is not authorized to perform: secretsmanager:GetSecretValue on resource: arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf with an explicit deny in a VPC endpoint policy',
  'CannotPullContainerError: error pulling image configuration: download failed after attempts=1: error parsing HTTP 403 response body: <?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>',
  'unexpected status code https://prod-us-east-1-starport-layer-bucket.s3.us-east-1.amazonaws.com/ab/cd: 403 Forbidden',
  'CannotStartContainerError: Error response from daemon: failed to create endpoint ecs-app-1 on network bridge: adding interface veth39cd78e to bridge docker0 failed: could not find bridge docker0: route ip+net: no such network interface',
  'driver failed programming external connectivity on endpoint ecs-app-1 (669659d6): Bind for 0.0.0.0:8080 failed: port is already allocated',
];
const fragments = [
  ...new Set([...realTexts, ...familyTexts].flatMap((t) => t.split(/(?<=[:;,.])\s+/))),
].filter((f) => f !== '');

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
    // The "network fix?" column of docs/causes.md.
    const network = ['network-timeout', 'network-dns', 'network-s3-layer', 'endpoint-policy'];
    fc.assert(
      fc.property(stopRecord, (r) => {
        const c = classify(r);
        expect(CAUSES).toContain(c.cause);
        expect(SERVICES).toContain(c.service);
        expect(c.networkRelated).toBe(network.includes(c.cause));
      }),
      { numRuns: 1_000 },
    );
  });

  it('calls AWS’s denial by a VPC endpoint policy endpoint-policy, whatever text surrounds it', () => {
    const denial = fc
      .tuple(
        fc.constantFrom(
          'ecr:GetAuthorizationToken',
          'logs:CreateLogStream',
          'ssm:GetParameters',
          's3:GetObject',
        ),
        fc.boolean(),
      )
      .map(([action, explicit]) =>
        explicit
          ? `is not authorized to perform: ${action} on resource: * with an explicit deny in a VPC endpoint policy`
          : `is not authorized to perform: ${action} on resource: * because no VPC endpoint policy allows the ${action} action`,
      );
    fc.assert(
      fc.property(messageText, denial, messageText, (before, said, after) => {
        const c = classify({ stopCode: 'TaskFailedToStart', stoppedReason: `${before} ${said} ${after}` });
        expect([c.cause, c.networkRelated]).toEqual(['endpoint-policy', true]);
        expect(c.evidence[0]).toContain('VPC endpoint policy');
      }),
      { numRuns: 500 },
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
