import { PULL_CALL } from './calls.js';
import type { Rule } from './types.js';

/** Tried last: the image does not exist, a non-ECR registry refused the credentials, the log driver with no more specific reason, and ordinary stops. */
export const LAST_RULES: readonly Rule[] = [
  // The repository, tag or digest does not exist, or the reference is malformed.
  {
    cause: 'image-not-found',
    needles: [
      'manifest unknown',
      'not found',
      'does not exist',
      'pull access denied',
      'requested access to the resource is denied',
      'name unknown',
      'invalid reference format',
      'could not parse reference',
      'imagenotfound',
      'unable to find image',
    ],
    pattern:
      /manifest unknown[^\n]{0,60}|manifest for [^\s]{1,200} not found|repository [^\s]{1,200} not found|repository (?:with name '[^'\n]{1,200}' )?does not exist[^\n]{0,80}|does not exist or (?:no pull access|may require 'docker login')|pull access denied(?: for [^\s,]{1,200})?|requested access to the resource is denied|name unknown[^\n]{0,60}|invalid reference format[^\n]{0,60}|could not parse reference[^\n]{0,60}|ImageNotFound\w*|[Uu]nable to find image[^\n]{0,80}|image (?:tag )?(?:does not|doesn't) exist/i,
  },
  // A bare "not found" means the image only on a pull.
  {
    cause: 'image-not-found',
    needles: ['not found'],
    pattern: /(?:404 )?not found\b/i,
    requires: PULL_CALL,
  },
  // A non-ECR registry refused the credentials (or their absence).
  {
    cause: 'registry-auth',
    needles: [
      '401',
      'unauthorized',
      'anonymous token',
      'failed to authorize',
      'basic auth',
      'authentication required',
      '403',
    ],
    pattern:
      /\b401 Unauthorized|status code:? ?401\b|failed to fetch anonymous token|failed to authorize|no basic auth credentials|unauthorized: [\w ]{1,60}|authentication required|incorrect username or password|\b403 Forbidden|status code:? ?403\b/i,
  },
  // The log driver could not start, with no more specific reason.
  {
    cause: 'logging-setup',
    needles: ['logger args', 'logging driver', 'log stream', 'log driver'],
    pattern:
      /failed to validate logger args|failed to initialize logging driver|failed to create Cloudwatch log stream|log driver[^\n.:]{0,40}/i,
  },
  // The task started and stopped for an ordinary reason.
  {
    cause: 'not-a-start-failure',
    needles: [
      'essential container in task exited',
      'outofmemory',
      'health check',
      'scaling activity',
      'spot',
      'stopped by user',
      'forced by user',
      'host ec2',
      'performing maintenance',
      'circuit breaker',
      'deployment',
      'oomkilled',
      'task stopped by',
      'terminated',
    ],
    pattern:
      /Essential container in task exited|OutOfMemoryError(?:: Container killed due to memory usage)?|OOMKilled|failed (?:ELB|container|\w+) health checks?(?: in \([^)\n]{1,300}\))?|Scaling activity initiated by[^\n]{0,80}|Your Spot Task was interrupted\.?|Spot (?:interruption|Task was interrupted)|(?:Task )?stopped by user|deregistration forced by user|Host EC2(?: \([^)\n]{1,40}\))? (?:stopped\/terminated|stopped|terminated)|ECS is performing maintenance on the underlying infrastructure hosting the task|circuit breaker[^\n]{0,60}|Task stopped by[^\n]{0,60}/i,
  },
];
