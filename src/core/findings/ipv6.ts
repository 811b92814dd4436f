import { commentLine } from '../shell.js';
import type { Entries } from './spec.js';

/** IPv6-only subnets: a registry name with no IPv6 address (recommended only: the task definition is the owner's). */
export const IPV6 = {
  'image-uri-ipv4-only': {
    rank: 155,
    scope: 'network',
    autoFix: false,
    key: (f) => f.id,
    fix: (f) =>
      `${f.subnetIds.join(', ')} ${f.subnetIds.length > 1 ? 'are' : 'is'} IPv6-only, and ${f.image} names ECR's IPv4-only endpoint: name the image by its dual-stack URI ${f.dualStackImage} in container ${f.container} of the task definition (or route 64:ff9b::/96 to a NAT gateway and turn DNS64 on for the subnet).`,
    remedy: (f, plan) =>
      plan.recommend(
        'use-dual-stack-image',
        f,
        commentLine(
          `in a new revision of the task definition, set the image of container ${f.container} to ${f.dualStackImage} (ECR's dual-stack name of the same image)`,
        ),
      ),
  },
} as const satisfies Entries<'image-uri-ipv4-only'>;
