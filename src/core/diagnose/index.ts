import type { Classification } from '../causes.js';
import { FINDING_ORDER, type Finding, fixOf, isNetworkProblem } from '../findings.js';
import type { Snapshot } from '../network.js';
import { cleanDeep } from '../shell.js';
import { blamedFirst } from './blamed.js';
import { vpcDnsSupport } from './checks/dns.js';
import { duplicateEndpoints } from './checks/duplicates.js';
import { executionRoleNamed } from './checks/execution-role.js';
import { ipv6Registries } from './checks/ipv6.js';
import { replicationNotes } from './checks/replication.js';
import { suspectedOnly } from './checks/resolver.js';
import { withFailingHop } from './hop.js';
import { mergeDrafts } from './merge.js';
import { needsOfSnapshot } from './needs.js';
import { needVerdicts } from './path.js';
import { pathOkFix } from './path-ok.js';
import { egressOf } from './route.js';
import { type CheckInput, checkedOf, type Draft, draftsOf, notChecked, ok, type Verdict } from './verdict.js';
import { workloadVerdicts } from './workload.js';

export type { Draft, Verdict } from './verdict.js';

/**
 * The diagnosis: a snapshot of the task's network path and its classification → findings,
 * each with evidence and a fix. Pure. It walks `docs/network.md`'s list — egress
 * or endpoints, endpoint state, DNS, security groups, network ACLs, endpoint policies, the
 * registry — for the needs of this task only, in each of its subnets.
 */
export function diagnose(snapshot: Snapshot, classification: Classification): Finding[] {
  const input: CheckInput = { snapshot, region: snapshot.region };
  const findings = findingsOf(
    snapshot,
    classification,
    suspectedOnly(networkVerdicts(input), classification),
    workloadVerdicts(snapshot, classification),
  );
  return withFailingHop(blamedFirst(findings, classification), snapshot, classification);
}

/**
 * Checks whose not-checked note does not withhold path-ok: an EFS volume's access point and
 * IAM authorization (beyond the network path, like the role check: a role ecs-pullfix may not
 * simulate, a policy it cannot decide), which addresses a name resolves to where the default
 * route serves the public ones as well as the endpoint's (`dns-resolution`), and which name of
 * CloudWatch Logs or Parameter Store the ECS agent dials from an IPv6-only task (`service-ipv6`):
 * these two are never made; and whether a replication rule copies an image from another Region
 * (`replication`): advice on a fix, no check of the path.
 */
const NOTED_ONLY: ReadonlySet<string> = new Set([
  'efs-authorization',
  'dns-resolution',
  'service-ipv6',
  'replication',
]);

/** The path walk: needs × subnets, each need's path from each subnet, and the checks on it. */
export function networkVerdicts(input: CheckInput): Verdict[] {
  const s = input.snapshot;
  const { needs, verdicts } = needsOfSnapshot(input);
  const out = [...verdicts, ...executionRoleNamed(input, needs), ...replicationNotes(s)];
  if (!s.subnets.ok) return [...out, notChecked('network-path', s.subnets.why)];
  if (s.serviceUnread) {
    const why = `${s.serviceUnread}: only the subnet the task ran in is checked, not the others its service may place tasks in`;
    out.push(notChecked('service-subnets', why));
  }
  if (s.subnets.value.length === 0) {
    const why = 'the task has no ENI of its own (not awsvpc): its path is its instance’s';
    return [...out, notChecked('network-path', why)];
  }
  if (!s.vpcId.ok) return [...out, notChecked('network-path', s.vpcId.why)];
  out.push(...hostOfPath(s));
  out.push(...vpcDnsSupport(input, s.vpcId.value, needs), ...duplicateEndpoints(input, s.vpcId.value));
  for (const subnet of s.subnets.value) {
    const { egress, verdicts: route } = egressOf(input, subnet);
    out.push(...route);
    if (egress.kind === 'internet') out.push(ok(`${subnet.id}: ${egress.evidence}`));
    for (const need of needs) out.push(...needVerdicts(input, need, subnet, egress));
    out.push(...ipv6Registries(input, subnet, egress));
  }
  return out;
}

/**
 * A task in bridge, host or none mode has no ENI of its own: its path is its container
 * instance's, whose subnet and groups the checks then walk. Said first, so that every line
 * after it reads as the instance's.
 */
function hostOfPath(s: Snapshot): Verdict[] {
  const net = s.taskNetwork;
  // Its groups unread (DescribeInstances refused): said here, even where no check reaches them.
  if (
    net.source === 'unknown' &&
    s.task.containerInstanceArn !== undefined &&
    s.task.eni.subnetId === undefined
  )
    return [notChecked('task-security-groups', `security groups unknown: ${net.why}`)];
  if (net.source !== 'instance') return [];
  const mode = s.taskDefinition.ok ? (s.taskDefinition.value.networkMode ?? 'bridge') : 'not awsvpc';
  const groups = net.securityGroupIds.length > 0 ? net.securityGroupIds.join(', ') : 'no security group';
  return [
    ok(
      `${net.instanceId} (container instance; the task's network mode is ${mode}): the pull goes through its interface in ${net.subnetIds.join(', ')}, ${groups}${net.publicIp ? ', with a public IP' : ''}`,
    ),
  ];
}

/** Merge, path-ok when the path was seen whole and nothing is wrong on it, rank, clean, fix. */
function findingsOf(
  snapshot: Snapshot,
  classification: Classification,
  network: readonly Verdict[],
  workload: readonly Verdict[],
): Finding[] {
  const networkDrafts = draftsOf(network);
  const merged = mergeDrafts([...networkDrafts, ...draftsOf(workload)]);
  // path-ok speaks of the network path: a finding on the role, image or secrets stands beside
  // it, and so does a role, image or secret that could not be checked. But it summarises
  // every check of the path, so a check of the path that could not be made (a read denied,
  // throttled out or unanswered in time; a fact no source gave) withholds it: the outcome is
  // then `not-checked`, and the not-checked findings say what could not be seen.
  const unseen = networkDrafts.some((d) => d.id === 'not-checked' && !NOTED_ONLY.has(d.check));
  const checked = checkedOf(network);
  if (!merged.some((d) => isNetworkProblem(d as Finding)) && !unseen && checked.length > 0)
    merged.push(pathOk(classification, snapshot, [...new Set([...checked, ...checkedOf(workload)])]));
  const rank = (f: Draft) => FINDING_ORDER.indexOf(f.id);
  // A finding is where a name from the task definition (a log group, a secret's name, an
  // image) meets the notice and the terminal: every string in it loses its control
  // characters here, before its fix and commands are written from it.
  return merged
    .sort((a, b) => rank(a) - rank(b))
    .map((d) => cleanDeep(d))
    .map((f) => ({ ...f, fix: f.fix ?? fixOf(f as Finding, snapshot.region) }) as Finding);
}

function pathOk(classification: Classification, snapshot: Snapshot, lines: string[]): Draft {
  return {
    id: 'path-ok',
    checked: lines,
    resources: [],
    evidence: lines,
    breaks: [],
    fix: pathOkFix(classification, snapshot),
  };
}
