import type { SecurityGroupRule } from '../core/network.js';
import type { Ec2Writer, EndpointRequest, RulePeerId, Tags } from '../core/ports.js';
import { AwsCallError } from '../errors.js';
import type { SimContext } from './account-context.js';
import { s3PrefixListId } from './scenario.js';

/** EC2's writes, on the account's state. */
export function ec2Writer(ctx: SimContext): Ec2Writer {
  return {
    createSecurityGroup: (vpcId, groupName, description, tags) =>
      ctx.call('ec2:CreateSecurityGroup', { vpcId, groupName, description, tags }, () =>
        createGroup(ctx, vpcId, groupName, tags),
      ),
    authorizeIngress443: (groupId, peer, tags) =>
      ctx.call('ec2:AuthorizeSecurityGroupIngress', { groupId, peer, tags }, () =>
        addRule(ctx, 'ec2:AuthorizeSecurityGroupIngress', groupId, 'ingress', peer),
      ),
    authorizeEgress443: (groupId, peer, tags) =>
      ctx.call('ec2:AuthorizeSecurityGroupEgress', { groupId, peer, tags }, () =>
        addRule(ctx, 'ec2:AuthorizeSecurityGroupEgress', groupId, 'egress', peer),
      ),
    // Like moto (and unlike AWS), the client token is ignored: idempotency must come from the caller.
    createVpcEndpoint: (request, clientToken, tags) =>
      ctx.call('ec2:CreateVpcEndpoint', { request, clientToken, tags }, () =>
        createEndpoint(ctx, request, tags),
      ),
    addRouteTablesToEndpoint: (endpointId, routeTableIds) =>
      ctx.call('ec2:ModifyVpcEndpoint', { endpointId, routeTableIds }, () => {
        const e = ctx.state.endpoints.find((x) => x.id === endpointId);
        if (!e)
          throw new AwsCallError(
            'ec2:ModifyVpcEndpoint',
            'InvalidVpcEndpointId.NotFound',
            'not-found',
            `no endpoint ${endpointId}`,
          );
        e.routeTableIds = [...new Set([...e.routeTableIds, ...routeTableIds])];
        addGatewayRoutes(ctx, endpointId, routeTableIds);
      }),
  };
}

/** A new security group; a name already taken in the account is a conflict. */
function createGroup(ctx: SimContext, vpcId: string, groupName: string, tags: Tags): string {
  const st = ctx.state;
  if (st.securityGroups.some((g) => g.name === groupName)) {
    throw new AwsCallError(
      'ec2:CreateSecurityGroup',
      'InvalidGroup.Duplicate',
      'conflict',
      `The security group '${groupName}' already exists`,
    );
  }
  const id = `sg-0sim${ctx.nextId().toString(16).padStart(12, '0')}`;
  // Like AWS, a new group allows all outbound traffic.
  st.securityGroups.push({
    id,
    name: groupName,
    vpcId,
    ingress: [],
    egress: [{ protocol: '-1', cidrs: ['0.0.0.0/0'], prefixListIds: [], groupIds: [] }],
    tags: { ...tags },
  });
  return id;
}

/** Adds a TCP 443 rule to a group; the same rule again is a conflict, as AWS answers it. */
function addRule(
  ctx: SimContext,
  operation: string,
  groupId: string,
  direction: 'ingress' | 'egress',
  peer: RulePeerId,
): void {
  const g = ctx.state.securityGroups.find((x) => x.id === groupId);
  if (!g)
    throw new AwsCallError(
      operation,
      'InvalidGroup.NotFound',
      'not-found',
      `The security group '${groupId}' does not exist`,
    );
  const rule: SecurityGroupRule = {
    protocol: 'tcp',
    fromPort: 443,
    toPort: 443,
    cidrs: 'cidr' in peer ? [peer.cidr] : [],
    prefixListIds: 'prefixListId' in peer ? [peer.prefixListId] : [],
    groupIds: 'groupId' in peer ? [peer.groupId] : [],
  };
  if (g[direction].some((r) => JSON.stringify(r) === JSON.stringify(rule))) {
    throw new AwsCallError(
      operation,
      'InvalidPermission.Duplicate',
      'conflict',
      'the specified rule already exists',
    );
  }
  g[direction] = [...g[direction], rule];
}

/** A new endpoint, available at once; a gateway gets its routes on the route tables asked for. */
function createEndpoint(ctx: SimContext, request: EndpointRequest, tags: Tags): string {
  const id = `vpce-0sim${ctx.nextId().toString(16).padStart(12, '0')}`;
  ctx.state.endpoints.push({
    id,
    serviceName: request.serviceName,
    type: request.type,
    state: 'available',
    privateDns: request.type === 'Interface' && request.privateDns,
    subnetIds: request.type === 'Interface' ? [...request.subnetIds] : [],
    securityGroupIds: request.type === 'Interface' ? [...request.securityGroupIds] : [],
    routeTableIds: request.type === 'Gateway' ? [...request.routeTableIds] : [],
    tags: { ...tags },
  });
  if (request.type === 'Gateway') addGatewayRoutes(ctx, id, request.routeTableIds);
  return id;
}

/** The S3 prefix-list route to a gateway endpoint, on each of those route tables that lacks it. */
function addGatewayRoutes(ctx: SimContext, endpointId: string, routeTableIds: readonly string[]): void {
  for (const t of ctx.state.routeTables) {
    if (
      !routeTableIds.includes(t.id) ||
      t.routes.some((r) => r.target.kind === 'vpc-endpoint' && r.target.id === endpointId)
    )
      continue;
    t.routes = [
      ...t.routes,
      {
        destinationPrefixListId: s3PrefixListId(ctx.scenario.region),
        target: { kind: 'vpc-endpoint', id: endpointId },
        state: 'active',
      },
    ];
  }
}
