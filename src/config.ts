import * as v from 'valibot';
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
