import type { EndpointService, InterfaceService, RouteTarget } from './network.js';

/**
 * What the diagnosis found: the finding ids of `docs/network.md`, each with the
 * resources it concerns, the evidence (the route, the rule, the attribute), the task
 * features it breaks, and the fix in words.
 */
type Common = Readonly<{
  resources: readonly string[];
  evidence: readonly string[];
  /** The task's features this breaks (`image … (container app)`, `secret DB_URL (container api)`). */
  breaks: readonly string[];
  fix: string;
}>;

/** Who the task is, seen from an endpoint's security group. */
export type TaskPeer = Readonly<{ securityGroupIds?: readonly string[]; cidrs: readonly string[] }>;

/** Where the task must be allowed to send TCP 443. */
export type EgressPeer = Readonly<
  | { kind: 'endpoint'; securityGroupIds: readonly string[]; cidrs: readonly string[] }
  | { kind: 'prefix-list'; prefixListId: string }
  | { kind: 'internet' }
>;

export type Finding = Common &
  Readonly<
    | { id: 'no-egress-path'; vpcId: string; subnetIds: readonly string[]; routeTableIds: readonly string[] }
    | { id: 'public-ip-disabled'; internetGatewayId: string; subnetIds: readonly string[] }
    | { id: 'nat-unavailable'; natGatewayId?: string; state: string; routeTableId: string }
    | {
        id: 'missing-endpoint';
        service: InterfaceService;
        vpcId: string;
        subnetIds: readonly string[];
        task: TaskPeer;
      }
    | { id: 's3-gateway-missing'; vpcId: string; routeTableIds: readonly string[] }
    | { id: 's3-gateway-not-associated'; endpointId: string; routeTableIds: readonly string[] }
    | { id: 'endpoint-unavailable'; endpointId: string; service: EndpointService; state: string }
    | { id: 'endpoint-private-dns-off'; endpointId: string; service: InterfaceService }
    | { id: 'vpc-dns-off'; vpcId: string; attribute: 'enableDnsSupport' | 'enableDnsHostnames' }
    | {
        id: 'endpoint-sg-blocks-443';
        endpointId: string;
        service: InterfaceService;
        endpointSecurityGroupIds: readonly string[];
        task: TaskPeer;
      }
    | {
        id: 'task-sg-blocks-443';
        service?: EndpointService;
        taskSecurityGroupIds: readonly string[];
        peer: EgressPeer;
      }
    | {
        id: 'nacl-blocks';
        networkAclId: string;
        subnetIds: readonly string[];
        direction: 'inbound' | 'outbound';
        ports: string;
        cidr: string;
        ruleNumber?: number;
      }
    | {
        id: 'endpoint-policy-denies';
        endpointId: string;
        service: EndpointService;
        denied: readonly string[];
      }
    | { id: 'registry-needs-internet'; registryHost?: string; why: string }
    | { id: 'path-leaves-vpc'; routeTableId: string; target: RouteTarget }
    | { id: 'execution-role-missing'; why: string }
    | {
        id: 'execution-role-denies';
        roleArn: string;
        action: string;
        resource: string;
        decision: 'explicitDeny' | 'implicitDeny';
        /** The IAM policy statement that would allow it (recommended, never applied). */
        statement: string;
      }
    | { id: 'ecr-repository-missing'; image: string; repository: string; registryId: string; region: string }
    | {
        id: 'image-tag-missing';
        image: string;
        repository: string;
        /** The tag or digest the task asks for. */
        reference: string;
        /** The repository's tags nearest to it, closest first. */
        nearest: readonly string[];
      }
    | { id: 'image-platform-mismatch'; image: string; wanted: string; offered: readonly string[] }
    | {
        id: 'secret-missing';
        /** What is missing: the secret, the parameter, the version asked for, the JSON key; or the secret is being deleted. */
        what: 'secret' | 'parameter' | 'version' | 'json-key' | 'deleted';
        valueFrom: string;
      }
    | {
        id: 'duplicate-endpoints';
        service: InterfaceService;
        vpcId: string;
        /** The endpoint to keep: the one that serves (available, private DNS on), else the oldest. */
        keepEndpointId: string;
        /** ecs-pullfix's endpoints for the service beyond the one kept: to delete. */
        extraEndpointIds: readonly string[];
        /** Others' endpoints for the service beyond the one kept: said, never proposed for deletion. */
        otherEndpointIds: readonly string[];
        /** What the extras cost a month, and what the others do (USD, list price). */
        extraMonthlyUsd: number;
        otherMonthlyUsd: number;
      }
    | { id: 'not-checked'; check: string; why: string }
    | { id: 'path-ok'; checked: readonly string[] }
  >;

export type FindingId = Finding['id'];

/** Findings about the task's execution role, image and secrets: no change to the network cures them. */
const WORKLOAD_FINDING_IDS = [
  'execution-role-missing',
  'execution-role-denies',
  'ecr-repository-missing',
  'image-tag-missing',
  'image-platform-mismatch',
  'secret-missing',
] as const satisfies readonly FindingId[];

/** Findings in the order a person should read them: the root cause first. */
export const FINDING_ORDER: readonly FindingId[] = [
  'vpc-dns-off',
  'no-egress-path',
  'nat-unavailable',
  'public-ip-disabled',
  'path-leaves-vpc',
  'missing-endpoint',
  's3-gateway-missing',
  's3-gateway-not-associated',
  'endpoint-unavailable',
  'endpoint-private-dns-off',
  'endpoint-sg-blocks-443',
  'task-sg-blocks-443',
  'nacl-blocks',
  'endpoint-policy-denies',
  'registry-needs-internet',
  ...WORKLOAD_FINDING_IDS,
  'not-checked',
  'path-ok',
  // Information: true of the VPC, never what stopped the task.
  'duplicate-endpoints',
];

/**
 * Findings that inform and never explain the failure: several endpoints for one service cost
 * money, yet the task's path through the one that serves is whole. They are never the root,
 * never withhold `path-ok`, and change no verdict.
 */
const INFORMATION_FINDING_IDS: ReadonlySet<FindingId> = new Set<FindingId>(['duplicate-endpoints']);

/** True for findings that say something is wrong with the task's start (not `path-ok`, `not-checked` or information). */
export const isProblem = (f: Finding): boolean =>
  f.id !== 'path-ok' && f.id !== 'not-checked' && !INFORMATION_FINDING_IDS.has(f.id);

const WORKLOAD_FINDINGS: ReadonlySet<FindingId> = new Set<FindingId>(WORKLOAD_FINDING_IDS);

/** True for a problem on the network path (not the execution role, the image or a secret). */
export const isNetworkProblem = (f: Finding): boolean => isProblem(f) && !WORKLOAD_FINDINGS.has(f.id);

/** The service a finding concerns, where it concerns one (an endpoint's short name). */
export function serviceOfFinding(f: Finding): EndpointService | undefined {
  switch (f.id) {
    case 'missing-endpoint':
    case 'endpoint-unavailable':
    case 'endpoint-private-dns-off':
    case 'endpoint-sg-blocks-443':
    case 'endpoint-policy-denies':
    case 'duplicate-endpoints':
      return f.service;
    case 'task-sg-blocks-443':
      return f.service;
    case 's3-gateway-missing':
    case 's3-gateway-not-associated':
      return 's3';
    default:
      return undefined;
  }
}

/** A finding as a line of the comparison tests and scenario files make: `id` or `id:service`. */
export function findingKey(f: Finding): string {
  const service = serviceOfFinding(f);
  if (f.id === 'vpc-dns-off') return `${f.id}:${f.attribute}`;
  if (f.id === 'nacl-blocks') return `${f.id}:${f.direction}`;
  if (f.id === 'not-checked') return `${f.id}:${f.check}`;
  if (f.id === 'execution-role-denies') return `${f.id}:${f.action}`;
  if (f.id === 'secret-missing') return `${f.id}:${f.what}`;
  return service === undefined ? f.id : `${f.id}:${service}`;
}
