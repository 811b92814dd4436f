import type { Ec2Reader, EcsReader, ReadPorts } from '../core/ports.js';
import { AwsCallError } from '../errors.js';
import { eachAtOnce } from './bounded.js';
import { failedRead } from './failures.js';
import { type Preflight, preflightOf } from './preflight.js';
import {
  checkOrder,
  clusterNameOf,
  describedInBatches,
  type Listed,
  listed,
  readOf,
  type Unread,
} from './scan-services.js';

export type { Unread } from './scan-services.js';

export type ScanProgress = Readonly<{ done: number; total: number; service: string }>;

/**
 * Services checked (and `DescribeServices` calls made) at once by default. AWS throttles reads
 * with token buckets per account and Region: ECS's task definition reads 50 at once, then 20 a
 * second; its service reads 100, then 20 a second
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/request-throttling.html); EC2's
 * describe actions 100, then 20 a second, each
 * (https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html). A check that
 * reads what no other has takes about four rounds of calls, one of them its task definition:
 * at 50 ms a call, 4 checks at once read about 20 task definitions a second, the sustained
 * rate. `npm run bench` replays a 1,000-service scan against the buckets: none throttled at 4,
 * some at 8 (faster, but past the refill rate; the SDK's adaptive retries would slow it down).
 */
export const SCAN_CONCURRENCY = 4;

export type ScanOptions = Readonly<{
  /** Services checked at once (default `SCAN_CONCURRENCY`). */
  concurrency?: number;
  onProgress?: (p: ScanProgress) => void;
  /** A cluster named that ECS does not know is an `unread` row rather than an `InvalidInputError`. */
  unknownClusterUnread?: boolean;
}>;

/** What a scan checked, in the order the clusters listed the services, and what it could not read. */
export type ScanResult = Readonly<{ services: readonly Preflight[]; unread: readonly Unread[] }>;

/**
 * `scan`: `check` for every service of the clusters given (or of every cluster in the
 * region). Reads are shared across services — a VPC's route tables, ACLs, endpoints and
 * DNS attributes, a task definition, a security group set are read once however many
 * services use them — so a scan costs about one inspection per VPC, not one per service.
 * Services are described 10 to a `DescribeServices` call, in the order the cluster lists
 * them: ⌈services / 10⌉ calls per cluster.
 *
 * One cluster or service that cannot be read does not stop the others: a `ListServices`
 * refused or failing (throttled or a server error even after the SDK's retries) makes the
 * cluster `unread`, a service whose check failed likewise (a failed `DescribeServices`, each
 * of the services it asked for; a service ECS no longer knows, `MISSING` in its answer, that
 * service alone), each with why. A cluster named that does not exist is the user's input:
 * an `InvalidInputError`.
 */
export async function scan(
  clusters: readonly string[] | undefined,
  region: string,
  ports: ReadPorts,
  options: ScanOptions = {},
): Promise<ScanResult> {
  const shared = sharedReads(ports);
  const limit = Math.max(1, options.concurrency ?? SCAN_CONCURRENCY);
  const { services, unread } = await listed(clusters, shared.ecs, options.unknownClusterUnread === true);
  await describedInBatches(services, shared.ecs, limit);
  const results: (Preflight | Unread)[] = new Array(services.length);
  let done = 0;
  await eachAtOnce(checkOrder(services), limit, async (i) => {
    const s = services[i] as Listed;
    results[i] = await checked(s, region, shared);
    done++;
    options.onProgress?.({ done, total: services.length, service: s.service });
  });
  return {
    services: results.filter((r): r is Preflight => 'findings' in r),
    unread: [...unread, ...results.filter((r): r is Unread => !('findings' in r))],
  };
}

/**
 * One service's preflight, from its batch's `DescribeServices` answer; `unread` with why when
 * that call failed, ECS gave the service as missing, or another read its check needed failed.
 */
async function checked(s: Listed, region: string, shared: ReadPorts): Promise<Preflight | Unread> {
  const unreadBecause = (e: AwsCallError): Unread => ({
    cluster: clusterNameOf(s.cluster),
    service: s.service,
    why: failedRead('ecs:DescribeServices', e),
  });
  const read = readOf(s);
  if (read instanceof AwsCallError) return unreadBecause(read);
  if ('missing' in read)
    return unreadBecause(
      new AwsCallError(
        'ecs:DescribeServices',
        read.missing,
        'not-found',
        `no service ${s.service} in cluster ${s.cluster}`,
      ),
    );
  try {
    return await preflightOf(s.cluster, read.facts, region, shared);
  } catch (e) {
    // Any failed AWS call that stopped this service's check (a bug still surfaces).
    if (!(e instanceof AwsCallError)) throw e;
    return unreadBecause(e);
  }
}

/** Wraps a read so that its answer (the promise) is remembered under `name` and its arguments. */
type Once = <A extends unknown[], R>(
  name: string,
  read: (...args: A) => Promise<R>,
) => (...args: A) => Promise<R>;

/** The ports with every read remembered (the promise, so concurrent askers share one call). */
export function sharedReads(ports: ReadPorts): ReadPorts {
  const once = memoiser();
  const { iam, ecr, secrets, resolver, efs } = ports;
  return {
    ecs: sharedEcsReads(ports.ecs, once),
    ec2: sharedEc2Reads(ports.ec2, once),
    iam: {
      simulatePrincipalPolicy: once(
        'sim',
        (
          role: string,
          requests: Parameters<typeof iam.simulatePrincipalPolicy>[1],
          context?: Parameters<typeof iam.simulatePrincipalPolicy>[2],
        ) => iam.simulatePrincipalPolicy(role, requests, context),
      ),
      getInstanceProfileRole: once('profile', (arn: string) => iam.getInstanceProfileRole(arn)),
    },
    ecr: {
      describeImage: once('image', (ref: Parameters<typeof ecr.describeImage>[0]) => ecr.describeImage(ref)),
      listTags: once('ecr-tags', (ref: Parameters<typeof ecr.listTags>[0]) => ecr.listTags(ref)),
      lifecycleRules: once('ecr-lifecycle', (ref: Parameters<typeof ecr.lifecycleRules>[0]) =>
        ecr.lifecycleRules(ref),
      ),
      imagePlatforms: once('platforms', (ref: Parameters<typeof ecr.imagePlatforms>[0]) =>
        ecr.imagePlatforms(ref),
      ),
      // Once per registry: every service of the scan reads the same rules.
      pullThroughRules: once('ecr-pull-through', (registryId: string) => ecr.pullThroughRules(registryId)),
      replicationRules: once('ecr-replication', (region: string) => ecr.replicationRules(region)),
      repositoryPolicy: once('ecr-repository-policy', (ref: Parameters<typeof ecr.repositoryPolicy>[0]) =>
        ecr.repositoryPolicy(ref),
      ),
    },
    secrets: {
      describeSecret: once('secret', (id: string) => secrets.describeSecret(id)),
      describeParameters: once('params', (names: readonly string[]) => secrets.describeParameters(names)),
    },
    resolver: {
      listResolverRuleAssociations: once('resolver-assoc', (vpc: string) =>
        resolver.listResolverRuleAssociations(vpc),
      ),
      listResolverRules: once('resolver-rules', () => resolver.listResolverRules()),
    },
    efs: {
      describeMountTargets: once('efs-targets', (id: string) => efs.describeMountTargets(id)),
      describeAccessPoint: once('efs-access-point', (id: string) => efs.describeAccessPoint(id)),
      describeFileSystemPolicy: once('efs-policy', (id: string) => efs.describeFileSystemPolicy(id)),
    },
  };
}

/** One cache for all the reads of a scan, keyed by the read's name and its arguments as JSON. */
function memoiser(): Once {
  const cache = new Map<string, Promise<unknown>>();
  return <A extends unknown[], R>(name: string, read: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> => {
      const key = `${name} ${JSON.stringify(args)}`;
      let hit = cache.get(key) as Promise<R> | undefined;
      if (!hit) {
        hit = read(...args);
        cache.set(key, hit);
      }
      return hit;
    };
}

/** The ECS reads, shared (all but `describeTask`). */
function sharedEcsReads(ecs: EcsReader, once: Once): EcsReader {
  return {
    describeTaskDefinition: once('td', (arn: string) => ecs.describeTaskDefinition(arn)),
    describeServiceNetwork: once('svcnet', (c: string, s: string) => ecs.describeServiceNetwork(c, s)),
    describeService: once('svc', (c: string, s: string) => ecs.describeService(c, s)),
    describeServices: once('svcs', (c: string, names: readonly string[]) => ecs.describeServices(c, names)),
    describeClusterTags: once('tags', (c: string) => ecs.describeClusterTags(c)),
    listServices: once('services', (c: string) => ecs.listServices(c)),
    listClusters: once('clusters', () => ecs.listClusters()),
    describeTask: (c, t) => ecs.describeTask(c, t),
    describeContainerInstance: (c, arn) => ecs.describeContainerInstance(c, arn),
    // Once per cluster: every service without awsvpc picks its stand-in among the same instances.
    listActiveContainerInstances: once('ci-active', (c: string) => ecs.listActiveContainerInstances(c)),
    describeCapacityProvider: once('cp', (c: string, name: string) => ecs.describeCapacityProvider(c, name)),
  };
}

/** The EC2 reads, shared (all but `findSecurityGroup`). */
function sharedEc2Reads(ec2: Ec2Reader, once: Once): Ec2Reader {
  // Keyed by the sorted ids: two services with the same groups in another order share a read.
  const sgs = once('sg', (ids: readonly string[]) => ec2.describeSecurityGroups(ids));
  return {
    describeSubnets: once('subnets', (ids: readonly string[]) => ec2.describeSubnets(ids)),
    describeRouteTables: once('rtb', (vpc: string) => ec2.describeRouteTables(vpc)),
    describeNetworkAcls: once('acl', (vpc: string) => ec2.describeNetworkAcls(vpc)),
    describeVpcEndpoints: once('vpce', (vpc: string) => ec2.describeVpcEndpoints(vpc)),
    describeVpcAttribute: once('attr', (vpc: string, a: Parameters<Ec2Reader['describeVpcAttribute']>[1]) =>
      ec2.describeVpcAttribute(vpc, a),
    ),
    describeSecurityGroups: (ids) => sgs([...ids].sort()),
    describeNatGateways: once('nat', (ids: readonly string[]) => ec2.describeNatGateways(ids)),
    describeNetworkInterfaces: once('eni', (ids: readonly string[]) => ec2.describeNetworkInterfaces(ids)),
    findSecurityGroup: (vpc, name) => ec2.findSecurityGroup(vpc, name),
    describeManagedPrefixListId: once('pl', (name: string) => ec2.describeManagedPrefixListId(name)),
    describeVpcTags: once('vpc-tags', (vpc: string) => ec2.describeVpcTags(vpc)),
    describeVpc: once('vpc', (vpc: string) => ec2.describeVpc(vpc)),
    describeVpcSecurityGroups: once('vpc-sg', (vpc: string) => ec2.describeVpcSecurityGroups(vpc)),
    getManagedPrefixListEntries: once('pl-entries', (id: string) => ec2.getManagedPrefixListEntries(id)),
    describeDhcpOptions: once('dhcp', (id: string) => ec2.describeDhcpOptions(id)),
    describeNetworkInterfacesByAddress: once('eni-ip', (vpc: string, ip: string) =>
      ec2.describeNetworkInterfacesByAddress(vpc, ip),
    ),
    describeInstance: once('instance', (id: string) => ec2.describeInstance(id)),
    describeLaunchTemplateVersion: once('lt', (id: string, version: string) =>
      ec2.describeLaunchTemplateVersion(id, version),
    ),
  };
}
