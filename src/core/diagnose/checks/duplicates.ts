import { usd } from '../../findings/text.js';
import {
  endpointServiceName,
  INTERFACE_SERVICES,
  type InterfaceService,
  type VpcEndpoint,
} from '../../network.js';
import { hasTrue, MANAGED_TAG } from '../../opt-in.js';
import { interfaceEndpointMonthlyUsd } from '../../prices.js';
import { type CheckInput, finding, type Verdict } from '../verdict.js';

/** Endpoint states that neither serve nor bill: gone, going, or never made. */
const GONE_STATES: ReadonlySet<string> = new Set(['deleting', 'deleted', 'failed', 'rejected', 'expired']);

const byPullfix = (e: VpcEndpoint): boolean => hasTrue(e.tags, MANAGED_TAG);

/**
 * Several interface endpoints for one service in the VPC: each is billed, though one serves
 * (only one can carry the service's private DNS). Said when ecs-pullfix created one of them
 * or more (a create whose answer was lost, retried against an endpoint that ignores the
 * client token) and, as information, when others did: only ecs-pullfix's are proposed for
 * deletion. Never a cause of the failure (`isProblem` is false).
 */
export function duplicateEndpoints(input: CheckInput, vpcId: string): Verdict[] {
  const endpoints = input.snapshot.endpoints;
  if (!endpoints.ok) return [];
  return INTERFACE_SERVICES.flatMap((service) => {
    const name = endpointServiceName(input.region, service);
    const group = endpoints.value.filter(
      (e) => e.type === 'Interface' && e.serviceName === name && !GONE_STATES.has(e.state),
    );
    return group.length < 2 ? [] : duplicatesOf(service, name, vpcId, group);
  });
}

function duplicatesOf(
  service: InterfaceService,
  name: string,
  vpcId: string,
  group: readonly VpcEndpoint[],
): Verdict[] {
  const [keep, ...rest] = [...group].sort(keepFirst);
  if (!keep) return [];
  const extras = rest.filter(byPullfix);
  const others = rest.filter((e) => !byPullfix(e));
  const cost = (list: readonly VpcEndpoint[]) =>
    Math.round(list.reduce((sum, e) => sum + interfaceEndpointMonthlyUsd(e.subnetIds.length), 0) * 100) / 100;
  const extraMonthlyUsd = cost(extras);
  const otherMonthlyUsd = cost(others);
  const ours = group.filter(byPullfix).length;
  const made = ours === 0 ? 'none' : ours === group.length ? 'all' : ours;
  const rests = rest.length === 1 ? 'other costs' : `${rest.length} others cost`;
  return [
    finding({
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
        `${group.length} interface endpoints for ${name} in ${vpcId}, where one is enough (${made} created by ecs-pullfix): the ${rests} ${usd(extraMonthlyUsd + otherMonthlyUsd)} a month`,
        `kept: ${describeEndpoint(keep)}`,
        ...extras.map((e) => `extra, ecs-pullfix's: ${describeEndpoint(e)}`),
        ...others.map((e) => `also there, not ecs-pullfix's: ${describeEndpoint(e)}`),
      ],
      breaks: [],
    }),
  ];
}

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
