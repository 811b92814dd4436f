import type { Ec2Reader, EcsReader, ReadPorts } from '../core/ports.js';
import { type Preflight, preflight } from './preflight.js';

export type ScanProgress = Readonly<{ done: number; total: number; service: string }>;

export type ScanOptions = Readonly<{
  /** Services checked at once (default 4). */
  concurrency?: number;
  onProgress?: (p: ScanProgress) => void;
}>;

/**
 * `scan`: `check` for every service of the clusters given (or of every cluster in the
 * region). Reads are shared across services — a VPC's route tables, ACLs, endpoints and
 * DNS attributes, a task definition, a security group set are read once however many
 * services use them — so a scan costs about one inspection per VPC, not one per service.
 */
export async function scan(
  clusters: readonly string[] | undefined,
  region: string,
  ports: ReadPorts,
  options: ScanOptions = {},
): Promise<Preflight[]> {
  const shared = sharedReads(ports);
  const names = clusters ?? (await shared.ecs.listClusters());
  const services: { cluster: string; service: string }[] = [];
  for (const cluster of names) {
    for (const arn of await shared.ecs.listServices(cluster))
      services.push({ cluster, service: arn.split('/').pop() ?? arn });
  }
  const results: Preflight[] = new Array(services.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    for (let i = next++; i < services.length; i = next++) {
      const s = services[i] as { cluster: string; service: string };
      results[i] = await preflight(s.cluster, s.service, region, shared);
      done++;
      options.onProgress?.({ done, total: services.length, service: s.service });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker));
  return results;
}

/** The ports with every read remembered (the promise, so concurrent askers share one call). */
export function sharedReads(ports: ReadPorts): ReadPorts {
  const cache = new Map<string, Promise<unknown>>();
  const once =
    <A extends unknown[], R>(name: string, read: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> => {
      const key = `${name} ${JSON.stringify(args)}`;
      let hit = cache.get(key) as Promise<R> | undefined;
      if (!hit) {
        hit = read(...args);
        cache.set(key, hit);
      }
      return hit;
    };
  const { ecs, ec2 } = ports;
  const sharedEcs: EcsReader = {
    describeTaskDefinition: once('td', (arn: string) => ecs.describeTaskDefinition(arn)),
    describeServiceNetwork: once('svcnet', (c: string, s: string) => ecs.describeServiceNetwork(c, s)),
    describeService: once('svc', (c: string, s: string) => ecs.describeService(c, s)),
    describeClusterTags: once('tags', (c: string) => ecs.describeClusterTags(c)),
    listServices: once('services', (c: string) => ecs.listServices(c)),
    listClusters: once('clusters', () => ecs.listClusters()),
    describeTask: (c, t) => ecs.describeTask(c, t),
  };
  // Keyed by the sorted ids: two services with the same groups in another order share a read.
  const sgs = once('sg', (ids: readonly string[]) => ec2.describeSecurityGroups(ids));
  const sharedEc2: Ec2Reader = {
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
  };
  const { iam, ecr, secrets } = ports;
  return {
    ecs: sharedEcs,
    ec2: sharedEc2,
    iam: {
      simulatePrincipalPolicy: once(
        'sim',
        (role: string, requests: Parameters<typeof iam.simulatePrincipalPolicy>[1]) =>
          iam.simulatePrincipalPolicy(role, requests),
      ),
    },
    ecr: {
      describeImage: once('image', (ref: Parameters<typeof ecr.describeImage>[0]) => ecr.describeImage(ref)),
      listTags: once('ecr-tags', (ref: Parameters<typeof ecr.listTags>[0]) => ecr.listTags(ref)),
      imagePlatforms: once('platforms', (ref: Parameters<typeof ecr.imagePlatforms>[0]) =>
        ecr.imagePlatforms(ref),
      ),
    },
    secrets: {
      describeSecret: once('secret', (id: string) => secrets.describeSecret(id)),
      describeParameters: once('params', (names: readonly string[]) => secrets.describeParameters(names)),
    },
  };
}
