import type { Tags } from './network.js';
import { command } from './shell.js';

/**
 * Who may let auto-fix write what: an owner opts a resource in with a tag, and the role
 * `serverless.yml` grants checks the same tags (docs/iam.md), so that what the planner allows
 * is what IAM allows. Values compare exactly, as IAM's `StringEquals` does: `True` is not
 * `true`.
 */

/** ecs-pullfix's tag on what it created; its role may set it only while creating. */
export const MANAGED_TAG = 'ecs-pullfix:managed';

/** The only tag keys ecs-pullfix's role may write, each only on what it is creating. */
export const PULLFIX_TAG_KEYS = [MANAGED_TAG, 'ecs-pullfix:incident', 'ecs-pullfix:cluster'] as const;

/** The owners' opt-ins, each with the value `true`. */
export const OPT_IN_TAGS = {
  /** On a VPC: auto-fix may create its endpoint group and endpoints there, and write rules at all. */
  vpc: 'ecs-pullfix:allow-auto-fix',
  /** On a security group (a task's, an endpoint's): auto-fix may add TCP 443 rules to it. */
  rules: 'ecs-pullfix:allow-https-rules',
  /** On an S3 gateway endpoint: auto-fix may add route tables to it. */
  routeTables: 'ecs-pullfix:allow-route-tables',
} as const;

/** True when `tags` hold `key` with the value `true` (exactly, as IAM compares). */
export const hasTrue = (tags: Tags | undefined, key: string): boolean => tags?.[key] === 'true';

/** The command that opts a resource in (its id quoted as every value in a command is). */
export const optInCli = (resourceId: string, key: string): string =>
  command(['aws', 'ec2', 'create-tags', '--resources', resourceId, '--tags', `Key=${key},Value=true`]);
