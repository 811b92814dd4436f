import type { Classification, Service } from '../causes.js';
import type { Finding } from '../findings.js';
import type { EndpointService } from '../network.js';

/** The endpoint services a classified service's calls go through (none known for the others). */
export const ENDPOINT_SERVICES_OF: Readonly<Partial<Record<Service, readonly EndpointService[]>>> = {
  ecr: ['ecr.api', 'ecr.dkr'],
  s3: ['s3'],
  logs: ['logs'],
  ssm: ['ssm'],
  secretsmanager: ['secretsmanager'],
};

/**
 * When the stop text names the endpoint policy that refused the call (`endpoint-policy`), the
 * denial found on an endpoint of that service is the root: it is what the task hit. The other
 * problems found on the path stay, after it, in their order (the task would meet them next).
 */
export function blamedFirst(findings: readonly Finding[], c: Classification): Finding[] {
  if (c.cause === 'efs-mount') return efsFirst(findings);
  if (c.cause !== 'endpoint-policy') return [...findings];
  const services = ENDPOINT_SERVICES_OF[c.service];
  const blamed = (f: Finding) =>
    f.id === 'endpoint-policy-denies' && (services === undefined || services.includes(f.service));
  return [...findings.filter(blamed), ...findings.filter((f) => !blamed(f))];
}

/**
 * When the stop text says the EFS volume could not be mounted (`efs-mount`), what breaks an EFS
 * volume is the root (a missing mount target, NFS refused, the DNS or the ACL on its way): the
 * problems of the image's path stay after it, in their order (the task would meet them next).
 */
function efsFirst(findings: readonly Finding[]): Finding[] {
  const blamed = (f: Finding) =>
    f.id === 'efs-no-mount-target' ||
    f.id === 'efs-sg-blocks-2049' ||
    (isNetworkProblemOfEfs(f) && f.breaks.some((b) => b.startsWith('EFS volume ')));
  return [...findings.filter(blamed), ...findings.filter((f) => !blamed(f))];
}

const isNetworkProblemOfEfs = (f: Finding): boolean => f.id !== 'not-checked' && f.id !== 'path-ok';
