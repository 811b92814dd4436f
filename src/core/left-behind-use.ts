import { cidrContains, isAnywhere } from './cidr.js';
import { HTTPS } from './diagnose/checks/ports.js';
import { coversPorts } from './diagnose/checks/security-groups.js';
import type { LeftBehindFacts, ManagedEndpoint, NetworkInterface, Use } from './left-behind.js';
import {
  type EndpointService,
  endpointServiceName,
  INTERFACE_SERVICES,
  type SecurityGroup,
} from './network.js';
import { listOf } from './present/text.js';

/**
 * Whether anything still uses what auto-fix made: a network interface of the VPC whose
 * security groups reach the endpoint (TCP 443 out of its groups, into the endpoint's), and a
 * running task of the VPC whose task definition needs the service (ECR images: ecr.api,
 * ecr.dkr and s3; secrets: secretsmanager, ssm; awslogs: logs). "Not in use" is said only when
 * both reads answered.
 */

const DEAD = new Set(['deleting', 'deleted', 'failed', 'rejected', 'expired']);

/** True when the endpoint is gone or going: it uses nothing and costs nothing. */
export const isGone = (e: ManagedEndpoint): boolean => DEAD.has(e.state.toLowerCase());

/** The service an endpoint serves in `region` (`ecr.dkr`), or undefined for another. */
export function serviceOf(region: string, serviceName: string): EndpointService | undefined {
  return [...INTERFACE_SERVICES, 's3' as const].find((s) => endpointServiceName(region, s) === serviceName);
}

/** The ids of the network interfaces endpoints own: never "a task that uses it". */
function endpointInterfaces(f: LeftBehindFacts, interfaces: readonly NetworkInterface[]): Set<string> {
  return new Set([
    ...f.endpoints.flatMap((e) => e.networkInterfaceIds),
    ...interfaces.filter((n) => n.interfaceType === 'vpc_endpoint').map((n) => n.id),
  ]);
}

function groupOf(f: LeftBehindFacts, id: string): SecurityGroup | undefined {
  return (
    (f.vpcGroups.ok ? f.vpcGroups.value : []).find((g) => g.id === id) ?? f.groups.find((g) => g.id === id)
  );
}

/** True when the endpoint's groups let 443 in from `eni`, and `eni`'s groups (when known) let it out. */
function reaches(
  f: LeftBehindFacts,
  eni: NetworkInterface,
  e: ManagedEndpoint,
  targetIps: readonly string[],
): boolean {
  const inbound = e.securityGroupIds
    .flatMap((id) => groupOf(f, id)?.ingress ?? [])
    .filter((r) => coversPorts(r, HTTPS))
    .some(
      (r) =>
        r.groupIds.some((id) => eni.securityGroupIds.includes(id)) ||
        r.cidrs.some((c) => eni.privateIps.some((ip) => cidrContains(c, `${ip}/32`))),
    );
  if (!inbound) return false;
  const own = eni.securityGroupIds.map((id) => groupOf(f, id));
  if (own.some((g) => g === undefined)) return true;
  return own
    .flatMap((g) => g?.egress ?? [])
    .filter((r) => coversPorts(r, HTTPS))
    .some(
      (r) =>
        r.groupIds.some((id) => e.securityGroupIds.includes(id)) ||
        r.cidrs.some((c) => isAnywhere(c) || targetIps.some((ip) => cidrContains(c, `${ip}/32`))),
    );
}

type Part = Readonly<{ users: readonly string[] } | { why: string }>;

function reachingInterfaces(f: LeftBehindFacts, e: ManagedEndpoint): Part {
  if (!f.interfaces.ok) return { why: `network interfaces: ${f.interfaces.why}` };
  const all = f.interfaces.value;
  const owned = endpointInterfaces(f, all);
  const targetIps = all.filter((n) => e.networkInterfaceIds.includes(n.id)).flatMap((n) => n.privateIps);
  return {
    users: all
      .filter((n) => n.vpcId === e.vpcId && !owned.has(n.id) && reaches(f, n, e, targetIps))
      .map((n) => `${n.id} (${n.securityGroupIds.join(', ') || 'no group'}) reaches it`),
  };
}

/** The running tasks in the endpoint's VPC whose definitions need `service`. */
function needingTasks(f: LeftBehindFacts, vpcId: string, service: EndpointService | undefined): Part {
  if (!f.tasks.ok) return { why: `running tasks: ${f.tasks.why}` };
  if (!f.interfaces.ok) return { why: `network interfaces: ${f.interfaces.why}` };
  const inVpc = new Set(f.interfaces.value.filter((n) => n.vpcId === vpcId).map((n) => n.id));
  const here = f.tasks.value.filter((t) => t.networkInterfaceId && inVpc.has(t.networkInterfaceId));
  const unread = here.flatMap((t) => (t.needs.ok ? [] : [`${t.arn}: ${t.needs.why}`]));
  const users = here
    .filter((t) => t.needs.ok && service !== undefined && t.needs.value.includes(service))
    .map((t) => `task ${t.cluster}/${t.arn.split('/').pop() ?? t.arn} needs ${service}`);
  if (users.length === 0 && unread.length > 0) return { why: `task definitions: ${listOf(unread, 2)}` };
  return { users };
}

/** The verdict of the parts: used when any part names a user; not used only when every part answered. */
function verdictOf(parts: readonly Part[], unused: string): Use {
  const users = parts.flatMap((p) => ('users' in p ? p.users : []));
  if (users.length > 0) return { verdict: 'in use', why: listOf(users, 3) };
  const unknown = parts.flatMap((p) => ('why' in p ? [p.why] : []));
  if (unknown.length > 0) return { verdict: 'not checked', why: unknown.join('; ') };
  return { verdict: 'not in use', why: unused };
}

/** Whether an endpoint is still used. A gateway has no group: only the tasks that need S3 tell. */
export function endpointUse(f: LeftBehindFacts, e: ManagedEndpoint): Use {
  if (isGone(e)) return { verdict: 'not in use', why: `it is ${e.state}` };
  const service = serviceOf(f.region, e.serviceName);
  const tasks = needingTasks(f, e.vpcId, service);
  if (e.type !== 'Interface')
    return verdictOf([tasks], `no running task in ${e.vpcId} needs ${service ?? e.serviceName}`);
  return verdictOf(
    [reachingInterfaces(f, e), tasks],
    `no network interface in ${e.vpcId} reaches it, and no running task there needs ${service ?? e.serviceName}`,
  );
}

/** Whether the endpoint group is still used: by an endpoint that is not gone, or by any other interface. */
export function groupUse(f: LeftBehindFacts, group: SecurityGroup): Use {
  const endpoints = f.endpoints.filter((e) => !isGone(e) && e.securityGroupIds.includes(group.id));
  const parts: Part[] = [{ users: endpoints.map((e) => `${e.id} uses it`) }];
  if (!f.interfaces.ok) parts.push({ why: `network interfaces: ${f.interfaces.why}` });
  else {
    const owned = endpointInterfaces(f, f.interfaces.value);
    parts.push({
      users: f.interfaces.value
        .filter((n) => !owned.has(n.id) && n.securityGroupIds.includes(group.id))
        .map((n) => `${n.id} is in it`),
    });
  }
  return verdictOf(parts, 'no endpoint or network interface uses it');
}
