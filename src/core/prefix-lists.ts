import { anyCidrContains, cidrContains, isAnywhere } from './cidr.js';
import type { Checked, PrefixList, SecurityGroupRule, Snapshot } from './network.js';

/**
 * Prefix lists as CIDRs (network.md, "Security groups"): a security-group rule or a route
 * that names `pl-…` means the list's entries. Pure; a list whose entries were not read is
 * said to be unknown, never guessed.
 */

/** A prefix list in words: its id and, where known, its name (`pl-0a1b2c3d (corp-private-ranges)`). */
export const listName = (list: Pick<PrefixList, 'id' | 'name'>): string =>
  list.name ? `${list.id} (${list.name})` : list.id;

/** The prefix list `id`, with its entries; or why they are unknown. */
export function prefixListOf(lists: Checked<readonly PrefixList[]>, id: string): Checked<PrefixList> {
  if (!lists.ok) return { ok: false, why: `the entries of ${id} were not read: ${lists.why}` };
  const list = lists.value.find((l) => l.id === id);
  return list ? { ok: true, value: list } : { ok: false, why: `the entries of ${id} were not read` };
}

/** The region's S3 prefix list (`com.amazonaws.<region>.s3`), when the snapshot holds it. */
export function s3PrefixList(s: Snapshot, id?: string): PrefixList | undefined {
  if (!s.prefixLists.ok) return undefined;
  const name = `com.amazonaws.${s.region}.s3`;
  return s.prefixLists.value.find((l) => (id === undefined ? l.name === name : l.id === id));
}

/** One address range a rule admits: a CIDR of its own, or an entry of a prefix list it names. */
export type Admitted = Readonly<{ cidr: string; list?: PrefixList }>;

/** A prefix list a rule names whose entries are unknown, and why. */
export type UnknownList = Readonly<{ id: string; why: string }>;

/** What a set of rules admits as address ranges, and the lists they name that could not be resolved. */
export type RulePeers = Readonly<{ admitted: readonly Admitted[]; unknown: readonly UnknownList[] }>;

/** The address ranges `rules` name, their prefix lists resolved through `lists`. */
export function rulePeers(
  rules: readonly SecurityGroupRule[],
  lists: Checked<readonly PrefixList[]>,
): RulePeers {
  const admitted: Admitted[] = [];
  const unknown: UnknownList[] = [];
  for (const rule of rules) {
    admitted.push(...rule.cidrs.map((cidr) => ({ cidr })));
    // A rule's IPv6 ranges admit only IPv6 peers (an IPv6 path: IPv6-only subnets).
    admitted.push(...(rule.ipv6Cidrs ?? []).map((cidr) => ({ cidr })));
    for (const id of rule.prefixListIds) {
      const list = prefixListOf(lists, id);
      if (list.ok) admitted.push(...list.value.cidrs.map((cidr) => ({ cidr, list: list.value })));
      else if (!unknown.some((u) => u.id === id)) unknown.push({ id, why: list.why });
    }
  }
  return { admitted, unknown };
}

/** The range that admits `cidr` (all of it), the rule's own CIDRs first. */
export function admitting(peers: RulePeers, cidr: string): Admitted | undefined {
  const own = peers.admitted.find((a) => a.list === undefined && anyCidrContains(a.cidr, cidr));
  return own ?? peers.admitted.find((a) => anyCidrContains(a.cidr, cidr));
}

/** The ranges that admit every one of `cidrs`, or undefined when one is not admitted (or there are none). */
export function coverage(peers: RulePeers, cidrs: readonly string[]): Admitted[] | undefined {
  if (cidrs.length === 0) return undefined;
  const found = cidrs.map((c) => admitting(peers, c));
  return found.every((a) => a !== undefined) ? (found as Admitted[]) : undefined;
}

/** The range that admits the whole address space (`0.0.0.0/0`, itself or in a list). */
export const anywhereIn = (peers: RulePeers): Admitted | undefined =>
  peers.admitted.find((a) => a.list === undefined && isAnywhere(a.cidr)) ??
  peers.admitted.find((a) => isAnywhere(a.cidr));

/**
 * How prefix lists admitted `cidrs` (`admitted[i]` admits `cidrs[i]`), in words, one clause per
 * list and entry; empty when only the rules' own CIDRs did:
 * ` (through pl-0a1b2c3d (corp-private-ranges): 10.0.0.0/8 contains 10.0.1.0/24, 10.0.2.0/24)`.
 */
export function throughLists(admitted: readonly Admitted[], cidrs: readonly string[]): string {
  const byEntry = new Map<string, { list: PrefixList; entry: string; inner: string[] }>();
  admitted.forEach((a, i) => {
    if (!a.list) return;
    const key = `${a.list.id} ${a.cidr}`;
    const clause = byEntry.get(key) ?? { list: a.list, entry: a.cidr, inner: [] };
    const inner = cidrs[i];
    if (inner !== undefined && inner !== a.cidr && !clause.inner.includes(inner)) clause.inner.push(inner);
    byEntry.set(key, clause);
  });
  if (byEntry.size === 0) return '';
  const parts = [...byEntry.values()].map(
    (c) => `${listName(c.list)}: ${c.entry}${c.inner.length > 0 ? ` contains ${c.inner.join(', ')}` : ''}`,
  );
  return ` (through ${parts.join('; ')})`;
}

/** The private and shared address spaces (RFC 1918, RFC 6598): no AWS public service lives in them. */
const PRIVATE_SPACES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'];

/** True when all of `cidr` is private address space (so it can hold no public service's address). */
export const isPrivateSpace = (cidr: string): boolean => PRIVATE_SPACES.some((p) => cidrContains(p, cidr));
