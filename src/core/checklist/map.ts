import { type Finding, type FindingId, serviceOfFinding } from '../findings.js';
import type { EndpointService } from '../network.js';
import type { ChecklistId } from './list.js';

/*
 * Which of AWS's checks (./list.ts) a finding fails, and which a note that a check could not
 * be made leaves open. A check of the network path is one layer of it (the route, the public
 * IP, the endpoints, DNS, security groups, network ACLs, endpoint policies) for one feature of
 * the task (its image, its secrets, its logs, its environment files): the layer names the
 * check of the pull list, the feature the list it belongs to. Pure.
 */

/** The layers of the network path, as AWS's list for a pull names them. */
export type Layer = 'route' | 'public-ip' | 'endpoint' | 'dns' | 'sg' | 'nacl' | 'policy';

/** What of the task a finding breaks, read from the words of its `breaks` (`core/needs.ts` writes them). */
export type FeatureKind = 'image' | 'credentials' | 'secret' | 'logs' | 'env-file' | 'efs';

const FEATURE_WORDS: readonly (readonly [RegExp, FeatureKind])[] = [
  [/^image /, 'image'],
  [/^(the key of )?repositoryCredentials /, 'credentials'],
  [/^(the key of )?secret /, 'secret'],
  [/^the awslogs log driver/, 'logs'],
  [/^environment file /, 'env-file'],
  [/^EFS volume /, 'efs'],
];

/** The kind of a feature, from its words (undefined for words no need writes). */
export function featureKindOf(feature: string): FeatureKind | undefined {
  return FEATURE_WORDS.find(([words]) => words.test(feature))?.[1];
}

const PULL_LAYER: Readonly<Record<Exclude<Layer, 'policy'>, ChecklistId>> = {
  route: 'P1',
  'public-ip': 'P2',
  endpoint: 'P3',
  dns: 'P4',
  sg: 'P5',
  nacl: 'P6',
};

/** The list a feature's network path belongs to, past the pull itself. */
const PATH_OF: Readonly<Partial<Record<FeatureKind, ChecklistId>>> = {
  credentials: 'R2',
  secret: 'R2',
  logs: 'R5',
  'env-file': 'R8',
  efs: 'R7',
};

/** What a finding says about AWS's checks: a layer of the network path, the workload, or nothing (meta). */
type Mapping =
  | Readonly<{ kind: 'path'; layer: Layer }>
  | Readonly<{ kind: 'role' }>
  | Readonly<{ kind: 'secret' }>
  | Readonly<{ kind: 'ids'; ids: readonly ChecklistId[] }>;

/**
 * Every finding id that can fail a check. Findings about the diagnosis itself (`path-ok`,
 * `not-checked`, `duplicate-endpoints`) fail none. A test holds every problem of the
 * catalogue to an entry here.
 */
export const FINDING_CHECKS: Readonly<Partial<Record<FindingId, Mapping>>> = {
  'no-egress-path': { kind: 'path', layer: 'route' },
  'nat-unavailable': { kind: 'path', layer: 'route' },
  'path-leaves-vpc': { kind: 'path', layer: 'route' },
  'registry-needs-internet': { kind: 'path', layer: 'route' },
  'image-uri-ipv4-only': { kind: 'path', layer: 'route' },
  'no-ipv6-egress': { kind: 'path', layer: 'route' },
  'public-ip-disabled': { kind: 'path', layer: 'public-ip' },
  'missing-endpoint': { kind: 'path', layer: 'endpoint' },
  's3-gateway-missing': { kind: 'path', layer: 'endpoint' },
  's3-gateway-not-associated': { kind: 'path', layer: 'endpoint' },
  'endpoint-unavailable': { kind: 'path', layer: 'endpoint' },
  'endpoint-private-dns-off': { kind: 'path', layer: 'dns' },
  'endpoint-ipv4-only': { kind: 'path', layer: 'endpoint' },
  'vpc-dns-off': { kind: 'path', layer: 'dns' },
  'dns-bypasses-endpoints': { kind: 'path', layer: 'dns' },
  'endpoint-sg-blocks-443': { kind: 'path', layer: 'sg' },
  'task-sg-blocks-443': { kind: 'path', layer: 'sg' },
  'nacl-blocks': { kind: 'path', layer: 'nacl' },
  'endpoint-policy-denies': { kind: 'path', layer: 'policy' },
  'execution-role-missing': { kind: 'role' },
  'execution-role-denies': { kind: 'role' },
  'ecr-repository-missing': { kind: 'ids', ids: ['P11'] },
  'image-tag-missing': { kind: 'ids', ids: ['P11'] },
  'image-platform-mismatch': { kind: 'ids', ids: ['P12'] },
  'image-digest-gone': { kind: 'ids', ids: ['P11'] },
  'image-archived': { kind: 'ids', ids: ['P18'] },
  'pull-through-rule-missing': { kind: 'ids', ids: ['P17'] },
  'pull-through-role-cannot-import': { kind: 'ids', ids: ['P17'] },
  'pull-through-credential-missing': { kind: 'ids', ids: ['P17'] },
  'ecr-repository-policy-denies': { kind: 'ids', ids: ['P10'] },
  'ephemeral-storage-too-small': { kind: 'ids', ids: ['P15'] },
  'image-pull-too-slow-for-timeout': { kind: 'ids', ids: ['P16'] },
  'secret-missing': { kind: 'secret' },
  'efs-no-mount-target': { kind: 'ids', ids: ['R7'] },
  'efs-sg-blocks-2049': { kind: 'ids', ids: ['R7'] },
  // P9 is the role's, the EC2 instance role's included: here it cannot even be given to the instance.
  'managed-instances-role-not-passable': { kind: 'ids', ids: ['P9'] },
  'efs-access-point-missing': { kind: 'ids', ids: ['R7'] },
  'efs-iam-no-task-role': { kind: 'ids', ids: ['R7'] },
  'efs-iam-denied': { kind: 'ids', ids: ['R7'] },
};

/** What the mapping needs to know of the task: the features whose image is in private ECR (its auth is R1). */
export type TaskFeatures = Readonly<{
  /** Every kind of feature the task has. */
  kinds: ReadonlySet<FeatureKind>;
  /** The features of images in private ECR, whose pull starts with the ECR API's registry auth. */
  ecrImages: ReadonlySet<string>;
  /** An ECR API interface endpoint serves the task's registry auth (a missing route out does not stop it). */
  ecrApiEndpoint: boolean;
}>;

/** The checks a finding fails (none for the findings about the diagnosis itself). */
export function checksFailedBy(f: Finding, task: TaskFeatures): ChecklistId[] {
  const mapping = FINDING_CHECKS[f.id];
  if (!mapping) return [];
  const kinds = kindsOf(f.breaks, serviceOfFinding(f));
  switch (mapping.kind) {
    case 'ids':
      return [...mapping.ids];
    case 'secret':
      return unique(kinds.map((k) => (k === 'credentials' ? 'P14' : 'R4')));
    case 'role':
      return unique(kinds.flatMap((k) => ROLE_CHECK[k] ?? []));
    case 'path': {
      const service = serviceOfFinding(f);
      const auth =
        service === 'ecr.api' ||
        (service === undefined &&
          f.breaks.some((b) => task.ecrImages.has(b)) &&
          reachesAuth(mapping.layer, task));
      const ids = layerChecks(mapping.layer, kinds, service, auth);
      return f.id === 'vpc-dns-off' && f.attribute === 'enableDnsSupport' ? unique([...ids, 'R6']) : ids;
    }
  }
}

/**
 * A route or public IP that fails the pull fails its registry auth too, unless an ECR API
 * endpoint serves the auth (the finding, on the shared image feature, cannot say which call).
 */
const reachesAuth = (layer: Layer, task: TaskFeatures): boolean =>
  !(task.ecrApiEndpoint && (layer === 'route' || layer === 'public-ip'));

/** What the execution role fetches for each feature, as AWS's lists name the permission. */
const ROLE_CHECK: Readonly<Partial<Record<FeatureKind, ChecklistId>>> = {
  image: 'P9',
  credentials: 'P14',
  secret: 'R3',
  logs: 'R5',
  'env-file': 'R8',
};

/** The checks of one layer of the path for some features: the pull's layer, and the path of the rest. */
export function layerChecks(
  layer: Layer,
  kinds: readonly FeatureKind[],
  service: EndpointService | undefined,
  ecrAuth: boolean,
): ChecklistId[] {
  const ids: ChecklistId[] = [];
  for (const kind of kinds) {
    if (kind !== 'image') {
      const path = PATH_OF[kind];
      if (path) ids.push(path);
      continue;
    }
    if (layer !== 'policy') ids.push(PULL_LAYER[layer]);
    else if (service === 's3') ids.push('P7');
    else if (service !== undefined) ids.push('P8');
    else ids.push('P7', 'P8');
    if (ecrAuth) ids.push('R1');
  }
  return unique(ids);
}

/** The kinds of the features a finding breaks; from its service when its words name none. */
function kindsOf(breaks: readonly string[], service: EndpointService | undefined): FeatureKind[] {
  const kinds = unique(breaks.flatMap((b) => featureKindOf(b) ?? []));
  if (kinds.length > 0) return kinds;
  switch (service) {
    case 'logs':
      return ['logs'];
    case 'secretsmanager':
    case 'ssm':
      return ['secret'];
    default:
      return ['image'];
  }
}

/**
 * What each check that could not be made leaves open: layers of the network path (for every
 * feature of the task) or checks by id. The names are those of `notChecked('…')` and
 * `unread('…')` in `core/diagnose/`; a test holds every name there to an entry here.
 */
export const NOTE_CHECKS: Readonly<
  Record<string, Readonly<{ layers?: readonly Layer[]; ids?: readonly ChecklistId[] }>>
> = {
  'network-path': { layers: ['route', 'public-ip', 'endpoint', 'dns', 'sg', 'nacl', 'policy'], ids: ['R6'] },
  'service-subnets': { layers: ['route', 'public-ip', 'nacl'] },
  'vpc-dns': { layers: ['dns'], ids: ['R6'] },
  egress: { layers: ['route', 'endpoint'] },
  'nat-gateway': { layers: ['route'] },
  'public-ip': { layers: ['public-ip'] },
  'vpc-endpoints': { layers: ['endpoint', 'dns', 'policy'] },
  'endpoint-subnets': { layers: ['sg', 'nacl'] },
  'task-security-groups': { layers: ['sg'] },
  'endpoint-security-groups': { layers: ['sg'] },
  'prefix-lists': { layers: ['sg'] },
  'network-acls': { layers: ['nacl'] },
  'endpoint-policy': { layers: ['policy'] },
  'dhcp-options': { layers: ['dns'] },
  'resolver-rules': { layers: ['dns'] },
  'dns-resolution': { layers: ['dns'] },
  // Whether a registry answers over IPv6, from an IPv6-only subnet without NAT64: its route.
  'registry-ipv6': { layers: ['route'] },
  // Whether the ECS agent reaches CloudWatch Logs or Parameter Store over IPv6 (their dual-stack names).
  'service-ipv6': { layers: ['route'] },
  efs: { ids: ['R7'] },
  'efs-security-groups': { ids: ['R7'] },
  'efs-authorization': { ids: ['R7'] },
  // Which interface held the dialled address is evidence on a finding, no check of AWS's list.
  'failing-hop': {},
  // Whether a Managed Instances provider's infrastructure role may pass its instance role (P9's, as above).
  'managed-instances': { ids: ['P9'] },
  'execution-role': { ids: ['P9', 'P14', 'R3', 'R5', 'R8'] },
  image: { ids: ['P11', 'P12'] },
  'image-tags': { ids: ['P11'] },
  'image-platform': { ids: ['P12'] },
  'image-digest': { ids: ['P11', 'P18'] },
  // Which lifecycle rule removed or archived an image: the finding's explanation, no check of AWS's list.
  'image-lifecycle': {},
  'pull-through-cache': { ids: ['P17'] },
  'pull-through-credential': { ids: ['P17'] },
  'pull-through-role': { ids: ['P17'] },
  // Another account's repository policy, read or not, on the role that pulls (P10).
  'repository-policy': { ids: ['P10'] },
  // Whether a replication rule copies an image from another Region: the fix's advice, no check of AWS's list.
  replication: {},
  secrets: { ids: ['P14', 'R4'] },
  'task-definition': { ids: ['P13', 'P14', 'R2', 'R3', 'R4', 'R5', 'R7', 'R8'] },
};

/** The checks a note leaves open, for a task with these features. */
export function checksLeftOpenBy(check: string, task: TaskFeatures): ChecklistId[] {
  // A note this map does not know leaves the whole path open: never a check called passed
  // that an unmade check of it may have failed (a test holds every name of the source here).
  const note = NOTE_CHECKS[check] ?? NOTE_CHECKS['network-path'];
  if (!note) return [];
  const kinds = [...task.kinds];
  const layers = (note.layers ?? []).flatMap((l) =>
    layerChecks(l, kinds, undefined, task.ecrImages.size > 0 && reachesAuth(l, task)),
  );
  return unique([...layers, ...(note.ids ?? [])]);
}

const unique = <T>(xs: readonly T[]): T[] => [...new Set(xs)];
