import { isAnywhere } from '../cidr.js';
import { egressOf, routeTableOf } from '../diagnose/route.js';
import type { Finding } from '../findings.js';
import { type Need, needsOf } from '../needs.js';
import { endpointServiceName, type Snapshot, type Subnet } from '../network.js';
import { registryOfImage } from '../registry.js';
import type { WorkloadCheck } from '../workload.js';
import { ecrNamesAskedElsewhere } from './dns.js';
import { type FeatureKind, featureKindOf, type TaskFeatures } from './map.js';

/**
 * What the checklist's answers rest on, read from what the diagnosis already has: the task's
 * needs (its task definition, else the images the event names), which way its subnets leave
 * the VPC, the endpoints in use, and the workload checks that ran. Pure.
 */
export type ChecklistFacts = TaskFeatures &
  Readonly<{
    /** Why the task definition could not be read (only the event's images are then known). */
    taskDefinitionUnread?: string;
    /** An image is in this region's private ECR (its pull can go through VPC endpoints). */
    ecrHere: boolean;
    /** An image comes from Docker Hub; `dockerHubAuthenticated`: each such container has repositoryCredentials. */
    dockerHub: boolean;
    dockerHubAuthenticated: boolean;
    /** A secret names a JSON key (inside the value, which ecs-pullfix never reads). */
    jsonKeys: boolean;
    /** The network path was walked (else a `network-path` note says why not). */
    walked: boolean;
    /** How the task's subnets leave the VPC, when every one is known. */
    routes?: Readonly<{ internet: boolean; internetGateway: boolean }>;
    /** Why they are not known (a route table unread), when the path was walked. */
    routesUnread?: string;
    /** The endpoints in use, when they could be read (the S3 gateway's use, when the route tables were too). */
    endpoints?: Readonly<{ ecr: boolean; s3Gateway?: boolean }>;
    /** Who answers the ECR endpoints' names when not the VPC resolver (custom DHCP servers, a FORWARD rule). */
    ecrNamesElsewhere?: string;
    /** The VPC's enableDnsSupport as read. */
    dnsSupport?: boolean;
    /** The workload checks that ran (the execution role, the image, the secrets). */
    ran: ReadonlySet<WorkloadCheck>;
    /** A found image's platforms were read. */
    platformsRead: boolean;
    /** An image was found in ECR (its archive status read). */
    imageFound: boolean;
    /** An image's repository was looked up among the registry's pull-through cache rules. */
    pullThroughRead: boolean;
    /** Another account's repository policy was read, for each image in another account's registry. */
    repositoryPolicyRead: boolean;
    /** Why the images were not weighed against the task's ephemeral storage, when they were not. */
    storageUnjudged?: string;
  }>;

/** The facts of a diagnosed snapshot and its findings. */
export function checklistFacts(s: Snapshot, findings: readonly Finding[]): ChecklistFacts {
  const td = s.taskDefinition.ok ? s.taskDefinition.value : undefined;
  const images = td
    ? td.containers
    : s.task.containers.flatMap((c) => (c.image ? [{ ...c, image: c.image }] : []));
  const needs = td ? needsOf(td, s.region) : needsOf(eventOnly(s), s.region);
  const dockerHubContainers = images.filter((c) => registryOfImage(c.image)?.kind === 'dockerhub');
  const walked = !findings.some((f) => f.id === 'not-checked' && f.check === 'network-path');
  return {
    ...featuresOf(needs),
    ecrApiEndpoint: walked && ecrApiEndpointOf(s),
    ...(s.taskDefinition.ok ? {} : { taskDefinitionUnread: s.taskDefinition.why }),
    ecrHere: needs.some((n) => n.kind === 'endpoint' && n.service === 'ecr.dkr'),
    dockerHub: dockerHubContainers.length > 0,
    dockerHubAuthenticated:
      td !== undefined &&
      dockerHubContainers.every((c) => 'repositoryCredentials' in c && c.repositoryCredentials !== undefined),
    jsonKeys: (td?.containers ?? []).some((c) =>
      c.secrets.some((x) => (x.valueFrom.split(':')[7] ?? '') !== ''),
    ),
    walked,
    ...(walked ? pathFacts(s) : {}),
    ...(s.dnsSupport.ok ? { dnsSupport: s.dnsSupport.value } : {}),
    ...optional('ecrNamesElsewhere', ecrNamesAskedElsewhere(s)),
    ran: new Set(s.workload?.checks ?? []),
    platformsRead: (s.workload?.images ?? []).some((i) => i.platforms?.ok === true),
    imageFound: (s.workload?.images ?? []).some((i) => i.state.ok && i.state.value.kind === 'found'),
    pullThroughRead: (s.workload?.images ?? []).some((i) => i.pullThrough?.rules.ok === true),
    repositoryPolicyRead:
      (s.workload?.repositoryPolicies ?? []).length > 0 &&
      (s.workload?.repositoryPolicies ?? []).every((p) => p.policy.ok),
    ...optional('storageUnjudged', storageUnjudged(s)),
  };
}

/** Why the ephemeral storage check (P15) could not weigh the task's images, or undefined when it did. */
function storageUnjudged(s: Snapshot): string | undefined {
  if (s.task.launchType !== 'FARGATE')
    return 'on EC2 the image is stored on the container instance’s volume, which ecs-pullfix does not read';
  const images = s.workload?.images ?? [];
  const sized = (i: (typeof images)[number]) =>
    i.state.ok && i.state.value.kind === 'found' && i.state.value.sizeInBytes !== undefined;
  if (!s.taskDefinition.ok || images.length === 0 || !images.every(sized))
    return 'the image’s size was not read (it is when the stop is the platform’s, such as no space left on device, and by ecs-pullfix check)';
  return undefined;
}

/** The task definition as the event alone tells it: each container's image. */
function eventOnly(s: Snapshot) {
  const containers = s.task.containers.flatMap((c) =>
    c.image
      ? [{ name: c.name, image: c.image, essential: true, logOptions: {}, secrets: [], environmentFiles: [] }]
      : [],
  );
  return { arn: s.task.taskDefinitionArn, family: s.task.family, containers, volumes: [] };
}

/** The kinds of the task's features, and the features of its images in private ECR. */
function featuresOf(needs: readonly Need[]): Omit<TaskFeatures, 'ecrApiEndpoint'> {
  const kinds = new Set<FeatureKind>();
  const ecrImages = new Set<string>();
  for (const n of needs) {
    const kind = n.kind === 'efs' ? 'efs' : featureKindOf(n.feature);
    if (kind) kinds.add(kind);
    const ecr =
      (n.kind === 'endpoint' && n.service === 'ecr.api') ||
      (n.kind === 'internet' && n.registry?.kind === 'ecr');
    if (ecr) ecrImages.add(n.feature);
  }
  return { kinds, ecrImages };
}

/** Which way the subnets leave the VPC, and the endpoints in use, as far as they could be read. */
function pathFacts(s: Snapshot): Pick<ChecklistFacts, 'routes' | 'routesUnread' | 'endpoints'> {
  const subnets = s.subnets.ok ? s.subnets.value : [];
  const input = { snapshot: s, region: s.region };
  const egress = subnets.map((n) => egressOf(input, n).egress);
  const unknown = s.subnets.ok ? egress.find((e) => e.kind === 'unknown') : { why: s.subnets.why };
  const routes =
    unknown === undefined
      ? {
          routes: {
            internet: egress.some((e) => e.kind === 'internet'),
            internetGateway: subnets.some((n) => defaultTarget(s, n) === 'internet-gateway'),
          },
        }
      : { routesUnread: 'why' in unknown ? unknown.why : 'the task subnets’ routes are unknown' };
  if (!s.endpoints.ok) return routes;
  const names = [endpointServiceName(s.region, 'ecr.api'), endpointServiceName(s.region, 'ecr.dkr')];
  const s3 = endpointServiceName(s.region, 's3');
  const tables = subnets.flatMap((n) => {
    const t = routeTableOf(s, n);
    return t.ok ? [t.value.id] : [];
  });
  const endpoints = {
    ecr: s.endpoints.value.some(
      (e) => e.type === 'Interface' && names.includes(e.serviceName) && e.privateDns,
    ),
    ...(s.routeTables.ok
      ? {
          s3Gateway: s.endpoints.value.some(
            (e) =>
              e.type === 'Gateway' &&
              e.serviceName === s3 &&
              e.routeTableIds.some((id) => tables.includes(id)),
          ),
        }
      : {}),
  };
  return { ...routes, endpoints };
}

/** The kind of target of a subnet's default route (`internet-gateway`, `nat-gateway` …), if it has one. */
function defaultTarget(s: Snapshot, subnet: Subnet): string | undefined {
  const table = routeTableOf(s, subnet);
  if (!table.ok) return undefined;
  const route = table.value.routes.find(
    (r) => r.destinationCidr !== undefined && isAnywhere(r.destinationCidr),
  );
  return route?.target.kind;
}

/** An interface endpoint of the ECR API with private DNS, available, in the VPC. */
function ecrApiEndpointOf(s: Snapshot): boolean {
  const name = endpointServiceName(s.region, 'ecr.api');
  return (
    s.endpoints.ok &&
    s.endpoints.value.some(
      (e) => e.type === 'Interface' && e.serviceName === name && e.privateDns && e.state === 'available',
    )
  );
}

/** `{ [key]: value }`, or nothing when the value is undefined (exactOptionalPropertyTypes). */
const optional = <K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> =>
  value === undefined ? {} : ({ [key]: value } as Record<K, V>);
