import type { Checked } from './checked.js';
import type { SecretState } from './workload-secrets.js';

/** One simulated decision (as `workload.ts`'s `PermissionDecision`, which imports this module). */
type PermissionDecision = Readonly<{
  action: string;
  resource: string;
  decision: 'allowed' | 'explicitDeny' | 'implicitDeny';
}>;

/**
 * ECR pull-through cache: a rule maps a repository prefix of the registry (`docker-hub`) to an
 * upstream registry; the first pull of `<prefix>/<upstream repository>` makes ECR fetch the
 * image from the upstream itself — from AWS's side, so the task needs no egress to the
 * upstream — and create the cached repository. The principal pulling (the execution role)
 * needs `ecr:BatchImportUpstreamImage`, and `ecr:CreateRepository` while the repository does
 * not exist yet. An upstream that needs credentials reads them from a Secrets Manager secret
 * whose name starts with `ecr-pullthroughcache/`; an ECR-to-ECR rule uses a role
 * (`customRoleArn`) instead. Pure.
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache.html
 */

/** One rule, as `ecr:DescribePullThroughCacheRules` gives it (only what is checked). */
export type PullThroughRule = Readonly<{
  prefix: string;
  upstreamUrl: string;
  /** ECR's name of the upstream (`docker-hub`), when it gives one. */
  upstreamRegistry?: string;
  credentialArn?: string;
  /** An ECR-to-ECR rule's role, which ECR assumes to read the upstream registry. */
  customRoleArn?: string;
  upstreamRepositoryPrefix?: string;
}>;

/** The name a pull-through cache credential secret must start with. */
export const CREDENTIAL_SECRET_PREFIX = 'ecr-pullthroughcache/';

/** An upstream ECR knows, by the prefix its console suggests: its URL, and whether it needs credentials. */
export type KnownUpstream = Readonly<{ url: string; credentials: boolean; name: string }>;

/** The upstreams ECR supports, by the repository prefix people give their rules. */
export const KNOWN_UPSTREAMS: Readonly<Record<string, KnownUpstream>> = {
  'ecr-public': { url: 'public.ecr.aws', credentials: false, name: 'ECR Public' },
  'docker-hub': { url: 'registry-1.docker.io', credentials: true, name: 'Docker Hub' },
  quay: { url: 'quay.io', credentials: false, name: 'Quay' },
  k8s: { url: 'registry.k8s.io', credentials: false, name: 'the Kubernetes registry' },
  ghcr: { url: 'ghcr.io', credentials: true, name: 'GitHub Container Registry' },
  github: { url: 'ghcr.io', credentials: true, name: 'GitHub Container Registry' },
  gitlab: { url: 'registry.gitlab.com', credentials: true, name: 'GitLab Container Registry' },
  chainguard: { url: 'cgr.dev', credentials: false, name: 'Chainguard' },
};

/** True when the upstream needs a credential secret: Docker Hub, GitHub, GitLab, Azure. */
export function upstreamNeedsCredentials(rule: PullThroughRule): boolean {
  if (rule.upstreamRegistry)
    return [
      'docker-hub',
      'github-container-registry',
      'gitlab-container-registry',
      'azure-container-registry',
    ].includes(rule.upstreamRegistry);
  return /(^|\.)(docker\.io|ghcr\.io|gitlab\.com|azurecr\.io)$/.test(rule.upstreamUrl);
}

/** True for an ECR-to-ECR rule (it authenticates with a role, not a secret). */
export const isEcrUpstream = (rule: PullThroughRule): boolean =>
  rule.upstreamRegistry === 'ecr' || /\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com$/.test(rule.upstreamUrl);

/** The rule whose prefix the repository is under (`<prefix>/…`), the longest when several are. */
export function ruleOf(repository: string, rules: readonly PullThroughRule[]): PullThroughRule | undefined {
  return rules
    .filter((r) => r.prefix !== '' && repository.startsWith(`${r.prefix}/`))
    .sort((a, b) => b.prefix.length - a.prefix.length)[0];
}

/** The first path segment of a repository, when it is an upstream's usual prefix (`docker-hub`). */
export function knownPrefixOf(repository: string): string | undefined {
  const slash = repository.indexOf('/');
  if (slash <= 0) return undefined;
  const prefix = repository.slice(0, slash);
  return Object.hasOwn(KNOWN_UPSTREAMS, prefix) ? prefix : undefined;
}

/** What a pull-through image was checked for. */
export type PullThroughCheck = Readonly<{
  /** The registry's rules (`DescribePullThroughCacheRules`). */
  rules: Checked<readonly PullThroughRule[]>;
  /** The rule's credential secret (`DescribeSecret`), when the rule names one. */
  credential?: Checked<SecretState>;
  /** The execution role's `BatchImportUpstreamImage` and `CreateRepository` (simulated). */
  role?: Readonly<{ roleArn: string; decisions: Checked<readonly PermissionDecision[]> }>;
}>;

/** The role's actions a pull through the cache needs, on the cached repository's ARN. */
export const IMPORT_ACTIONS = ['ecr:BatchImportUpstreamImage', 'ecr:CreateRepository'] as const;
