import type { Rule } from './types.js';

/**
 * A VPC endpoint policy refused the call. Tried before every other family: these messages
 * also say `not authorized to perform` or `AccessDenied`, which alone mean the execution
 * role, but here the text names the policy that refused (specific beats generic).
 */
export const ENDPOINT_POLICY_RULES: readonly Rule[] = [
  // AWS's authorization errors name the kind of policy that decided: "User: arn:… is not
  // authorized to perform: ecr:GetAuthorizationToken on resource: * because no VPC endpoint
  // policy allows the ecr:GetAuthorizationToken action", or "… with an explicit deny in a
  // VPC endpoint policy". Other kinds (identity-based, resource-based …) stay IAM's.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html
  {
    cause: 'endpoint-policy',
    needles: ['vpc endpoint policy'],
    pattern:
      /(?:not authorized to perform:?\s*[\w-]{1,40}:[\w*]{1,80}(?: on resource:?\s*[^\s]{1,300})?\s+)?(?:because no VPC endpoint policy allows(?: the [\w-]{1,40}:[\w*]{1,80} action)?|(?:with an )?explicit deny in (?:a|the) VPC endpoint policy)/i,
  },
  // S3 answers a request its gateway endpoint's policy refuses with its XML AccessDenied;
  // while pulling the image configuration (a blob the registry redirects to a bucket: ECR's
  // layer bucket, Docker Hub's …) that is the endpoint policy, not the role, which the
  // presigned download does not use.
  {
    cause: 'endpoint-policy',
    needles: ['accessdenied'],
    pattern: /<Code>AccessDenied<\/Code>(?:\s{0,4}<Message>Access Denied<\/Message>)?/i,
    requires: {
      needles: ['pulling image configuration'],
      pattern: /(?:error )?pulling image configuration/i,
    },
    service: 's3',
  },
  // The same refusal on ECR's layer bucket, in any wording that shows the 403.
  {
    cause: 'endpoint-policy',
    needles: ['starport-layer-bucket'],
    pattern: /prod-[a-z0-9-]{1,40}-starport-layer-bucket[^\s"']{0,200}/i,
    requires: {
      needles: ['403', 'accessdenied', 'http 403'],
      pattern: /\b403 Forbidden|status code:? ?403\b|\(403\)|\bHTTP 403\b|AccessDenied\b/i,
    },
    service: 's3',
  },
];
