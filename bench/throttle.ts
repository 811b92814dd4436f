/**
 * AWS's API request throttles as token buckets, to replay a run's calls against: a call
 * takes a token from its bucket, which holds at most `capacity` (the burst) and refills at
 * `perSecond` (the sustained rate); a call that finds it empty would be throttled (the SDK
 * would back off and retry it, so it costs time, not the answer).
 *
 * ECS throttles per category of action, per account and Region
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/request-throttling.html);
 * EC2 per action, non-mutating actions 100 tokens refilled at 20 a second
 * (https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html).
 */
export type Bucket = Readonly<{ name: string; capacity: number; perSecond: number }>;

/** ECS's read categories `scan` draws on, by port method of the `EcsReader`. */
const ECS_BUCKETS: Readonly<Record<string, Bucket>> = (() => {
  const service = { name: 'ECS service reads', capacity: 100, perSecond: 20 };
  const cluster = { name: 'ECS cluster reads', capacity: 50, perSecond: 20 };
  const resource = { name: 'ECS cluster resource reads', capacity: 100, perSecond: 20 };
  return {
    describeServices: service,
    describeService: service,
    describeServiceNetwork: service,
    listServices: service,
    listClusters: cluster,
    describeClusterTags: cluster,
    describeTaskDefinition: { name: 'ECS task definition reads', capacity: 50, perSecond: 20 },
    listActiveContainerInstances: resource,
    describeContainerInstance: resource,
    describeTask: resource,
    describeCapacityProvider: { name: 'ECS capacity provider reads', capacity: 50, perSecond: 20 },
  };
})();

/** The bucket a port call draws on; undefined for the services not modelled (IAM, ECR, Secrets Manager, SSM, EFS, Route 53 Resolver). */
export function bucketOf(port: string, method: string): Bucket | undefined {
  if (port === 'ecs') return ECS_BUCKETS[method];
  // EC2's describe actions: a bucket each (a port method stands for its action).
  if (port === 'ec2') return { name: `EC2 ${method}`, capacity: 100, perSecond: 20 };
  return undefined;
}

/** One call, when it was sent (ms from the start of the run). */
export type TimedCall = Readonly<{ port: string; method: string; startMs: number }>;

/** The calls of a run its buckets would have throttled, by bucket (buckets start full). */
export function throttled(calls: readonly TimedCall[]): Map<string, number> {
  const state = new Map<string, { tokens: number; atMs: number }>();
  const refused = new Map<string, number>();
  for (const call of [...calls].sort((a, b) => a.startMs - b.startMs)) {
    const bucket = bucketOf(call.port, call.method);
    if (!bucket) continue;
    const s = state.get(bucket.name) ?? { tokens: bucket.capacity, atMs: call.startMs };
    s.tokens = Math.min(bucket.capacity, s.tokens + ((call.startMs - s.atMs) / 1000) * bucket.perSecond);
    s.atMs = call.startMs;
    if (s.tokens >= 1) s.tokens -= 1;
    else refused.set(bucket.name, (refused.get(bucket.name) ?? 0) + 1);
    state.set(bucket.name, s);
  }
  return refused;
}
