import { rangeOf } from '../cidr.js';
import { FINDINGS, type FindingSpec, findingKey, serviceOfFinding } from '../findings/index.js';
import type { Finding, FindingId } from '../findings/types.js';
import type { Policy } from '../mode.js';
import {
  type EndpointService,
  endpointServiceName,
  type InterfaceService,
  type Snapshot,
} from '../network.js';
import { anywhereIn, coverage, rulePeers, s3PrefixList } from '../prefix-lists.js';
import type { Action, RecommendedChange } from './action.js';
import type { PlanContext, TaskRulePeer } from './context.js';
import { endpointVerdict, ownerNotOptedIn, type Verdict, vpcNotOptedIn } from './gate.js';
import { ENDPOINT_GROUP_NAME, type GroupRef, type RulePeer, type Write } from './types.js';
import { cliOf, endpointGroupOf, specOf, writeId } from './writes.js';

const round2 = (x: number) => Math.round(x * 100) / 100;

/** True for a CIDR no wider than a /8 (and so never "anywhere"). */
export function isNarrow(cidr: string): boolean {
  const bits = Number(cidr.split('/')[1] ?? 32);
  return rangeOf(cidr) !== undefined && Number.isInteger(bits) && bits >= 8;
}

/** The VPC's CIDR: the destination of the `local` route every route table has. */
export function vpcCidrOf(s: Snapshot): string | undefined {
  if (!s.routeTables.ok) return undefined;
  for (const t of s.routeTables.value) {
    const local = t.routes.find((r) => r.target.kind === 'local' && r.destinationCidr !== undefined);
    if (local?.destinationCidr) return local.destinationCidr;
  }
  return undefined;
}

/**
 * The plan as it is built: each finding's remedy (its catalogue entry) adds actions through
 * the `PlanContext` this implements; the planner dedupes them and gates every write.
 */
export class Planner implements PlanContext {
  readonly snapshot: Snapshot;
  readonly findings: readonly Finding[];
  readonly #policy: Policy;
  readonly #actions: Action[] = [];
  readonly #notes: string[] = [];
  #endpointsPlanned = 0;
  /** The key of the finding being answered: every action added now answers it. */
  #why = '';

  constructor(snapshot: Snapshot, policy: Policy, findings: readonly Finding[]) {
    this.snapshot = snapshot;
    this.#policy = policy;
    this.findings = findings;
    if (policy.problem) this.#notes.push(policy.problem);
  }

  actions(): Action[] {
    return this.#actions;
  }

  notes(): string[] {
    return this.#notes;
  }

  answer(f: Finding): void {
    this.#why = findingKey(f);
    (FINDINGS[f.id] as unknown as FindingSpec<FindingId>).remedy(f, this);
  }

  /**
   * The endpoint group, its inbound rules and the task's outbound rule to it serve only the
   * interface endpoints auto-fix creates: with none of them allowed (an allow-list of `s3`,
   * the ceiling), auto-fix would create a group nothing uses, so these writes are only
   * recommended too (a person creating the endpoints by hand runs them first).
   */
  endpointGroupOnlyWithItsEndpoints(): void {
    this.#actions.forEach((a, i) => {
      if (a.type !== 'write' || !a.allowed) return;
      const vpcId = endpointGroupOf(a.write);
      if (vpcId === undefined) return;
      const users = this.#actions.filter(
        (x) =>
          x.type === 'write' &&
          x.write.kind === 'create-interface-endpoint' &&
          x.write.group.kind === 'endpoint-group' &&
          x.write.vpcId === vpcId,
      );
      if (users.some((x) => x.allowed)) return;
      const why = users[0]?.reason;
      this.#actions[i] = {
        ...a,
        allowed: false,
        reason: `only the interface endpoints auto-fix creates use ${ENDPOINT_GROUP_NAME}, and it may create none here${why ? `: ${why}` : ''}`,
      };
    });
  }

  interfaceEndpoint(service: InterfaceService, vpcId: string, subnetIds: readonly string[]): void {
    const group: GroupRef = { kind: 'endpoint-group', vpcId };
    this.write({ kind: 'create-endpoint-security-group', vpcId, groupName: ENDPOINT_GROUP_NAME });
    for (const peer of this.taskPeers()) this.write({ kind: 'authorize-ingress-443', group, peer });
    const serviceName = endpointServiceName(this.snapshot.region, service);
    const verdict = this.#endpointAllowed(service);
    const perAz = this.#onePerAz(subnetIds);
    this.#add(
      { kind: 'create-interface-endpoint', vpcId, service, serviceName, subnetIds: perAz, group },
      service,
      verdict,
    );
    const net = this.snapshot.taskNetwork;
    if (net.source === 'unknown' || this.#taskEgressCovers({ kind: 'vpc' })) return;
    const groupId = net.securityGroupIds[0];
    if (!groupId) return;
    const peer: RulePeer = { kind: 'security-group', group };
    this.write({ kind: 'authorize-egress-443', group: { kind: 'existing', groupId }, peer }, service);
  }

  gatewayEndpoint(vpcId: string, routeTableIds: readonly string[]): void {
    const serviceName = endpointServiceName(this.snapshot.region, 's3');
    const verdict = this.#endpointAllowed('s3');
    this.#add({ kind: 'create-s3-gateway-endpoint', vpcId, serviceName, routeTableIds }, 's3', verdict);
    const net = this.snapshot.taskNetwork;
    if (net.source === 'unknown' || this.#taskEgressCovers({ kind: 's3' })) return;
    const groupId = net.securityGroupIds[0];
    if (!groupId) return;
    const peer: RulePeer = { kind: 's3-prefix-list', region: this.snapshot.region };
    this.write({ kind: 'authorize-egress-443', group: { kind: 'existing', groupId }, peer }, 's3');
  }

  write(write: Write, service?: EndpointService): void {
    this.#add(write, service);
  }

  recommend(change: RecommendedChange, f: Finding, cli: string, monthlyUsd = 0): void {
    const id = `recommend:${change}:${f.resources.join(',')}`;
    if (this.#actions.some((a) => a.id === id)) return;
    const service = serviceOfFinding(f);
    this.#actions.push({
      id,
      type: 'recommend',
      kind: `recommend:${change}`,
      finding: f.id,
      why: this.#why,
      allowed: false,
      reason:
        'ecs-pullfix only recommends this change: it is not among the additive writes auto-fix may make',
      ...(service ? { service } : {}),
      cli,
      monthlyUsd: round2(monthlyUsd),
    });
  }

  taskPeers(): TaskRulePeer[] {
    const net = this.snapshot.taskNetwork;
    if (net.source !== 'unknown' && net.securityGroupIds.length > 0) {
      return net.securityGroupIds.map((groupId) => ({
        kind: 'security-group',
        group: { kind: 'existing', groupId },
      }));
    }
    const vpc = this.vpcPeer();
    return vpc ? [vpc] : [];
  }

  /** The VPC's own CIDR as a rule peer; never a range wider than a /8 (a VPC is at most a /16). */
  vpcPeer(): Extract<RulePeer, { kind: 'vpc-cidr' }> | undefined {
    const vpcId = this.snapshot.vpcId.ok ? this.snapshot.vpcId.value : '';
    const cidr = vpcCidrOf(this.snapshot);
    if (cidr === undefined || !isNarrow(cidr)) {
      this.#notes.push(
        `the VPC's CIDR is unknown or implausibly wide (${cidr ?? 'none'}): no CIDR rule is planned`,
      );
      return undefined;
    }
    return { kind: 'vpc-cidr', vpcId, cidr };
  }

  #add(write: Write, service?: EndpointService, verdict?: Verdict): void {
    const id = writeId(write);
    if (this.#actions.some((a) => a.id === id)) return;
    const spec = specOf(write);
    const { allowed, reason } = this.#notOptedIn(write) ?? verdict ?? { allowed: true, reason: spec.reason };
    this.#actions.push({
      id,
      type: 'write',
      kind: write.kind,
      write,
      why: this.#why,
      allowed,
      reason,
      ...(service ? { service } : {}),
      cli: cliOf(write),
      ...(spec.iac?.(write) ?? {}),
      monthlyUsd: spec.monthlyUsd(write),
    });
  }

  /** Why auto-fix may not make a write nobody opted in to (undefined: opted in); the VPC's noted once. */
  #notOptedIn(w: Write): { allowed: false; reason: string } | undefined {
    const vpc = vpcNotOptedIn(this.snapshot);
    if (vpc && this.#policy.mode !== 'notify' && !this.#notes.includes(vpc)) this.#notes.push(vpc);
    if (vpc) return { allowed: false, reason: vpc };
    const owner = specOf(w).optIn?.(w);
    const why = owner && ownerNotOptedIn(owner, this.snapshot);
    return why ? { allowed: false, reason: why } : undefined;
  }

  #endpointAllowed(service: EndpointService): Verdict {
    return endpointVerdict(
      service,
      () => ++this.#endpointsPlanned,
      this.snapshot,
      this.#policy,
      this.findings,
    );
  }

  /**
   * True when the task's security groups already let 443 out to the VPC (or S3's addresses),
   * through their own CIDRs or the prefix lists they name; also true (with a note) when a rule
   * names a list whose entries are unknown, since it may already admit the peer: the plan never
   * proposes a rule a prefix list may make needless.
   */
  #taskEgressCovers(peer: { kind: 'vpc' } | { kind: 's3' }): boolean {
    const net = this.snapshot.taskNetwork;
    const groups = this.snapshot.securityGroups;
    if (net.source === 'unknown' || !groups.ok) return false;
    const rules = groups.value
      .filter((g) => net.securityGroupIds.includes(g.id))
      .flatMap((g) => g.egress)
      .filter(
        (r) =>
          r.protocol === '-1' ||
          ((r.protocol === 'tcp' || r.protocol === '6') &&
            (r.fromPort ?? 0) <= 443 &&
            443 <= (r.toPort ?? 65535)),
      );
    const peers = rulePeers(rules, this.snapshot.prefixLists);
    if (anywhereIn(peers)) return true;
    if (peer.kind === 'vpc') {
      const vpcCidr = vpcCidrOf(this.snapshot);
      if (vpcCidr !== undefined && coverage(peers, [vpcCidr])) return true;
    } else {
      const s3 = s3PrefixList(this.snapshot);
      if (s3 && rules.some((r) => r.prefixListIds.includes(s3.id))) return true;
      if (s3 && coverage(peers, s3.cidrs)) return true;
    }
    if (peers.unknown.length === 0) return false;
    const note = `the task's outbound rules name ${peers.unknown.map((u) => u.id).join(', ')}, whose entries are unknown: no outbound rule to ${peer.kind === 'vpc' ? 'the endpoints' : 'S3'} is planned (check that the list admits them)`;
    if (!this.#notes.includes(note)) this.#notes.push(note);
    return true;
  }

  #onePerAz(subnetIds: readonly string[]): string[] {
    const subnets = this.snapshot.subnets.ok ? this.snapshot.subnets.value : [];
    const chosen = new Map<string, string>();
    for (const id of subnetIds) {
      const az = subnets.find((s) => s.id === id)?.availabilityZone ?? id;
      if (!chosen.has(az)) chosen.set(az, id);
    }
    return [...chosen.values()];
  }
}
