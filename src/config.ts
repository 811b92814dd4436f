import * as v from 'valibot';
import { type DeploymentPolicy, MODES } from './core/mode.js';
import { ConfigError } from './errors.js';

/**
 * Configuration, parsed once at the edge from an environment object (`process.env` in the
 * shells). Nothing else reads the environment. Precedence: flag > environment > default.
 * The AWS environment (region, profile, endpoints, credentials) is resolved by
 * `src/aws/environment.ts`; this file holds ecs-pullfix's own `ECS_PULLFIX_*` variables,
 * which the Lambda and the CLI read alike.
 */

const SERVICES = ['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager', 'ssm', 's3'] as const;

const Settings = v.looseObject({
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
  ECS_PULLFIX_WINDOW_SECONDS: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d{1,7}$/, 'must be a whole number of seconds (at most 9999999)'),
      v.transform(Number),
    ),
    '3600',
  ),
  ECS_PULLFIX_TOPIC_ARN: v.optional(
    v.pipe(
      v.string(),
      v.regex(
        /^arn:aws[\w-]*:sns:[a-z0-9-]+:\d{12}:[\w-]{1,256}(\.fifo)?$/,
        'must be an SNS topic ARN like arn:aws:sns:us-east-1:123456789012:ecs-pullfix',
      ),
    ),
  ),
  ECS_PULLFIX_CHAT_TOPIC_ARN: v.optional(
    v.pipe(
      v.string(),
      v.regex(
        /^arn:aws[\w-]*:sns:[a-z0-9-]+:\d{12}:[\w-]{1,256}$/,
        'must be an SNS topic ARN like arn:aws:sns:us-east-1:123456789012:ecs-pullfix-chat (a standard topic: Amazon Q Developer in chat applications does not read FIFO topics)',
      ),
    ),
  ),
  ECS_PULLFIX_ORGANIZATION_ID: v.optional(
    v.pipe(v.string(), v.regex(/^o-[a-z0-9]{10,32}$/, 'must be an organisation id like o-a1b2c3d4e5')),
  ),
  ECS_PULLFIX_MEMBER_ROLE_NAME: v.optional(
    v.pipe(
      v.string(),
      // The role's name is this, a dash and the region (`ecs-pullfix-member-ap-southeast-2`): IAM's 64 characters in all.
      v.regex(
        /^[\w+=,.@-]{1,40}$/,
        'must be an IAM role name prefix (1 to 40 letters, digits, _ + = , . @ -)',
      ),
    ),
    'ecs-pullfix-member',
  ),
  ECS_PULLFIX_TABLE: v.optional(
    v.pipe(
      v.string(),
      v.regex(
        /^([\w.-]{3,255}|arn:aws[\w-]*:dynamodb:[a-z0-9-]+:\d{12}:table\/[\w.-]{3,255})$/,
        'must be a DynamoDB table name (3 to 255 letters, digits, _ . -) or a table ARN',
      ),
    ),
  ),
  ECS_PULLFIX_HANDOFF_BUS: v.optional(
    v.pipe(
      v.string(),
      v.regex(
        /^([\w.\-/]{1,256}|arn:aws[\w-]*:events:[a-z0-9-]+:\d{12}:event-bus\/[\w.\-/]{1,256})$/,
        'must be an EventBridge event bus name or ARN (the hand-off bus, deploy parameter handoffEndpoint)',
      ),
    ),
  ),
});

/** The variables ecs-pullfix reads; any other `ECS_PULLFIX_*` is probably a typo, and said so. */
export const SETTING_NAMES = Object.keys(Settings.entries) as readonly string[];

/** ecs-pullfix's own settings, from its `ECS_PULLFIX_*` variables. */
export type Settings = Readonly<{
  deployment: DeploymentPolicy;
  /** Repeats of an incident within this window are folded (`ECS_PULLFIX_WINDOW_SECONDS`, default one hour). */
  windowSeconds: number;
  /** Where notices go (`ECS_PULLFIX_TOPIC_ARN`). */
  topicArn?: string;
  /** Where the notices for chat channels go (`ECS_PULLFIX_CHAT_TOPIC_ARN`; deploy parameter `chat`). */
  chatTopicArn?: string;
  /** Where incidents are kept (`ECS_PULLFIX_TABLE`). */
  table?: string;
  /** The hub of an organisation (`ECS_PULLFIX_ORGANIZATION_ID`): it reads member accounts through their role. */
  organization?: Organization;
  /** The bus an incident ecs-pullfix could not pin is put on for an AI agent (`ECS_PULLFIX_HANDOFF_BUS`). */
  handoffBus?: string;
  /** `ECS_PULLFIX_*` variables that ecs-pullfix does not know. */
  unknown: readonly string[];
}>;

/** A hub's organisation: its id, and the name its member roles begin with (`<name>-<region>`). */
export type Organization = Readonly<{ id: string; memberRoleName: string }>;

/**
 * Parses the `ECS_PULLFIX_*` variables: `ECS_PULLFIX_DEFAULT_MODE` (notify | dry-run |
 * auto-fix; default notify), `ECS_PULLFIX_MAX_ENDPOINTS_PER_VPC` (default 6),
 * `ECS_PULLFIX_ALLOWED_SERVICES` (comma-separated; default: all),
 * `ECS_PULLFIX_WINDOW_SECONDS` (default 3600), `ECS_PULLFIX_TOPIC_ARN`, `ECS_PULLFIX_CHAT_TOPIC_ARN`, `ECS_PULLFIX_TABLE`,
 * `ECS_PULLFIX_ORGANIZATION_ID`, `ECS_PULLFIX_MEMBER_ROLE_NAME` (default `ecs-pullfix-member`) and
 * `ECS_PULLFIX_HANDOFF_BUS`.
 * An invalid value is a `ConfigError` naming the variable.
 */
export function loadSettings(env: Readonly<Record<string, string | undefined>>): Settings {
  const parsed = v.safeParse(Settings, env);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const name = String(issue.path?.[0]?.key ?? 'environment');
    const raw = env[name];
    const value = raw === undefined ? '' : ` (${JSON.stringify(raw.slice(0, 80))})`;
    throw new ConfigError(`${name}${value} ${issue.message}`);
  }
  const o = parsed.output;
  return {
    deployment: {
      defaultMode: o.ECS_PULLFIX_DEFAULT_MODE,
      maxEndpointsPerVpc: Number(o.ECS_PULLFIX_MAX_ENDPOINTS_PER_VPC),
      ...(o.ECS_PULLFIX_ALLOWED_SERVICES ? { allowedServices: o.ECS_PULLFIX_ALLOWED_SERVICES } : {}),
    },
    windowSeconds: Number(o.ECS_PULLFIX_WINDOW_SECONDS),
    ...(o.ECS_PULLFIX_TOPIC_ARN ? { topicArn: o.ECS_PULLFIX_TOPIC_ARN } : {}),
    ...(o.ECS_PULLFIX_CHAT_TOPIC_ARN ? { chatTopicArn: o.ECS_PULLFIX_CHAT_TOPIC_ARN } : {}),
    ...(o.ECS_PULLFIX_TABLE ? { table: o.ECS_PULLFIX_TABLE } : {}),
    ...(o.ECS_PULLFIX_ORGANIZATION_ID
      ? {
          organization: { id: o.ECS_PULLFIX_ORGANIZATION_ID, memberRoleName: o.ECS_PULLFIX_MEMBER_ROLE_NAME },
        }
      : {}),
    ...(o.ECS_PULLFIX_HANDOFF_BUS ? { handoffBus: o.ECS_PULLFIX_HANDOFF_BUS } : {}),
    unknown: Object.keys(env).filter((k) => k.startsWith('ECS_PULLFIX_') && !SETTING_NAMES.includes(k)),
  };
}

/** The Lambda's configuration: where notices go, where incidents are kept, the window, the deployment policy. */
export type LambdaConfig = Readonly<{
  topicArn: string;
  /** The chat topic, when the stack was deployed with `chat=true`. */
  chatTopicArn?: string;
  table: string;
  windowSeconds: number;
  deployment: DeploymentPolicy;
  /** Set on an organisation's hub: events of member accounts are read through their role. */
  organization?: Organization;
  /** Set with a hand-off to an AI agent (deploy parameter `handoffEndpoint`): the bus hand-offs go on. */
  handoffBus?: string;
}>;

export function loadLambdaConfig(env: Readonly<Record<string, string | undefined>>): LambdaConfig {
  const { topicArn, chatTopicArn, table, windowSeconds, deployment, organization, handoffBus } =
    loadSettings(env);
  if (topicArn === undefined)
    throw new ConfigError('ECS_PULLFIX_TOPIC_ARN is required: the SNS topic notices go to');
  if (table === undefined)
    throw new ConfigError('ECS_PULLFIX_TABLE is required: the DynamoDB incident table');
  return {
    topicArn,
    ...(chatTopicArn ? { chatTopicArn } : {}),
    table,
    windowSeconds,
    deployment,
    ...(organization ? { organization } : {}),
    ...(handoffBus ? { handoffBus } : {}),
  };
}
