import { managedTags } from '../core/left-behind.js';
import type { SecurityGroupRule, Snapshot, VpcEndpoint } from '../core/network.js';
import { hasTrue, MANAGED_TAG, OPT_IN_TAGS, optInCli } from '../core/opt-in.js';
import {
  type Action,
  clientTokenOf,
  ENDPOINT_GROUP_NAME,
  type GroupRef,
  groupRefId,
  type RulePeer,
  type Write,
} from '../core/plan.js';
import type { Ec2Reader, Ec2Writer, EndpointRequest, LeaseStore, RulePeerId, Tags } from '../core/ports.js';
import { command } from '../core/shell.js';
import { AwsCallError, PullfixError, RetryLaterError } from '../errors.js';
import { type LeaseOptions, leaseKey, withLease } from './lease.js';

export type ApplyPorts = Readonly<{ ec2: Ec2Reader; writer: Ec2Writer; leases: LeaseStore }>;

/** Whose incident the writes are for (their tags say so), and how leases are taken. */
export type ApplyContext = Readonly<{ incidentId: string; clusterName: string }> & LeaseOptions;

const DEAD_STATES = new Set(['deleting', 'deleted', 'failed', 'rejected', 'expired']);

/** What one write did (or found already done). */
export type Done = Readonly<{
  resourceIds: readonly string[];
  detail: string;
  /** Nothing was written: the change is a person's to make (the detail says which and how). */
  needsPerson?: true;
}>;

/** Of several endpoints for one service, the one that serves: available (with private DNS), else the first. */
function serving(endpoints: readonly VpcEndpoint[]): VpcEndpoint | undefined {
  return (
    endpoints.find((e) => e.state === 'available' && (e.type !== 'Interface' || e.privateDns)) ?? endpoints[0]
  );
}

/**
 * Makes one allowed write happen, idempotently: under a lease, after a re-read, with a client
 * token, tagging what it creates (see `applyPlan`).
 */
export class Executor {
  readonly #s: Snapshot;
  readonly #ports: ApplyPorts;
  readonly #ctx: ApplyContext;
  readonly #groups = new Map<string, string>();
  readonly #tags: Tags;

  constructor(snapshot: Snapshot, ports: ApplyPorts, ctx: ApplyContext) {
    this.#s = snapshot;
    this.#ports = ports;
    this.#ctx = ctx;
    // The cluster's name comes from the event: as a tag value AWS accepts, whatever it holds.
    this.#tags = managedTags(ctx.incidentId, ctx.clusterName);
  }

  ensure(action: Action & { write: Write }): Promise<Done> {
    const w = action.write;
    return withLease(this.#ports.leases, this.#ctx, leaseKey(w), async () => {
      switch (w.kind) {
        case 'create-endpoint-security-group':
          return this.#endpointGroup(w.vpcId, w.groupName);
        case 'authorize-ingress-443':
        case 'authorize-egress-443':
          return this.#rule(w.kind === 'authorize-ingress-443' ? 'ingress' : 'egress', w.group, w.peer);
        case 'create-interface-endpoint': {
          const same = (e: VpcEndpoint) =>
            e.type === 'Interface' && e.serviceName === w.serviceName && !DEAD_STATES.has(e.state);
          const existing = serving((await this.#ports.ec2.describeVpcEndpoints(w.vpcId)).filter(same));
          if (existing) return { resourceIds: [existing.id], detail: `${existing.id} already exists` };
          const groupId = await this.#groupId(w.group);
          const made = await this.#createEndpoint(
            {
              type: 'Interface',
              vpcId: w.vpcId,
              serviceName: w.serviceName,
              subnetIds: w.subnetIds,
              securityGroupIds: [groupId],
              privateDns: true,
            },
            same,
          );
          return 'created' in made
            ? { resourceIds: [made.created], detail: `created ${made.created}` }
            : { resourceIds: [made.found.id], detail: `${made.found.id} already exists (${made.why})` };
        }
        case 'create-s3-gateway-endpoint': {
          const same = (e: VpcEndpoint) =>
            e.type === 'Gateway' && e.serviceName === w.serviceName && !DEAD_STATES.has(e.state);
          const gateways = (await this.#ports.ec2.describeVpcEndpoints(w.vpcId)).filter(same);
          // Another gateway may serve other route tables: the one already on ours, else the first.
          const existing =
            gateways.find((e) => e.routeTableIds.some((t) => w.routeTableIds.includes(t))) ?? gateways[0];
          if (existing) return this.#addRouteTables(existing, w.routeTableIds, 'exists since the plan');
          const made = await this.#createEndpoint(
            { type: 'Gateway', vpcId: w.vpcId, serviceName: w.serviceName, routeTableIds: w.routeTableIds },
            same,
          );
          return 'created' in made
            ? { resourceIds: [made.created], detail: `created ${made.created}` }
            : this.#addRouteTables(made.found, w.routeTableIds, made.why);
        }
        case 'add-route-tables-to-s3-gateway': {
          const vpcId = this.#s.vpcId.ok ? this.#s.vpcId.value : '';
          const existing = (await this.#ports.ec2.describeVpcEndpoints(vpcId)).find(
            (e) => e.id === w.endpointId,
          );
          if (!existing) throw new PullfixError(`${w.endpointId} no longer exists`);
          return this.#addRouteTables(existing, w.routeTableIds);
        }
      }
    });
  }

  /**
   * Creates an endpoint with the request's client token. An answer of "conflict" (AWS's
   * `IdempotentParameterMismatch`, `RouteAlreadyExists` …) or one without an id is not taken
   * on trust: the VPC's endpoints are read again and the one that exists is the answer; when
   * none does, the write failed and may be tried again.
   */
  async #createEndpoint(
    request: EndpointRequest,
    same: (e: VpcEndpoint) => boolean,
  ): Promise<{ created: string } | { found: VpcEndpoint; why: string }> {
    let why = 'CreateVpcEndpoint answered without an endpoint id';
    let code: string | undefined;
    try {
      const id = await this.#ports.writer.createVpcEndpoint(request, clientTokenOf(request), this.#tags);
      if (id) return { created: id };
    } catch (e) {
      if (!(e instanceof AwsCallError && e.kind === 'conflict')) throw e;
      code = e.code;
      why = `CreateVpcEndpoint answered ${e.code}`;
    }
    const found = serving((await this.#ports.ec2.describeVpcEndpoints(request.vpcId)).filter(same));
    if (!found)
      throw new RetryLaterError(
        `${why}, and no ${request.type.toLowerCase()} endpoint for ${request.serviceName} is in ${request.vpcId} when read again: try again${
          // AWS also answers so when the endpoint this very request made was deleted since.
          code === 'IdempotentParameterMismatch'
            ? ' later, or create it with the command (the same request made an endpoint that was deleted since)'
            : ''
        }`,
      );
    return { found, why: `${why}; read again` };
  }

  async #endpointGroup(vpcId: string, groupName: string): Promise<Done> {
    const found = await this.#ports.ec2.findSecurityGroup(vpcId, groupName);
    if (found) {
      this.#groups.set(vpcId, found.id);
      return { resourceIds: [found.id], detail: `${found.id} (${groupName}) already exists` };
    }
    const description = 'HTTPS from ECS tasks to VPC endpoints (created by ecs-pullfix)';
    const created = await this.#create(() =>
      this.#ports.writer.createSecurityGroup(vpcId, groupName, description, this.#tags),
    );
    const id = created ?? (await this.#ports.ec2.findSecurityGroup(vpcId, groupName))?.id;
    if (!id) throw new PullfixError(`security group ${groupName} was neither created nor found in ${vpcId}`);
    this.#groups.set(vpcId, id);
    return {
      resourceIds: [id],
      detail: created ? `created ${id} (${groupName})` : `${id} (${groupName}) already exists`,
    };
  }

  async #rule(direction: 'ingress' | 'egress', group: GroupRef, peer: RulePeer): Promise<Done> {
    const groupId = await this.#groupId(group);
    const peerId = await this.#peerId(peer);
    const [current] = await this.#ports.ec2.describeSecurityGroups([groupId]);
    if (!current) throw new PullfixError(`security group ${groupId} no longer exists`);
    const what = `${direction} TCP 443 ${direction === 'ingress' ? 'from' : 'to'} ${describe(peerId)} on ${groupId}`;
    if (current[direction].some((r) => allows443(r, peerId)))
      return { resourceIds: [groupId], detail: `${what} already allowed` };
    const write =
      direction === 'ingress'
        ? this.#ports.writer.authorizeIngress443
        : this.#ports.writer.authorizeEgress443;
    const created = await this.#create(async () => {
      await write.call(this.#ports.writer, groupId, peerId, this.#tags);
      return groupId;
    });
    return { resourceIds: [groupId], detail: created ? `added ${what}` : `${what} already allowed` };
  }

  /**
   * Adds the route tables a gateway lacks. A gateway the plan named passed the planner's
   * opt-in check (and IAM checks the same tags); one the executor found instead (`found`:
   * created by someone since the plan, or what a conflict left) gets route tables only if
   * ecs-pullfix created it or its owner opted it in (`ecs-pullfix:allow-route-tables=true`),
   * as the role allows: otherwise the change is a person's, with the command.
   */
  async #addRouteTables(endpoint: VpcEndpoint, wanted: readonly string[], found?: string): Promise<Done> {
    const id = endpoint.id;
    const missing = wanted.filter((t) => !endpoint.routeTableIds.includes(t));
    const aside = found ? ` (${found})` : '';
    if (missing.length === 0)
      return { resourceIds: [id], detail: `${id} already has ${wanted.join(', ')}${aside}` };
    const optedIn = hasTrue(endpoint.tags, MANAGED_TAG) || hasTrue(endpoint.tags, OPT_IN_TAGS.routeTables);
    if (found !== undefined && !optedIn) {
      return {
        resourceIds: [id],
        needsPerson: true,
        detail: `${id}${aside} was not created by ecs-pullfix and is not tagged ${OPT_IN_TAGS.routeTables}=true: a person must add ${missing.join(', ')} to it (${command(['aws', 'ec2', 'modify-vpc-endpoint', '--vpc-endpoint-id', id, '--add-route-table-ids', ...missing])}), or opt it in (${optInCli(id, OPT_IN_TAGS.routeTables)})`,
      };
    }
    await this.#ports.writer.addRouteTablesToEndpoint(id, missing);
    return { resourceIds: [id, ...missing], detail: `added ${missing.join(', ')} to ${id}${aside}` };
  }

  /** Runs a create; "already exists" is success (undefined: the caller re-reads what exists). */
  async #create(write: () => Promise<string>): Promise<string | undefined> {
    try {
      return await write();
    } catch (e) {
      if (e instanceof AwsCallError && e.kind === 'conflict') return undefined;
      throw e;
    }
  }

  async #groupId(g: GroupRef): Promise<string> {
    if (g.kind === 'existing') return g.groupId;
    const known = this.#groups.get(g.vpcId);
    if (known) return known;
    const found = await this.#ports.ec2.findSecurityGroup(g.vpcId, ENDPOINT_GROUP_NAME);
    if (!found) throw new PullfixError(`the endpoint security group ${groupRefId(g)} does not exist`);
    this.#groups.set(g.vpcId, found.id);
    return found.id;
  }

  async #peerId(p: RulePeer): Promise<RulePeerId> {
    switch (p.kind) {
      case 'security-group':
        return { groupId: await this.#groupId(p.group) };
      case 's3-prefix-list': {
        const id =
          p.prefixListId ??
          (await this.#ports.ec2.describeManagedPrefixListId(`com.amazonaws.${p.region}.s3`));
        if (!id) throw new PullfixError(`no prefix list com.amazonaws.${p.region}.s3`);
        return { prefixListId: id };
      }
      case 'vpc-cidr':
        return { cidr: p.cidr };
    }
  }
}

function allows443(r: SecurityGroupRule, peer: RulePeerId): boolean {
  const ports =
    r.protocol === '-1' ||
    ((r.protocol === 'tcp' || r.protocol === '6') && (r.fromPort ?? 0) <= 443 && 443 <= (r.toPort ?? 65535));
  if (!ports) return false;
  if ('groupId' in peer) return r.groupIds.includes(peer.groupId);
  if ('prefixListId' in peer) return r.prefixListIds.includes(peer.prefixListId);
  return r.cidrs.includes(peer.cidr);
}

function describe(peer: RulePeerId): string {
  return 'groupId' in peer ? peer.groupId : 'prefixListId' in peer ? peer.prefixListId : peer.cidr;
}
