import { cidrContains, isAnywhere } from '../core/cidr.js';
import type { StoppedTask } from '../core/event.js';
import { needsOf } from '../core/needs.js';
import {
  type Checked,
  checked,
  type DhcpOptions,
  endpointServiceName,
  type NetworkAcl,
  notChecked,
  type PrefixList,
  type ResolverRule,
  type RouteTable,
  type SecurityGroup,
  type Subnet,
  type TaskDefinitionFacts,
  type TaskNetwork,
  type VpcEndpoint,
} from '../core/network.js';
import type { Ec2Reader, ResolverReader, VpcFacts } from '../core/ports.js';
import type { Attempt } from './inspect-workload.js';

/*
 * Round 3's reads of what the VPC's names depend on — the prefix lists the relevant rules and
 * routes name, the DHCP option set, the Resolver rules — and what decides which to read.
 */

/** What round 3 starts from: the task, and what rounds 1 and 2 found. */
export type BeforeRoundThree = Readonly<{
  task: StoppedTask;
  vpc: string;
  taskDefinition: Checked<TaskDefinitionFacts>;
  taskNetwork: TaskNetwork;
  taskSubnets: Checked<readonly Subnet[]>;
  routeTables: Checked<readonly RouteTable[]>;
  networkAcls: Checked<readonly NetworkAcl[]>;
  endpoints: Checked<readonly VpcEndpoint[]>;
  vpcGroups: Checked<readonly SecurityGroup[]>;
  vpcFacts: Checked<VpcFacts>;
  ruleAssociations: Checked<readonly string[]>;
}>;

/** False when the VPC's CIDRs (read) do not hold `ip`: no interface of the VPC can have it, nothing to read. */
export function mayHold(vpcFacts: Checked<VpcFacts>, ip: string): boolean {
  return !vpcFacts.ok || vpcFacts.value.cidrs.some((c) => cidrContains(c, `${ip}/32`));
}

/** The task's and the relevant endpoints' groups, of the VPC's (in the order EC2 gave them). */
export function relevantGroups(
  found: Pick<BeforeRoundThree, 'task' | 'taskDefinition' | 'taskNetwork' | 'endpoints' | 'vpcGroups'>,
): Checked<readonly SecurityGroup[]> {
  const { vpcGroups, taskNetwork } = found;
  if (!vpcGroups.ok) return vpcGroups;
  const relevant = relevantEndpoints(found.endpoints, found.taskDefinition, found.task.region);
  const ids = new Set([
    ...(taskNetwork.source === 'unknown' ? [] : taskNetwork.securityGroupIds),
    ...relevant.flatMap((e) => e.securityGroupIds),
  ]);
  return checked(vpcGroups.value.filter((g) => ids.has(g.id)));
}

/** A prefix list to read: its id, and its name when the route that names it already tells (the S3 gateway's). */
type ListToRead = Readonly<{ id: string; name?: string }>;

/**
 * The prefix lists whose entries the checks need: those the relevant groups' rules name, and
 * those the task subnets' routes name. The S3 gateway's list (named only by routes) is read
 * only when a task subnet's network ACL is not plainly open both ways: its entries matter
 * only to the NACL check (network.md, "Network ACLs").
 */
export function prefixListsToRead(found: BeforeRoundThree, taskSubnetIds: readonly string[]): ListToRead[] {
  const groups = relevantGroups(found);
  const byRules = unique(
    (groups.ok ? groups.value : []).flatMap((g) =>
      [...g.ingress, ...g.egress].flatMap((r) => r.prefixListIds),
    ),
  );
  const gateways = new Map(
    (found.endpoints.ok ? found.endpoints.value : [])
      .filter((e) => e.type === 'Gateway')
      .map((e) => [e.id, e.serviceName]),
  );
  const s3Name = endpointServiceName(found.task.region, 's3');
  const byRoutes = tablesOf(found.routeTables, taskSubnetIds).flatMap((t) =>
    t.routes.flatMap((r) => {
      if (r.destinationPrefixListId === undefined) return [];
      const service = r.target.kind === 'vpc-endpoint' ? gateways.get(r.target.id) : undefined;
      return [{ id: r.destinationPrefixListId, ...(service === s3Name ? { name: s3Name } : {}) }];
    }),
  );
  const openAcls = naclsPlainlyOpen(found.networkAcls, taskSubnetIds);
  const lists = new Map<string, ListToRead>();
  for (const l of byRoutes) {
    if (l.name === s3Name && openAcls && !byRules.includes(l.id)) continue;
    lists.set(l.id, l);
  }
  for (const id of byRules) if (!lists.has(id)) lists.set(id, { id });
  return [...lists.values()];
}

/** True when every task subnet's network ACL lets everything through both ways before any other entry. */
function naclsPlainlyOpen(acls: Checked<readonly NetworkAcl[]>, subnetIds: readonly string[]): boolean {
  if (!acls.ok) return false;
  return subnetIds.every((id) => {
    const acl = acls.value.find((a) => a.subnetIds.includes(id));
    if (!acl) return false;
    return [true, false].every((egress) => {
      const [first] = acl.entries
        .filter((e) => e.egress === egress)
        .sort((a, b) => a.ruleNumber - b.ruleNumber);
      return first?.action === 'allow' && first.protocol === '-1' && isAnywhere(first.cidr);
    });
  });
}

/**
 * The lists' entries (one GetManagedPrefixListEntries each: it reads AWS-managed lists too).
 * Their names are not read (a call more, for words only): the S3 list's comes from the route
 * that names it. A list that could not be read is left out (the checks say its entries are
 * unknown); when none could be, the whole part is not checked.
 */
export async function readPrefixLists(
  lists: readonly ListToRead[],
  ec2: Ec2Reader,
  attempt: Attempt,
): Promise<Checked<readonly PrefixList[]>> {
  if (lists.length === 0) return checked([]);
  const entries = await Promise.all(
    lists.map((l) =>
      attempt(`the entries of prefix list ${l.id}`, () => ec2.getManagedPrefixListEntries(l.id)),
    ),
  );
  const read = lists.flatMap((l, i) => {
    const cidrs = entries[i];
    if (!cidrs?.ok) return [];
    return [{ id: l.id, ...(l.name ? { name: l.name } : {}), cidrs: cidrs.value }];
  });
  const failed = entries.find((e) => !e.ok);
  return read.length === 0 && failed && !failed.ok ? notChecked(failed.why) : checked(read);
}

/** The VPC's DHCP option set: none to read when it is `default`. */
export function readDhcpOptions(
  vpcFacts: Checked<VpcFacts>,
  ec2: Ec2Reader,
  attempt: Attempt,
): Promise<Checked<DhcpOptions | undefined>> {
  if (!vpcFacts.ok) return Promise.resolve(notChecked(vpcFacts.why));
  const id = vpcFacts.value.dhcpOptionsId;
  if (id === 'default') return Promise.resolve(checked(undefined));
  return attempt(`DHCP option set ${id}`, () => ec2.describeDhcpOptions(id));
}

/**
 * Every VPC is associated with Resolver's own rules (`rslvr-autodefined-rr-…`: the recursive
 * "Internet Resolver" and the reverse-lookup system rules); they send no name elsewhere, so
 * they alone are no reason to list the rules.
 */
const AUTODEFINED_RULE = /^rslvr-autodefined-/;

/** The Resolver rules associated with the VPC: one ListResolverRules, only when some are associated. */
export async function readResolverRules(
  associations: Checked<readonly string[]>,
  resolver: ResolverReader,
  vpc: string,
  attempt: Attempt,
): Promise<Checked<readonly ResolverRule[]>> {
  if (!associations.ok) return associations;
  const ids = new Set(associations.value.filter((id) => !AUTODEFINED_RULE.test(id)));
  if (ids.size === 0) return checked([]);
  const rules = await attempt(`the Route 53 Resolver rules of ${vpc}`, () => resolver.listResolverRules());
  return rules.ok ? checked(rules.value.filter((r) => ids.has(r.id))) : rules;
}

/** The endpoints whose security groups and subnets matter: those of services the task needs (all, if unknown). */
export function relevantEndpoints(
  endpoints: Checked<readonly VpcEndpoint[]>,
  td: Checked<TaskDefinitionFacts>,
  region: string,
): VpcEndpoint[] {
  if (!endpoints.ok) return [];
  if (!td.ok) return endpoints.value.filter((e) => e.type === 'Interface');
  const names = new Set(
    needsOf(td.value, region).flatMap((n) =>
      n.kind === 'endpoint' ? [endpointServiceName(region, n.service)] : [],
    ),
  );
  return endpoints.value.filter((e) => e.type === 'Interface' && names.has(e.serviceName));
}

/** The route tables that apply to the subnets: each one's own, else the main table. */
export function tablesOf(
  routeTables: Checked<readonly RouteTable[]>,
  subnetIds: readonly string[],
): RouteTable[] {
  if (!routeTables.ok) return [];
  return unique(
    subnetIds.flatMap((id) => {
      const table =
        routeTables.value.find((t) => t.subnetIds.includes(id)) ?? routeTables.value.find((t) => t.main);
      return table ? [table] : [];
    }),
  );
}

export function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}
