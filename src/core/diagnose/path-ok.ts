import type { Classification, Service } from '../causes.js';
import { SERVICE_NAMES } from '../classify-summary.js';
import { type EndpointService, endpointServiceName, type Snapshot, type VpcEndpoint } from '../network.js';
import { ENDPOINT_SERVICES_OF } from './blamed.js';

/**
 * What path-ok tells a person to do: the network path ecs-pullfix can see is whole, so the
 * answer is elsewhere. Where the stop text itself blames the path's endpoint policies
 * (`endpoint-policy`), say so plainly: the policies it sees allow the task's calls, so the
 * one that refused is one it cannot see.
 */
export function pathOkFix(classification: Classification, snapshot: Snapshot): string {
  if (classification.cause === 'endpoint-policy')
    return endpointPolicyNotFound(classification.service, snapshot);
  const cause =
    classification.cause === 'unknown' || classification.networkRelated
      ? 'the stop reason itself'
      : `the classifier's cause, ${classification.cause}`;
  return `Nothing is wrong on the network path ecs-pullfix can see; look at ${cause}.`;
}

const EVERY: readonly EndpointService[] = ['ecr.api', 'ecr.dkr', 's3', 'logs', 'secretsmanager', 'ssm'];

/** The endpoints of the VPC the task's calls to `service` go through: gateways, and interfaces whose private DNS answers for the service. */
function endpointsFor(service: Service, snapshot: Snapshot): VpcEndpoint[] {
  if (!snapshot.endpoints.ok) return [];
  const names = new Set(
    (ENDPOINT_SERVICES_OF[service] ?? EVERY).map((s) => endpointServiceName(snapshot.region, s)),
  );
  return snapshot.endpoints.value.filter(
    (e) => names.has(e.serviceName) && (e.type === 'Gateway' || (e.type === 'Interface' && e.privateDns)),
  );
}

function endpointPolicyNotFound(service: Service, snapshot: Snapshot): string {
  // A service whose endpoints the inspection does not read (KMS …): its policy was not judged.
  if (!ENDPOINT_SERVICES_OF[service] && service !== 'unknown')
    return `The stop text blames a VPC endpoint policy for ${SERVICE_NAMES[service]}, whose endpoints ecs-pullfix does not inspect: check the policy of that service's endpoint in ${vpcOf(snapshot)} (or the shared one the task's traffic reaches) for the action the evidence names.`;
  const target = ENDPOINT_SERVICES_OF[service] ? SERVICE_NAMES[service] : 'the AWS service it called';
  const elsewhere =
    'the policy that refused them is one ecs-pullfix cannot see (an endpoint in another VPC or account, reached through a shared resolver, a peering or a transit gateway), or it has changed since the task stopped';
  const endpoints = endpointsFor(service, snapshot);
  if (endpoints.length === 0) {
    return `The stop text blames a VPC endpoint policy for ${target}, but the task's calls to it go through no VPC endpoint of ${vpcOf(snapshot)}: ${elsewhere}.`;
  }
  const evaluated = endpoints.filter((e) => e.policy !== undefined).map((e) => e.id);
  const open = endpoints.filter((e) => e.policy === undefined).map((e) => e.id);
  const judged = [
    ...(evaluated.length === 0
      ? []
      : [
          `${plural(evaluated, 'the policy of', 'the policies of')} ${listed(evaluated)} ${evaluated.length === 1 ? 'allows' : 'allow'} the task's calls as ecs-pullfix evaluates ${evaluated.length === 1 ? 'it' : 'them'}`,
        ]),
    ...(open.length === 0
      ? []
      : [`${listed(open)} ${open.length === 1 ? 'has' : 'have'} the default full-access policy`]),
  ];
  return `The stop text blames a VPC endpoint policy for ${target}, but ${judged.join(', and ')}: ${elsewhere}.`;
}

const vpcOf = (snapshot: Snapshot): string => (snapshot.vpcId.ok ? snapshot.vpcId.value : "the task's VPC");

const plural = (items: readonly string[], one: string, many: string): string =>
  items.length === 1 ? one : many;

/** `a`, `a and b`, `a, b and c`. */
function listed(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
