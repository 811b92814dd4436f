import { type Place, resolveIntrinsics, type Statement } from './iam-eval.js';
import { packagedTemplate } from './osls.js';

/** Where the packaged role is evaluated: a made-up account in us-east-1. */
export const PLACE: Place = { partition: 'aws', region: 'us-east-1', account: '111122223333' };

/**
 * The Lambda role's own statements (not the log-group grant osls adds) from the template
 * `osls package` writes offline, intrinsics resolved for {@link PLACE}. Packaged into a
 * folder of its own, so that a test packaging at the same time cannot swap it.
 */
export function packagedRoleStatements(params: readonly string[] = []): Statement[] {
  const template = packagedTemplate(PLACE.region, params);
  const role = Object.values(template.Resources).find((r) => r.Type === 'AWS::IAM::Role');
  const policies = (role?.Properties.Policies ?? []) as { PolicyDocument: { Statement: unknown[] } }[];
  const statements = resolveIntrinsics(
    policies.flatMap((p) => p.PolicyDocument.Statement),
    PLACE,
  ) as Statement[];
  const actions = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]) as string[];
  return statements.filter((s) => !actions(s).every((a) => a.startsWith('logs:')));
}
