import { describeBatchesOf } from '../core/describe-batches.js';
import type { EcsReader, ServiceRead } from '../core/ports.js';
import { AwsCallError, InvalidInputError } from '../errors.js';
import { eachAtOnce } from './bounded.js';
import { failedRead } from './failures.js';

// What `scan` does before it checks a service: list the clusters' services, describe them 10
// to a call, and order the checks so that those which read something no other has read go first.

/** A cluster whose services could not be listed (no `service`), or a service that could not be checked. */
export type Unread = Readonly<{ cluster: string; service?: string; why: string }>;

/** The services of one cluster one `DescribeServices` call asks for, and its answer once read. */
type Batch = {
  readonly cluster: string;
  readonly names: readonly string[];
  read?: ServiceRead[] | AwsCallError;
};

/** A service listed, and the batch `DescribeServices` describes it in. */
export type Listed = Readonly<{ cluster: string; service: string; batch: Batch }>;

/** Every service of the clusters (each cluster's in batches of 10), and the clusters that could not be listed. */
export async function listed(
  clusters: readonly string[] | undefined,
  ecs: EcsReader,
  /** A cluster named that ECS does not know is an `unread` row, not bad input (one account of many may lack it). */
  unknownUnread = false,
): Promise<{ services: Listed[]; unread: Unread[] }> {
  const names = clusters ?? (await ecs.listClusters());
  const services: Listed[] = [];
  const unread: Unread[] = [];
  for (const cluster of names) {
    try {
      const arns = await ecs.listServices(cluster);
      for (const batchNames of describeBatchesOf(arns.map((arn) => arn.split('/').pop() ?? arn))) {
        const batch: Batch = { cluster, names: batchNames };
        for (const service of batchNames) services.push({ cluster, service, batch });
      }
    } catch (e) {
      if (!(e instanceof AwsCallError)) throw e;
      // A cluster named that ECS does not know is the user's input (one listed is gone since).
      if (clusters && e.kind === 'not-found' && !unknownUnread)
        throw new InvalidInputError(`ECS does not know cluster ${cluster} (${e.code})`, { cause: e });
      unread.push({ cluster: clusterNameOf(cluster), why: failedRead('ecs:ListServices', e) });
    }
  }
  return { services, unread };
}

/**
 * Each batch's `DescribeServices`, `limit` at a time; a call that fails is its batch's answer
 * (its services are not read, the others are).
 */
export async function describedInBatches(
  services: readonly Listed[],
  ecs: EcsReader,
  limit: number,
): Promise<void> {
  const batches = [...new Set(services.map((s) => s.batch))];
  await eachAtOnce(batches, limit, async (batch) => {
    try {
      batch.read = await ecs.describeServices(batch.cluster, batch.names);
    } catch (e) {
      if (!(e instanceof AwsCallError)) throw e;
      batch.read = e;
    }
  });
}

/** A described service's answer (its facts, or why none), or the failure of its batch's call. */
export function readOf(s: Listed): ServiceRead | AwsCallError {
  const read = s.batch.read;
  if (read instanceof AwsCallError) return read;
  return read?.find((r) => r.service === s.service) ?? { service: s.service, missing: 'MISSING' };
}

/**
 * The order to check the services in (indices of `services`): first one service of each
 * distinct task definition and network configuration, in the order listed, then the others.
 * The first ones read what no other check has read, each at its own pace; the others find
 * their answers read already (`sharedReads`). In listing order, services of one task definition
 * sit side by side and would all wait on its first reads together.
 */
export function checkOrder(services: readonly Listed[]): number[] {
  const seen = new Set<string>();
  const first: number[] = [];
  const rest: number[] = [];
  services.forEach((s, i) => {
    const read = readOf(s);
    const key =
      read instanceof AwsCallError || 'missing' in read ? undefined : `${s.cluster} ${sameReads(read.facts)}`;
    if (key === undefined || !seen.has(key)) first.push(i);
    else rest.push(i);
    if (key !== undefined) seen.add(key);
  });
  return [...first, ...rest];
}

/** What a service's check reads, but for its name: two services with the same key read the same. */
function sameReads(facts: Extract<ServiceRead, { facts: unknown }>['facts']): string {
  const { name: _, ...reads } = facts;
  return JSON.stringify(reads);
}

/** `prod-apps` of `arn:aws:ecs:us-east-1:111122223333:cluster/prod-apps` (a name is itself). */
export function clusterNameOf(cluster: string): string {
  return /:cluster\/(.+)$/.exec(cluster)?.[1] ?? cluster;
}
