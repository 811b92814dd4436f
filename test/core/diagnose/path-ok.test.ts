import { describe, expect, it } from 'vitest';
import type { Classification, Service } from '../../../src/core/causes.js';
import { diagnose } from '../../../src/core/diagnose.js';
import type { Finding } from '../../../src/core/findings.js';
import { HEALTHY, interfaceEndpoint, s3Gateway, snapshotWith, VPC } from '../../support/snapshot.js';

/** What the classifier says of a stop text that names a VPC endpoint policy. */
const blamesEndpointPolicy = (service: Service, evidence: string): Classification => ({
  cause: 'endpoint-policy',
  service,
  networkRelated: true,
  registry: null,
  evidence: [evidence],
  summary: 'A VPC endpoint policy refused the task’s call.',
});
const ECR_AUTH = blamesEndpointPolicy(
  'ecr',
  'not authorized to perform: ecr:GetAuthorizationToken on resource: * because no VPC endpoint policy allows the ecr:GetAuthorizationToken action',
);

/** The policy a platform team puts on its ECR endpoints: any ECR action, nothing else. */
const ECR_ONLY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: 'ecr:*', Resource: '*' }],
});

const pathOkFix = (findings: readonly Finding[]): string | undefined =>
  findings.find((f) => f.id === 'path-ok')?.fix;

describe('path-ok when the stop text blames an endpoint policy', () => {
  it('says the endpoints the calls go through keep the default full-access policy, and where to look instead', () => {
    const findings = diagnose(HEALTHY, ECR_AUTH);

    expect(findings.map((f) => f.id)).toEqual(['path-ok']);
    expect(pathOkFix(findings)).toBe(
      'The stop text blames a VPC endpoint policy for Amazon ECR, but vpce-0ecrapi1a2b3c4d5e and vpce-0ecrdkr1a2b3c4d5e have the default full-access policy: the policy that refused them is one ecs-pullfix cannot see (an endpoint in another VPC or account, reached through a shared resolver, a peering or a transit gateway), or it has changed since the task stopped.',
    );
  });

  it('names the endpoint whose own policy it evaluated and found allowing', () => {
    const snapshot = snapshotWith({
      endpoints: {
        ok: true,
        value: [
          interfaceEndpoint('ecr.api', 'vpce-0ecrapi1a2b3c4d5e', { policy: ECR_ONLY }),
          interfaceEndpoint('ecr.dkr', 'vpce-0ecrdkr1a2b3c4d5e'),
          interfaceEndpoint('logs', 'vpce-0logs1a2b3c4d5e6'),
          s3Gateway(),
        ],
      },
    });

    const fix = pathOkFix(diagnose(snapshot, ECR_AUTH));

    expect(fix).toContain(
      "but the policy of vpce-0ecrapi1a2b3c4d5e allows the task's calls as ecs-pullfix evaluates it, and vpce-0ecrdkr1a2b3c4d5e has the default full-access policy:",
    );
  });

  it('speaks of the S3 gateway alone when the stop text blames the layer bucket', () => {
    const s3 = blamesEndpointPolicy('s3', '<Code>AccessDenied</Code><Message>Access Denied</Message>');

    expect(pathOkFix(diagnose(HEALTHY, s3))).toContain(
      'for Amazon S3, but vpce-0s3gw1a2b3c4d5e6f has the default full-access policy:',
    );
  });

  it('says the calls go through no endpoint of the VPC when none serves the service the text names', () => {
    const secrets = blamesEndpointPolicy('secretsmanager', 'with an explicit deny in a VPC endpoint policy');

    expect(pathOkFix(diagnose(HEALTHY, secrets))).toBe(
      `The stop text blames a VPC endpoint policy for Secrets Manager, but the task's calls to it go through no VPC endpoint of ${VPC}: the policy that refused them is one ecs-pullfix cannot see (an endpoint in another VPC or account, reached through a shared resolver, a peering or a transit gateway), or it has changed since the task stopped.`,
    );
  });

  it('leaves an interface endpoint whose private DNS is off out: the calls do not go through it', () => {
    const snapshot = snapshotWith({
      endpoints: {
        ok: true,
        value: [
          interfaceEndpoint('ecr.api', 'vpce-0ecrapi1a2b3c4d5e'),
          interfaceEndpoint('ecr.dkr', 'vpce-0ecrdkr1a2b3c4d5e'),
          interfaceEndpoint('logs', 'vpce-0logs1a2b3c4d5e6'),
          interfaceEndpoint('secretsmanager', 'vpce-0secrets1a2b3c4d', { privateDns: false }),
          s3Gateway(),
        ],
      },
    });
    const secrets = blamesEndpointPolicy('secretsmanager', 'with an explicit deny in a VPC endpoint policy');

    expect(pathOkFix(diagnose(snapshot, secrets))).toContain(`go through no VPC endpoint of ${VPC}`);
  });

  it('says it does not inspect the endpoints of a service outside its path, rather than judge others', () => {
    const kms = blamesEndpointPolicy('kms', 'because no VPC endpoint policy allows the kms:Decrypt action');

    expect(pathOkFix(diagnose(HEALTHY, kms))).toBe(
      `The stop text blames a VPC endpoint policy for AWS KMS, whose endpoints ecs-pullfix does not inspect: check the policy of that service's endpoint in ${VPC} (or the shared one the task's traffic reaches) for the action the evidence names.`,
    );
  });

  it('weighs every endpoint on the path when the stop text does not say which service refused', () => {
    const unnamed = blamesEndpointPolicy('unknown', 'with an explicit deny in a VPC endpoint policy');

    expect(pathOkFix(diagnose(HEALTHY, unnamed))).toContain(
      'for the AWS service it called, but vpce-0ecrapi1a2b3c4d5e, vpce-0ecrdkr1a2b3c4d5e, vpce-0logs1a2b3c4d5e6 and vpce-0s3gw1a2b3c4d5e6f have the default full-access policy:',
    );
  });

  it('keeps its usual words for a cause that does not name an endpoint policy', () => {
    const kms: Classification = { ...ECR_AUTH, cause: 'kms-denied', service: 'kms', networkRelated: false };

    expect(pathOkFix(diagnose(HEALTHY, kms))).toBe(
      "Nothing is wrong on the network path ecs-pullfix can see; look at the classifier's cause, kms-denied.",
    );
  });
});
