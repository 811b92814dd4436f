import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateVpcEndpointCommand,
  type EC2Client,
  type IpPermission,
  ModifyVpcEndpointCommand,
  type Tag,
} from '@aws-sdk/client-ec2';
import type { Ec2Writer, EndpointRequest, RulePeerId, Tags } from '../core/ports.js';
import { call } from './errors.js';

/** The EC2 write port, on the SDK: every resource and rule is tagged as it is created. */
export class SdkEc2Writer implements Ec2Writer {
  readonly #ec2: EC2Client;
  constructor(ec2: EC2Client) {
    this.#ec2 = ec2;
  }

  async createSecurityGroup(
    vpcId: string,
    groupName: string,
    description: string,
    tags: Tags,
  ): Promise<string> {
    const out = await call('ec2:CreateSecurityGroup', () =>
      this.#ec2.send(
        new CreateSecurityGroupCommand({
          VpcId: vpcId,
          GroupName: groupName,
          Description: description,
          TagSpecifications: [{ ResourceType: 'security-group', Tags: tagList(tags) }],
        }),
      ),
    );
    return out.GroupId ?? '';
  }

  async authorizeIngress443(groupId: string, peer: RulePeerId, tags: Tags): Promise<void> {
    await call('ec2:AuthorizeSecurityGroupIngress', () =>
      this.#ec2.send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: groupId,
          IpPermissions: [permission(peer)],
          TagSpecifications: [{ ResourceType: 'security-group-rule', Tags: tagList(tags) }],
        }),
      ),
    );
  }

  async authorizeEgress443(groupId: string, peer: RulePeerId, tags: Tags): Promise<void> {
    await call('ec2:AuthorizeSecurityGroupEgress', () =>
      this.#ec2.send(
        new AuthorizeSecurityGroupEgressCommand({
          GroupId: groupId,
          IpPermissions: [permission(peer)],
          TagSpecifications: [{ ResourceType: 'security-group-rule', Tags: tagList(tags) }],
        }),
      ),
    );
  }

  async createVpcEndpoint(request: EndpointRequest, clientToken: string, tags: Tags): Promise<string> {
    const out = await call('ec2:CreateVpcEndpoint', () =>
      this.#ec2.send(
        new CreateVpcEndpointCommand({
          VpcId: request.vpcId,
          ServiceName: request.serviceName,
          VpcEndpointType: request.type,
          ...(request.type === 'Interface'
            ? {
                SubnetIds: [...request.subnetIds],
                SecurityGroupIds: [...request.securityGroupIds],
                PrivateDnsEnabled: request.privateDns,
              }
            : { RouteTableIds: [...request.routeTableIds] }),
          ClientToken: clientToken,
          TagSpecifications: [{ ResourceType: 'vpc-endpoint', Tags: tagList(tags) }],
        }),
      ),
    );
    return out.VpcEndpoint?.VpcEndpointId ?? '';
  }

  async addRouteTablesToEndpoint(endpointId: string, routeTableIds: readonly string[]): Promise<void> {
    await call('ec2:ModifyVpcEndpoint', () =>
      this.#ec2.send(
        new ModifyVpcEndpointCommand({ VpcEndpointId: endpointId, AddRouteTableIds: [...routeTableIds] }),
      ),
    );
  }
}

function tagList(tags: Tags): Tag[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

function permission(peer: RulePeerId): IpPermission {
  const base = { IpProtocol: 'tcp', FromPort: 443, ToPort: 443 };
  if ('groupId' in peer)
    return { ...base, UserIdGroupPairs: [{ GroupId: peer.groupId, Description: 'ecs-pullfix' }] };
  if ('prefixListId' in peer)
    return { ...base, PrefixListIds: [{ PrefixListId: peer.prefixListId, Description: 'ecs-pullfix' }] };
  return { ...base, IpRanges: [{ CidrIp: peer.cidr, Description: 'ecs-pullfix' }] };
}
