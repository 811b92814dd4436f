import type { ScenarioFile } from './scenario-schema.js';

/** A lifecycle rule as a scenario writes it. */
export type ScenarioLifecycleRule = NonNullable<
  NonNullable<ScenarioFile['registry']>[number]['lifecycleRules']
>[number];

/**
 * A scenario's lifecycle rule as ECR's policy document writes it (`PutLifecyclePolicy`'s
 * `lifecyclePolicyText`): what the simulated account answers, and what moto is given.
 */
export function policyRuleOf(r: ScenarioLifecycleRule): Record<string, unknown> {
  return {
    rulePriority: r.priority,
    ...(r.description !== undefined ? { description: r.description } : {}),
    selection: {
      tagStatus: r.tagStatus,
      countType: r.countType,
      countNumber: r.countNumber,
      ...(r.countUnit !== undefined ? { countUnit: r.countUnit } : {}),
    },
    action:
      r.action === 'transition' ? { type: 'transition', targetStorageClass: 'archive' } : { type: 'expire' },
  };
}

/** A repository's whole lifecycle policy text, or undefined when the scenario gives it none. */
export function lifecyclePolicyTextOf(
  rules: readonly ScenarioLifecycleRule[] | undefined,
): string | undefined {
  return rules === undefined ? undefined : JSON.stringify({ rules: rules.map(policyRuleOf) });
}
