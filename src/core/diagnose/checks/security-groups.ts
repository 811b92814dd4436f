import { isAnywhere6 } from '../../cidr.js';
import { describeEgressPeer, describePeer } from '../../findings/text.js';
import type { EgressPeer, TaskPeer } from '../../findings.js';
import type {
  Checked,
  EndpointService,
  InterfaceService,
  PrefixList,
  SecurityGroup,
  SecurityGroupRule,
  Snapshot,
  Subnet,
  VpcEndpoint,
} from '../../network.js';
import {
  anywhereIn,
  coverage,
  isPrivateSpace,
  prefixListOf,
  type RulePeers,
  rulePeers,
  throughLists,
} from '../../prefix-lists.js';
import { type CheckInput, finding, notChecked, ok, type Verdict } from '../verdict.js';
import { HTTPS, type PortRange } from './ports.js';

/** The task as a peer of an endpoint: its security groups when known, and its subnet's CIDR. */
export function taskPeer(s: Snapshot, subnet: Subnet): TaskPeer {
  const net = s.taskNetwork;
  const cidrs = [subnet.cidr];
  return net.source === 'unknown' ? { cidrs } : { securityGroupIds: net.securityGroupIds, cidrs };
}

/** The groups of `ids` among the snapshot's, or why some are unknown. */
export function groupsOf(s: Snapshot, ids: readonly string[]): Checked<readonly SecurityGroup[]> {
  const all = s.securityGroups;
  if (!all.ok) return all;
  const found = ids.flatMap((id) => all.value.filter((g) => g.id === id));
  const missing = ids.filter((id) => !found.some((g) => g.id === id));
  return missing.length > 0
    ? { ok: false, why: `security groups not found: ${missing.join(', ')}` }
    : { ok: true, value: found };
}

/** An interface endpoint's security groups must let TCP 443 in from the task. */
export function endpointIngress(
  { snapshot }: CheckInput,
  ep: VpcEndpoint,
  service: InterfaceService,
  feature: string,
  task: TaskPeer,
): Verdict[] {
  const groups = groupsOf(snapshot, ep.securityGroupIds);
  if (!groups.ok) return [notChecked('endpoint-security-groups', groups.why)];
  const rules = groups.value.flatMap((g) => g.ingress).filter((r) => coversPorts(r, HTTPS));
  const bySg =
    task.securityGroupIds !== undefined &&
    rules.some((r) => r.groupIds.some((id) => task.securityGroupIds?.includes(id)));
  const peers = rulePeers(rules, snapshot.prefixLists);
  const byCidr = coverage(peers, task.cidrs);
  const sgs = ep.securityGroupIds.join(', ');
  if (bySg || byCidr) {
    const lists = bySg || !byCidr ? '' : throughLists(byCidr, task.cidrs);
    return [ok(`${sgs} (of ${ep.id}): inbound 443 from the task${lists}`)];
  }
  // A list whose entries are unknown may hold the task's range: its rule could decide.
  const unknown = unknownLists(peers);
  if (unknown)
    return [notChecked('endpoint-security-groups', `${sgs} (of ${ep.id}) allow 443 from ${unknown}`)];
  if (task.securityGroupIds === undefined && rules.some((r) => r.groupIds.length > 0)) {
    return [
      notChecked(
        'endpoint-security-groups',
        `${sgs} (of ${ep.id}) allow 443 only from security groups, and the task's are unknown`,
      ),
    ];
  }
  return [
    finding({
      id: 'endpoint-sg-blocks-443',
      endpointId: ep.id,
      service,
      endpointSecurityGroupIds: ep.securityGroupIds,
      task,
      ...namedLists(rules, snapshot.prefixLists),
      resources: [ep.id, ...ep.securityGroupIds],
      evidence: [
        `${sgs} (of ${ep.id}, ${service}) allow no inbound TCP 443 from ${describePeer(task)}`,
        ...groups.value.map((g) => `${g.id} inbound: ${describeRules(g.ingress, snapshot.prefixLists)}`),
      ],
      breaks: [feature],
    }),
  ];
}

/** The task's security groups must let TCP 443 out to `peer`. */
export function taskEgress(
  { snapshot }: CheckInput,
  peer: EgressPeer,
  service: EndpointService | undefined,
  feature: string,
): Verdict[] {
  const net = snapshot.taskNetwork;
  if (net.source === 'unknown')
    return [notChecked('task-security-groups', `security groups unknown: ${net.why}`)];
  const groups = groupsOf(snapshot, net.securityGroupIds);
  if (!groups.ok) return [notChecked('task-security-groups', groups.why)];
  const rules = groups.value.flatMap((g) => g.egress).filter((r) => coversPorts(r, HTTPS));
  const sgs = net.securityGroupIds.join(', ');
  const allowed = egressAllows(snapshot, rules, peer);
  if (allowed.kind === 'allowed') {
    // Without the ENI, the groups are those the service puts its tasks in: say where they came from.
    const whose =
      net.source === 'service'
        ? net.given
          ? 'task, from --security-groups'
          : `task, from service ${snapshot.task.serviceName ?? ''}'s awsvpcConfiguration`
        : net.source === 'instance'
          ? `container instance ${net.instanceId}, whose interface the task's pull uses`
          : 'task';
    return [ok(`${sgs} (${whose}): outbound 443 to ${describeEgressPeer(peer)}${allowed.lists}`)];
  }
  if (allowed.kind === 'unknown')
    return [notChecked('task-security-groups', `${sgs} (${owner(net)}) allow 443 out to ${allowed.why}`)];
  return [
    finding({
      id: 'task-sg-blocks-443',
      ...(service === undefined ? {} : { service }),
      taskSecurityGroupIds: net.securityGroupIds,
      ...(net.source === 'instance' ? { instanceId: net.instanceId } : {}),
      peer,
      ...(peer.kind === 'endpoint' ? namedLists(rules, snapshot.prefixLists) : {}),
      resources: [...net.securityGroupIds],
      evidence: [
        `${sgs} (${owner(net)}) allow no outbound TCP 443 to ${describeEgressPeer(peer)}`,
        ...groups.value.map((g) => `${g.id} outbound: ${describeRules(g.egress, snapshot.prefixLists)}`),
      ],
      breaks: [feature],
    }),
  ];
}

/**
 * The prefix lists `rules` name that may be the owner's, as a finding's field (none: no field);
 * a list known to be AWS-managed (`com.amazonaws.…`: the S3 list its route names) is left out,
 * nobody can add a range to it. Other lists' names are not read: the fix says "if it is yours".
 */
function namedLists(
  rules: readonly SecurityGroupRule[],
  lists: Checked<readonly PrefixList[]>,
): { prefixListIds?: readonly string[] } {
  const managed = (id: string) => {
    const list = prefixListOf(lists, id);
    return list.ok && (list.value.name ?? '').startsWith('com.amazonaws.');
  };
  const ids = [...new Set(rules.flatMap((r) => r.prefixListIds))].filter((id) => !managed(id));
  return ids.length === 0 ? {} : { prefixListIds: ids };
}

/** The prefix lists of `peers` whose entries are unknown, in words (undefined: none). */
export function unknownLists(peers: RulePeers): string | undefined {
  if (peers.unknown.length === 0) return undefined;
  const names = peers.unknown.map((u) => u.id).join(', ');
  const why = [...new Set(peers.unknown.map((u) => u.why))].join('; ');
  return `${names}, whose entries are unknown (${why}), so whether they admit the peer is not known`;
}

/** True when `rule` admits TCP on every port of `ports`. */
export function coversPorts(rule: SecurityGroupRule, ports: PortRange): boolean {
  const protocol = rule.protocol.toLowerCase();
  if (protocol === '-1' || protocol === 'all') return true;
  if (protocol !== 'tcp' && protocol !== '6') return false;
  return (rule.fromPort ?? 0) <= ports.from && ports.to <= (rule.toPort ?? 65535);
}

/** Whether `rules` let 443 out to `peer`; `lists` says which prefix list entries did, when any. */
type EgressAnswer = Readonly<
  { kind: 'allowed'; lists: string } | { kind: 'denied' } | { kind: 'unknown'; why: string }
>;

function egressAllows(s: Snapshot, rules: readonly SecurityGroupRule[], peer: EgressPeer): EgressAnswer {
  // To ::/0 only a rule's IPv6 ranges count (and its IPv4 ones never do).
  if (peer.kind === 'internet' && peer.family === 'ipv6')
    return rules.some((r) => (r.ipv6Cidrs ?? []).some(isAnywhere6))
      ? { kind: 'allowed', lists: '' }
      : { kind: 'denied' };
  const peers = rulePeers(rules, s.prefixLists);
  const anywhere = anywhereIn(peers);
  if (anywhere) return { kind: 'allowed', lists: throughLists([anywhere], ['0.0.0.0/0']) };
  const decided = egressToPeer(s, rules, peers, peer);
  if (decided.kind !== 'denied') return decided;
  const unknown = unknownLists(peers);
  return unknown ? { kind: 'unknown', why: unknown } : decided;
}

function egressToPeer(
  s: Snapshot,
  rules: readonly SecurityGroupRule[],
  peers: RulePeers,
  peer: EgressPeer,
): EgressAnswer {
  switch (peer.kind) {
    case 'internet':
      return { kind: 'denied' };
    case 'prefix-list': {
      if (rules.some((r) => r.prefixListIds.includes(peer.prefixListId)))
        return { kind: 'allowed', lists: '' };
      // Rules to other lists or CIDRs serve when they cover every CIDR of the S3 list.
      const list = prefixListOf(s.prefixLists, peer.prefixListId);
      if (list.ok) {
        const covered = coverage(peers, list.value.cidrs);
        return covered
          ? { kind: 'allowed', lists: throughLists(covered, list.value.cidrs) }
          : { kind: 'denied' };
      }
      // S3's ranges are public: only a rule to public addresses could cover them.
      const couldCover = peers.admitted.some((a) => !isPrivateSpace(a.cidr));
      return couldCover ? { kind: 'unknown', why: `public ranges, and ${list.why}` } : { kind: 'denied' };
    }
    case 'endpoint': {
      if (rules.some((r) => r.groupIds.some((id) => peer.securityGroupIds.includes(id))))
        return { kind: 'allowed', lists: '' };
      const covered = coverage(peers, peer.cidrs);
      return covered ? { kind: 'allowed', lists: throughLists(covered, peer.cidrs) } : { kind: 'denied' };
    }
  }
}

/** A security group's rules in one direction, as evidence; a prefix list with its name and entries. */
export function describeRules(
  rules: readonly SecurityGroupRule[],
  lists: Checked<readonly PrefixList[]> = { ok: true, value: [] },
): string {
  if (rules.length === 0) return 'no rules';
  const described = (id: string) => {
    const list = prefixListOf(lists, id);
    if (!list.ok) return id;
    const entries = list.value.cidrs.join(', ') || 'no entries';
    return `${id} (${list.value.name ? `${list.value.name}: ` : ''}${entries})`;
  };
  return rules
    .map((r) => {
      const ports =
        r.protocol === '-1'
          ? 'all traffic'
          : `${r.protocol} ${r.fromPort ?? 0}${r.toPort !== r.fromPort ? `-${r.toPort}` : ''}`;
      const peers =
        [...r.cidrs, ...(r.ipv6Cidrs ?? []), ...r.prefixListIds.map(described), ...r.groupIds].join(', ') ||
        'nothing';
      return `${ports} ${peers}`;
    })
    .join('; ');
}

/** Whose groups they are: the task's, or (in bridge, host or none mode) its container instance's. */
function owner(net: Snapshot['taskNetwork']): string {
  return net.source === 'instance' ? `the container instance ${net.instanceId}'s` : "the task's";
}
