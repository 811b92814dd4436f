import type { Need } from '../../needs.js';
import type { EfsFileSystem, EfsMountTarget, SecurityGroupRule, Subnet } from '../../network.js';
import { coverage, rulePeers, throughLists } from '../../prefix-lists.js';
import { type CheckInput, finding, notChecked, ok, type Verdict } from '../verdict.js';
import { efsAuthorization } from './efs-authorization.js';
import { naclCheck } from './nacl.js';
import { EPHEMERAL, NFS } from './ports.js';
import { coversPorts, describeRules, groupsOf, taskPeer, unknownLists } from './security-groups.js';

/** An EFS volume the task mounts (`core/needs.ts`). */
export type EfsNeed = Extract<Need, { kind: 'efs' }>;

/*
 * An EFS volume from one of the task's subnets (R7 of AWS's list; network.md, "EFS volumes"):
 * the task mounts the file system by its DNS name, `fs-….efs.<region>.amazonaws.com`, which the
 * VPC resolver answers with the mount target in the task's own Availability Zone, over NFS
 * (TCP 2049). So: an available mount target in the subnet's zone, in the task's VPC; DNS
 * hostnames on; the mount target's groups admitting 2049 from the task and the task's letting
 * it out; both subnets' network ACLs passing it both ways (NFS clients mount with
 * `noresvport`: the replies come back to an ephemeral port). Pure.
 */

/** The checks of one EFS volume from `subnet`. */
export function efsVerdicts(input: CheckInput, need: EfsNeed, subnet: Subnet): Verdict[] {
  const s = input.snapshot;
  const fs = s.efs?.find((f) => f.fileSystemId === need.fileSystemId);
  if (!fs) return [notChecked('efs', `the mount targets of ${need.fileSystemId} were not read`)];
  if (!fs.mountTargets.ok) return [notChecked('efs', fs.mountTargets.why)];
  const vpcId = s.vpcId.ok ? s.vpcId.value : subnet.vpcId;
  const zone = subnet.availabilityZone;
  const target = fs.mountTargets.value.find(
    (m) => m.availabilityZone === zone && m.state === 'available' && inVpc(m, vpcId),
  );
  if (!target) return [noMountTarget(input, fs, fs.mountTargets.value, need, subnet, vpcId)];
  const ip = target.ip ? `, ${target.ip}` : '';
  return [
    ok(
      `${fs.fileSystemId} (${need.feature}): mount target ${target.id} available in ${zone} (${target.subnetId}${ip})`,
    ),
    ...efsDns(input, need, vpcId),
    ...mountTargetGroups(input, fs, target, need, subnet),
    ...efsNacls(input, target, need, subnet),
    ...efsAuthorization(input, need, fs.authorization),
  ];
}

const inVpc = (m: EfsMountTarget, vpcId: string): boolean => m.vpcId === undefined || m.vpcId === vpcId;

function noMountTarget(
  { snapshot: s }: CheckInput,
  fs: EfsFileSystem,
  targets: readonly EfsMountTarget[],
  need: EfsNeed,
  subnet: Subnet,
  vpcId: string,
): Verdict {
  const zone = subnet.availabilityZone;
  const serving = targets.filter((m) => m.state === 'available' && inVpc(m, vpcId));
  const zones = [...new Set(serving.map((m) => m.availabilityZone))].sort();
  const groups = Object.values(fs.securityGroups).find((g) => g.ok && g.value.length > 0);
  const elsewhere = targets.filter((m) => !inVpc(m, vpcId));
  return finding({
    id: 'efs-no-mount-target',
    fileSystemId: fs.fileSystemId,
    availabilityZone: zone,
    vpcId,
    subnetIds: [subnet.id],
    zonesWithTargets: zones,
    ...(groups?.ok ? { mountTargetSecurityGroupIds: groups.value } : {}),
    resources: [fs.fileSystemId, subnet.id],
    evidence: [
      `${fs.fileSystemId} has no available mount target in ${zone} (the zone of ${subnet.id}): its DNS name does not resolve there`,
      zones.length > 0
        ? `its mount targets in ${vpcId} are in ${zones.join(', ')}`
        : `it has no available mount target in ${vpcId}`,
      ...targets
        .filter((m) => m.availabilityZone === zone && m.state !== 'available' && inVpc(m, vpcId))
        .map((m) => `${m.id} (in ${zone}) is ${m.state}`),
      ...elsewhere.map((m) => `${m.id} (in ${m.availabilityZone}) is in ${m.vpcId}, not the task's VPC`),
      ...(s.task.availabilityZone === zone ? [`the task ran in ${zone}`] : []),
    ],
    breaks: [need.feature],
  });
}

/** The file system's DNS name resolves only in a VPC with DNS hostnames on (support is checked for every need). */
function efsDns({ snapshot: s, region }: CheckInput, need: EfsNeed, vpcId: string): Verdict[] {
  const name = `${need.fileSystemId}.efs.${region}.amazonaws.com`;
  if (!s.dnsHostnames.ok) return [notChecked('vpc-dns', s.dnsHostnames.why)];
  if (s.dnsHostnames.value) return [ok(`${vpcId}: enableDnsHostnames true, so ${name} resolves in the VPC`)];
  return [
    finding({
      id: 'vpc-dns-off',
      vpcId,
      attribute: 'enableDnsHostnames',
      resources: [vpcId],
      evidence: [`${vpcId}: enableDnsHostnames is false, so ${name} (${need.feature}) does not resolve`],
      breaks: [need.feature],
    }),
  ];
}

/** The mount target's groups must admit TCP 2049 from the task, and the task's must let it out to them. */
function mountTargetGroups(
  input: CheckInput,
  fs: EfsFileSystem,
  target: EfsMountTarget,
  need: EfsNeed,
  subnet: Subnet,
): Verdict[] {
  const s = input.snapshot;
  const ids = fs.securityGroups[target.id];
  if (ids === undefined)
    return [notChecked('efs-security-groups', `the security groups of ${target.id} were not read`)];
  if (!ids.ok) return [notChecked('efs-security-groups', ids.why)];
  const task = taskPeer(s, subnet);
  const base = {
    id: 'efs-sg-blocks-2049',
    fileSystemId: fs.fileSystemId,
    mountTargetSecurityGroupIds: ids.value,
    task,
  } as const;
  const out: Verdict[] = [];
  // Inbound on the mount target's groups, from the task's groups or a range holding its subnet.
  const groups = groupsOf(s, ids.value);
  const sgs = ids.value.join(', ');
  if (!groups.ok) out.push(notChecked('efs-security-groups', groups.why));
  else {
    const rules = nfsRules(groups.value.flatMap((g) => g.ingress));
    const bySg = rules.some((r) => r.groupIds.some((id) => task.securityGroupIds?.includes(id)));
    const peers = rulePeers(rules, s.prefixLists);
    const byCidr = coverage(peers, task.cidrs);
    const unknown = unknownLists(peers);
    if (bySg || byCidr) {
      const lists = bySg || !byCidr ? '' : throughLists(byCidr, task.cidrs);
      out.push(ok(`${sgs} (of ${target.id}): inbound NFS (TCP 2049) from the task${lists}`));
    } else if (unknown) {
      out.push(notChecked('efs-security-groups', `${sgs} (of ${target.id}) allow 2049 from ${unknown}`));
    } else if (task.securityGroupIds === undefined && rules.some((r) => r.groupIds.length > 0)) {
      const why = `${sgs} (of ${target.id}) allow 2049 only from security groups, and the task's are unknown`;
      out.push(notChecked('efs-security-groups', why));
    } else {
      out.push(
        finding({
          ...base,
          side: 'mount-target',
          resources: [fs.fileSystemId, target.id, ...ids.value],
          evidence: [
            `${sgs} (of ${target.id}, ${fs.fileSystemId}) allow no inbound TCP 2049 from ${peerWords(task)}`,
            ...groups.value.map((g) => `${g.id} inbound: ${describeRules(g.ingress, s.prefixLists)}`),
          ],
          breaks: [need.feature],
        }),
      );
    }
  }
  out.push(...taskNfsEgress(input, base, target, need));
  return out;
}

/** The task's groups must let TCP 2049 out to the mount target (its groups, or a range holding its address). */
function taskNfsEgress(
  { snapshot: s }: CheckInput,
  base: Readonly<{ fileSystemId: string; mountTargetSecurityGroupIds: readonly string[] }> & object,
  target: EfsMountTarget,
  need: EfsNeed,
): Verdict[] {
  const net = s.taskNetwork;
  if (net.source === 'unknown')
    return [notChecked('task-security-groups', `security groups unknown: ${net.why}`)];
  const groups = groupsOf(s, net.securityGroupIds);
  if (!groups.ok) return [notChecked('task-security-groups', groups.why)];
  const rules = nfsRules(groups.value.flatMap((g) => g.egress));
  const bySg = rules.some((r) => r.groupIds.some((id) => base.mountTargetSecurityGroupIds.includes(id)));
  const peers = rulePeers(rules, s.prefixLists);
  const cidrs = target.ip ? [`${target.ip}/32`] : [];
  const byCidr = coverage(peers, cidrs) ?? coverage(peers, ['0.0.0.0/0']);
  const sgs = net.securityGroupIds.join(', ');
  const where = `${target.id} (${[...base.mountTargetSecurityGroupIds, ...(target.ip ? [target.ip] : [])].join(', ')})`;
  if (bySg || byCidr) {
    const lists = bySg || !byCidr ? '' : throughLists(byCidr, cidrs.length > 0 ? cidrs : ['0.0.0.0/0']);
    return [ok(`${sgs} (the task's): outbound NFS (TCP 2049) to ${where}${lists}`)];
  }
  const unknown = unknownLists(peers);
  if (unknown)
    return [notChecked('task-security-groups', `${sgs} (the task's) allow 2049 out to ${unknown}`)];
  if (cidrs.length === 0 && rules.some((r) => r.cidrs.length > 0))
    return [
      notChecked(
        'task-security-groups',
        `${sgs} (the task's) allow 2049 out to some ranges, and the address of ${target.id} is unknown`,
      ),
    ];
  return [
    finding({
      ...base,
      id: 'efs-sg-blocks-2049',
      side: 'task',
      task: { securityGroupIds: net.securityGroupIds, cidrs: [] },
      resources: [...net.securityGroupIds, target.id],
      evidence: [
        `${sgs} (the task's) allow no outbound TCP 2049 to ${where}`,
        ...groups.value.map((g) => `${g.id} outbound: ${describeRules(g.egress, s.prefixLists)}`),
      ],
      breaks: [need.feature],
    }),
  ];
}

const nfsRules = (rules: readonly SecurityGroupRule[]) => rules.filter((r) => coversPorts(r, NFS));

const peerWords = (task: Readonly<{ securityGroupIds?: readonly string[]; cidrs: readonly string[] }>) =>
  [...(task.securityGroupIds ?? []), ...task.cidrs].join(' or ');

/**
 * The network ACLs both ways: the task's subnet out to the mount target on 2049 and back in on
 * ephemeral ports; the mount target's subnet in on 2049 from the task's subnet and back out.
 */
function efsNacls(input: CheckInput, target: EfsMountTarget, need: EfsNeed, subnet: Subnet): Verdict[] {
  if (!target.ip)
    return [
      notChecked('network-acls', `the address of ${target.id} is unknown: its ACL path is not checked`),
    ];
  const peer = `${target.ip}/32`;
  // The mount target's subnet as far as its network ACL goes (the ACL is found by the subnet's id).
  const targetSubnet: Subnet = {
    id: target.subnetId,
    vpcId: target.vpcId ?? subnet.vpcId,
    cidr: peer,
    availabilityZone: target.availabilityZone,
  };
  const f = need.feature;
  return [
    ...naclCheck(input, subnet, 'outbound', NFS, peer, f),
    ...naclCheck(input, subnet, 'inbound', EPHEMERAL, peer, f),
    ...naclCheck(input, targetSubnet, 'inbound', NFS, subnet.cidr, f),
    ...naclCheck(input, targetSubnet, 'outbound', EPHEMERAL, subnet.cidr, f),
  ];
}
