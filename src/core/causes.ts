/**
 * The classification vocabulary: the stop causes and the services a failure implicates.
 * The contract behind these lists is `docs/causes.md`.
 */

/** Every cause the classifier can return, in the order of the contract's table. */
export const CAUSES = [
  'network-timeout',
  'network-dns',
  'network-s3-layer',
  'endpoint-policy',
  'iam-execution-role',
  'kms-denied',
  'secret-not-found',
  'image-not-found',
  'image-platform',
  'registry-auth',
  'registry-rate-limit',
  'logging-setup',
  'efs-mount',
  'capacity-or-platform',
  'not-a-start-failure',
  'unknown',
] as const;
export type Cause = (typeof CAUSES)[number];

/**
 * Causes a change to the task's network path can cure: the ones the network stage inspects.
 * An endpoint policy is on the path (the call went through the endpoint, which refused it),
 * though its fix is only ever recommended.
 */
const NETWORK_CAUSES: ReadonlySet<Cause> = new Set<Cause>([
  'network-timeout',
  'network-dns',
  'network-s3-layer',
  'endpoint-policy',
]);

/** True when the cause is a network-path problem (see the "network fix can help" column). */
export function isNetworkCause(cause: Cause): boolean {
  return NETWORK_CAUSES.has(cause);
}

/** What a failure implicates, so the network stage knows which path to inspect. */
export const SERVICES = [
  'ecr',
  'ecr-public',
  'dockerhub',
  'private-registry',
  's3',
  'logs',
  'ssm',
  'secretsmanager',
  'kms',
  'efs',
  'none',
  'unknown',
] as const;
export type Service = (typeof SERVICES)[number];

/** The services that are image registries. */
export type RegistryKind = Extract<Service, 'ecr' | 'ecr-public' | 'dockerhub' | 'private-registry'>;

/** A registry named by the stop text or by the task's image. */
export type Registry = Readonly<{
  kind: RegistryKind;
  /** The host as written (`123456789012.dkr.ecr.us-east-1.amazonaws.com`, `registry-1.docker.io`). */
  host: string;
  /** The AWS region, for ECR hosts. */
  region?: string;
}>;

/** One container of a stopped task, as far as the classifier cares. */
export type ContainerStop = Readonly<{
  name?: string;
  reason?: string;
  image?: string;
}>;

/** What ECS says about a stopped task: the classifier's whole input. Every field is optional. */
export type StopRecord = Readonly<{
  stoppedReason?: string;
  stopCode?: string;
  containers?: readonly ContainerStop[];
}>;

/** The classifier's verdict on one stopped task. */
export type Classification = Readonly<{
  cause: Cause;
  service: Service;
  /** True when a fix to the task's network path can cure the cause. */
  networkRelated: boolean;
  /** The registry the text (or, failing that, the failing container's image) names. */
  registry: Registry | null;
  /** The exact substrings of the input that decided the cause, most decisive first. */
  evidence: readonly string[];
  /** One human sentence. */
  summary: string;
}>;
