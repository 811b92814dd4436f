import { describe, expect, it } from 'vitest';
import type { Classification } from '../../../src/core/causes.js';
import { image } from '../../../src/core/diagnose/checks/image.js';
import { executionRole } from '../../../src/core/diagnose/checks/role.js';
import { secret } from '../../../src/core/diagnose/checks/secrets.js';
import { draftsOf } from '../../../src/core/diagnose/verdict.js';
import { ecrImageOf, type ImageCheck, type RoleCheck, type SecretCheck } from '../../../src/core/workload.js';
import { ACCOUNT, IMAGE, REGION } from '../../support/snapshot.js';

const ROLE = `arn:aws:iam::${ACCOUNT}:role/ecsTaskExecutionRole`;
const LOG_GROUP = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/ecs/checkout:log-stream:ecs/app/5f2b`;
const PULL = {
  action: 'ecr:BatchGetImage',
  resource: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/checkout`,
  grant: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/checkout`,
  feature: `image ${IMAGE} (container app)`,
};
const LOGS = {
  action: 'logs:CreateLogStream',
  resource: LOG_GROUP,
  grant: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/ecs/checkout:*`,
  feature: 'the awslogs log driver (container app)',
};
const DEPLOYMENT = { cluster: 'prod', service: 'checkout' };
const CLASSIFICATION = { cause: 'unknown', networkRelated: false, evidence: [] } as unknown as Classification;

const simulated = (
  pull: 'allowed' | 'implicitDeny' | 'explicitDeny',
  logs: 'allowed' | 'implicitDeny' = 'allowed',
): RoleCheck => ({
  roleArn: ROLE,
  needs: [PULL, LOGS],
  simulation: {
    ok: true,
    value: {
      kind: 'simulated',
      decisions: [
        { action: PULL.action, resource: PULL.resource, decision: pull },
        { action: LOGS.action, resource: LOGS.resource, decision: logs },
      ],
    },
  },
});

describe(executionRole.name, () => {
  it('passes a role allowed everything the task needs', () => {
    expect(executionRole(simulated('allowed'), CLASSIFICATION)).toEqual([
      { kind: 'ok', evidence: `${ROLE}: 2 of the 2 permissions the task needs simulate as allowed` },
    ]);
  });

  it.each([
    ['implicitDeny', 'not allowed by any policy (implicit deny)'],
    ['explicitDeny', 'denied by an explicit Deny'],
  ] as const)('finds a role whose pull is %s', (decision, said) => {
    expect(draftsOf(executionRole(simulated(decision), CLASSIFICATION))).toEqual([
      {
        id: 'execution-role-denies',
        roleArn: ROLE,
        action: PULL.action,
        resource: PULL.resource,
        decision,
        statement: JSON.stringify({ Effect: 'Allow', Action: PULL.action, Resource: PULL.grant }),
        resources: [ROLE, PULL.resource],
        evidence: [`iam:SimulatePrincipalPolicy: ${ROLE} → ${PULL.action} on ${PULL.resource}: ${said}`],
        breaks: [PULL.feature],
      },
    ]);
  });

  it('finds a role that does not exist', () => {
    const role: RoleCheck = {
      roleArn: ROLE,
      needs: [PULL, LOGS],
      simulation: { ok: true, value: { kind: 'no-such-role' } },
    };

    expect(draftsOf(executionRole(role, CLASSIFICATION))).toEqual([
      {
        id: 'execution-role-missing',
        why: `its execution role ${ROLE} does not exist`,
        resources: [ROLE],
        evidence: [`iam:SimulatePrincipalPolicy: no role ${ROLE} (NoSuchEntity)`],
        breaks: [PULL.feature, LOGS.feature],
      },
    ]);
  });

  it('says not checked when the simulation was refused, and gives the stop reason as evidence', () => {
    const role: RoleCheck = {
      roleArn: ROLE,
      needs: [PULL],
      simulation: { ok: false, why: 'iam:SimulatePrincipalPolicy was denied' },
    };
    const classification = { ...CLASSIFICATION, evidence: ['AccessDeniedException: ecr:BatchGetImage'] };

    expect(draftsOf(executionRole(role, classification))).toEqual([
      {
        id: 'not-checked',
        check: 'execution-role',
        why: "iam:SimulatePrincipalPolicy was denied; the role's permissions were not simulated, so the stop reason is the evidence",
        resources: [ROLE],
        evidence: [
          'iam:SimulatePrincipalPolicy was denied',
          'the stop reason says: AccessDeniedException: ecr:BatchGetImage',
        ],
        breaks: [],
      },
    ]);
  });
});

const REF = ecrImageOf(IMAGE, 'app');
if (!REF) throw new Error('the test image is in private ECR');
const REPO = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/checkout`;
const BREAKS = [`image ${IMAGE} (container app)`];
const found = {
  kind: 'found',
  digest: 'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  tags: ['1.4.2'],
} as const;

describe(image.name, () => {
  it.each([
    [
      'an image that is in ECR, its platform not set',
      { ref: REF, state: { ok: true, value: found } },
      undefined,
      [`${IMAGE}: in ECR (sha256:9f86d081884c…)`],
    ],
    [
      'an image that offers the task’s platform',
      {
        ref: REF,
        state: { ok: true, value: found },
        platforms: { ok: true, value: ['linux/amd64', 'linux/arm64'] },
      },
      'linux/arm64',
      [
        `${IMAGE}: in ECR (sha256:9f86d081884c…)`,
        `${IMAGE}: offers linux/amd64, linux/arm64, the task runs on linux/arm64`,
      ],
    ],
  ] as const)('passes %s', (_, check, platform, lines) => {
    expect(image(check as ImageCheck, platform, DEPLOYMENT)).toEqual(
      lines.map((evidence) => ({ kind: 'ok', evidence })),
    );
  });

  it.each([
    [
      'a repository that does not exist',
      { ref: REF, state: { ok: true, value: { kind: 'repository-missing' } } },
      undefined,
      {
        id: 'ecr-repository-missing',
        image: IMAGE,
        repository: 'checkout',
        registryId: ACCOUNT,
        region: REGION,
        resources: [REPO],
        evidence: [`ecr:DescribeImages: no repository checkout in registry ${ACCOUNT} (${REGION})`],
      },
    ],
    [
      'a tag that is not pushed, with the nearest ones',
      {
        ref: REF,
        state: { ok: true, value: { kind: 'image-missing' } },
        tags: { ok: true, value: ['1.4.1', '1.4.0', 'latest'] },
      },
      undefined,
      {
        id: 'image-tag-missing',
        image: IMAGE,
        repository: 'checkout',
        reference: '1.4.2',
        nearest: ['1.4.1', '1.4.0', 'latest'],
        resources: [REPO],
        evidence: [
          'ecr:DescribeImages: checkout has no image tagged 1.4.2',
          'nearest tags: 1.4.1, 1.4.0, latest (of 3)',
        ],
      },
    ],
    [
      'an image built for another platform',
      { ref: REF, state: { ok: true, value: found }, platforms: { ok: true, value: ['linux/amd64'] } },
      'linux/arm64',
      {
        id: 'image-platform-mismatch',
        image: IMAGE,
        wanted: 'linux/arm64',
        offered: ['linux/amd64'],
        resources: [REPO],
        evidence: ['the task runs on linux/arm64', `${IMAGE} offers linux/amd64`],
      },
    ],
  ] as const)('finds %s', (_, check, platform, finding) => {
    expect(draftsOf(image(check as ImageCheck, platform, DEPLOYMENT))).toEqual([
      { ...finding, breaks: BREAKS },
    ]);
  });

  it('says not checked when the image could not be described', () => {
    const check: ImageCheck = { ref: REF, state: { ok: false, why: 'ecr:DescribeImages was denied' } };

    expect(draftsOf(image(check, undefined, DEPLOYMENT))).toEqual([
      {
        id: 'not-checked',
        check: 'image',
        why: 'ecr:DescribeImages was denied',
        resources: [IMAGE],
        evidence: ['ecr:DescribeImages was denied'],
        breaks: BREAKS,
      },
    ]);
  });
});

const SECRET = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:checkout/db-AbCdEf`;
const secretRef = (extra: { jsonKey?: string; versionStage?: string } = {}) =>
  ({
    kind: 'secretsmanager',
    valueFrom: `${SECRET}${extra.jsonKey ? `:${extra.jsonKey}::` : ''}`,
    feature: 'secret DB (container app)',
    secretId: SECRET,
    ...extra,
  }) as const;
const described = (changes: object = {}) =>
  ({
    ok: true,
    value: { kind: 'secret', arn: SECRET, versions: { 'v-1': ['AWSCURRENT'] }, ...changes },
  }) as const;

describe(secret.name, () => {
  it.each([
    [
      'a secret with its AWSCURRENT version',
      { ref: secretRef(), state: described() },
      [`secret ${SECRET}: exists, AWSCURRENT present`],
    ],
    [
      'a parameter that exists',
      {
        ref: {
          kind: 'ssm',
          valueFrom: '/checkout/db-url',
          feature: 'secret DB_URL (container app)',
          name: '/checkout/db-url',
          arn: `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/checkout/db-url`,
        },
        state: {
          ok: true,
          value: { kind: 'parameter', name: '/checkout/db-url', type: 'SecureString', version: 3 },
        },
      },
      ['parameter /checkout/db-url: exists (SecureString, version 3)'],
    ],
    [
      'a JSON key the stop reason does not question (not verified)',
      { ref: secretRef({ jsonKey: 'password' }), state: described() },
      [
        `secret ${SECRET}: exists, AWSCURRENT present`,
        `secret ${SECRET}: JSON key password not verified (ecs-pullfix never reads a secret's value)`,
      ],
    ],
  ] as const)('passes %s', (_, check, lines) => {
    expect(secret(check as SecretCheck, '')).toEqual(lines.map((evidence) => ({ kind: 'ok', evidence })));
  });

  it.each([
    [
      'a secret that does not exist',
      { ref: secretRef(), state: { ok: true, value: { kind: 'missing' } } },
      '',
      'secret',
      [`secretsmanager:DescribeSecret: no secret ${SECRET}`],
    ],
    [
      'a secret scheduled for deletion',
      { ref: secretRef(), state: described({ deletedDate: '2026-12-01T00:00:00Z' }) },
      '',
      'deleted',
      [
        `secretsmanager:DescribeSecret: ${SECRET} is scheduled for deletion (DeletedDate 2026-12-01T00:00:00Z)`,
      ],
    ],
    [
      'a version label that no version carries',
      { ref: secretRef({ versionStage: 'AWSPENDING' }), state: described() },
      '',
      'version',
      [`${SECRET} has no version labelled AWSPENDING (labels: AWSCURRENT)`],
    ],
    [
      'a JSON key the stop reason says is missing',
      { ref: secretRef({ jsonKey: 'password' }), state: described() },
      'ResourceInitializationError: unable to pull secrets: secret did not contain json key password',
      'json-key',
      [
        'the stop reason says the secret did not contain json key password',
        `${SECRET} exists; ecs-pullfix does not read secret values, so the key is taken from the stop reason`,
      ],
    ],
  ] as const)('finds %s', (_, check, stopText, what, evidence) => {
    const findings = draftsOf(secret(check as SecretCheck, stopText));

    expect(findings).toEqual([
      {
        id: 'secret-missing',
        what,
        valueFrom: check.ref.valueFrom,
        resources: [check.ref.valueFrom],
        breaks: ['secret DB (container app)'],
        evidence,
      },
    ]);
  });
});
