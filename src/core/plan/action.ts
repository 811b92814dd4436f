import type { FindingId } from '../findings/types.js';
import type { Mode } from '../mode.js';
import type { EndpointService } from '../network.js';
import type { Write, WriteKind } from './types.js';

/** Changes ecs-pullfix only recommends. */
export type RecommendedChange =
  | 'add-nat-gateway'
  | 'fix-nat-route'
  | 'assign-public-ip'
  | 'accept-endpoint'
  | 'enable-private-dns'
  | 'enable-vpc-dns'
  | 'forward-dns-to-vpc-resolver'
  | 'add-nacl-entry'
  | 'add-efs-mount-target'
  | 'allow-nfs'
  | 'fix-efs-access-point'
  | 'add-task-role'
  | 'grant-efs-client'
  | 'change-endpoint-policy'
  | 'allow-egress-to-internet'
  | 'mirror-image'
  | 'use-dual-stack-image'
  | 'add-egress-only-gateway'
  | 'make-endpoint-dual-stack'
  | 'check-path'
  | 'add-execution-role'
  | 'fix-instance-role'
  | 'grant-execution-role'
  | 'push-image'
  | 'redeploy-service'
  | 'restore-image'
  | 'create-pull-through-rule'
  | 'grant-pull-through-import'
  | 'fix-pull-through-credential'
  | 'grant-repository-pull'
  | 'fix-secret'
  | 'delete-duplicate-endpoints';

type ActionCommon = Readonly<{
  /** Stable across runs: what the action does to what. */
  id: string;
  /** The finding it answers (`missing-endpoint:ecr.dkr`). */
  why: string;
  /** True when auto-fix may apply it under this policy; `reason` says why (not). */
  allowed: boolean;
  reason: string;
  service?: EndpointService;
  /** The AWS CLI command(s) a person could run instead. */
  cli: string;
  cloudformation?: string;
  terraform?: string;
  /** Estimated monthly cost, in USD (see COST_ASSUMPTION). */
  monthlyUsd: number;
}>;

/** A write auto-fix may make (when `allowed`), or a change only a person makes. */
export type Action = ActionCommon &
  Readonly<
    | { type: 'write'; kind: WriteKind; write: Write }
    | { type: 'recommend'; kind: `recommend:${RecommendedChange}`; finding: FindingId }
  >;

export type Plan = Readonly<{ mode: Mode; actions: readonly Action[]; notes: readonly string[] }>;
