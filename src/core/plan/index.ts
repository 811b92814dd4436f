import { createHash } from 'node:crypto';
import type { Finding } from '../findings/types.js';
import type { Policy } from '../mode.js';
import type { Snapshot } from '../network.js';
import type { EndpointRequest } from '../ports.js';
import type { Plan } from './action.js';
import { Planner } from './planner.js';

/**
 * The planner: findings + snapshot + policy → a plan of typed actions. Pure.
 *
 * Each finding's remedy lives in its catalogue entry (`../findings/`); the writes it may plan
 * are the safe `Write` union (`./types.ts`), each kind described once in `WRITES`
 * (`./writes.ts`). Everything else is a recommendation, spelled out as the exact command a
 * person would run. A write is allowed only where an owner opted in by a tag (`./gate.ts`;
 * the role checks the same tags, docs/iam.md): otherwise it too is only recommended.
 */
export function planActions(findings: readonly Finding[], snapshot: Snapshot, policy: Policy): Plan {
  const p = new Planner(snapshot, policy, findings);
  for (const f of findings) p.answer(f);
  p.endpointGroupOnlyWithItsEndpoints();
  return { mode: policy.mode, actions: p.actions(), notes: p.notes() };
}

/**
 * The client token of a `CreateVpcEndpoint`: a digest of every field of the request, so that
 * a retry of the same request is the same request (AWS then answers with the endpoint it
 * already made), and any other request (another security group, subnet, route table, service,
 * VPC or private DNS) gets another token: reusing one would be answered
 * `IdempotentParameterMismatch`. Lists are sets (their order and repeats do not matter). The
 * tags are not in it: they say who asked (incident, cluster), and a second cluster asking
 * for the same endpoint must get the one that exists, not a second. At most 64 ASCII
 * characters, as EC2 requires.
 */
export function clientTokenOf(request: EndpointRequest): string {
  const set = (ids: readonly string[]) => [...new Set(ids)].sort();
  const fields =
    request.type === 'Interface'
      ? [
          request.type,
          request.vpcId,
          request.serviceName,
          set(request.subnetIds),
          set(request.securityGroupIds),
          request.privateDns,
        ]
      : [request.type, request.vpcId, request.serviceName, set(request.routeTableIds)];
  return `ecs-pullfix-${createHash('sha256').update(JSON.stringify(fields)).digest('hex').slice(0, 40)}`;
}

export {
  COST_ASSUMPTION,
  HOURS_PER_MONTH,
  INTERFACE_ENDPOINT_USD_PER_AZ_HOUR,
  NAT_GATEWAY_USD_PER_HOUR,
  PUBLIC_IPV4_USD_PER_HOUR,
} from '../prices.js';
export type { Action, Plan, RecommendedChange } from './action.js';
export type { PlanContext, TaskRulePeer } from './context.js';
export { isNarrow, vpcCidrOf } from './planner.js';
export { type ActionOutcome, type ActionStatus, plannedSteps, type Step } from './step.js';
export {
  ENDPOINT_GROUP_NAME,
  type GroupRef,
  type RulePeer,
  type Write,
  type WriteKind,
  type WriteOf,
} from './types.js';
export { cliOf, groupRefId, WRITES, type WriteSpec, writeId } from './writes.js';
