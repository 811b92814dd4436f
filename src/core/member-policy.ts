/**
 * A member account's policy, as its StackSet parameters set it: carried by tags on the role the
 * hub assumes there (`deploy/member.yml`), read with that role's own `iam:ListRoleTags`.
 * docs/organization.md says why tags rather than an SSM parameter.
 *
 * IAM tag values allow letters, digits, spaces and `_ . : / = + - @` only: a list (the allowed
 * services) is written space-separated, not comma-separated as the parameter takes it.
 */
export const MEMBER_POLICY_TAGS = {
  /** The mode of the account's clusters without an `ecs-pullfix:mode` tag: notify | dry-run | auto-fix. */
  defaultMode: 'ecs-pullfix:default-mode',
  /** The endpoint services auto-fix may create, space-separated; empty: all of them. */
  allowedServices: 'ecs-pullfix:allowed-services',
  /** The most VPC endpoints auto-fix may have created in one VPC. */
  maxEndpointsPerVpc: 'ecs-pullfix:max-endpoints-per-vpc',
  /** `true` when the role holds auto-fix's writes (the StackSet's AllowAutoFix), else `false`. */
  autoFix: 'ecs-pullfix:auto-fix',
} as const;

/** The separator of a list in a tag value (IAM refuses commas there). */
export const MEMBER_POLICY_LIST_SEPARATOR = ' ';
