import type { GroupRef, WriteOf } from './types.js';

/** CloudFormation and Terraform for the writes that create something. */
export type Iac = Readonly<{ cloudformation?: string; terraform?: string }>;

const name = (s: string) =>
  s.replace(/[^A-Za-z0-9]/g, ' ').replace(/(?:^|\s)(\w)/g, (_, c: string) => c.toUpperCase());
const tfName = (s: string) => s.replace(/[^a-z0-9]/gi, '_');
const sgRef = (g: GroupRef, cfn: boolean) =>
  g.kind === 'existing'
    ? g.groupId
    : cfn
      ? '!Ref EcsPullfixEndpointSecurityGroup'
      : 'aws_security_group.ecs_pullfix_endpoints.id';

export function interfaceEndpointIac(w: WriteOf<'create-interface-endpoint'>): Iac {
  return {
    cloudformation: [
      `${name(w.service)}Endpoint:`,
      '  Type: AWS::EC2::VPCEndpoint',
      '  Properties:',
      `    VpcId: ${w.vpcId}`,
      '    VpcEndpointType: Interface',
      `    ServiceName: !Sub com.amazonaws.\${AWS::Region}.${w.service}`,
      '    PrivateDnsEnabled: true',
      `    SubnetIds: [${w.subnetIds.join(', ')}]`,
      `    SecurityGroupIds: [${sgRef(w.group, true)}]`,
    ].join('\n'),
    terraform: [
      `resource "aws_vpc_endpoint" "${tfName(w.service)}" {`,
      `  vpc_id              = "${w.vpcId}"`,
      '  vpc_endpoint_type   = "Interface"',
      `  service_name        = "${w.serviceName}"`,
      '  private_dns_enabled = true',
      `  subnet_ids          = [${w.subnetIds.map((s) => `"${s}"`).join(', ')}]`,
      `  security_group_ids  = [${w.group.kind === 'existing' ? `"${w.group.groupId}"` : sgRef(w.group, false)}]`,
      '}',
    ].join('\n'),
  };
}

export function gatewayEndpointIac(w: WriteOf<'create-s3-gateway-endpoint'>): Iac {
  return {
    cloudformation: [
      'S3GatewayEndpoint:',
      '  Type: AWS::EC2::VPCEndpoint',
      '  Properties:',
      `    VpcId: ${w.vpcId}`,
      '    VpcEndpointType: Gateway',
      `    ServiceName: !Sub com.amazonaws.\${AWS::Region}.s3`,
      `    RouteTableIds: [${w.routeTableIds.join(', ')}]`,
    ].join('\n'),
    terraform: [
      'resource "aws_vpc_endpoint" "s3" {',
      `  vpc_id            = "${w.vpcId}"`,
      '  vpc_endpoint_type = "Gateway"',
      `  service_name      = "${w.serviceName}"`,
      `  route_table_ids   = [${w.routeTableIds.map((r) => `"${r}"`).join(', ')}]`,
      '}',
    ].join('\n'),
  };
}

export function endpointGroupIac(w: WriteOf<'create-endpoint-security-group'>): Iac {
  return {
    cloudformation: [
      'EcsPullfixEndpointSecurityGroup:',
      '  Type: AWS::EC2::SecurityGroup',
      '  Properties:',
      `    VpcId: ${w.vpcId}`,
      `    GroupName: ${w.groupName}`,
      '    GroupDescription: HTTPS from ECS tasks to VPC endpoints',
    ].join('\n'),
    terraform: [
      'resource "aws_security_group" "ecs_pullfix_endpoints" {',
      `  vpc_id      = "${w.vpcId}"`,
      `  name        = "${w.groupName}"`,
      '  description = "HTTPS from ECS tasks to VPC endpoints"',
      '}',
    ].join('\n'),
  };
}
