import type { Finding } from '../findings/types.js';
import type { Policy } from '../mode.js';
import type { EndpointService, Snapshot } from '../network.js';
import { hasTrue, MANAGED_TAG, OPT_IN_TAGS, optInCli } from '../opt-in.js';
import { shownName } from '../shell.js';
import type { OptInOwner } from './writes.js';

/**
 * Where auto-fix may write: only where an owner opted in by a tag (`../opt-in.ts`; the role
 * checks the same tags, docs/iam.md), and within the deployment's allow-list and ceiling.
 * Anything else is recommended, with its command.
 */

export type Verdict = Readonly<{ allowed: boolean; reason: string }>;

/** When an opt-in tag is there with another value than `true`: why it does not count. */
function wrongValue(tags: Readonly<Record<string, string>> | undefined, key: string): string {
  const value = tags?.[key];
  return value === undefined || value === 'true'
    ? ''
    : ` (it is tagged ${key}=${shownName(value)}; IAM compares the value exactly: true)`;
}

/** Why the task's VPC does not let auto-fix write (undefined: it does). */
export function vpcNotOptedIn(s: Snapshot): string | undefined {
  const vpcId = s.vpcId.ok ? s.vpcId.value : 'the task’s VPC';
  const tags = s.vpcTags;
  if (tags === undefined)
    return `the tags of ${vpcId} were not read: auto-fix writes only in VPCs tagged ${OPT_IN_TAGS.vpc}=true`;
  if (!tags.ok)
    return `the tags of ${vpcId} could not be read (${tags.why}): auto-fix writes only in VPCs tagged ${OPT_IN_TAGS.vpc}=true`;
  if (hasTrue(tags.value, OPT_IN_TAGS.vpc)) return undefined;
  return `${vpcId} did not opt in: auto-fix writes only in VPCs tagged ${OPT_IN_TAGS.vpc}=true (${optInCli(vpcId, OPT_IN_TAGS.vpc)})${wrongValue(tags.value, OPT_IN_TAGS.vpc)}`;
}

/**
 * Why the owner of the group or gateway a write changes did not let auto-fix make it
 * (undefined: it did): a group neither created by ecs-pullfix nor tagged
 * `ecs-pullfix:allow-https-rules=true`, a gateway neither created by it nor tagged
 * `ecs-pullfix:allow-route-tables=true`.
 */
export function ownerNotOptedIn(owner: OptInOwner, s: Snapshot): string | undefined {
  if (owner.kind === 'group') {
    const { groupId } = owner;
    const group = s.securityGroups.ok ? s.securityGroups.value.find((g) => g.id === groupId) : undefined;
    if (!group)
      return `the tags of ${groupId} were not read: auto-fix adds rules only to security groups tagged ${OPT_IN_TAGS.rules}=true or created by ecs-pullfix`;
    if (hasTrue(group.tags, MANAGED_TAG) || hasTrue(group.tags, OPT_IN_TAGS.rules)) return undefined;
    return `${groupId} did not opt in: auto-fix adds rules only to security groups tagged ${OPT_IN_TAGS.rules}=true (${optInCli(groupId, OPT_IN_TAGS.rules)}) or created by ecs-pullfix${wrongValue(group.tags, OPT_IN_TAGS.rules)}`;
  }
  const { endpointId } = owner;
  const e = s.endpoints.ok ? s.endpoints.value.find((x) => x.id === endpointId) : undefined;
  if (!e)
    return `the tags of ${endpointId} were not read: auto-fix adds route tables only to S3 gateways tagged ${OPT_IN_TAGS.routeTables}=true or created by ecs-pullfix`;
  if (hasTrue(e.tags, MANAGED_TAG) || hasTrue(e.tags, OPT_IN_TAGS.routeTables)) return undefined;
  return `${endpointId} did not opt in: auto-fix adds route tables only to S3 gateways tagged ${OPT_IN_TAGS.routeTables}=true (${optInCli(endpointId, OPT_IN_TAGS.routeTables)}) or created by ecs-pullfix${wrongValue(e.tags, OPT_IN_TAGS.routeTables)}`;
}

/**
 * Whether auto-fix may create one more endpoint: the service on the deployment's allow-list,
 * and the endpoints ecs-pullfix has in the VPC (every one that still exists, duplicates
 * included: they cost as much) plus those this plan counted (`count`, called only once the
 * endpoints could be counted, says how many with this one) within the ceiling.
 */
export function endpointVerdict(
  service: EndpointService,
  count: () => number,
  s: Snapshot,
  policy: Policy,
  findings: readonly Finding[],
): Verdict {
  const allowList = policy.allowedServices;
  if (allowList && !allowList.includes(service))
    return {
      allowed: false,
      reason: `${service} is not in the deployment's allow-list (${allowList.join(', ')})`,
    };
  const ceiling = policy.maxEndpointsPerVpc;
  if (!s.endpoints.ok)
    return {
      allowed: false,
      reason: `the endpoints ecs-pullfix created in the VPC could not be counted (${s.endpoints.why}), so the ceiling of ${ceiling} per VPC cannot be kept`,
    };
  const managed = s.endpoints.value.filter(
    (e) => hasTrue(e.tags, MANAGED_TAG) && e.state !== 'deleted' && e.state !== 'deleting',
  ).length;
  const duplicates = findings.reduce(
    (n, f) => n + (f.id === 'duplicate-endpoints' ? f.extraEndpointIds.length : 0),
    0,
  );
  if (managed + count() > ceiling)
    return {
      allowed: false,
      reason: `the ceiling of ${ceiling} endpoints ecs-pullfix may create per VPC is reached (${managed} of its endpoints exist${duplicates > 0 ? `, ${duplicates} of them duplicates: see duplicate-endpoints` : ''})`,
    };
  return { allowed: true, reason: 'an additive, tagged VPC endpoint' };
}
