import {
  type CapacityProvider,
  INSTANCE_ROLE_PREFIX,
  inManagedPassRoleScope,
  MANAGED_INSTANCES,
  type ManagedInstancesCheck,
  PASSED_TO_SERVICE,
} from '../../managed-instances.js';
import { finding, notChecked, ok, type Verdict } from '../verdict.js';

/*
 * Amazon ECS Managed Instances: ECS launches the capacity provider's instances with its
 * infrastructure role, which must be allowed to pass the instance profile's role to EC2. AWS's
 * managed `AmazonECSInfrastructureRolePolicyForManagedInstances` allows it only on roles named
 * `ecsInstanceRole*`: a role named otherwise stops every task at launch. The simulator says
 * whether the role may; when it cannot be asked, the name rule says whether it likely may not.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/managed-instances-instance-profile.html
 */

/** What this check's notes are filed under. */
const CHECK = 'managed-instances';

/** The verdicts on a Managed Instances task's capacity provider. Pure. */
export function managedInstances(m: ManagedInstancesCheck): Verdict[] {
  const { provider } = m;
  if (!provider.ok) return [notChecked(CHECK, provider.why)];
  const cp = provider.value;
  if (cp === undefined)
    return [
      notChecked(
        CHECK,
        `ECS no longer knows capacity provider ${m.providerName} in cluster ${m.cluster}: its instance role is not checked`,
      ),
    ];
  if (cp.type !== MANAGED_INSTANCES) return [];
  const { infrastructureRoleArn: infrastructure, instanceProfileArn: profile } = cp;
  if (infrastructure === undefined || profile === undefined)
    return [
      notChecked(
        CHECK,
        `capacity provider ${cp.name} names no ${infrastructure === undefined ? 'infrastructure role' : 'instance profile'}`,
      ),
    ];
  const role = m.instanceRole;
  if (role === undefined) return [notChecked(CHECK, `the role of instance profile ${profile} was not read`)];
  if (!role.ok) return [notChecked(CHECK, role.why)];
  if (role.value === undefined) return [notChecked(CHECK, `instance profile ${profile} holds no role`)];
  return passVerdicts({ cp, cluster: m.cluster, infrastructure, profile, role: role.value }, m.passRole);
}

/** The provider, its cluster and the roles it names. */
type Roles = Readonly<{
  cp: CapacityProvider;
  cluster: string;
  infrastructure: string;
  profile: string;
  role: string;
}>;

function passVerdicts(
  { cp, cluster, infrastructure, profile, role }: Roles,
  pass: ManagedInstancesCheck['passRole'],
): Verdict[] {
  const subject = `${infrastructure} (the infrastructure role of capacity provider ${cp.name})`;
  const inScope = inManagedPassRoleScope(role);
  const scope = `${role} is not named ${INSTANCE_ROLE_PREFIX}*: AWS's AmazonECSInfrastructureRolePolicyForManagedInstances allows iam:PassRole only on arn:aws:iam::*:role/${INSTANCE_ROLE_PREFIX}*`;
  const draft = (basis: 'simulated' | 'name-rule', evidence: readonly string[]) =>
    finding({
      id: 'managed-instances-role-not-passable',
      capacityProvider: cp.name,
      cluster,
      infrastructureRoleArn: infrastructure,
      instanceProfileArn: profile,
      instanceRoleArn: role,
      basis,
      resources: [cp.arn ?? cp.name, infrastructure, role],
      evidence,
      breaks: [`the launch of capacity provider ${cp.name}'s instances (instance profile ${profile})`],
    });
  if (pass === undefined)
    return [notChecked(CHECK, `whether ${infrastructure} may pass ${role} was not simulated`)];
  if (!pass.ok) {
    // The simulation could not be made: the name rule alone, said as likely.
    const note = notChecked(CHECK, `${pass.why}; whether ${subject} may pass ${role} was not simulated`);
    if (inScope) return [note];
    return [note, draft('name-rule', [`${pass.why}: not simulated`, `likely not allowed: ${scope}`])];
  }
  if (pass.value === 'no-such-role')
    return [
      notChecked(
        CHECK,
        `the infrastructure role ${infrastructure} of capacity provider ${cp.name} does not exist`,
      ),
    ];
  const asked = `iam:SimulatePrincipalPolicy: ${subject} → iam:PassRole on ${role} (iam:PassedToService ${PASSED_TO_SERVICE})`;
  if (pass.value === 'allowed')
    return [ok(`${subject} may pass ${role} to ${PASSED_TO_SERVICE}: iam:PassRole simulates as allowed`)];
  const verdict =
    pass.value === 'explicitDeny'
      ? 'denied by an explicit Deny'
      : 'not allowed by any policy (implicit deny)';
  return [draft('simulated', [`${asked}: ${verdict}`, ...(inScope ? [] : [scope])])];
}
