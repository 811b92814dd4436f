import * as v from 'valibot';
import { type DeploymentPolicy, MODES } from './core/mode.js';
import { ConfigError } from './errors.js';

/**
 * Configuration, parsed once at the edge from an environment object (`process.env` in the
 * shells). Nothing else reads the environment. Precedence: flag > environment > default.
 * The AWS SDK reads the standard AWS variables itself (credentials, `AWS_PROFILE`,
 * `AWS_ENDPOINT_URL*`); the region is read here too, so that the CLI can fall back to the
 * event's own region and say which one it used.
 */
const CliEnv = v.looseObject({
  AWS_REGION: v.optional(
    v.pipe(v.string(), v.regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'must be an AWS region like us-east-1')),
  ),
  AWS_DEFAULT_REGION: v.optional(
    v.pipe(v.string(), v.regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'must be an AWS region like us-east-1')),
  ),
});

export type CliConfig = Readonly<{ region?: string; profile?: string }>;

export function loadCliConfig(
  env: Readonly<Record<string, string | undefined>>,
  flags: Readonly<{ region?: string; profile?: string }>,
): CliConfig {
  const parsed = v.safeParse(CliEnv, env);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    throw new ConfigError(`${v.getDotPath(issue) ?? 'environment'} ${issue.message}`);
  }
  const region = flags.region ?? parsed.output.AWS_REGION ?? parsed.output.AWS_DEFAULT_REGION;
  if (flags.region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(flags.region)) {
    throw new ConfigError(`--region ${flags.region} must be an AWS region like us-east-1`);
  }
  return { ...(region ? { region } : {}), ...(flags.profile ? { profile: flags.profile } : {}) };
}

const SERVICES = ['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager', 'ssm', 's3'] as const;

const DeploymentEnv = v.looseObject({
  ECS_PULLFIX_DEFAULT_MODE: v.optional(v.picklist(MODES, `must be one of ${MODES.join(', ')}`), 'notify'),
  ECS_PULLFIX_MAX_ENDPOINTS_PER_VPC: v.optional(
    v.pipe(v.string(), v.regex(/^\d{1,3}$/, 'must be a whole number from 0 to 999'), v.transform(Number)),
    '6',
  ),
  ECS_PULLFIX_ALLOWED_SERVICES: v.optional(
    v.pipe(
      v.string(),
      v.transform((s) =>
        s
          .split(',')
          .map((x) => x.trim())
          .filter((x) => x !== ''),
      ),
      v.array(v.picklist(SERVICES, `must list endpoint services among ${SERVICES.join(', ')}`)),
    ),
  ),
});

/**
 * The deployment's policy, from the same variables the Lambda is given:
 * `ECS_PULLFIX_DEFAULT_MODE` (notify | dry-run | auto-fix; default notify),
 * `ECS_PULLFIX_MAX_ENDPOINTS_PER_VPC` (default 6), `ECS_PULLFIX_ALLOWED_SERVICES`
 * (comma-separated; default: all).
 */
export function loadDeploymentPolicy(env: Readonly<Record<string, string | undefined>>): DeploymentPolicy {
  const parsed = v.safeParse(DeploymentEnv, env);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    throw new ConfigError(`${v.getDotPath(issue) ?? 'environment'} ${issue.message}`);
  }
  const o = parsed.output;
  return {
    defaultMode: o.ECS_PULLFIX_DEFAULT_MODE,
    maxEndpointsPerVpc:
      typeof o.ECS_PULLFIX_MAX_ENDPOINTS_PER_VPC === 'number'
        ? o.ECS_PULLFIX_MAX_ENDPOINTS_PER_VPC
        : Number(o.ECS_PULLFIX_MAX_ENDPOINTS_PER_VPC),
    ...(o.ECS_PULLFIX_ALLOWED_SERVICES ? { allowedServices: o.ECS_PULLFIX_ALLOWED_SERVICES } : {}),
  };
}

const LambdaEnv = v.looseObject({
  ECS_PULLFIX_TOPIC_ARN: v.pipe(
    v.string('is required: the SNS topic notices go to'),
    v.regex(/^arn:aws[\w-]*:sns:/, 'must be an SNS topic ARN'),
  ),
  ECS_PULLFIX_TABLE: v.pipe(
    v.string('is required: the DynamoDB incident table'),
    v.minLength(3, 'must name a DynamoDB table'),
  ),
});

/** The Lambda's configuration: where notices go, where incidents are kept, the window, the deployment policy. */
export type LambdaConfig = Readonly<{
  topicArn: string;
  table: string;
  windowSeconds: number;
  deployment: DeploymentPolicy;
}>;

export function loadLambdaConfig(env: Readonly<Record<string, string | undefined>>): LambdaConfig {
  const parsed = v.safeParse(LambdaEnv, env);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    throw new ConfigError(`${v.getDotPath(issue) ?? 'environment'} ${issue.message}`);
  }
  return {
    topicArn: parsed.output.ECS_PULLFIX_TOPIC_ARN,
    table: parsed.output.ECS_PULLFIX_TABLE,
    windowSeconds: loadWindowSeconds(env),
    deployment: loadDeploymentPolicy(env),
  };
}

/** The window within which repeats of an incident are folded (`ECS_PULLFIX_WINDOW_SECONDS`, default one hour). */
export function loadWindowSeconds(env: Readonly<Record<string, string | undefined>>): number {
  const raw = env.ECS_PULLFIX_WINDOW_SECONDS;
  if (raw === undefined) return 3600;
  if (!/^\d{1,7}$/.test(raw))
    throw new ConfigError('ECS_PULLFIX_WINDOW_SECONDS must be a whole number of seconds');
  return Number(raw);
}
