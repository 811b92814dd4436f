import type { Classification } from './causes.js';
import { cidrContains, isAnywhere, rangeOf } from './cidr.js';
import { diagnoseWorkload } from './diagnose-workload.js';
import { deniedCalls } from './endpoint-policy.js';
import { type EgressPeer, FINDING_ORDER, type Finding, isNetworkProblem, type TaskPeer } from './findings.js';
import { type Need, needsExecutionRole, needsOf } from './needs.js';
import {
  type Checked,
  type EndpointService,
  endpointServiceName,
  INTERFACE_SERVICES,
  type InterfaceService,
  type NetworkAcl,
  type RouteTable,
  type RouteTarget,
  type SecurityGroup,
  type SecurityGroupRule,
  type Snapshot,
  type Subnet,
  type VpcEndpoint,
} from './network.js';
import { hasTrue, MANAGED_TAG } from './opt-in.js';
import { interfaceEndpointMonthlyUsd } from './prices.js';
import { cleanDeep, command, isValidName, type NameCheck, shownName, type Word } from './shell.js';
import { secretRefOf } from './workload.js';

/**
 * The diagnosis: a snapshot of the task's network path and its classification → findings,
 * each with evidence and a fix. Pure. It walks `docs/network.md`'s list — egress
 * or endpoints, endpoint state, DNS, security groups, network ACLs, endpoint policies, the
 * registry — for the needs of this task only, in each of its subnets.
 */
export function diagnose(snapshot: Snapshot, classification: Classification): Finding[] {
  const d = new Diagnosis(snapshot);
  d.run();
  return d.findings(classification, diagnoseWorkload(snapshot, classification));
}

/**
 * Checks the diagnosis never makes, so that their not-checked note does not withhold
 * path-ok: EFS mount targets are outside what ecs-pullfix inspects (it says so every time),
 * not a read that failed.
 */
const NOTED_ONLY: ReadonlySet<string> = new Set(['efs']);

/** The Linux ephemeral port range a task's connections come back on. */
const EPHEMERAL = { from: 32768, to: 60999 } as const;
const HTTPS = { from: 443, to: 443 } as const;

type PortRange = Readonly<{ from: number; to: number }>;

/** How a subnet reaches the internet, from its route table's default route. */
type Egress = Readonly<
  | { kind: 'internet'; routeTableId: string; evidence: string }
  | { kind: 'igw-no-public-ip'; routeTableId: string; igwId: string; evidence: string }
  | { kind: 'igw-public-ip-unknown'; routeTableId: string; igwId: string; evidence: string }
  | { kind: 'nat-unavailable'; routeTableId: string; natId?: string; state: string; evidence: string }
  | { kind: 'none'; routeTableId: string; evidence: string }
  | { kind: 'leaves-vpc'; routeTableId: string; target: RouteTarget; evidence: string }
  | { kind: 'unknown'; why: string }
>;

/** A finding before its fix is written (distributed over the union, so each member keeps its fields). */
type DraftOf<F> = F extends Finding ? Omit<F, 'fix'> & { fix?: string } : never;
type Draft = DraftOf<Finding>;

class Diagnosis {
  readonly #s: Snapshot;
  readonly #region: string;
  readonly #drafts: Draft[] = [];
  readonly #checked: string[] = [];

  constructor(snapshot: Snapshot) {
    this.#s = snapshot;
    this.#region = snapshot.region;
  }

  run(): void {
    const s = this.#s;
    const needs = this.#needs();
    if (s.taskDefinition.ok) {
      const why = needsExecutionRole(s.taskDefinition.value);
      if (!s.taskDefinition.value.executionRoleArn && why) {
        this.#add({
          id: 'execution-role-missing',
          why,
          resources: [s.taskDefinition.value.arn],
          evidence: [`${s.taskDefinition.value.arn} has no executionRoleArn`, `but ${why}`],
          breaks: needs.map((n) => n.feature),
        });
      }
    }
    if (!s.subnets.ok) {
      this.#notChecked('network-path', s.subnets.why);
      return;
    }
    if (s.serviceUnread) {
      this.#notChecked(
        'service-subnets',
        `${s.serviceUnread}: only the subnet the task ran in is checked, not the others its service may place tasks in`,
      );
    }
    if (s.subnets.value.length === 0) {
      this.#notChecked(
        'network-path',
        'the task has no ENI of its own (not awsvpc): its path is its instance’s',
      );
      return;
    }
    if (!s.vpcId.ok) {
      this.#notChecked('network-path', s.vpcId.why);
      return;
    }
    if (!s.dnsSupport.ok) this.#notChecked('vpc-dns', s.dnsSupport.why);
    else if (!s.dnsSupport.value) {
      this.#add({
        id: 'vpc-dns-off',
        vpcId: s.vpcId.value,
        attribute: 'enableDnsSupport',
        resources: [s.vpcId.value],
        evidence: [`${s.vpcId.value}: enableDnsSupport is false, so the Amazon-provided DNS answers nothing`],
        breaks: needs.map((n) => n.feature),
      });
    } else this.#checked.push(`${s.vpcId.value}: enableDnsSupport true`);
    this.#checkDuplicates(s.vpcId.value);
    for (const subnet of s.subnets.value) {
      const egress = this.#egressOf(subnet);
      if (egress.kind === 'internet') this.#checked.push(`${subnet.id}: ${egress.evidence}`);
      for (const need of needs) this.#check(need, subnet, egress);
    }
  }

  findings(
    classification: Classification,
    workload: Readonly<{ drafts: readonly Draft[]; checked: readonly string[] }>,
  ): Finding[] {
    const merged = mergeDrafts([...this.#drafts, ...workload.drafts]);
    // path-ok speaks of the network path: a finding on the role, image or secrets stands beside
    // it, and so does a role, image or secret that could not be checked. But it summarises
    // every check of the path, so a check of the path that could not be made (a read denied,
    // throttled out or unanswered in time; a fact no source gave) withholds it: the outcome is
    // then `not-checked`, and the not-checked findings say what could not be seen.
    const unseen = this.#drafts.some((d) => d.id === 'not-checked' && !NOTED_ONLY.has(d.check));
    if (!merged.some((d) => isNetworkProblem(d as Finding)) && !unseen && this.#checked.length > 0) {
      const cause =
        classification.cause === 'unknown' || classification.networkRelated
          ? 'the stop reason itself'
          : `the classifier's cause, ${classification.cause}`;
      const lines = [...new Set([...this.#checked, ...workload.checked])];
      merged.push({
        id: 'path-ok',
        checked: lines,
        resources: [],
        evidence: lines,
        breaks: [],
        fix: `Nothing is wrong on the network path ecs-pullfix can see; look at ${cause}.`,
      });
    }
    const rank = (f: Draft) => FINDING_ORDER.indexOf(f.id);
    // A finding is where a name from the task definition (a log group, a secret's name, an
    // image) meets the notice and the terminal: every string in it loses its control
    // characters here, before its fix and commands are written from it.
    return merged
      .sort((a, b) => rank(a) - rank(b))
      .map((d) => cleanDeep(d))
      .map((f) => ({ ...f, fix: f.fix ?? fixOf(f as Finding, this.#region) }) as Finding);
  }

  // ── needs ──────────────────────────────────────────────────────────────────────────

  #needs(): Need[] {
    const s = this.#s;
    if (s.taskDefinition.ok) return needsOf(s.taskDefinition.value, this.#region);
    this.#notChecked(
      'task-definition',
      `${s.taskDefinition.why}; only the images named in the event are checked`,
    );
    // The event still names each container's image: check the registries at least.
    return needsOf(
      {
        arn: s.task.taskDefinitionArn,
        family: s.task.family,
        containers: s.task.containers.flatMap((c) =>
          c.image
            ? [
                {
                  name: c.name,
                  image: c.image,
                  essential: true,
                  logOptions: {},
                  secrets: [],
                  environmentFiles: [],
                },
              ]
            : [],
        ),
        volumes: [],
      },
      this.#region,
    );
  }

  #check(need: Need, subnet: Subnet, egress: Egress): void {
    switch (need.kind) {
      case 'endpoint':
        if (need.service === 's3') this.#checkS3(need, subnet, egress);
        else this.#checkInterface(need.service, need.feature, subnet, egress);
        return;
      case 'internet':
        this.#checkInternetNeed(need, subnet, egress);
        return;
      case 'efs': {
        this.#notChecked(
          'efs',
          `EFS mount targets are not inspected (${need.feature}, ${need.fileSystemId})`,
        );
        return;
      }
    }
  }

  // ── egress ─────────────────────────────────────────────────────────────────────────

  #routeTableOf(subnet: Subnet): Checked<RouteTable> {
    const tables = this.#s.routeTables;
    if (!tables.ok) return tables;
    const table =
      tables.value.find((t) => t.subnetIds.includes(subnet.id)) ?? tables.value.find((t) => t.main);
    return table ? { ok: true, value: table } : { ok: false, why: `no route table applies to ${subnet.id}` };
  }

  #egressOf(subnet: Subnet): Egress {
    const table = this.#routeTableOf(subnet);
    if (!table.ok) return { kind: 'unknown', why: table.why };
    const rt = table.value;
    const route = rt.routes.find((r) => r.destinationCidr !== undefined && isAnywhere(r.destinationCidr));
    if (!route) {
      return {
        kind: 'none',
        routeTableId: rt.id,
        evidence: `${rt.id} (of ${subnet.id}) has no route for 0.0.0.0/0`,
      };
    }
    const target = route.target;
    const arrow = `${rt.id} (of ${subnet.id}): 0.0.0.0/0 → ${'id' in target ? target.id : target.kind}`;
    if (route.state === 'blackhole') {
      if (target.kind === 'nat-gateway') {
        return {
          kind: 'nat-unavailable',
          routeTableId: rt.id,
          natId: target.id,
          state: 'blackhole',
          evidence: `${arrow} (blackhole)`,
        };
      }
      return { kind: 'none', routeTableId: rt.id, evidence: `${arrow} is a blackhole` };
    }
    switch (target.kind) {
      case 'nat-gateway': {
        const nats = this.#s.natGateways;
        if (!nats.ok) {
          this.#notChecked('nat-gateway', nats.why);
          return { kind: 'internet', routeTableId: rt.id, evidence: `${arrow} (its state not checked)` };
        }
        const nat = nats.value.find((n) => n.id === target.id);
        if (nat?.state === 'available')
          return { kind: 'internet', routeTableId: rt.id, evidence: `${arrow} (available)` };
        const state = nat?.state ?? 'deleted';
        return {
          kind: 'nat-unavailable',
          routeTableId: rt.id,
          natId: target.id,
          state,
          evidence: `${arrow} (${state})`,
        };
      }
      case 'internet-gateway': {
        const net = this.#s.taskNetwork;
        if (net.source === 'eni') {
          return net.publicIp
            ? {
                kind: 'internet',
                routeTableId: rt.id,
                evidence: `${arrow}, and the task ENI has a public IP`,
              }
            : {
                kind: 'igw-no-public-ip',
                routeTableId: rt.id,
                igwId: target.id,
                evidence: `${arrow}, but the task ENI has no public IP`,
              };
        }
        if (net.source === 'service') {
          return net.assignPublicIp === 'ENABLED'
            ? {
                kind: 'internet',
                routeTableId: rt.id,
                evidence: `${arrow}, and the service assigns a public IP`,
              }
            : {
                kind: 'igw-no-public-ip',
                routeTableId: rt.id,
                igwId: target.id,
                evidence: `${arrow}, but the service's awsvpcConfiguration has assignPublicIp: DISABLED`,
              };
        }
        return { kind: 'igw-public-ip-unknown', routeTableId: rt.id, igwId: target.id, evidence: arrow };
      }
      case 'local':
        return { kind: 'none', routeTableId: rt.id, evidence: arrow };
      default:
        return { kind: 'leaves-vpc', routeTableId: rt.id, target, evidence: arrow };
    }
  }

  /** Records why `need` is unmet in `subnet` for lack of egress; false when egress cannot be judged. */
  #egressFailure(egress: Egress, subnet: Subnet, feature: string, endpointsCanServe = true): boolean {
    const vpcId = this.#s.vpcId.ok ? this.#s.vpcId.value : '';
    switch (egress.kind) {
      case 'internet':
        return false;
      case 'unknown':
        this.#notChecked('egress', egress.why);
        return false;
      case 'leaves-vpc':
        this.#add({
          id: 'path-leaves-vpc',
          routeTableId: egress.routeTableId,
          target: egress.target,
          resources: [egress.routeTableId, 'id' in egress.target ? egress.target.id : egress.target.kind],
          evidence: [egress.evidence],
          breaks: [feature],
        });
        // What lies past the gateway is out of sight, but the task's own security groups
        // and its subnet's ACL are not: the traffic must pass them to reach the route.
        this.#checkInternetEgress(subnet, feature);
        return false;
      case 'igw-public-ip-unknown':
        this.#notChecked(
          'public-ip',
          `${egress.evidence}; whether the task had a public IP is unknown (${this.#s.taskNetwork.source === 'unknown' ? this.#s.taskNetwork.why : 'no source names it'})`,
        );
        // The rest of the way to the gateway can still be seen, and a fault there said.
        this.#checkInternetEgress(subnet, feature);
        return false;
      case 'igw-no-public-ip':
        this.#add({
          id: 'public-ip-disabled',
          internetGatewayId: egress.igwId,
          subnetIds: [subnet.id],
          resources: [subnet.id, egress.routeTableId, egress.igwId],
          evidence: [egress.evidence],
          breaks: [feature],
        });
        return true;
      case 'nat-unavailable':
        this.#add({
          id: 'nat-unavailable',
          ...(egress.natId === undefined ? {} : { natGatewayId: egress.natId }),
          state: egress.state,
          routeTableId: egress.routeTableId,
          resources: [egress.routeTableId, ...(egress.natId ? [egress.natId] : [])],
          evidence: [egress.evidence],
          breaks: [feature],
        });
        return true;
      case 'none':
        // "No egress path" is the root cause only where endpoints could serve the need;
        // for a registry no endpoint reaches, registry-needs-internet says it all.
        if (!endpointsCanServe) return true;
        this.#add({
          id: 'no-egress-path',
          vpcId,
          subnetIds: [subnet.id],
          routeTableIds: [egress.routeTableId],
          resources: [subnet.id, egress.routeTableId],
          evidence: [egress.evidence],
          breaks: [feature],
        });
        return true;
    }
  }

  /**
   * The endpoints could not be read: a subnet without a route out is then not a finding
   * (an endpoint may serve the need), only a fact the report states as not checked.
   */
  #checkWithoutEndpoints(subnet: Subnet, egress: Egress, feature: string): void {
    if (egress.kind !== 'none') {
      this.#checkInternetPath(subnet, egress, feature);
      return;
    }
    this.#notChecked(
      'egress',
      `${egress.evidence}, so ${feature} needs a VPC endpoint, and whether one serves it is unknown`,
    );
  }

  // ── the three kinds of need ────────────────────────────────────────────────────────

  #checkInterface(service: InterfaceService, feature: string, subnet: Subnet, egress: Egress): void {
    const s = this.#s;
    if (!s.endpoints.ok) {
      this.#notChecked('vpc-endpoints', s.endpoints.why);
      this.#checkWithoutEndpoints(subnet, egress, feature);
      return;
    }
    const name = endpointServiceName(this.#region, service);
    const candidates = s.endpoints.value.filter((e) => e.type === 'Interface' && e.serviceName === name);
    const ep =
      candidates.find((e) => e.privateDns && e.state === 'available') ??
      candidates.find((e) => e.privateDns) ??
      candidates[0];
    // Unread, enableDnsHostnames is taken as on (its default) and said not checked: the
    // endpoint's private DNS names resolve only if it is on.
    if (ep?.privateDns && !s.dnsHostnames.ok) this.#notChecked('vpc-dns', s.dnsHostnames.why);
    const hostnames = s.dnsHostnames.ok ? s.dnsHostnames.value : true;
    if (ep?.privateDns && hostnames) {
      this.#checkEndpointPath(ep, service, feature, subnet);
      return;
    }
    if (egress.kind === 'internet') {
      this.#checkInternetPath(subnet, egress, feature);
      return;
    }
    if (egress.kind === 'unknown' && ep) {
      // Without the route, whether the endpoint's DNS matters (or a NAT serves) is unknown.
      this.#notChecked('egress', egress.why);
      return;
    }
    if (ep?.privateDns && !hostnames && s.vpcId.ok) {
      this.#add({
        id: 'vpc-dns-off',
        vpcId: s.vpcId.value,
        attribute: 'enableDnsHostnames',
        resources: [s.vpcId.value, ep.id],
        evidence: [
          `${s.vpcId.value}: enableDnsHostnames is false, so the private DNS of ${ep.id} (${service}) does not resolve`,
        ],
        breaks: [feature],
      });
      return;
    }
    if (ep && !ep.privateDns) {
      this.#add({
        id: 'endpoint-private-dns-off',
        endpointId: ep.id,
        service,
        resources: [ep.id],
        evidence: [
          `${ep.id} (${name}) has private DNS off: ${service} names still resolve to public addresses`,
          egressEvidence(egress),
        ],
        breaks: [feature],
      });
      return;
    }
    if (this.#egressFailure(egress, subnet, feature)) {
      this.#add({
        id: 'missing-endpoint',
        service,
        vpcId: s.vpcId.ok ? s.vpcId.value : '',
        subnetIds: [subnet.id],
        task: this.#taskPeer(subnet),
        resources: [s.vpcId.ok ? s.vpcId.value : '', subnet.id],
        evidence: [
          `no interface endpoint for ${name} in ${s.vpcId.ok ? s.vpcId.value : 'the VPC'}`,
          egressEvidence(egress),
        ],
        breaks: [feature],
      });
    }
  }

  #checkS3(need: Need & { kind: 'endpoint' }, subnet: Subnet, egress: Egress): void {
    const s = this.#s;
    if (!s.endpoints.ok) {
      this.#notChecked('vpc-endpoints', s.endpoints.why);
      this.#checkWithoutEndpoints(subnet, egress, need.feature);
      return;
    }
    const table = this.#routeTableOf(subnet);
    const name = endpointServiceName(this.#region, 's3');
    const gateways = s.endpoints.value.filter((e) => e.type === 'Gateway' && e.serviceName === name);
    const used = table.ok ? gateways.find((g) => g.routeTableIds.includes(table.value.id)) : undefined;
    if (used) {
      this.#checkGatewayPath(used, need.feature, subnet);
      return;
    }
    if (egress.kind === 'internet') {
      this.#checkInternetPath(subnet, egress, need.feature);
      return;
    }
    if (!this.#egressFailure(egress, subnet, need.feature)) return;
    const tableId = table.ok ? table.value.id : '';
    const gateway = gateways[0];
    if (gateway) {
      this.#add({
        id: 's3-gateway-not-associated',
        endpointId: gateway.id,
        routeTableIds: [tableId],
        resources: [gateway.id, tableId],
        evidence: [
          `${gateway.id} (${name}) is associated with ${gateway.routeTableIds.join(', ') || 'no route table'}, not ${tableId}`,
        ],
        breaks: [need.feature],
      });
    } else {
      const vpcId = s.vpcId.ok ? s.vpcId.value : '';
      this.#add({
        id: 's3-gateway-missing',
        vpcId,
        routeTableIds: [tableId],
        resources: [vpcId, tableId],
        evidence: [`no gateway endpoint for ${name} in ${vpcId}`, egressEvidence(egress)],
        breaks: [need.feature],
      });
    }
  }

  #checkInternetNeed(need: Need & { kind: 'internet' }, subnet: Subnet, egress: Egress): void {
    if (egress.kind === 'internet') {
      this.#checkInternetPath(subnet, egress, need.feature);
      return;
    }
    if (this.#egressFailure(egress, subnet, need.feature, false)) {
      this.#add({
        id: 'registry-needs-internet',
        ...(need.registry ? { registryHost: need.registry.host } : {}),
        why: need.why,
        resources: need.registry ? [need.registry.host] : [],
        evidence: [need.why, egressEvidence(egress)],
        breaks: [need.feature],
      });
    }
  }

  // ── paths ──────────────────────────────────────────────────────────────────────────

  /** Through an interface endpoint with private DNS: its state, SGs both ways, NACLs both ends, its policy. */
  #checkEndpointPath(ep: VpcEndpoint, service: InterfaceService, feature: string, subnet: Subnet): void {
    if (ep.state !== 'available') {
      this.#add({
        id: 'endpoint-unavailable',
        endpointId: ep.id,
        service,
        state: ep.state,
        resources: [ep.id],
        evidence: [`${ep.id} (${ep.serviceName}) is ${ep.state}`],
        breaks: [feature],
      });
      return;
    }
    this.#checked.push(`${ep.id} (${service}): available, private DNS on`);
    const epSubnets = this.#endpointSubnets(ep);
    const task = this.#taskPeer(subnet);
    this.#checkEndpointIngress(ep, service, feature, task);
    if (epSubnets.ok) {
      const cidrs = epSubnets.value.map((n) => n.cidr);
      this.#checkTaskEgress(
        { kind: 'endpoint', securityGroupIds: ep.securityGroupIds, cidrs },
        service,
        feature,
      );
      for (const cidr of cidrs) {
        this.#checkNacl(subnet, 'outbound', HTTPS, cidr, feature);
        this.#checkNacl(subnet, 'inbound', EPHEMERAL, cidr, feature);
      }
      for (const epSubnet of epSubnets.value) {
        this.#checkNacl(epSubnet, 'inbound', HTTPS, subnet.cidr, feature);
        this.#checkNacl(epSubnet, 'outbound', EPHEMERAL, subnet.cidr, feature);
      }
    } else {
      this.#notChecked('endpoint-subnets', epSubnets.why);
      this.#checkTaskEgress(
        { kind: 'endpoint', securityGroupIds: ep.securityGroupIds, cidrs: [] },
        service,
        feature,
      );
    }
    this.#checkPolicy(ep, service, feature);
  }

  #checkGatewayPath(gateway: VpcEndpoint, feature: string, subnet: Subnet): void {
    if (gateway.state !== 'available') {
      this.#add({
        id: 'endpoint-unavailable',
        endpointId: gateway.id,
        service: 's3',
        state: gateway.state,
        resources: [gateway.id],
        evidence: [`${gateway.id} (${gateway.serviceName}) is ${gateway.state}`],
        breaks: [feature],
      });
      return;
    }
    this.#checked.push(`${gateway.id} (s3 gateway): available, on the route table of ${subnet.id}`);
    const prefixListId = this.#s3PrefixListId(gateway.id);
    this.#checkTaskEgress(
      prefixListId ? { kind: 'prefix-list', prefixListId } : { kind: 'internet' },
      's3',
      feature,
    );
    this.#checkNacl(subnet, 'outbound', HTTPS, '0.0.0.0/0', feature);
    this.#checkNacl(subnet, 'inbound', EPHEMERAL, '0.0.0.0/0', feature);
    this.#checkPolicy(gateway, 's3', feature);
  }

  /** Through NAT or an internet gateway: the task SG and the subnet's NACL must let 443 out. */
  #checkInternetPath(subnet: Subnet, egress: Egress, feature: string): void {
    if (egress.kind !== 'internet') {
      this.#egressFailure(egress, subnet, feature);
      return;
    }
    this.#checkInternetEgress(subnet, feature);
  }

  #checkInternetEgress(subnet: Subnet, feature: string): void {
    this.#checkTaskEgress({ kind: 'internet' }, undefined, feature);
    this.#checkNacl(subnet, 'outbound', HTTPS, '0.0.0.0/0', feature);
    this.#checkNacl(subnet, 'inbound', EPHEMERAL, '0.0.0.0/0', feature);
  }

  // ── security groups ────────────────────────────────────────────────────────────────

  #taskPeer(subnet: Subnet): TaskPeer {
    const net = this.#s.taskNetwork;
    const cidrs = [subnet.cidr];
    return net.source === 'unknown' ? { cidrs } : { securityGroupIds: net.securityGroupIds, cidrs };
  }

  #groups(ids: readonly string[]): Checked<readonly SecurityGroup[]> {
    const all = this.#s.securityGroups;
    if (!all.ok) return all;
    const found = ids.flatMap((id) => all.value.filter((g) => g.id === id));
    const missing = ids.filter((id) => !found.some((g) => g.id === id));
    return missing.length > 0
      ? { ok: false, why: `security groups not found: ${missing.join(', ')}` }
      : { ok: true, value: found };
  }

  #checkEndpointIngress(ep: VpcEndpoint, service: InterfaceService, feature: string, task: TaskPeer): void {
    const groups = this.#groups(ep.securityGroupIds);
    if (!groups.ok) {
      this.#notChecked('endpoint-security-groups', groups.why);
      return;
    }
    const rules = groups.value.flatMap((g) => g.ingress).filter((r) => coversPorts(r, HTTPS));
    const bySg =
      task.securityGroupIds !== undefined &&
      rules.some((r) => r.groupIds.some((id) => task.securityGroupIds?.includes(id)));
    const byCidr = task.cidrs.every((cidr) => rules.some((r) => r.cidrs.some((c) => cidrContains(c, cidr))));
    if (bySg || byCidr) {
      this.#checked.push(`${ep.securityGroupIds.join(', ')} (of ${ep.id}): inbound 443 from the task`);
      return;
    }
    if (task.securityGroupIds === undefined && rules.some((r) => r.groupIds.length > 0)) {
      this.#notChecked(
        'endpoint-security-groups',
        `${ep.securityGroupIds.join(', ')} (of ${ep.id}) allow 443 only from security groups, and the task's are unknown`,
      );
      return;
    }
    this.#add({
      id: 'endpoint-sg-blocks-443',
      endpointId: ep.id,
      service,
      endpointSecurityGroupIds: ep.securityGroupIds,
      task,
      resources: [ep.id, ...ep.securityGroupIds],
      evidence: [
        `${ep.securityGroupIds.join(', ')} (of ${ep.id}, ${service}) allow no inbound TCP 443 from ${describePeer(task)}`,
        ...groups.value.map((g) => `${g.id} inbound: ${describeRules(g.ingress)}`),
      ],
      breaks: [feature],
    });
  }

  #checkTaskEgress(peer: EgressPeer, service: EndpointService | undefined, feature: string): void {
    const net = this.#s.taskNetwork;
    if (net.source === 'unknown') {
      this.#notChecked('task-security-groups', `security groups unknown: ${net.why}`);
      return;
    }
    const groups = this.#groups(net.securityGroupIds);
    if (!groups.ok) {
      this.#notChecked('task-security-groups', groups.why);
      return;
    }
    const rules = groups.value.flatMap((g) => g.egress).filter((r) => coversPorts(r, HTTPS));
    if (egressAllows(rules, peer)) {
      // Without the ENI, the groups are those the service puts its tasks in: say where they came from.
      const whose =
        net.source === 'service'
          ? `task, from service ${this.#s.task.serviceName ?? ''}'s awsvpcConfiguration`
          : 'task';
      this.#checked.push(
        `${net.securityGroupIds.join(', ')} (${whose}): outbound 443 to ${describeEgressPeer(peer)}`,
      );
      return;
    }
    this.#add({
      id: 'task-sg-blocks-443',
      ...(service === undefined ? {} : { service }),
      taskSecurityGroupIds: net.securityGroupIds,
      peer,
      resources: [...net.securityGroupIds],
      evidence: [
        `${net.securityGroupIds.join(', ')} (the task's) allow no outbound TCP 443 to ${describeEgressPeer(peer)}`,
        ...groups.value.map((g) => `${g.id} outbound: ${describeRules(g.egress)}`),
      ],
      breaks: [feature],
    });
  }

  // ── network ACLs ───────────────────────────────────────────────────────────────────

  #checkNacl(
    subnet: Subnet,
    direction: 'inbound' | 'outbound',
    ports: PortRange,
    cidr: string,
    feature: string,
  ): void {
    const acls = this.#s.networkAcls;
    if (!acls.ok) {
      this.#notChecked('network-acls', acls.why);
      return;
    }
    const acl = acls.value.find((a) => a.subnetIds.includes(subnet.id));
    if (!acl) {
      this.#notChecked('network-acls', `no network ACL is associated with ${subnet.id}`);
      return;
    }
    const verdict = naclVerdict(acl, direction === 'outbound', ports, cidr);
    const portText = ports.from === ports.to ? `TCP ${ports.from}` : `TCP ${ports.from}-${ports.to}`;
    if (verdict.allowed) {
      this.#checked.push(
        `${acl.id} (of ${subnet.id}): ${direction} ${portText} ${direction === 'outbound' ? 'to' : 'from'} ${cidr} allowed`,
      );
      return;
    }
    this.#add({
      id: 'nacl-blocks',
      networkAclId: acl.id,
      subnetIds: [subnet.id],
      direction,
      ports: portText,
      cidr,
      ...(verdict.ruleNumber === undefined ? {} : { ruleNumber: verdict.ruleNumber }),
      resources: [acl.id, subnet.id],
      evidence: [
        `${acl.id} (of ${subnet.id}) ${direction}: ${portText} ${direction === 'outbound' ? 'to' : 'from'} ${cidr} is denied by ${
          verdict.ruleNumber === undefined ? 'the default rule (*)' : `rule ${verdict.ruleNumber}`
        }`,
      ],
      breaks: [feature],
    });
  }

  // ── endpoint policies ──────────────────────────────────────────────────────────────

  #checkPolicy(ep: VpcEndpoint, service: EndpointService, feature: string): void {
    const denied = deniedCalls(ep.policy, callsThrough(service, this.#region));
    if (denied.length === 0) return;
    this.#add({
      id: 'endpoint-policy-denies',
      endpointId: ep.id,
      service,
      denied,
      resources: [ep.id],
      evidence: [`the policy of ${ep.id} (${service}) does not allow ${denied.join('; ')}`],
      breaks: [feature],
    });
  }

  // ── duplicate endpoints ────────────────────────────────────────────────────────────

  /**
   * Several interface endpoints for one service in the VPC: each is billed, though one serves
   * (only one can carry the service's private DNS). Said when ecs-pullfix created one of them
   * or more (a create whose answer was lost, retried against an endpoint that ignores the
   * client token) and, as information, when others did: only ecs-pullfix's are proposed for
   * deletion. Never a cause of the failure (`isProblem` is false).
   */
  #checkDuplicates(vpcId: string): void {
    const endpoints = this.#s.endpoints;
    if (!endpoints.ok) return;
    for (const service of INTERFACE_SERVICES) {
      const name = endpointServiceName(this.#region, service);
      const group = endpoints.value.filter(
        (e) => e.type === 'Interface' && e.serviceName === name && !GONE_STATES.has(e.state),
      );
      if (group.length < 2) continue;
      const [keep, ...rest] = [...group].sort(keepFirst);
      if (!keep) continue;
      const extras = rest.filter(byPullfix);
      const others = rest.filter((e) => !byPullfix(e));
      const cost = (list: readonly VpcEndpoint[]) =>
        Math.round(list.reduce((sum, e) => sum + interfaceEndpointMonthlyUsd(e.subnetIds.length), 0) * 100) /
        100;
      const extraMonthlyUsd = cost(extras);
      const otherMonthlyUsd = cost(others);
      const ours = group.filter(byPullfix).length;
      this.#add({
        id: 'duplicate-endpoints',
        service,
        vpcId,
        keepEndpointId: keep.id,
        extraEndpointIds: extras.map((e) => e.id),
        otherEndpointIds: others.map((e) => e.id),
        extraMonthlyUsd,
        otherMonthlyUsd,
        resources: [keep.id, ...extras.map((e) => e.id), ...others.map((e) => e.id)],
        evidence: [
          `${group.length} interface endpoints for ${name} in ${vpcId}, where one is enough (${ours === 0 ? 'none' : ours === group.length ? 'all' : ours} created by ecs-pullfix): the ${rest.length === 1 ? 'other costs' : `${rest.length} others cost`} ${usd(extraMonthlyUsd + otherMonthlyUsd)} a month`,
          `kept: ${describeEndpoint(keep)}`,
          ...extras.map((e) => `extra, ecs-pullfix's: ${describeEndpoint(e)}`),
          ...others.map((e) => `also there, not ecs-pullfix's: ${describeEndpoint(e)}`),
        ],
        breaks: [],
      });
    }
  }

  // ── helpers ────────────────────────────────────────────────────────────────────────

  #endpointSubnets(ep: VpcEndpoint): Checked<readonly Subnet[]> {
    const known = [
      ...(this.#s.subnets.ok ? this.#s.subnets.value : []),
      ...(this.#s.endpointSubnets.ok ? this.#s.endpointSubnets.value : []),
    ];
    const found = ep.subnetIds.flatMap((id) => known.filter((n) => n.id === id).slice(0, 1));
    if (found.length === ep.subnetIds.length) return { ok: true, value: found };
    return this.#s.endpointSubnets.ok
      ? { ok: false, why: `subnets of ${ep.id} not found` }
      : this.#s.endpointSubnets;
  }

  #s3PrefixListId(gatewayId: string): string | undefined {
    const tables = this.#s.routeTables;
    if (!tables.ok) return undefined;
    for (const t of tables.value) {
      for (const r of t.routes) {
        if (r.destinationPrefixListId && r.target.kind === 'vpc-endpoint' && r.target.id === gatewayId)
          return r.destinationPrefixListId;
      }
    }
    return undefined;
  }

  #notChecked(check: string, why: string): void {
    this.#add({ id: 'not-checked', check, why, resources: [], evidence: [why], breaks: [] });
  }

  #add(draft: Draft): void {
    this.#drafts.push(draft);
  }
}

// ── pure helpers ─────────────────────────────────────────────────────────────────────

/** Endpoint states that neither serve nor bill: gone, going, or never made. */
const GONE_STATES: ReadonlySet<string> = new Set(['deleting', 'deleted', 'failed', 'rejected', 'expired']);

const byPullfix = (e: VpcEndpoint): boolean => hasTrue(e.tags, MANAGED_TAG);

/**
 * Of several endpoints for one service, the one to keep comes first: the one that serves
 * (available, private DNS on), then one that could; another's before ecs-pullfix's (only
 * ecs-pullfix's are proposed for deletion); then the oldest; then by id, so the order is total.
 */
function keepFirst(a: VpcEndpoint, b: VpcEndpoint): number {
  const rank = (e: VpcEndpoint) =>
    (e.privateDns && e.state === 'available' ? 0 : e.privateDns ? 2 : e.state === 'available' ? 4 : 6) +
    (byPullfix(e) ? 1 : 0);
  const created = (e: VpcEndpoint) => e.createdAt ?? '\uffff';
  return rank(a) - rank(b) || created(a).localeCompare(created(b)) || a.id.localeCompare(b.id);
}

const usd = (x: number): string => `$${x.toFixed(2)}`;

/** One endpoint of a duplicate set, as the evidence says it: state, private DNS, AZs, creation, who. */
function describeEndpoint(e: VpcEndpoint): string {
  const azs = e.subnetIds.length;
  const incident = e.tags?.['ecs-pullfix:incident'];
  const details = [
    e.state,
    `private DNS ${e.privateDns ? 'on' : 'off'}`,
    `${azs} AZ${azs === 1 ? '' : 's'}, ${usd(interfaceEndpointMonthlyUsd(azs))} a month`,
    e.createdAt ? `created ${e.createdAt.replace(/\.\d+Z$/, 'Z')}` : 'creation time not given',
    ...(byPullfix(e) && incident ? [`incident ${incident}`] : []),
  ];
  return `${e.id} (${details.join(', ')})`;
}

function egressEvidence(egress: Egress): string {
  return egress.kind === 'unknown' ? egress.why : egress.evidence;
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

/** The verdict of a NACL on traffic in one direction, ports and peer: rules in number order, first match wins. */
function naclVerdict(
  acl: NetworkAcl,
  egress: boolean,
  ports: PortRange,
  cidr: string,
): { allowed: boolean; ruleNumber?: number } {
  const peer = rangeOf(cidr);
  const internet = isAnywhere(cidr);
  const entries = acl.entries.filter((e) => e.egress === egress).sort((a, b) => a.ruleNumber - b.ruleNumber);
  for (const e of entries) {
    if (e.protocol !== '-1' && e.protocol !== '6' && e.protocol.toLowerCase() !== 'tcp') continue;
    const range = e.ports ?? { from: 0, to: 65535 };
    if (range.to < ports.from || range.from > ports.to) continue;
    const r = rangeOf(e.cidr);
    if (!r || !peer) continue;
    // For traffic to "the internet", only entries for the whole address space decide.
    if (internet ? !isAnywhere(e.cidr) : r.end < peer.start || r.start > peer.end) continue;
    const whole =
      r.start <= peer.start && peer.end <= r.end && range.from <= ports.from && ports.to <= range.to;
    const number = e.ruleNumber >= 32767 ? undefined : e.ruleNumber;
    if (e.action === 'deny')
      return number === undefined ? { allowed: false } : { allowed: false, ruleNumber: number };
    if (whole) return { allowed: true };
  }
  return { allowed: false };
}

/** The calls the task makes through an endpoint of `service`, for the endpoint policy check. */
function callsThrough(service: EndpointService, region: string): { action: string; resource: string }[] {
  switch (service) {
    case 'ecr.api':
    case 'ecr.dkr':
      return [
        { action: 'ecr:GetAuthorizationToken', resource: '*' },
        { action: 'ecr:BatchGetImage', resource: `arn:aws:ecr:${region}:*:repository/*` },
        { action: 'ecr:GetDownloadUrlForLayer', resource: `arn:aws:ecr:${region}:*:repository/*` },
      ];
    case 's3':
      return [{ action: 's3:GetObject', resource: `arn:aws:s3:::prod-${region}-starport-layer-bucket/*` }];
    case 'logs':
      return [
        { action: 'logs:CreateLogStream', resource: `arn:aws:logs:${region}:*:log-group:*` },
        { action: 'logs:PutLogEvents', resource: `arn:aws:logs:${region}:*:log-group:*` },
      ];
    case 'secretsmanager':
      return [
        { action: 'secretsmanager:GetSecretValue', resource: `arn:aws:secretsmanager:${region}:*:secret:*` },
      ];
    case 'ssm':
      return [{ action: 'ssm:GetParameters', resource: `arn:aws:ssm:${region}:*:parameter/*` }];
  }
}

function describeRules(rules: readonly SecurityGroupRule[]): string {
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

function describePeer(task: TaskPeer): string {
  const sgs = task.securityGroupIds?.length ? `${task.securityGroupIds.join(', ')} or ` : '';
  return `${sgs}${task.cidrs.join(', ')}`;
}

function describeEgressPeer(peer: EgressPeer): string {
  switch (peer.kind) {
    case 'internet':
      return '0.0.0.0/0 (the internet, through NAT or the internet gateway)';
    case 'prefix-list':
      return `the S3 prefix list ${peer.prefixListId}`;
    case 'endpoint':
      return `the endpoint (${[...peer.securityGroupIds, ...peer.cidrs].join(', ')})`;
  }
}

/** Merges findings that differ only in which subnet, route table or feature they concern. */
function mergeDrafts(drafts: readonly Draft[]): Draft[] {
  const merged = new Map<string, Draft>();
  const unionKeys = ['resources', 'evidence', 'breaks', 'subnetIds', 'routeTableIds'] as const;
  for (const d of drafts) {
    const identity = JSON.stringify(
      Object.entries(d)
        .filter(([k]) => !(unionKeys as readonly string[]).includes(k) && k !== 'task')
        .sort(([a], [b]) => a.localeCompare(b)),
    );
    const prior = merged.get(identity);
    if (!prior) {
      merged.set(identity, d);
      continue;
    }
    const union: Record<string, unknown> = { ...prior };
    for (const k of unionKeys) {
      const a = (prior as Record<string, unknown>)[k];
      const b = (d as Record<string, unknown>)[k];
      if (Array.isArray(a) && Array.isArray(b)) union[k] = [...new Set([...a, ...b])];
    }
    const priorTask = (prior as { task?: TaskPeer }).task;
    const task = (d as { task?: TaskPeer }).task;
    if (priorTask && task)
      union.task = { ...priorTask, cidrs: [...new Set([...priorTask.cidrs, ...task.cidrs])] };
    merged.set(identity, union as Draft);
  }
  return [...merged.values()];
}

/**
 * A command in a sentence, its words quoted as in every command (`./shell.ts`); or, when a
 * name in it is not one AWS accepts, that name, shown for what it is.
 */
function inline(names: readonly NameCheck[], words: readonly Word[]): string {
  const invalid = names.find(([kind, value]) => !isValidName(kind, value));
  return invalid ? `no command: ${shownName(invalid[1])} is not a valid ${invalid[0]}` : command(words);
}

/** Why a secret's or parameter's `valueFrom` names nothing AWS could hold (undefined: it could). */
function invalidValueFrom(valueFrom: string, region: string): string | undefined {
  const ref = secretRefOf(valueFrom, '', 'aws', region, '000000000000');
  if (ref.kind === 'secretsmanager')
    return isValidName('Secrets Manager secret ARN', ref.secretId)
      ? undefined
      : `valueFrom ${shownName(valueFrom)} is not a valid Secrets Manager secret ARN`;
  return isValidName('SSM parameter name', ref.name)
    ? undefined
    : `valueFrom ${shownName(valueFrom)} is not a valid SSM parameter name`;
}

/** The fix, in words, for a finding. */
export function fixOf(f: Finding, region: string): string {
  switch (f.id) {
    case 'no-egress-path':
      return `Give ${f.subnetIds.join(', ')} a way out: create the VPC endpoints this task needs (below), or route 0.0.0.0/0 in ${f.routeTableIds.join(', ')} to a NAT gateway.`;
    case 'public-ip-disabled':
      return `The subnets route to ${f.internetGatewayId} but the task has no public IP: set assignPublicIp: ENABLED in the service's network configuration, or move the task to private subnets with a NAT gateway, or create the VPC endpoints it needs.`;
    case 'nat-unavailable':
      return `The default route of ${f.routeTableId} goes to ${f.natGatewayId ?? 'a NAT gateway'}, which is ${f.state}: point 0.0.0.0/0 at an available NAT gateway (or create the VPC endpoints the task needs).`;
    case 'missing-endpoint':
      return `Create an interface endpoint for ${endpointServiceName(region, f.service)} in ${f.vpcId} (subnets ${f.subnetIds.join(', ')}, one per Availability Zone) with private DNS on and a security group that allows TCP 443 from ${describePeer(f.task)}.`;
    case 's3-gateway-missing':
      return `Create a gateway endpoint for ${endpointServiceName(region, 's3')} in ${f.vpcId} on route table(s) ${f.routeTableIds.join(', ')}: image layers are served from S3.`;
    case 's3-gateway-not-associated':
      return `Add route table(s) ${f.routeTableIds.join(', ')} to the S3 gateway endpoint ${f.endpointId}.`;
    case 'endpoint-unavailable':
      return `${f.endpointId} is ${f.state}: ${f.state === 'pendingAcceptance' ? 'have the endpoint service owner accept it' : 'recreate it or wait until it is available'}.`;
    case 'endpoint-private-dns-off':
      return `Enable private DNS on ${f.endpointId} (${inline(
        [['VPC endpoint id', f.endpointId]],
        ['aws', 'ec2', 'modify-vpc-endpoint', '--vpc-endpoint-id', f.endpointId, '--private-dns-enabled'],
      )}), so that ${f.service} names resolve to the endpoint.`;
    case 'vpc-dns-off':
      return `Enable ${f.attribute} on ${f.vpcId} (${inline(
        [['VPC id', f.vpcId]],
        [
          'aws',
          'ec2',
          'modify-vpc-attribute',
          '--vpc-id',
          f.vpcId,
          f.attribute === 'enableDnsSupport' ? '--enable-dns-support' : '--enable-dns-hostnames',
          '{"Value":true}',
        ],
      )}).`;
    case 'endpoint-sg-blocks-443':
      return `Allow inbound TCP 443 to ${f.endpointSecurityGroupIds.join(', ')} (the security group of ${f.endpointId}) from ${describePeer(f.task)}.`;
    case 'task-sg-blocks-443':
      return `Allow outbound TCP 443 from ${f.taskSecurityGroupIds.join(', ')} (the task's security groups) to ${describeEgressPeer(f.peer)}.`;
    case 'nacl-blocks':
      return `Change network ACL ${f.networkAclId}: allow ${f.direction} ${f.ports} ${f.direction === 'outbound' ? 'to' : 'from'} ${f.cidr}, numbered before any rule that denies it.`;
    case 'endpoint-policy-denies':
      return `Add to the policy of ${f.endpointId} a statement that allows ${f.denied.join('; ')}.`;
    case 'registry-needs-internet':
      return `${f.why}: give the task an internet path (a NAT gateway), or mirror the image into ECR in ${region} (a pull-through cache rule or replication).`;
    case 'path-leaves-vpc':
      return `The default route leaves the VPC through ${'id' in f.target ? f.target.id : f.target.kind} (${f.target.kind}); ecs-pullfix cannot see past it: check that path reaches the internet on 443, or create the VPC endpoints the task needs.`;
    case 'execution-role-missing':
      return `Give the task definition an execution role (ecsTaskExecutionRole with AmazonECSTaskExecutionRolePolicy): ${f.why}.`;
    case 'execution-role-denies':
      return `Allow ${f.action} on ${f.resource} in a policy of ${f.roleArn} (ecs-pullfix never changes IAM): ${f.statement}`;
    case 'ecr-repository-missing':
      if (!isValidName('ECR repository name', f.repository))
        return `The image names the repository ${shownName(f.repository)}, which is not a valid ECR repository name: fix the image name in the task definition.`;
      return `Create the repository ${f.repository} in ${f.region} (${inline(
        [['region', f.region]],
        ['aws', 'ecr', 'create-repository', '--repository-name', f.repository, '--region', f.region],
      )}) and push the image, or fix the image name in the task definition${f.repository.includes('/') ? ' (a pull-through cache rule creates a prefixed repository on first pull)' : ''}.`;
    case 'image-tag-missing':
      return `Push ${f.repository}:${f.reference}, or point the task definition at an image that exists${f.nearest.length > 0 ? ` (nearest: ${f.nearest.map((t) => `${f.repository}:${t}`).join(', ')})` : ''}.`;
    case 'image-platform-mismatch':
      return `Build and push ${f.image} for ${f.wanted} (${inline(
        [['container image', f.image], ...[f.wanted, ...f.offered].map((p): NameCheck => ['platform', p])],
        [
          'docker',
          'buildx',
          'build',
          '--platform',
          [f.wanted, ...f.offered].join(','),
          '-t',
          f.image,
          '--push',
          '.',
        ],
      )}), or set the task definition's runtimePlatform.cpuArchitecture to ${f.offered.some((p) => p.includes('arm64')) ? 'ARM64' : 'X86_64'}.`;
    case 'secret-missing': {
      const invalid = invalidValueFrom(f.valueFrom, region);
      if (invalid) return `${invalid}: fix valueFrom in the task definition.`;
      const secretId = f.valueFrom.split(':').slice(0, 7).join(':');
      return f.what === 'deleted'
        ? `Restore the secret (${command(['aws', 'secretsmanager', 'restore-secret', '--secret-id', secretId])}) or point valueFrom at one that is not being deleted.`
        : f.what === 'json-key'
          ? `Add the key to the secret's JSON value, or fix the key in valueFrom ${f.valueFrom}.`
          : f.what === 'version'
            ? `Point valueFrom at a version that exists, or drop the version from ${f.valueFrom} to take AWSCURRENT.`
            : `Create the ${f.what} or fix valueFrom ${f.valueFrom} in the task definition.`;
    }
    case 'duplicate-endpoints': {
      const others = f.otherEndpointIds;
      const one = others.length === 1;
      const theirs = `${others.join(', ')} ${one ? 'was' : 'were'} not created by ecs-pullfix: if ${one ? 'it is' : 'they are'} not needed, ${one ? 'its' : 'their'} owner may delete ${one ? 'it' : 'them'} (${usd(f.otherMonthlyUsd)} a month)`;
      if (f.extraEndpointIds.length === 0)
        return `Nothing of ecs-pullfix's to delete (keep ${f.keepEndpointId} for ${f.service}): ${theirs}.`;
      return `Delete ${f.extraEndpointIds.join(', ')}: ${f.extraEndpointIds.length === 1 ? 'an endpoint' : 'endpoints'} for ${f.service} ecs-pullfix created beside ${f.keepEndpointId}, the one to keep; that saves ${usd(f.extraMonthlyUsd)} a month (${inline(
        f.extraEndpointIds.map((id): NameCheck => ['VPC endpoint id', id]),
        ['aws', 'ec2', 'delete-vpc-endpoints', '--vpc-endpoint-ids', ...f.extraEndpointIds],
      )}).${others.length > 0 ? ` ${theirs}.` : ''}`;
    }
    case 'not-checked':
      return `Not checked: ${f.why}.`;
    case 'path-ok':
      return 'Nothing is wrong on the network path ecs-pullfix can see.';
  }
}
