import { describe, expect, it } from 'vitest';
import type { Classification } from '../../../src/core/causes.js';
import { diagnose } from '../../../src/core/diagnose.js';
import { interfaceEndpoint, s3Gateway, snapshotWith } from '../../support/snapshot.js';

/** The ECR API endpoint keeps the pull actions but not the registry login, and the VPC has no logs endpoint. */
const TWO_PROBLEMS = snapshotWith({
  endpoints: {
    ok: true,
    value: [
      interfaceEndpoint('ecr.api', 'vpce-0ecrapi1a2b3c4d5e', {
        policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: '*',
              Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
              Resource: '*',
            },
          ],
        }),
      }),
      interfaceEndpoint('ecr.dkr', 'vpce-0ecrdkr1a2b3c4d5e'),
      s3Gateway(),
    ],
  },
});

const classified = (c: Pick<Classification, 'cause' | 'service' | 'evidence'>): Classification => ({
  ...c,
  networkRelated: true,
  registry: null,
  summary: 'One sentence.',
});

const problems = (c: Classification) =>
  diagnose(TWO_PROBLEMS, c)
    .filter((f) => f.id !== 'not-checked')
    .map((f) => ('service' in f && f.service ? `${f.id}:${f.service}` : f.id));

describe('the root finding when the stop text names an endpoint policy', () => {
  it('is the denial on the endpoint of the service the stop text names, before what the task would meet next', () => {
    const refused = classified({
      cause: 'endpoint-policy',
      service: 'ecr',
      evidence: ['because no VPC endpoint policy allows the ecr:GetAuthorizationToken action'],
    });

    expect(problems(refused)).toEqual([
      'endpoint-policy-denies:ecr.api',
      'no-egress-path',
      'missing-endpoint:logs',
    ]);
  });

  it('stays in the catalogue’s order when the stop text blames another service’s endpoint', () => {
    const logsRefused = classified({
      cause: 'endpoint-policy',
      service: 'logs',
      evidence: ['because no VPC endpoint policy allows the logs:CreateLogStream action'],
    });

    expect(problems(logsRefused)).toEqual([
      'no-egress-path',
      'missing-endpoint:logs',
      'endpoint-policy-denies:ecr.api',
    ]);
  });

  it('stays in the catalogue’s order for any other cause', () => {
    const timeout = classified({
      cause: 'network-timeout',
      service: 'ecr',
      evidence: ['dial tcp 10.0.100.12:443: i/o timeout'],
    });

    expect(problems(timeout)).toEqual([
      'no-egress-path',
      'missing-endpoint:logs',
      'endpoint-policy-denies:ecr.api',
    ]);
  });
});
