/** The findings of an image served by an ECR pull-through cache rule (catalogue: ./pull-through.ts). */
export type PullThroughFinding =
  | {
      id: 'pull-through-rule-missing';
      image: string;
      repository: string;
      registryId: string;
      region: string;
      /** The repository's first segment: an upstream's usual prefix, which no rule of the registry has. */
      prefix: string;
      /** The upstream that prefix usually names, and whether it needs a credential secret. */
      upstreamUrl: string;
      upstreamName: string;
      credentials: boolean;
    }
  | {
      id: 'pull-through-role-cannot-import';
      image: string;
      repository: string;
      roleArn: string;
      /** The actions denied: `ecr:BatchImportUpstreamImage`, and `ecr:CreateRepository` on a first pull. */
      actions: readonly string[];
      /** The cached repository's ARN (the simulated resource). */
      repositoryArn: string;
      /** The cached repository does not exist yet: the pull creates it. */
      firstPull: boolean;
      prefix: string;
    }
  | {
      id: 'pull-through-credential-missing';
      image: string;
      prefix: string;
      registryId: string;
      region: string;
      upstreamUrl: string;
      /** `none`: the upstream needs one and the rule names none; `missing`/`deleted`: the secret; `misnamed`: not `ecr-pullthroughcache/…`. */
      problem: 'none' | 'missing' | 'deleted' | 'misnamed';
      credentialArn?: string;
    };
