import { endpointServiceName } from '../network.js';
import {
  acceptEndpointCli,
  deleteDuplicatesCli,
  endpointPolicyCli,
  privateDnsCli,
} from '../plan/recommend-network.js';
import { type Entries, keyWithService } from './spec.js';
import { describePeer, inline, usd } from './text.js';

/** The VPC endpoints the task's path goes through: missing, unavailable, without DNS, denying, duplicated. */
export const ENDPOINTS = {
  'missing-endpoint': {
    rank: 60,
    scope: 'network',
    autoFix: true,
    key: keyWithService,
    service: (f) => f.service,
    fix: (f, region) =>
      `Create an interface endpoint for ${endpointServiceName(region, f.service)} in ${f.vpcId} (subnets ${f.subnetIds.join(', ')}, one per Availability Zone) with private DNS on and a security group that allows TCP 443 from ${describePeer(f.task)}.`,
    remedy: (f, plan) => plan.interfaceEndpoint(f.service, f.vpcId, f.subnetIds),
  },
  's3-gateway-missing': {
    rank: 70,
    scope: 'network',
    autoFix: true,
    key: (f) => `${f.id}:s3`,
    service: () => 's3',
    fix: (f, region) =>
      `Create a gateway endpoint for ${endpointServiceName(region, 's3')} in ${f.vpcId} on route table(s) ${f.routeTableIds.join(', ')}: image layers are served from S3.`,
    remedy: (f, plan) => plan.gatewayEndpoint(f.vpcId, f.routeTableIds),
  },
  's3-gateway-not-associated': {
    rank: 80,
    scope: 'network',
    autoFix: true,
    key: (f) => `${f.id}:s3`,
    service: () => 's3',
    fix: (f) =>
      `Add route table(s) ${f.routeTableIds.join(', ')} to the S3 gateway endpoint ${f.endpointId}.`,
    remedy: (f, plan) =>
      plan.write(
        { kind: 'add-route-tables-to-s3-gateway', endpointId: f.endpointId, routeTableIds: f.routeTableIds },
        's3',
      ),
  },
  'endpoint-unavailable': {
    rank: 90,
    scope: 'network',
    autoFix: false,
    key: keyWithService,
    service: (f) => f.service,
    fix: (f) =>
      `${f.endpointId} is ${f.state}: ${f.state === 'pendingAcceptance' ? 'have the endpoint service owner accept it' : 'recreate it or wait until it is available'}.`,
    remedy: (f, plan) => plan.recommend('accept-endpoint', f, acceptEndpointCli(f)),
  },
  'endpoint-private-dns-off': {
    rank: 100,
    scope: 'network',
    autoFix: false,
    key: keyWithService,
    service: (f) => f.service,
    fix: (f) =>
      `Enable private DNS on ${f.endpointId} (${inline(
        [['VPC endpoint id', f.endpointId]],
        ['aws', 'ec2', 'modify-vpc-endpoint', '--vpc-endpoint-id', f.endpointId, '--private-dns-enabled'],
      )}), so that ${f.service} names resolve to the endpoint.`,
    remedy: (f, plan) => plan.recommend('enable-private-dns', f, privateDnsCli(f)),
  },
  'endpoint-policy-denies': {
    rank: 140,
    scope: 'network',
    autoFix: false,
    key: keyWithService,
    service: (f) => f.service,
    fix: (f) =>
      f.denyStatements && f.denyStatements.length > 0
        ? `In the policy of ${f.endpointId}, change the Deny ${f.denyStatements.join(', ')} so that it no longer applies to the task's calls (an Allow never overrides a Deny), and make sure a statement allows ${f.denied.join('; ')}.`
        : `Add to the policy of ${f.endpointId} a statement that allows ${f.denied.join('; ')}.`,
    remedy: (f, plan) => plan.recommend('change-endpoint-policy', f, endpointPolicyCli(f)),
  },
  // Information: true of the VPC, never what stopped the task.
  'duplicate-endpoints': {
    rank: 240,
    scope: 'meta',
    autoFix: false,
    key: keyWithService,
    service: (f) => f.service,
    fix: (f) => {
      const others = f.otherEndpointIds;
      const one = others.length === 1;
      const theirs = `${others.join(', ')} ${one ? 'was' : 'were'} not created by ecs-pullfix: if ${one ? 'it is' : 'they are'} not needed, ${one ? 'its' : 'their'} owner may delete ${one ? 'it' : 'them'} (${usd(f.otherMonthlyUsd)} a month)`;
      if (f.extraEndpointIds.length === 0)
        return `Nothing of ecs-pullfix's to delete (keep ${f.keepEndpointId} for ${f.service}): ${theirs}.`;
      return `Delete ${f.extraEndpointIds.join(', ')}: ${f.extraEndpointIds.length === 1 ? 'an endpoint' : 'endpoints'} for ${f.service} ecs-pullfix created beside ${f.keepEndpointId}, the one to keep; that saves ${usd(f.extraMonthlyUsd)} a month (${inline(
        f.extraEndpointIds.map((id) => ['VPC endpoint id', id] as const),
        ['aws', 'ec2', 'delete-vpc-endpoints', '--vpc-endpoint-ids', ...f.extraEndpointIds],
      )}).${others.length > 0 ? ` ${theirs}.` : ''}`;
    },
    remedy: (f, plan) => {
      // Deleting is never auto-fix's: the command is given, with what it saves.
      const cli = deleteDuplicatesCli(f);
      if (cli !== undefined) plan.recommend('delete-duplicate-endpoints', f, cli);
    },
  },
} as const satisfies Entries<
  | 'missing-endpoint'
  | 's3-gateway-missing'
  | 's3-gateway-not-associated'
  | 'endpoint-unavailable'
  | 'endpoint-private-dns-off'
  | 'endpoint-policy-denies'
  | 'duplicate-endpoints'
>;
