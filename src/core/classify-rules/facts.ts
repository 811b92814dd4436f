import type { Cause, Service } from '../causes.js';
import type { Fact } from './types.js';

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

/**
 * The IAM action a denial names (`not authorized to perform: logs:CreateLogGroup`, or, where
 * the head is cut, `no VPC endpoint policy allows the logs:CreateLogStream action`); group 1
 * or 2 is the service prefix.
 */
export const IAM_ACTION: Fact = {
  needles: ['not authorized to perform', 'vpc endpoint policy'],
  pattern: /not authorized to perform:?\s*([\w-]+):|VPC endpoint policy allows the ([\w-]+):/i,
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
