import type { EndpointService } from './network.js';

/**
 * Policy: who may change what (design.md, "Policy"). The mode comes from the cluster's tag
 * `ecs-pullfix:mode`, else the deployment's default; an unknown value is reported and
 * treated as `notify`.
 */
export const MODES = ['notify', 'dry-run', 'auto-fix'] as const;
export type Mode = (typeof MODES)[number];

/** The cluster tag that opts a cluster in. */
export const MODE_TAG = 'ecs-pullfix:mode';

/** What the deployment decides for every cluster. */
export type DeploymentPolicy = Readonly<{
  defaultMode: Mode;
  /** How many endpoints ecs-pullfix may have created in one VPC, in all. */
  maxEndpointsPerVpc: number;
  /** When set, the only endpoint services auto-fix may create. */
  allowedServices?: readonly EndpointService[];
}>;

export const DEFAULT_DEPLOYMENT_POLICY: DeploymentPolicy = { defaultMode: 'notify', maxEndpointsPerVpc: 6 };

/** The policy for one cluster. */
export type Policy = DeploymentPolicy &
  Readonly<{
    mode: Mode;
    /** Where the mode came from. */
    source: 'cluster-tag' | 'default' | 'flag';
    /** An unusable tag value, reported to the user (the mode then is `notify`). */
    problem?: string;
  }>;

/** True when `value` names a mode (case and surrounding space aside). */
export function parseMode(value: string): Mode | undefined {
  const v = value.trim().toLowerCase();
  return MODES.find((m) => m === v);
}

/** The policy of a cluster, from its tags and the deployment's policy. Pure and total. */
export function policyFor(tags: Readonly<Record<string, string>>, deployment: DeploymentPolicy): Policy {
  const raw = tags[MODE_TAG];
  if (raw === undefined) return { ...deployment, mode: deployment.defaultMode, source: 'default' };
  const mode = parseMode(raw);
  if (mode) return { ...deployment, mode, source: 'cluster-tag' };
  return {
    ...deployment,
    mode: 'notify',
    source: 'cluster-tag',
    problem: `the cluster tag ${MODE_TAG}=${JSON.stringify(raw)} is not one of ${MODES.join(', ')}: treated as notify`,
  };
}
