import { ENDPOINT_POLICY_RULES } from './endpoint-policy.js';
import {
  CALL_SERVICES,
  ECR_ERROR,
  HTTP,
  IAM_ACTION,
  LOCAL_LOG_DRIVER,
  LOCAL_RUNTIME,
  NOT_FOUND,
  REFERENCE_NEEDLES,
  START_FAILURE,
} from './facts.js';
import { IAM_RULES } from './iam.js';
import { LAST_RULES } from './last.js';
import { NETWORK_RULES } from './network.js';
import { PLATFORM_RULES } from './platform.js';
import { SECRET_RULES } from './secrets.js';
import { SPECIFIC_RULES } from './specific.js';
import type { Rule } from './types.js';

export * from './facts.js';
export type { Fact, Rule } from './types.js';

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

/** The rules, most specific first: the families in the order the engine must try them. */
export const RULES: readonly Rule[] = [
  ...ENDPOINT_POLICY_RULES,
  ...SPECIFIC_RULES,
  ...IAM_RULES,
  ...SECRET_RULES,
  ...PLATFORM_RULES,
  ...NETWORK_RULES,
  ...LAST_RULES,
];

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
