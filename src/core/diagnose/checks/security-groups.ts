import { cidrContains, isAnywhere } from '../../cidr.js';
import { describeEgressPeer, describePeer } from '../../findings/text.js';
import type { EgressPeer, TaskPeer } from '../../findings.js';
import type {
  Checked,
  EndpointService,
  InterfaceService,
  SecurityGroup,
  SecurityGroupRule,
  Snapshot,
  Subnet,
  VpcEndpoint,
} from '../../network.js';
import { type CheckInput, finding, notChecked, ok, type Verdict } from '../verdict.js';
import { HTTPS, type PortRange } from './ports.js';

/** The task as a peer of an endpoint: its security groups when known, and its subnet's CIDR. */
export function taskPeer(s: Snapshot, subnet: Subnet): TaskPeer {
  const net = s.taskNetwork;
  const cidrs = [subnet.cidr];
  return net.source === 'unknown' ? { cidrs } : { securityGroupIds: net.securityGroupIds, cidrs };
}

function groupsOf(s: Snapshot, ids: readonly string[]): Checked<readonly SecurityGroup[]> {
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
  const byCidr = task.cidrs.every((cidr) => rules.some((r) => r.cidrs.some((c) => cidrContains(c, cidr))));
  const sgs = ep.securityGroupIds.join(', ');
  if (bySg || byCidr) return [ok(`${sgs} (of ${ep.id}): inbound 443 from the task`)];
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
      resources: [ep.id, ...ep.securityGroupIds],
      evidence: [
        `${sgs} (of ${ep.id}, ${service}) allow no inbound TCP 443 from ${describePeer(task)}`,
        ...groups.value.map((g) => `${g.id} inbound: ${describeRules(g.ingress)}`),
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
  if (egressAllows(rules, peer)) {
    // Without the ENI, the groups are those the service puts its tasks in: say where they came from.
    const whose =
      net.source === 'service'
        ? `task, from service ${snapshot.task.serviceName ?? ''}'s awsvpcConfiguration`
        : 'task';
    return [ok(`${sgs} (${whose}): outbound 443 to ${describeEgressPeer(peer)}`)];
  }
  return [
    finding({
      id: 'task-sg-blocks-443',
      ...(service === undefined ? {} : { service }),
      taskSecurityGroupIds: net.securityGroupIds,
      peer,
      resources: [...net.securityGroupIds],
      evidence: [
        `${sgs} (the task's) allow no outbound TCP 443 to ${describeEgressPeer(peer)}`,
        ...groups.value.map((g) => `${g.id} outbound: ${describeRules(g.egress)}`),
      ],
      breaks: [feature],
    }),
  ];
}

function coversPorts(rule: SecurityGroupRule, ports: PortRange): boolean {
  const protocol = rule.protocol.toLowerCase();
  if (protocol === '-1' || protocol === 'all') return true;
  if (protocol !== 'tcp' && protocol !== '6') return false;
  return (rule.fromPort ?? 0) <= ports.from && ports.to <= (rule.toPort ?? 65535);
}

function egressAllows(rules: readonly SecurityGroupRule[], peer: EgressPeer): boolean {
  const anywhere = rules.some((r) => r.cidrs.some(isAnywhere));
  if (anywhere) return true;
  switch (peer.kind) {
    case 'internet':
      return false;
    case 'prefix-list':
      return rules.some((r) => r.prefixListIds.includes(peer.prefixListId));
    case 'endpoint': {
      if (rules.some((r) => r.groupIds.some((id) => peer.securityGroupIds.includes(id)))) return true;
      return (
        peer.cidrs.length > 0 &&
        peer.cidrs.every((cidr) => rules.some((r) => r.cidrs.some((c) => cidrContains(c, cidr))))
      );
    }
  }
}

/** A security group's rules in one direction, as evidence. */
export function describeRules(rules: readonly SecurityGroupRule[]): string {
  if (rules.length === 0) return 'no rules';
  return rules
    .map((r) => {
      const ports =
        r.protocol === '-1'
          ? 'all traffic'
          : `${r.protocol} ${r.fromPort ?? 0}${r.toPort !== r.fromPort ? `-${r.toPort}` : ''}`;
      const peers = [...r.cidrs, ...r.prefixListIds, ...r.groupIds].join(', ') || 'nothing';
      return `${ports} ${peers}`;
    })
    .join('; ');
}
