import * as v from 'valibot';

// The workload parts of a scenario file (./scenario-schema.ts spreads them into its Schema):
// what IAM, ECR, Secrets Manager and Parameter Store answer.

export const WORKLOAD_FIELDS = {
  /** What iam:SimulatePrincipalPolicy answers for the execution role (absent: everything allowed). */
  executionRolePolicy: v.optional(
    v.object({
      /** `denied`: the caller may not simulate (AccessDenied). */
      simulation: v.optional(v.picklist(['allowed', 'denied']), 'allowed'),
      exists: v.optional(v.boolean(), true),
      /** Actions (`ecr:GetAuthorizationToken`) or `action resource-prefix*` the role lacks. */
      deny: v.optional(v.array(v.string()), []),
      /** The same, denied by an explicit Deny statement. */
      explicitDeny: v.optional(v.array(v.string()), []),
    }),
  ),
  /**
   * What iam:SimulatePrincipalPolicy answers for the container instance's role (absent:
   * everything allowed), as for the execution role.
   */
  instanceRolePolicy: v.optional(
    v.object({
      deny: v.optional(v.array(v.string()), []),
      explicitDeny: v.optional(v.array(v.string()), []),
    }),
  ),
  /** The account's private ECR repositories (absent: every ECR image the task names exists, for its platform). */
  registry: v.optional(
    v.array(
      v.object({
        repository: v.string(),
        images: v.optional(
          v.array(
            v.object({
              tags: v.array(v.string()),
              platforms: v.optional(v.array(v.string()), ['linux/amd64']),
              /**
               * `index`: a manifest list naming each platform (what buildx pushes); `single`: one
               * image manifest, whose platform only its config blob names (never downloaded).
               */
              manifest: v.optional(v.picklist(['index', 'single']), 'index'),
              /** Its digest (absent: one made from the repository and its place in the list). */
              digest: v.optional(v.string()),
              /** ECR's `imageStatus`: an `ARCHIVED` image cannot be pulled until restored. */
              status: v.optional(v.picklist(['ACTIVE', 'ARCHIVED', 'ACTIVATING'])),
              sizeInBytes: v.optional(v.number()),
            }),
          ),
          [],
        ),
        /** The repository's policy, as its JSON text (absent: it has none). */
        policy: v.optional(v.string()),
        /** The repository's lifecycle policy, rule by rule (absent: it has none). */
        lifecycleRules: v.optional(
          v.array(
            v.object({
              priority: v.number(),
              description: v.optional(v.string()),
              tagStatus: v.picklist(['tagged', 'untagged', 'any']),
              countType: v.string(),
              countNumber: v.number(),
              countUnit: v.optional(v.string()),
              action: v.optional(v.picklist(['expire', 'transition']), 'expire'),
            }),
          ),
        ),
      }),
    ),
  ),
  /** The registry's pull-through cache rules (absent: none). */
  pullThroughRules: v.optional(
    v.array(
      v.object({
        prefix: v.string(),
        upstreamUrl: v.string(),
        upstreamRegistry: v.optional(v.string()),
        credentialArn: v.optional(v.string()),
        customRoleArn: v.optional(v.string()),
      }),
    ),
  ),
  /**
   * The account's registry's replication rules (`ecr:DescribeRegistry`), in the Region its
   * images come from when that is not the task's (absent: none).
   */
  replicationRules: v.optional(
    v.array(
      v.object({
        destinations: v.array(v.object({ region: v.string(), registryId: v.string() })),
        repositoryFilters: v.optional(
          v.array(v.object({ filter: v.string(), filterType: v.optional(v.string(), 'PREFIX_MATCH') })),
          [],
        ),
      }),
    ),
  ),
  /** The account's Secrets Manager secrets (absent: every secret the task names exists). */
  secretsManager: v.optional(
    v.array(
      v.object({
        arn: v.string(),
        kmsKey: v.optional(v.string()),
        versions: v.optional(v.record(v.string(), v.array(v.string())), { v1: ['AWSCURRENT'] }),
        deletedDate: v.optional(v.string()),
      }),
    ),
  ),
  /** The account's SSM parameters (absent: every parameter the task names exists). */
  parameters: v.optional(
    v.array(
      v.object({
        name: v.string(),
        type: v.optional(v.string(), 'SecureString'),
        version: v.optional(v.number(), 1),
        kmsKey: v.optional(v.string()),
      }),
    ),
  ),
};
