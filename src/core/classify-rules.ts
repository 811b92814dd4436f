import type { Cause, Service } from './causes.js';

/**
 * The classifier's rules: data, read top to bottom, most specific first. The engine
 * (`classify.ts`) tries, in this order, every rule whose needles occur in the input; the
 * first whose pattern matches decides the cause, and its match is the evidence.
 *
 * Rules are written for message *families*: the Docker-agent wording (`API error (500):
 * … net/http: request canceled`), the containerd wording (`pull image manifest has been
 * retried 5 time(s): … dial tcp …: i/o timeout`), the newer "connection issue between the
 * task and Amazon X" wording, console truncation and odd case. Patterns are matched
 * case-insensitively and must stay linear (bounded repeats, no nested quantifiers): they
 * run on untrusted text. Needles are lower-case literals that begin a word (see
 * `needles.ts`); a pattern may match only where one of its rule's needles occurs.
 */

/** A fact some field must show, gated by needles. */
export type Fact = Readonly<{ needles: readonly string[]; pattern: RegExp }>;

export type Rule = Readonly<{
  cause: Cause;
  /** Lower-case literals beginning a word, one of which must occur before the pattern is tried. */
  needles: readonly string[];
  /** Case-insensitive; its match is the evidence. */
  pattern: RegExp;
  /** A second fact some field must also show; its match is evidence too. */
  requires?: Fact;
  /** A fact that vetoes the rule when any field shows it. */
  unless?: RegExp;
  /** A condition on the registry the text names. */
  registry?: 'ecr' | 'ecr-or-unnamed';
  /** The service, when the rule itself settles it. */
  service?: Service;
}>;

/** Where a timeout or cancellation is a network symptom: a pull, a registry auth, a secret fetch, a log call. */
const NETWORK_CALL: Fact = {
  needles: [
    'pull',
    'cannotpull',
    'registry auth',
    'secret',
    'ssm',
    'asm',
    'log stream',
    'ecr',
    'resolve ref',
    'manifest',
    'send request',
    'registry',
    'env file',
    'environment file',
  ],
  pattern:
    /CannotPull\w*|pull image[\w ]*|unable to retrieve (?:ecr registry auth|secrets?)|failed to fetch secret|from (?:asm|ssm)\b|log stream|failed to resolve ref|send request failed|registry endpoint|download env(?:ironment)? files?/i,
};

/** A secret or parameter retrieval (for `ResourceNotFoundException`, `invalid parameters`). */
const SECRET_CALL: Fact = {
  needles: ['secret', 'ssm', 'asm', 'parameter'],
  pattern:
    /unable to retrieve secrets? from (?:asm|ssm)|secrets manager|secretsmanager|ssm parameter store|parameter store|from (?:asm|ssm)\b|:parameter\//i,
};

/** A pull: where a bare "not found" means the image, not some other resource. */
const PULL_CALL: Fact = {
  needles: ['pull', 'cannotpull', 'resolve ref', 'manifest', 'image'],
  pattern:
    /CannotPull\w*|failed to resolve ref(?:erence)?|pull image manifest|pulling (?:from host|image)|ref pull|inspect image/i,
};

/** The rules, most specific first. */
export const RULES: readonly Rule[] = [
  // A TLS failure (an intercepting proxy, a private CA) is neither the network path nor auth:
  // the taxonomy has no cause for it, so abstain, with the evidence.
  {
    cause: 'unknown',
    needles: ['x509', 'failed to verify certificate'],
    pattern: /x509: [\w ]{1,60}|tls: failed to verify certificate/i,
  },
  // The agent timed out before the pull even began: the Docker daemon, not the path.
  {
    cause: 'unknown',
    needles: ['pullbegin'],
    pattern: /Could not transition to pullBegin/i,
  },
  // Specific beats generic: a KMS denial inside a secret fetch is kms-denied.
  {
    cause: 'kms-denied',
    needles: ['kms', 'awskms', 'the ciphertext refers to'],
    pattern:
      /Access to KMS is not allowed|KMSAccessDenied\w*|not authorized to perform:?\s*kms:\w+|kms:Decrypt|KMSInvalidStateException|The ciphertext refers to a customer master key that does not exist[\w ,]*|KMS key[\w ]{0,20} (?:is disabled|is pending deletion)/i,
  },
  // EFS: whatever the mechanism inside efs-utils (DNS, NFS timeout, access denied), the
  // failure is the mount.
  {
    cause: 'efs-mount',
    needles: ['efs', 'mount.nfs', 'access denied by server'],
    pattern:
      /failed to invoke EFS utils commands[\w ]*|unsuccessful EFS utils command execution|mount\.nfs4?: [^\n'"]{1,80}|access denied by server(?: while mounting)?|Failed to mount EFS[\w -]*|efs-utils/i,
  },
  // Layers come from S3 (prod-<region>-starport-layer-bucket): the manifest was reached,
  // the layer was not, whatever the symptom.
  {
    cause: 'network-s3-layer',
    needles: ['starport-layer-bucket'],
    pattern: /prod-[a-z0-9-]{1,40}-starport-layer-bucket[^\s"']{0,200}|starport-layer-bucket/i,
  },
  {
    cause: 'network-s3-layer',
    needles: ['error pulling image configuration'],
    pattern: /error pulling image configuration/i,
    requires: { needles: ['s3'], pattern: /https?:\/\/[^\s"]*\bs3[.-][^\s"]*/i },
  },
  // The execution role (or, on EC2, the instance role) lacks a permission, or is missing.
  {
    cause: 'iam-execution-role',
    needles: ['not authorized to perform'],
    pattern:
      /is not authorized to perform:?\s*(?:[\w-]+:[\w*]+)?|not authorized to perform:?\s*(?:[\w-]+:[\w*]+)?/i,
  },
  {
    cause: 'iam-execution-role',
    needles: ['accessdenied'],
    pattern: /AccessDenied(?:Exception)?/i,
  },
  // No role credentials at all (the instance role on EC2, the execution role on Fargate).
  {
    cause: 'iam-execution-role',
    needles: [
      'nocredentialproviders',
      'no valid providers in chain',
      'unable to locate credentials',
      'credentialsendpointerror',
      'failed to load credentials',
    ],
    pattern:
      /NoCredentialProviders(?:: no valid providers in chain)?|no valid providers in chain|Unable to locate credentials|CredentialsEndpointError(?:: failed to load credentials)?|failed to load credentials/i,
  },
  // The role given to the task cannot be assumed (trust policy, iam:PassRole): IAM alone.
  {
    cause: 'iam-execution-role',
    needles: ['assume'],
    pattern: /(?:was )?unable to assume (?:the )?role[^\n.]{0,120}/i,
    service: 'none',
  },
  {
    cause: 'iam-execution-role',
    needles: ['execution role'],
    pattern:
      /requires? task definition to have execution role ARN[\w ]*|(?:execution|task) role (?:does not|doesn't) have (?:the )?(?:required )?permissions?[\w ]*/i,
  },
  // 403 from ECR, or from a registry the text does not name, is the pull permission; from a
  // known non-ECR registry it is that registry's auth (registry-auth, below).
  {
    cause: 'iam-execution-role',
    needles: ['403'],
    pattern: /\b403 Forbidden|status code:? ?403\b|\(403\)/i,
    registry: 'ecr-or-unnamed',
  },
  // ECR answers a missing or refused token with these; other registries' are registry-auth.
  {
    cause: 'iam-execution-role',
    needles: ['pull access denied', 'no basic auth credentials', '401', 'unauthorized'],
    pattern:
      /pull access denied|no basic auth credentials|\b401 Unauthorized|status code:? ?401\b|unauthorized: [\w ]+/i,
    registry: 'ecr',
  },
  // The referenced secret, parameter, JSON key or version does not exist.
  {
    cause: 'secret-not-found',
    needles: [
      'find the specified secret',
      'parameternotfound',
      'parameterversion',
      'json key',
      'unable to find version',
    ],
    pattern:
      /(?:ResourceNotFoundException: )?Secrets Manager can.?t find the specified secret(?: value)?[\w ]*|Parameter(?:Version(?:Label)?)?NotFound\w*|did not contain json key [^\s,:]+|json key [^\s,:]+ (?:not found|does not exist)|unable to find version[\w ]*/i,
  },
  {
    cause: 'secret-not-found',
    needles: [
      'invalid parameter',
      'invalid ssm parameter',
      'invalidparameter',
      'getsecretvalueinput',
      'resourcenotfoundexception',
      'does not exist',
      'not found',
    ],
    pattern:
      /invalid ?(?:ssm )?parameters?:?\s*[^\s,]*|GetSecretValueInput\.\w+|ResourceNotFoundException|(?:secret|parameter)s? (?:\S+ )?(?:does not|doesn't|do not) exist|(?:secret|parameter) [^\s]{1,200} not found/i,
    requires: SECRET_CALL,
    unless: /log group|log stream/i,
  },
  // The agent gives up after one attempt on a non-retryable answer; when the text is cut
  // right there (console truncation), the answer for a secret fetch is nearly always that the
  // parameter or secret does not exist (an AccessDenied would have come first and been shown).
  {
    cause: 'secret-not-found',
    needles: ['retried 1 time'],
    pattern:
      /unable to retrieve secrets? from (?:ssm|asm): service call has been retried 1 times?(?:\(s\))?(?:\.{3}|…)?\s*$/i,
  },
  // The log driver, for reasons other than network or IAM.
  {
    cause: 'logging-setup',
    needles: ['log group does not exist', 'missingendpoint', 'missingregion', 'log group name is invalid'],
    pattern:
      /(?:The )?specified log group does not exist|log group does not exist|MissingEndpoint[\w :]*|MissingRegion[\w :]*|specified log group name is invalid/i,
  },
  // The registry throttled the pull (a throttled log call is the log driver's, below).
  {
    cause: 'registry-rate-limit',
    unless: /log stream|log group|logging driver|logger args/i,
    needles: ['toomanyrequests', '429', 'rate limit', 'rate exceeded', 'throttl'],
    pattern:
      /toomanyrequests|TooManyRequestsException|429 Too Many Requests|status code:? ?429\b|\(429\)|You have reached your (?:unauthenticated )?pull rate limit|pull rate limit|ThrottlingException(?:: Rate exceeded)?|Rate exceeded/i,
  },
  // No manifest for the task's platform.
  {
    cause: 'image-platform',
    needles: ['descriptor', 'no matching manifest', 'platform', 'exec format error'],
    pattern:
      /(?:does not contain|failed to find a|no) descriptor (?:matching|for) platform[^\n.]{0,40}|no matching manifest for [^\s]{1,60}(?: in the manifest list entries)?|does not match the specified platform[^\n.]{0,40}|exec format error/i,
  },
  // The platform itself: capacity, addresses, disk, the runtime, stale credentials.
  {
    cause: 'capacity-or-platform',
    needles: [
      'insufficientfreeaddresses',
      'no space left on device',
      'layer',
      'cannotcreatevolumeerror',
      'copy contents to volume',
      'ephemeral storage',
      'capacity',
      'containerruntime',
      'cannotinspectcontainererror',
      'expiredtoken',
      'security token included in the request is expired',
      'network interface provisioning',
      'could not tran',
      'failed to setup network namespace',
      'cni setup',
      'devmapper',
      'thin pool',
      'cgrouperror',
      'could not create task',
    ],
    pattern:
      /InsufficientFreeAddressesInSubnet|no space left on device|failed to (?:extract|register|apply) layer[^\n:]{0,40}|CannotCreateVolumeError|unable to copy contents to volume|ephemeral storage[^\n.:]{0,60}|Capacity is unavailable at this time|insufficient capacity|ContainerRuntime(?:Timeout)?Error[^\n:]{0,60}|CannotInspectContainerError|ExpiredToken(?:Exception)?|security token included in the request is expired|Timeout waiting for network interface provisioning to complete|Could not tran\w{0,4}tion to (?:created|inspecting)(?:; timed out after waiting \w+)?|failed to setup network namespace|cni setup[^\n:]{0,40}|devmapper: Thin Pool[^\n.]{0,80}|CgroupError(?:: [\w' ]{1,80})?|could not create task's platform resources/i,
  },
  // An AWS endpoint name built from an unset region (`logs.undefined.amazonaws.com`) does
  // not resolve, but the fix is the option that built it, not DNS.
  {
    cause: 'logging-setup',
    needles: ['logs.'],
    pattern: /logs\.(?:undefined|null|none|nan|\$\{[^}\s]{0,40}\})\.amazonaws\.com/i,
  },
  // The same for an image URI with a placeholder left in it.
  {
    cause: 'image-not-found',
    needles: ['ecr', 'invalid parameter at'],
    pattern:
      /dkr\.ecr\.(?:undefined|null|none|nan|\$\{[^}\s]{0,40}\})\.amazonaws\.com|InvalidParameterException: Invalid parameter at '(?:registryIds?|repositoryName|imageIds?)'/i,
  },
  // A name did not resolve.
  {
    cause: 'network-dns',
    needles: [
      'lookup ',
      'no such host',
      'name resolution',
      'name or service not known',
      'server misbehaving',
      'could not resolve',
      'failed to resolve "',
      'enotfound',
    ],
    pattern:
      /(?:dial tcp: )?lookup [\w.-]{1,253}(?: on [\w.:[\]]{0,59}[\w\]])?(?:: (?:no such host|server misbehaving|i\/o timeout|read udp [\w.:[\]>-]{1,120}: i\/o timeout))?|no such host|Temporary failure in name resolution|Name or service not known|server misbehaving|[Cc]ould not resolve host[^\n]{0,60}|Failed to resolve "[^"\n]{1,253}"|getaddrinfo ENOTFOUND[^\n]{0,60}/i,
    unless: /failed to resolve ref/i,
  },
  // "failed to resolve ref … lookup …" is a DNS failure too; only the lookup decides here.
  {
    cause: 'network-dns',
    needles: ['lookup '],
    pattern:
      /(?:dial tcp: )?lookup [\w.-]{1,253}(?: on [\w.:[\]]{0,59}[\w\]])?(?:: (?:no such host|server misbehaving|i\/o timeout))?/i,
  },
  // The task's ENI could not reach a registry or AWS service.
  {
    cause: 'network-timeout',
    needles: ['connection issue between the task'],
    pattern: /(?:There is a )?connection issue between the task and (?:Amazon |AWS )?[\w ]{1,40}/i,
  },
  {
    cause: 'network-timeout',
    needles: [
      'i/o timeout',
      'client.timeout',
      'request canceled',
      'requestcanceled',
      'tls handshake timeout',
      'timed out',
      'no route to host',
      'network is unreachable',
      'connection refused',
      'connection reset',
      'reach any registry endpoint',
    ],
    pattern:
      /dial tcp [\w.:[\]<>_-]{1,80}: (?:i\/o timeout|connect: (?:connection refused|no route to host|network is unreachable|connection timed out))|i\/o timeout|(?:net\/http: )?request canceled(?: while waiting for connection)?(?: \(Client\.Timeout exceeded while awaiting headers\))?|Client\.Timeout exceeded[\w ]*|RequestCanceled: request context cancell?ed|(?:net\/http: )?TLS handshake timeout|connection timed out|no route to host|network is unreachable|connection refused|connection reset by peer|Could not reach any registry endpoint/i,
  },
  // A timeout or cancellation is a network symptom only on a pull, an auth, a secret or a
  // log call; inside containerd volume or layer work it is the platform (rules above).
  {
    cause: 'network-timeout',
    needles: ['context deadline exceeded', 'context canceled'],
    pattern: /context (?:deadline exceeded|canceled)/i,
    requires: NETWORK_CALL,
  },
  // DockerTimeoutError on pull or start (console truncation and typos included).
  {
    cause: 'network-timeout',
    needles: ['could not tran'],
    pattern:
      /(?:DockerTimeoutError: )?Could not tran\w{0,4}tion to (?:pull(?!begin)\w*|start\w*)(?:; timed out after waiting \w+)?/i,
  },
  // The SDK's network failure (`RequestError` is the AWS SDK for Go's code for one), and the
  // hint AWS appends to network failures.
  {
    cause: 'network-timeout',
    needles: ['send request failed', 'network configuration', 'requesterror'],
    pattern:
      /RequestError: send request failed|send request failed|(?:Please )?check your task network configuration|RequestError\b/i,
  },
  // A bare timeout on a pull.
  {
    cause: 'network-timeout',
    needles: ['timeout', 'timed out'],
    pattern: /\btime(?:d )?out\b/i,
    requires: PULL_CALL,
  },
  // The log driver's validation killed after waiting on CloudWatch Logs (what AWS reports
  // when there is no path to it).
  {
    cause: 'network-timeout',
    needles: ['logger args'],
    pattern: /failed to validate logger args[^\n]{0,300}?signal: killed/i,
  },
  // The repository, tag or digest does not exist, or the reference is malformed.
  {
    cause: 'image-not-found',
    needles: [
      'manifest unknown',
      'not found',
      'does not exist',
      'pull access denied',
      'requested access to the resource is denied',
      'name unknown',
      'invalid reference format',
      'could not parse reference',
      'imagenotfound',
      'unable to find image',
    ],
    pattern:
      /manifest unknown[^\n]{0,60}|manifest for [^\s]{1,200} not found|repository [^\s]{1,200} not found|repository (?:with name '[^'\n]{1,200}' )?does not exist[^\n]{0,80}|does not exist or (?:no pull access|may require 'docker login')|pull access denied(?: for [^\s,]{1,200})?|requested access to the resource is denied|name unknown[^\n]{0,60}|invalid reference format[^\n]{0,60}|could not parse reference[^\n]{0,60}|ImageNotFound\w*|[Uu]nable to find image[^\n]{0,80}|image (?:tag )?(?:does not|doesn't) exist/i,
  },
  // A bare "not found" means the image only on a pull.
  {
    cause: 'image-not-found',
    needles: ['not found'],
    pattern: /(?:404 )?not found\b/i,
    requires: PULL_CALL,
  },
  // A non-ECR registry refused the credentials (or their absence).
  {
    cause: 'registry-auth',
    needles: [
      '401',
      'unauthorized',
      'anonymous token',
      'failed to authorize',
      'basic auth',
      'authentication required',
      '403',
    ],
    pattern:
      /\b401 Unauthorized|status code:? ?401\b|failed to fetch anonymous token|failed to authorize|no basic auth credentials|unauthorized: [\w ]{1,60}|authentication required|incorrect username or password|\b403 Forbidden|status code:? ?403\b/i,
  },
  // The log driver could not start, with no more specific reason.
  {
    cause: 'logging-setup',
    needles: ['logger args', 'logging driver', 'log stream', 'log driver'],
    pattern:
      /failed to validate logger args|failed to initialize logging driver|failed to create Cloudwatch log stream|log driver[^\n.:]{0,40}/i,
  },
  // The task started and stopped for an ordinary reason.
  {
    cause: 'not-a-start-failure',
    needles: [
      'essential container in task exited',
      'outofmemory',
      'health check',
      'scaling activity',
      'spot',
      'stopped by user',
      'forced by user',
      'host ec2',
      'performing maintenance',
      'circuit breaker',
      'deployment',
      'oomkilled',
      'task stopped by',
      'terminated',
    ],
    pattern:
      /Essential container in task exited|OutOfMemoryError(?:: Container killed due to memory usage)?|OOMKilled|failed (?:ELB|container|\w+) health checks?(?: in \([^)\n]{1,300}\))?|Scaling activity initiated by[^\n]{0,80}|Your Spot Task was interrupted\.?|Spot (?:interruption|Task was interrupted)|(?:Task )?stopped by user|deregistration forced by user|Host EC2(?: \([^)\n]{1,40}\))? (?:stopped\/terminated|stopped|terminated)|ECS is performing maintenance on the underlying infrastructure hosting the task|circuit breaker[^\n]{0,60}|Task stopped by[^\n]{0,60}/i,
  },
];

/** Wording that marks a start failure when no rule says which (the verdict is then `unknown`). */
export const START_FAILURE: Fact = {
  needles: [
    'cannot',
    'resourceinitializationerror',
    'task failed to start',
    'dockertimeouterror',
    'internalerror',
  ],
  pattern:
    /Cannot(?:Pull|Start|Create)\w*Error|CannotPull\w*|ResourceInitializationError|Task failed to start|DockerTimeoutError|InternalError/i,
};

/** Stop codes of ordinary stops (lower case). */
export const ORDINARY_STOP_CODES: ReadonlySet<string> = new Set([
  'essentialcontainerexited',
  'userinitiated',
  'serviceschedulerinitiated',
  'spotinterruption',
  'terminationnotice',
]);

/** Services named by the failed *call*; these beat the registry (a secret fetch is not a pull). */
export const CALL_SERVICES: readonly Readonly<{
  service: Service;
  needles: readonly string[];
  pattern: RegExp;
}>[] = [
  {
    service: 'secretsmanager',
    needles: ['asm', 'secrets manager', 'secretsmanager'],
    pattern: /from asm\b|secrets ?manager|:secret:/i,
  },
  {
    service: 'ssm',
    needles: ['ssm', 'parameter store', 'systems manager'],
    pattern: /from ssm\b|ssm parameter store|parameter store|\bssm:|systems manager/i,
  },
  {
    service: 'ecr',
    needles: ['ecr', 'getauthorizationtoken'],
    pattern:
      /ecr registry auth|registry auth from Amazon ECR|between the task and Amazon ECR|GetAuthorizationToken|CannotPullECRContainerError|\becr:\w+/i,
  },
  {
    service: 'logs',
    needles: ['log', 'cloudwatch'],
    pattern: /cloudwatch|log stream|log group|\blogs:\w+|logging driver|logger args/i,
  },
  {
    service: 's3',
    needles: ['env file', 'environment file', 's3', 'starport'],
    pattern: /env(?:ironment)? files?|starport-layer-bucket|\bs3:\w+|Amazon S3/i,
  },
  { service: 'kms', needles: ['kms', 'awskms'], pattern: /\bkms\b|AWSKMS/i },
  { service: 'efs', needles: ['efs', 'mount.nfs'], pattern: /\befs\b|mount\.nfs|fs-[0-9a-f]{8,}/i },
];

/** The ECR-specific pull error, which names ECR without naming a host. */
export const ECR_ERROR: Fact = {
  needles: ['cannotpullecrcontainererror'],
  pattern: /CannotPullECRContainerError/i,
};

/** The IAM action a denial names (`not authorized to perform: logs:CreateLogGroup`); group 1 is the service prefix. */
export const IAM_ACTION: Fact = {
  needles: ['not authorized to perform'],
  pattern: /not authorized to perform:?\s*([\w-]+):/i,
};

/** A failure inside the container runtime on the host (the process never started): it implicates nothing external. */
export const LOCAL_RUNTIME: Fact = {
  needles: ['oci runtime', 'container init', 'starting container process', 'executable file not found'],
  pattern:
    /OCI runtime \w+ failed|container init was OOM-killed|starting container process caused|executable file not found/i,
};

/** A log driver that is not CloudWatch Logs. */
export const LOCAL_LOG_DRIVER: Fact = {
  needles: ['fluentd', 'firelens', 'awsfirelens', 'splunk', 'gelf', 'syslog', 'journald'],
  pattern: /fluentd|(?:aws)?firelens|splunk|gelf|syslog|journald/i,
};

/** The cause's own service, where the cause fixes it. */
export const FIXED_SERVICE: Partial<Readonly<Record<Cause, Service>>> = {
  'not-a-start-failure': 'none',
  'capacity-or-platform': 'none',
  'kms-denied': 'kms',
  'efs-mount': 'efs',
  'network-s3-layer': 's3',
  'logging-setup': 'logs',
};

// Where a stop message names a registry: URLs, image references and DNS look-ups.
export const HTTP: readonly string[] = ['http'];
export const NOT_FOUND: readonly string[] = ['not found'];
export const REFERENCE_NEEDLES: readonly string[] = [
  'resolve ref',
  'pull access denied for',
  'manifest for',
  'pulling from host',
  'lookup',
];
/** A URL names a registry when its host is a known one or its path is the registry API's (group 2). */
export const URL_HOST = /https?:\/\/([^\s/"'\])?#]{1,253})(\/v[12]\/|\/token\b)?/gi;
/**
 * An image named next to "not found" (old Docker wording). A bare repository name there
 * (`repository serverless-batch not found`) says nothing of the registry it was looked up
 * in, so only a name with a registry host counts (group 3).
 */
export const NAMED_IMAGE =
  /\bimage "?([^\s"]{1,300}?)"? not found|not found in repository ([^\s,]{1,300})|repository ([a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63})+(?::\d+)?\/[^\s,]{1,300}) not found/gi;
/** An image reference or looked-up host after the words that introduce one. */
export const REFERENCE =
  /(?:failed to resolve ref(?:erence)?|pull access denied for|manifest for|pulling from host|lookup)\s+"?([^\s",]{1,300}?)"?(?=[\s,]|:\s|:?$)/gi;

/** Every needle any rule or fact uses: the index's vocabulary. */
export const ALL_NEEDLES: readonly string[] = [
  ...RULES.flatMap((r) => [...r.needles, ...(r.requires?.needles ?? [])]),
  ...CALL_SERVICES.flatMap((c) => c.needles),
  ...START_FAILURE.needles,
  ...ECR_ERROR.needles,
  ...IAM_ACTION.needles,
  ...LOCAL_RUNTIME.needles,
  ...LOCAL_LOG_DRIVER.needles,
  ...HTTP,
  ...NOT_FOUND,
  ...REFERENCE_NEEDLES,
];
