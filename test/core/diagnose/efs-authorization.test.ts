import { describe, expect, it } from 'vitest';
import { efsAuthorization } from '../../../src/core/diagnose/checks/efs-authorization.js';
import type { EfsAuthorization } from '../../../src/core/efs-authorization.js';
import { fixOf } from '../../../src/core/findings.js';
import type { Need } from '../../../src/core/needs.js';
import type { PermissionDecision } from '../../../src/core/workload.js';
import { ACCOUNT, inputOf, snapshotWith, TASK_DEFINITION } from '../../support/snapshot.js';

const FS = 'fs-0a1b2c3d4e5f60718';
const AP = 'fsap-0b1c2d3e4f5a60719';
const FS_ARN = `arn:aws:elasticfilesystem:eu-west-1:${ACCOUNT}:file-system/${FS}`;
const AP_ARN = `arn:aws:elasticfilesystem:eu-west-1:${ACCOUNT}:access-point/${AP}`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/cms-task-role`;
const MOUNT = 'elasticfilesystem:ClientMount';
const WRITE = 'elasticfilesystem:ClientWrite';

type EfsNeed = Extract<Need, { kind: 'efs' }>;
const NEED: EfsNeed = {
  kind: 'efs',
  fileSystemId: FS,
  feature: 'EFS volume uploads',
  iam: true,
  accessPointId: AP,
};

const available = {
  ok: true,
  value: { id: AP, fileSystemId: FS, state: 'available', rootDirectory: '/uploads' },
} as const;
const simulated = (decisions: Partial<Record<string, PermissionDecision['decision']>> = {}) =>
  ({
    roleArn: ROLE,
    simulation: {
      ok: true,
      value: {
        kind: 'simulated',
        decisions: [MOUNT, WRITE].map((action) => ({
          action,
          resource: FS_ARN,
          decision: decisions[action] ?? 'allowed',
        })),
      },
    },
  }) as const;
const policy = (statements: readonly object[]) =>
  ({ ok: true, value: JSON.stringify({ Version: '2012-10-17', Statement: statements }) }) as const;
const noPolicy = { ok: true, value: undefined } as const;
const AUTH: EfsAuthorization = { accessPoint: available, policy: noPolicy, taskRole: simulated() };

const input = (taskRoleArn: string | undefined) =>
  inputOf(
    snapshotWith({
      taskDefinition: { ok: true, value: { ...TASK_DEFINITION, ...(taskRoleArn ? { taskRoleArn } : {}) } },
    }),
  );

const outcomes = (verdicts: ReturnType<typeof efsAuthorization>) =>
  verdicts.map((v) =>
    v.kind === 'ok' ? 'ok' : v.kind === 'finding' ? v.draft.id : `not-checked:${v.check}`,
  );

describe(efsAuthorization.name, () => {
  it.each([
    [
      'an available access point of the file system, a role its policies allow, no file system policy',
      AUTH,
      ['ok', 'ok', 'ok'],
    ],
    [
      'an access point that does not exist',
      { ...AUTH, accessPoint: { ok: true, value: undefined } },
      ['efs-access-point-missing', 'ok', 'ok'],
    ],
    [
      "another file system's access point",
      {
        ...AUTH,
        accessPoint: {
          ok: true,
          value: { id: AP, fileSystemId: 'fs-0ffee0c0ffee0c0ff', state: 'available' },
        },
      },
      ['efs-access-point-missing', 'ok', 'ok'],
    ],
    [
      'an access point being deleted',
      { ...AUTH, accessPoint: { ok: true, value: { ...available.value, state: 'deleting' } } },
      ['efs-access-point-missing', 'ok', 'ok'],
    ],
    [
      'a role with no EFS permission and a file system policy that allows only another role',
      {
        ...AUTH,
        taskRole: simulated({ [MOUNT]: 'implicitDeny', [WRITE]: 'implicitDeny' }),
        policy: policy([
          {
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/reports-task-role` },
            Action: [MOUNT, WRITE],
            Resource: FS_ARN,
          },
        ]),
      },
      ['ok', 'efs-iam-denied'],
    ],
    [
      'a role with no EFS permission but no file system policy (the default allows every client)',
      { ...AUTH, taskRole: simulated({ [MOUNT]: 'implicitDeny', [WRITE]: 'implicitDeny' }) },
      ['ok', 'ok', 'ok'],
    ],
    [
      'a file system policy that grants the role through its access point',
      {
        ...AUTH,
        taskRole: simulated({ [MOUNT]: 'implicitDeny', [WRITE]: 'implicitDeny' }),
        policy: policy([
          {
            Effect: 'Allow',
            Principal: { AWS: ROLE },
            Action: [MOUNT, WRITE],
            Resource: FS_ARN,
            Condition: { StringEquals: { 'elasticfilesystem:AccessPointArn': AP_ARN } },
          },
        ]),
      },
      ['ok', 'ok', 'ok'],
    ],
    [
      'a file system policy that denies writes without TLS only (ECS mounts with TLS)',
      {
        ...AUTH,
        policy: policy([
          {
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: '*',
            Resource: FS_ARN,
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
        ]),
      },
      ['ok', 'ok', 'ok'],
    ],
    [
      "a file system policy that grants only the account, which leaves it to the role's own policies",
      {
        ...AUTH,
        taskRole: simulated({ [MOUNT]: 'implicitDeny', [WRITE]: 'implicitDeny' }),
        policy: policy([
          {
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
            Action: [MOUNT, WRITE],
            Resource: FS_ARN,
          },
        ]),
      },
      ['ok', 'efs-iam-denied'],
    ],
    [
      'a file system policy that explicitly denies ClientWrite',
      {
        ...AUTH,
        policy: policy([{ Effect: 'Deny', Principal: { AWS: '*' }, Action: WRITE, Resource: FS_ARN }]),
      },
      ['ok', 'ok', 'efs-iam-denied'],
    ],
    [
      'a role ecs-pullfix may not simulate, under the default file system policy',
      {
        ...AUTH,
        taskRole: {
          roleArn: ROLE,
          simulation: {
            ok: false,
            why: 'reading … failed: iam:SimulatePrincipalPolicy was denied (AccessDenied)',
          },
        },
      },
      ['ok', 'not-checked:efs-authorization'],
    ],
    [
      'a file system policy whose decision hangs on a key ecs-pullfix does not know',
      {
        ...AUTH,
        taskRole: simulated({ [MOUNT]: 'implicitDeny', [WRITE]: 'implicitDeny' }),
        policy: policy([
          {
            Effect: 'Allow',
            Principal: { AWS: '*' },
            Action: [MOUNT, WRITE],
            Resource: FS_ARN,
            Condition: { StringEquals: { 'aws:PrincipalTag/team': 'cms' } },
          },
        ]),
      },
      ['ok', 'not-checked:efs-authorization'],
    ],
  ] as const)('judges %s', (_, auth, expected) => {
    expect(outcomes(efsAuthorization(input(ROLE), NEED, auth as EfsAuthorization))).toEqual(expected);
  });

  it('asks nothing of a volume with neither an access point nor IAM authorization', () => {
    const need: EfsNeed = { kind: 'efs', fileSystemId: FS, feature: 'EFS volume uploads' };

    expect(efsAuthorization(input(ROLE), need, undefined)).toEqual([]);
  });

  it('asks only ClientMount of a volume every container mounts read-only', () => {
    const auth = { ...AUTH, taskRole: simulated({ [WRITE]: 'implicitDeny' }), policy: policy([]) };

    const verdicts = efsAuthorization(input(ROLE), { ...NEED, readOnly: true }, auth);

    expect(outcomes(verdicts)).toEqual(['ok', 'ok']);
    expect(verdicts[1]).toEqual({
      kind: 'ok',
      evidence: `${ROLE} (task role) may ${MOUNT} on ${FS}: its own policies allow it`,
    });
  });

  it('finds IAM authorization with no task role, whatever else was read', () => {
    const [, noRole] = efsAuthorization(input(undefined), NEED, AUTH);

    expect(noRole).toMatchObject({
      kind: 'finding',
      draft: { id: 'efs-iam-no-task-role', fileSystemId: FS },
    });
    expect(noRole?.kind === 'finding' && noRole.draft.evidence).toContain(
      `${TASK_DEFINITION.arn} has no taskRoleArn`,
    );
  });

  it('says which actions neither policy allows, and grants them through the access point', () => {
    const auth = {
      ...AUTH,
      taskRole: simulated({ [WRITE]: 'implicitDeny' }),
      policy: policy([{ Effect: 'Allow', Principal: { AWS: ROLE }, Action: MOUNT, Resource: FS_ARN }]),
    };

    const denied = efsAuthorization(input(ROLE), NEED, auth).find((v) => v.kind === 'finding');

    expect(denied?.kind === 'finding' && denied.draft).toMatchObject({
      id: 'efs-iam-denied',
      roleArn: ROLE,
      actions: [WRITE],
      explicit: false,
      accessPointArn: AP_ARN,
    });
    const draft = denied?.kind === 'finding' ? denied.draft : undefined;
    expect(draft?.evidence).toContain('without ClientWrite the volume mounts read-only: writes to it fail');
    expect(fixOf({ ...draft, fix: '' } as never, 'eu-west-1')).toContain(
      `Allow ${WRITE} on ${FS_ARN} (through ${AP_ARN}) to ${ROLE}`,
    );
  });

  it('says why the role could not be simulated, naming the operation', () => {
    const why =
      'reading the permissions of the task role failed: iam:SimulatePrincipalPolicy was denied (AccessDenied): ecs-pullfix simulates only the roles its deploy parameter simulatedRoles names';
    const auth = { ...AUTH, taskRole: { roleArn: ROLE, simulation: { ok: false, why } } } as const;

    const notes = efsAuthorization(input(ROLE), NEED, auth).filter((v) => v.kind === 'not-checked');

    expect(notes).toEqual([
      {
        kind: 'not-checked',
        check: 'efs-authorization',
        why: `${MOUNT} and ${WRITE} on ${FS} for ${ROLE} (task role): ${why}; the file system has no policy, and the default one allows every client, so only an explicit Deny could refuse it`,
      },
    ]);
  });
});
