import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { endpointPolicy } from '../../../src/core/diagnose/checks/endpoint-policy.js';
import { CONTROL } from '../../support/shell.js';
import { HEALTHY, inputOf, interfaceEndpoint, s3Gateway } from '../../support/snapshot.js';

/*
 * An endpoint's policy is text its owner wrote, read from AWS: whatever it holds, the check
 * answers (never throws), and what it says stays short and free of the policy's control
 * characters, so that no policy can flood or forge a notice.
 */

const hostileText = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.constantFrom(
    '\u001b[31mred',
    'line\nbreak',
    'x'.repeat(5_000),
    ['$', '{aws:PrincipalOrgID}'].join(''),
    '*',
    '?',
  ),
);

const statement = fc.record({
  Sid: hostileText,
  Effect: fc.constantFrom('Allow', 'Deny'),
  Principal: fc.oneof(fc.constant('*'), fc.record({ AWS: hostileText })),
  Action: fc.oneof(fc.constant('*'), fc.constantFrom('ecr:*', 's3:GetObject'), hostileText),
  Resource: fc.oneof(fc.constant('*'), hostileText),
  Condition: fc.dictionary(
    fc.constantFrom('StringEquals', 'StringNotEquals', 'Bool', 'ArnLike'),
    fc.dictionary(hostileText, hostileText, { maxKeys: 2 }),
    { maxKeys: 2 },
  ),
});

const policyText = fc.oneof(
  fc
    .array(statement, { maxLength: 4 })
    .map((Statement) => JSON.stringify({ Version: '2012-10-17', Statement })),
  fc.json(),
  hostileText,
);

const endpoints = [
  [interfaceEndpoint('ecr.dkr', 'vpce-0ecrdkr1a2b3c4d5e'), 'ecr.dkr'],
  [interfaceEndpoint('logs', 'vpce-0logs1a2b3c4d5e6'), 'logs'],
  [s3Gateway(), 's3'],
] as const;

describe(`${endpointPolicy.name}, on any policy text`, () => {
  it('answers without throwing, in short lines without the control characters of the policy', () => {
    fc.assert(
      fc.property(policyText, fc.constantFrom(...endpoints), (policy, [ep, service]) => {
        const verdicts = endpointPolicy(inputOf(HEALTHY), { ...ep, policy }, service, 'image app:1');
        for (const line of verdicts.flatMap((v) =>
          v.kind === 'ok' ? [v.evidence] : v.kind === 'not-checked' ? [v.why] : v.draft.evidence,
        )) {
          expect(line.length).toBeLessThanOrEqual(600);
          expect(line).not.toMatch(CONTROL);
        }
      }),
      { numRuns: 300 },
    );
  });
});
