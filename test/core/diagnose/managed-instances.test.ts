import { describe, expect, it } from 'vitest';
import { classify } from '../../../src/core/classify.js';
import { diagnose } from '../../../src/core/diagnose/index.js';
import type { Finding } from '../../../src/core/findings.js';
import type { ManagedInstancesCheck } from '../../../src/core/managed-instances.js';
import { ACCOUNT, REGION, snapshotWith } from '../../support/snapshot.js';

/*
 * A task on Amazon ECS Managed Instances: the capacity provider's infrastructure role must be
 * allowed to pass the instance profile's role to EC2. AWS's managed infrastructure policy allows
 * it only on roles named ecsInstanceRole*; the simulator says, else the name rule says "likely".
 */

const INFRA = `arn:aws:iam::${ACCOUNT}:role/ecsInfrastructureRole`;
const PROFILE = `arn:aws:iam::${ACCOUNT}:instance-profile/checkout-stack-InstanceProfile-9KD3`;
const STACK_ROLE = `arn:aws:iam::${ACCOUNT}:role/checkout-stack-InstanceRole-1QX7`;
const ECS_ROLE = `arn:aws:iam::${ACCOUNT}:role/ecsInstanceRole-checkout`;
const PROVIDER = {
  name: 'checkout-mi',
  arn: `arn:aws:ecs:${REGION}:${ACCOUNT}:capacity-provider/checkout-mi`,
  type: 'MANAGED_INSTANCES',
  infrastructureRoleArn: INFRA,
  instanceProfileArn: PROFILE,
};
const STOP = {
  stopCode: 'TaskFailedToStart',
  stoppedReason: `Unable to launch instance(s) for capacity provider checkout-mi. User: arn:aws:sts::${ACCOUNT}:assumed-role/ecsInfrastructureRole/ECSManagedInstances is not authorized to perform: iam:PassRole on resource: ${STACK_ROLE}`,
};

const ok = <T>(value: T) => ({ ok: true as const, value });
const no = (why: string) => ({ ok: false as const, why });

const check = (changes: Partial<ManagedInstancesCheck>): ManagedInstancesCheck => ({
  providerName: 'checkout-mi',
  cluster: 'prod',
  provider: ok(PROVIDER),
  instanceRole: ok(STACK_ROLE),
  passRole: ok('implicitDeny'),
  ...changes,
});

function findingsOf(m: ManagedInstancesCheck): Finding[] {
  const snapshot = snapshotWith({
    task: {
      ...snapshotWith({}).task,
      launchType: 'MANAGED_INSTANCES',
      capacityProviderName: 'checkout-mi',
      ...STOP,
    },
    workload: { checks: ['execution-role'], images: [], secrets: [], managedInstances: m },
  });
  return diagnose(snapshot, classify(STOP));
}

const ids = (fs: readonly Finding[]) =>
  fs.map((f) => (f.id === 'not-checked' ? `not-checked:${f.check}` : f.id));

describe('the Managed Instances check', () => {
  it('finds an instance role the infrastructure role may not pass, and says why its name matters', () => {
    const [f] = findingsOf(check({}));
    expect(f?.id).toBe('managed-instances-role-not-passable');
    expect(f?.evidence).toEqual([
      `iam:SimulatePrincipalPolicy: ${INFRA} (the infrastructure role of capacity provider checkout-mi) → iam:PassRole on ${STACK_ROLE} (iam:PassedToService ec2.amazonaws.com): not allowed by any policy (implicit deny)`,
      `${STACK_ROLE} is not named ecsInstanceRole*: AWS's AmazonECSInfrastructureRolePolicyForManagedInstances allows iam:PassRole only on arn:aws:iam::*:role/ecsInstanceRole*`,
    ]);
    expect(f?.fix).toMatch(
      /^ECS cannot launch capacity provider checkout-mi's instances: its infrastructure role ecsInfrastructureRole may not pass their instance role checkout-stack-InstanceRole-1QX7 \(of instance profile checkout-stack-InstanceProfile-9KD3\)\./,
    );
    expect(f?.fix).toContain(
      'Create an instance role named ecsInstanceRole-checkout-mi with the same policies',
    );
  });

  it.each([
    ['allowed', [STACK_ROLE, 'allowed'], ['path-ok']],
    [
      'denied to a role named ecsInstanceRole… (a custom policy)',
      [ECS_ROLE, 'implicitDeny'],
      ['managed-instances-role-not-passable', 'path-ok'],
    ],
    [
      'denied by an explicit Deny',
      [STACK_ROLE, 'explicitDeny'],
      ['managed-instances-role-not-passable', 'path-ok'],
    ],
  ] as const)('passing the instance role %s', (_, [role, decision], expected) => {
    const found = findingsOf(check({ instanceRole: ok(role), passRole: ok(decision) }));
    expect(ids(found)).toEqual(expected);
  });

  it('says the pass is allowed among what path-ok checked', () => {
    const [pathOk] = findingsOf(check({ passRole: ok('allowed') }));
    expect(pathOk?.evidence).toContain(
      `${INFRA} (the infrastructure role of capacity provider checkout-mi) may pass ${STACK_ROLE} to ec2.amazonaws.com: iam:PassRole simulates as allowed`,
    );
  });

  it('falls back on the name rule, as likely, when the simulation cannot be made', () => {
    const why = 'reading whether … may pass … failed: iam:SimulatePrincipalPolicy was denied (AccessDenied)';
    const found = findingsOf(check({ passRole: no(why) }));
    expect(ids(found)).toEqual([
      'managed-instances-role-not-passable',
      'not-checked:managed-instances',
      'path-ok',
    ]);
    expect(found[0]?.fix).toMatch(/^Likely \(the role could not be simulated\): /);
    expect(found[0]?.evidence[1]).toMatch(/^likely not allowed: .* is not named ecsInstanceRole\*/);
    expect(found[1]?.id === 'not-checked' && found[1].why).toContain('iam:SimulatePrincipalPolicy');
  });

  it('blames nothing (the network path is whole) when the simulation cannot be made and the role is named ecsInstanceRole…', () => {
    const found = findingsOf(
      check({ instanceRole: ok(ECS_ROLE), passRole: no('iam:SimulatePrincipalPolicy was denied') }),
    );
    expect(ids(found)).toEqual(['not-checked:managed-instances', 'path-ok']);
  });

  it.each([
    [
      'the capacity provider could not be read',
      { provider: no('ecs:DescribeCapacityProviders was denied') },
      'ecs:DescribeCapacityProviders was denied',
    ],
    [
      'ECS no longer knows the provider',
      { provider: ok(undefined) },
      'ECS no longer knows capacity provider checkout-mi in cluster prod',
    ],
    [
      'the instance profile could not be read',
      { instanceRole: no('iam:GetInstanceProfile was denied') },
      'iam:GetInstanceProfile was denied',
    ],
    [
      'the profile holds no role',
      { instanceRole: ok(undefined) },
      `instance profile ${PROFILE} holds no role`,
    ],
    [
      'the infrastructure role does not exist',
      { passRole: ok('no-such-role' as const) },
      `the infrastructure role ${INFRA} of capacity provider checkout-mi does not exist`,
    ],
  ])('says what it could not check when %s', (_, changes, why) => {
    const found = findingsOf(check(changes));
    const note = found.find((f) => f.id === 'not-checked');
    expect(ids(found)).toEqual(['not-checked:managed-instances', 'path-ok']);
    expect(note?.id === 'not-checked' && note.why).toContain(why);
  });

  it('says nothing of a capacity provider that is not Managed Instances', () => {
    const found = findingsOf(check({ provider: ok({ name: 'checkout-asg', type: 'EC2_AUTOSCALING' }) }));
    expect(ids(found)).toEqual(['path-ok']);
  });
});
