import { deniedCalls } from '../../endpoint-policy.js';
import type { EndpointService, VpcEndpoint } from '../../network.js';
import { type CheckInput, finding, type Verdict } from '../verdict.js';

/** An endpoint's policy must allow the calls the task makes through it. */
export function endpointPolicy(
  { region }: CheckInput,
  ep: VpcEndpoint,
  service: EndpointService,
  feature: string,
): Verdict[] {
  const denied = deniedCalls(ep.policy, callsThrough(service, region));
  if (denied.length === 0) return [];
  return [
    finding({
      id: 'endpoint-policy-denies',
      endpointId: ep.id,
      service,
      denied,
      resources: [ep.id],
      evidence: [`the policy of ${ep.id} (${service}) does not allow ${denied.join('; ')}`],
      breaks: [feature],
    }),
  ];
}

/** The calls the task makes through an endpoint of `service`, for the endpoint policy check. */
function callsThrough(service: EndpointService, region: string): { action: string; resource: string }[] {
  switch (service) {
    case 'ecr.api':
    case 'ecr.dkr':
      return [
        { action: 'ecr:GetAuthorizationToken', resource: '*' },
        { action: 'ecr:BatchGetImage', resource: `arn:aws:ecr:${region}:*:repository/*` },
        { action: 'ecr:GetDownloadUrlForLayer', resource: `arn:aws:ecr:${region}:*:repository/*` },
      ];
    case 's3':
      return [{ action: 's3:GetObject', resource: `arn:aws:s3:::prod-${region}-starport-layer-bucket/*` }];
    case 'logs':
      return [
        { action: 'logs:CreateLogStream', resource: `arn:aws:logs:${region}:*:log-group:*` },
        { action: 'logs:PutLogEvents', resource: `arn:aws:logs:${region}:*:log-group:*` },
      ];
    case 'secretsmanager':
      return [
        { action: 'secretsmanager:GetSecretValue', resource: `arn:aws:secretsmanager:${region}:*:secret:*` },
      ];
    case 'ssm':
      return [{ action: 'ssm:GetParameters', resource: `arn:aws:ssm:${region}:*:parameter/*` }];
  }
}
