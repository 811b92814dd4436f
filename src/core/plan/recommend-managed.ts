import type { FindingOf } from '../findings/types.js';
import { INSTANCE_ROLE_PREFIX, nameOfArn, PASSED_TO_SERVICE } from '../managed-instances.js';
import { command, commentLine, heredoc, ifValid, jsonText } from '../shell.js';

/** The commands a person runs for a Managed Instances capacity provider whose instance role cannot be passed. */

const TRUST_POLICY_FILE = 'ecs-pullfix-instance-trust-policy.json';
const PASS_POLICY_FILE = 'ecs-pullfix-pass-role-policy.json';

type Finding = FindingOf<'managed-instances-role-not-passable'>;

/** The instance role the managed infrastructure policy may pass: `ecsInstanceRole-<provider>` (64 characters at most). */
export function renamedInstanceRole(capacityProvider: string): string {
  return `${INSTANCE_ROLE_PREFIX}-${capacityProvider}`.slice(0, 64);
}

/**
 * Either a new instance role named `ecsInstanceRole-…` (EC2's trust, AWS's managed policy for
 * Managed Instances, then the old role's own policies), in an instance profile of the same
 * name that the capacity provider is pointed at; or, whatever the role's name, a grant of
 * `iam:PassRole` on it (to EC2 only) to the infrastructure role. Recommended, never applied.
 */
export function instanceRoleCli(f: Finding): string {
  const role = nameOfArn(f.instanceRoleArn);
  const outOfScope = !role.startsWith(INSTANCE_ROLE_PREFIX);
  return ifValid(
    [
      ['IAM role name', role],
      ['IAM role name', nameOfArn(f.infrastructureRoleArn)],
      ['IAM role name', renamedInstanceRole(f.capacityProvider)],
      ['IAM instance profile name', nameOfArn(f.instanceProfileArn)],
      ['ECS cluster name', f.cluster],
      ['ECS capacity provider name', f.capacityProvider],
    ],
    () => (outOfScope ? [renameCli(f), grantCli(f, 'or: ')] : [grantCli(f, '')]).join('\n'),
  );
}

/** A role named `ecsInstanceRole-<provider>` with the old one's policies, its profile, and the provider pointed at it. */
function renameCli(f: Finding): string {
  const role = nameOfArn(f.instanceRoleArn);
  const renamed = renamedInstanceRole(f.capacityProvider);
  const trust = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: PASSED_TO_SERVICE }, Action: 'sts:AssumeRole' }],
  };
  const iam = (...words: string[]) => command(['aws', 'iam', ...words]);
  const profileArn = f.instanceProfileArn.replace(/:instance-profile\/.*$/, `:instance-profile/${renamed}`);
  return [
    commentLine(
      `either: an instance role named ${renamed}, which the managed policy lets ${nameOfArn(f.infrastructureRoleArn)} pass`,
    ),
    heredoc(TRUST_POLICY_FILE, jsonText(trust)),
    iam(
      'create-role',
      '--role-name',
      renamed,
      '--assume-role-policy-document',
      `file://${TRUST_POLICY_FILE}`,
    ),
    iam(
      'attach-role-policy',
      '--role-name',
      renamed,
      '--policy-arn',
      'arn:aws:iam::aws:policy/AmazonECSInstanceRolePolicyForManagedInstances',
    ),
    commentLine(`then attach or put on ${renamed} the other policies of ${role}, as these list them:`),
    iam('list-attached-role-policies', '--role-name', role),
    iam('list-role-policies', '--role-name', role),
    iam('create-instance-profile', '--instance-profile-name', renamed),
    iam('add-role-to-instance-profile', '--instance-profile-name', renamed, '--role-name', renamed),
    command([
      'aws',
      'ecs',
      'update-capacity-provider',
      '--cluster',
      f.cluster,
      '--name',
      f.capacityProvider,
      '--managed-instances-provider',
      jsonText({
        infrastructureRoleArn: f.infrastructureRoleArn,
        instanceLaunchTemplate: { ec2InstanceProfileArn: profileArn },
      }),
    ]),
  ].join('\n');
}

/** An inline policy of the infrastructure role allowing it to pass the instance role, to EC2 only. */
function grantCli(f: Finding, lead: string): string {
  const infrastructure = nameOfArn(f.infrastructureRoleArn);
  const statement = {
    Effect: 'Allow',
    Action: 'iam:PassRole',
    Resource: f.instanceRoleArn,
    Condition: { StringEquals: { 'iam:PassedToService': PASSED_TO_SERVICE } },
  };
  return [
    commentLine(
      `${lead}let ${infrastructure} pass ${nameOfArn(f.instanceRoleArn)} to EC2 (whatever its name)`,
    ),
    heredoc(PASS_POLICY_FILE, jsonText({ Version: '2012-10-17', Statement: [statement] })),
    command([
      'aws',
      'iam',
      'put-role-policy',
      '--role-name',
      infrastructure,
      '--policy-name',
      'ecs-pullfix-pass-instance-role',
      '--policy-document',
      `file://${PASS_POLICY_FILE}`,
    ]),
  ].join('\n');
}
