import type { Finding } from '../findings.js';
import { endpointServiceName } from '../network.js';
import { command, isValidName, type NameCheck, shownName, type Word } from '../shell.js';
import { secretRefOf } from '../workload.js';
import { describeEgressPeer, describePeer, usd } from './describe.js';

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
