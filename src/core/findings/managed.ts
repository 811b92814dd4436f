import { INSTANCE_ROLE_PREFIX, nameOfArn } from '../managed-instances.js';
import { instanceRoleCli, renamedInstanceRole } from '../plan/recommend-managed.js';
import type { Entries } from './spec.js';

/** Amazon ECS Managed Instances: what the capacity provider's roles must allow (recommended only). */
export const MANAGED = {
  'managed-instances-role-not-passable': {
    rank: 157,
    scope: 'workload',
    autoFix: false,
    key: (f) => f.id,
    fix: (f) => {
      const role = nameOfArn(f.instanceRoleArn);
      const likely = f.basis === 'name-rule' ? 'Likely (the role could not be simulated): ' : '';
      const grant = `allow iam:PassRole on ${f.instanceRoleArn} (iam:PassedToService ec2.amazonaws.com) in a policy of ${f.infrastructureRoleArn}`;
      if (role.startsWith(INSTANCE_ROLE_PREFIX))
        return `${likely}ECS cannot launch capacity provider ${f.capacityProvider}'s instances: its infrastructure role may not pass their instance role ${role}. ${capitalised(grant)} (ecs-pullfix never changes IAM).`;
      return `${likely}ECS cannot launch capacity provider ${f.capacityProvider}'s instances: its infrastructure role ${nameOfArn(f.infrastructureRoleArn)} may not pass their instance role ${role} (of instance profile ${nameOfArn(f.instanceProfileArn)}). AWS's AmazonECSInfrastructureRolePolicyForManagedInstances lets it pass only roles named ${INSTANCE_ROLE_PREFIX}* (iam:PassRole on arn:aws:iam::*:role/${INSTANCE_ROLE_PREFIX}*), and ${role} is not one. Create an instance role named ${renamedInstanceRole(f.capacityProvider)} with the same policies, in an instance profile, and point the capacity provider at it; or ${grant} (ecs-pullfix never changes IAM).`;
    },
    remedy: (f, plan) => plan.recommend('fix-instance-role', f, instanceRoleCli(f)),
  },
} as const satisfies Entries<'managed-instances-role-not-passable'>;

const capitalised = (s: string): string => `${s.charAt(0).toUpperCase()}${s.slice(1)}`;
