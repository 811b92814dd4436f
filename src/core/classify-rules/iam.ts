import type { Rule } from './types.js';

/** The execution role (or the instance role) lacks a permission, has no credentials, or cannot be assumed. */
export const IAM_RULES: readonly Rule[] = [
  // A role ECS passes to launch the task's capacity (Managed Instances' infrastructure role
  // passing the instance role) or the task: IAM alone, no registry or service is implicated.
  {
    cause: 'iam-execution-role',
    needles: ['not authorized to perform'],
    pattern: /not authorized to perform:?\s*iam:PassRole/i,
    service: 'none',
  },
  // The execution role (or, on EC2, the instance role) lacks a permission, or is missing.
  {
    cause: 'iam-execution-role',
    needles: ['not authorized to perform'],
    pattern:
      /is not authorized to perform:?\s*(?:[\w-]+:[\w*]+)?|not authorized to perform:?\s*(?:[\w-]+:[\w*]+)?/i,
  },
  {
    cause: 'iam-execution-role',
    needles: ['accessdenied'],
    pattern: /AccessDenied(?:Exception)?/i,
  },
  // No role credentials at all (the instance role on EC2, the execution role on Fargate).
  {
    cause: 'iam-execution-role',
    needles: [
      'nocredentialproviders',
      'no valid providers in chain',
      'unable to locate credentials',
      'credentialsendpointerror',
      'failed to load credentials',
    ],
    pattern:
      /NoCredentialProviders(?:: no valid providers in chain)?|no valid providers in chain|Unable to locate credentials|CredentialsEndpointError(?:: failed to load credentials)?|failed to load credentials/i,
  },
  // The role given to the task cannot be assumed (trust policy, iam:PassRole): IAM alone.
  {
    cause: 'iam-execution-role',
    needles: ['assume'],
    pattern: /(?:was )?unable to assume (?:the )?role[^\n.]{0,120}/i,
    service: 'none',
  },
  {
    cause: 'iam-execution-role',
    needles: ['execution role'],
    pattern:
      /requires? task definition to have execution role ARN[\w ]*|(?:execution|task) role (?:does not|doesn't) have (?:the )?(?:required )?permissions?[\w ]*/i,
  },
  // 403 from ECR, or from a registry the text does not name, is the pull permission; from a
  // known non-ECR registry it is that registry's auth (registry-auth, below).
  {
    cause: 'iam-execution-role',
    needles: ['403'],
    pattern: /\b403 Forbidden|status code:? ?403\b|\(403\)/i,
    registry: 'ecr-or-unnamed',
  },
  // ECR answers a missing or refused token with these; other registries' are registry-auth.
  {
    cause: 'iam-execution-role',
    needles: ['pull access denied', 'no basic auth credentials', '401', 'unauthorized'],
    pattern:
      /pull access denied|no basic auth credentials|\b401 Unauthorized|status code:? ?401\b|unauthorized: [\w ]+/i,
    registry: 'ecr',
  },
];
