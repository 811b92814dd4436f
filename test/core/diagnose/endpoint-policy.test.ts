import { describe, expect, it } from 'vitest';
import { endpointPolicy } from '../../../src/core/diagnose/checks/endpoint-policy.js';
import { type Finding, fixOf } from '../../../src/core/findings.js';
import type { Snapshot, VpcEndpoint } from '../../../src/core/network.js';
import type { ContainerFacts } from '../../../src/core/task-definition.js';
import {
  ACCOUNT,
  HEALTHY,
  IMAGE,
  inputOf,
  interfaceEndpoint,
  REGION,
  s3Gateway,
  snapshotWith,
  TASK_DEFINITION,
  VPC,
} from '../../support/snapshot.js';

const API = interfaceEndpoint('ecr.api', 'vpce-0ecrapi1a2b3c4d5e');
const DKR = interfaceEndpoint('ecr.dkr', 'vpce-0ecrdkr1a2b3c4d5e');
const LOGS = interfaceEndpoint('logs', 'vpce-0logs1a2b3c4d5e6');
const SECRETS = interfaceEndpoint('secretsmanager', 'vpce-0secrets1a2b3c4d5');
const SSM = interfaceEndpoint('ssm', 'vpce-0ssm1a2b3c4d5e6f');
const ROLE = `arn:aws:iam::${ACCOUNT}:role/ecsTaskExecutionRole`;
const REPO = `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/checkout`;
const LAYERS = `arn:aws:s3:::prod-${REGION}-starport-layer-bucket/*`;
const FEATURE = `image ${IMAGE} (container app)`;

const policy = (statements: readonly object[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement: statements });
const withPolicy = (ep: VpcEndpoint, statements: readonly object[]): VpcEndpoint => ({
  ...ep,
  policy: policy(statements),
});
const check = (
  ep: VpcEndpoint,
  service: Parameters<typeof endpointPolicy>[2],
  snapshot: Snapshot = HEALTHY,
) => endpointPolicy(inputOf(snapshot), ep, service, 'the feature that asked');

/** AWS's example: the execution role may pull through the ECR endpoints (ECR User Guide, "Create an endpoint policy"). */
const AWS_PULL_POLICY = [
  {
    Sid: 'AllowPull',
    Principal: { AWS: ROLE },
    Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:GetAuthorizationToken'],
    Effect: 'Allow',
    Resource: '*',
  },
];
/** The least-privilege form: the token on `*`, the pull on this account's repositories. */
const ACCOUNT_REPOSITORIES_POLICY = [
  { Sid: 'Token', Effect: 'Allow', Principal: '*', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
  {
    Sid: 'PullOurRepositories',
    Effect: 'Allow',
    Principal: '*',
    Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
    Resource: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/*`,
  },
];
const ALLOW_ALL = { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' };
const ORG_ONLY = {
  Sid: 'DenyOutsideOrg',
  Effect: 'Deny',
  Principal: '*',
  Action: '*',
  Resource: '*',
  Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-7x2k9q4m1z' } },
};

const withContainer = (changes: Partial<ContainerFacts>): Snapshot =>
  snapshotWith({
    taskDefinition: {
      ok: true,
      value: {
        ...TASK_DEFINITION,
        containers: [{ ...(TASK_DEFINITION.containers[0] as ContainerFacts), ...changes }],
      },
    },
  });

describe(endpointPolicy.name, () => {
  it('says nothing of an endpoint with the default full-access policy', () => {
    expect(check(DKR, 'ecr.dkr')).toEqual([]);
  });

  it.each([
    ['AWS’s pull policy for the execution role', AWS_PULL_POLICY],
    ['the token on * and the pull on this account’s repositories', ACCOUNT_REPOSITORIES_POLICY],
  ])('passes %s on both ECR endpoints', (_, statements) => {
    expect(check(withPolicy(API, statements), 'ecr.api')).toEqual([
      { kind: 'ok', evidence: `${API.id} (ecr.api): its policy allows ecr:GetAuthorizationToken` },
    ]);
    expect(check(withPolicy(DKR, statements), 'ecr.dkr')).toEqual([
      {
        kind: 'ok',
        evidence: `${DKR.id} (ecr.dkr): its policy allows ecr:BatchGetImage, ecr:GetDownloadUrlForLayer`,
      },
    ]);
  });

  it('finds a dkr endpoint that allows only the token, naming each refused call and the feature it breaks', () => {
    const ep = withPolicy(DKR, [
      {
        Sid: 'AuthOnly',
        Effect: 'Allow',
        Principal: '*',
        Action: 'ecr:GetAuthorizationToken',
        Resource: '*',
      },
    ]);

    expect(check(ep, 'ecr.dkr')).toEqual([
      {
        kind: 'finding',
        draft: {
          id: 'endpoint-policy-denies',
          endpointId: DKR.id,
          service: 'ecr.dkr',
          denied: [`ecr:BatchGetImage on ${REPO}`, `ecr:GetDownloadUrlForLayer on ${REPO}`],
          resources: [DKR.id],
          evidence: [
            `the policy of ${DKR.id} (ecr.dkr) denies ecr:BatchGetImage on ${REPO}: no statement allows it`,
            `the policy of ${DKR.id} (ecr.dkr) denies ecr:GetDownloadUrlForLayer on ${REPO}: no statement allows it`,
            `the caller is the execution role ${ROLE}`,
          ],
          breaks: [FEATURE],
        },
      },
    ]);
  });

  it('finds AWS’s pull policy written for another role', () => {
    const ep = withPolicy(DKR, [
      { ...AWS_PULL_POLICY[0], Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/ci-deploy` } },
    ]);

    expect(check(ep, 'ecr.dkr')).toMatchObject([
      {
        draft: {
          id: 'endpoint-policy-denies',
          denied: [`ecr:BatchGetImage on ${REPO}`, `ecr:GetDownloadUrlForLayer on ${REPO}`],
        },
      },
    ]);
  });

  it('names the Deny that decided', () => {
    const ep = withPolicy(DKR, [
      ALLOW_ALL,
      { Sid: 'FreezeCheckout', Effect: 'Deny', Principal: '*', Action: 'ecr:BatchGetImage', Resource: REPO },
    ]);

    const [verdict] = check(ep, 'ecr.dkr');

    expect(verdict).toMatchObject({ draft: { denied: [`ecr:BatchGetImage on ${REPO}`] } });
    expect(verdict?.kind === 'finding' && verdict.draft.evidence[0]).toBe(
      `the policy of ${DKR.id} (ecr.dkr) denies ecr:BatchGetImage on ${REPO}: explicit deny, statement "FreezeCheckout"`,
    );
  });

  it('names a Deny by its place when its Sid is not plain text, never echoing it', () => {
    const hostile = `x\u001b[31m${'A'.repeat(500)}`;
    const ep = withPolicy(DKR, [
      ALLOW_ALL,
      { Sid: hostile, Effect: 'Deny', Principal: '*', Action: 'ecr:*', Resource: '*' },
    ]);

    const [verdict] = check(ep, 'ecr.dkr');

    expect(verdict?.kind === 'finding' && verdict.draft.evidence[0]).toMatch(/: explicit deny, statement 2$/);
    expect(JSON.stringify(verdict)).not.toContain('AAAA');
  });

  it('finds an S3 gateway whose Deny with NotResource leaves out the layer bucket', () => {
    const gateway = withPolicy(s3Gateway(), [
      ALLOW_ALL,
      {
        Sid: 'OnlyOurBuckets',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        NotResource: ['arn:aws:s3:::acme-checkout-config', 'arn:aws:s3:::acme-checkout-config/*'],
      },
    ]);

    expect(check(gateway, 's3')).toMatchObject([
      {
        kind: 'finding',
        draft: {
          id: 'endpoint-policy-denies',
          denied: [`s3:GetObject on ${LAYERS}`],
          denyStatements: ['statement "OnlyOurBuckets"'],
          evidence: [
            `the policy of ${gateway.id} (s3) denies s3:GetObject on ${LAYERS}: explicit deny, statement "OnlyOurBuckets"`,
            `the caller is the execution role ${ROLE}`,
          ],
          breaks: [`${FEATURE}: its layers are served from Amazon S3`],
        },
      },
    ]);
  });

  it('passes an S3 gateway whose Deny with NotResource lists the layer bucket', () => {
    const gateway = withPolicy(s3Gateway(), [
      ALLOW_ALL,
      {
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        NotResource: ['arn:aws:s3:::acme-checkout-config/*', LAYERS],
      },
    ]);

    expect(check(gateway, 's3')).toEqual([
      { kind: 'ok', evidence: `${gateway.id} (s3): its policy allows s3:GetObject` },
    ]);
  });

  it('checks environment files through the S3 gateway: the object and its bucket’s location', () => {
    const file = 'arn:aws:s3:::acme-checkout-config/prod/checkout.env';
    const gateway = withPolicy(s3Gateway(), [
      {
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: [LAYERS, 'arn:aws:s3:::acme-checkout-config/*'],
      },
    ]);

    expect(check(gateway, 's3', withContainer({ environmentFiles: [file] }))).toMatchObject([
      {
        draft: {
          denied: ['s3:GetBucketLocation on arn:aws:s3:::acme-checkout-config'],
          breaks: [`environment file ${file} (container app)`],
        },
      },
    ]);
  });

  it.each([
    ['this account’s log groups', `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:*`],
    ['the task’s log group', `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/ecs/checkout:*`],
  ])('passes a logs endpoint limited to %s', (_, resource) => {
    const ep = withPolicy(LOGS, [
      {
        Effect: 'Allow',
        Principal: '*',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: resource,
      },
    ]);

    expect(check(ep, 'logs')).toEqual([
      {
        kind: 'ok',
        evidence: `${LOGS.id} (logs): its policy allows logs:CreateLogStream, logs:PutLogEvents`,
      },
    ]);
  });

  it('finds a logs endpoint limited to another account’s log groups, on the task’s own stream', () => {
    const ep = withPolicy(LOGS, [
      {
        Effect: 'Allow',
        Principal: '*',
        Action: 'logs:*',
        Resource: 'arn:aws:logs:*:444455556666:log-group:*',
      },
    ]);
    const stream = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/ecs/checkout:log-stream:ecs/app/${HEALTHY.task.taskId}`;

    expect(
      check(
        ep,
        'logs',
        withContainer({ logOptions: { 'awslogs-group': '/ecs/checkout', 'awslogs-stream-prefix': 'ecs' } }),
      ),
    ).toMatchObject([
      { draft: { denied: [`logs:CreateLogStream on ${stream}`, `logs:PutLogEvents on ${stream}`] } },
    ]);
  });

  const OTHER_ACCOUNTS_DENIED = {
    Sid: 'DenyOtherAccounts',
    Effect: 'Deny',
    Principal: '*',
    Action: '*',
    Resource: '*',
    Condition: { StringNotEquals: { 'aws:PrincipalAccount': ACCOUNT } },
  };

  it('passes a Deny of every principal outside this account on the calls the execution role makes', () => {
    expect(check(withPolicy(DKR, [ALLOW_ALL, OTHER_ACCOUNTS_DENIED]), 'ecr.dkr')).toMatchObject([
      { kind: 'ok' },
    ]);
  });

  it('does not check a Deny on the principal for the layer downloads, which ECR presigns', () => {
    const gateway = withPolicy(s3Gateway(), [ALLOW_ALL, OTHER_ACCOUNTS_DENIED]);

    expect(check(gateway, 's3')).toEqual([
      {
        kind: 'not-checked',
        check: 'endpoint-policy',
        why: `the endpoint policy's decision depends on the principal of the layer download, which ECR presigns (it is not the task's role) (the policy of ${gateway.id} (s3))`,
      },
    ]);
  });

  it('passes AWS’s data-perimeter S3 policy, which allows the layer bucket as an AWS-owned resource', () => {
    const gateway = withPolicy(s3Gateway(), [
      {
        Sid: 'AllowRequestsByOrgsIdentitiesToOrgsResources',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: '*',
        Resource: '*',
        Condition: {
          StringEquals: { 'aws:PrincipalOrgID': 'o-7x2k9q4m1z', 'aws:ResourceOrgID': 'o-7x2k9q4m1z' },
        },
      },
      {
        Sid: 'AllowRequestsByAWSServicePrincipals',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: '*',
        Resource: '*',
        Condition: { Bool: { 'aws:PrincipalIsAWSService': 'true' } },
      },
      {
        Sid: 'AllowRequestsToAWSOwnedResources',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: ['s3:GetObject'],
        Resource: [`arn:aws:s3:::prod-${REGION}-starport-layer-bucket/*`],
      },
    ]);

    expect(check(gateway, 's3')).toEqual([
      { kind: 'ok', evidence: `${gateway.id} (s3): its policy allows s3:GetObject` },
    ]);
  });

  it('passes a Deny of requests not sent over TLS', () => {
    const ep = withPolicy(DKR, [
      ALLOW_ALL,
      {
        Effect: 'Deny',
        Principal: '*',
        Action: '*',
        Resource: '*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ]);

    expect(check(ep, 'ecr.dkr')).toMatchObject([{ kind: 'ok' }]);
  });

  it('passes a policy that admits only this VPC and this endpoint', () => {
    const ep = withPolicy(DKR, [
      { ...ALLOW_ALL, Condition: { StringEquals: { 'aws:SourceVpc': VPC, 'aws:SourceVpce': DKR.id } } },
    ]);

    expect(check(ep, 'ecr.dkr')).toMatchObject([{ kind: 'ok' }]);
  });

  it('does not check, and does not claim a denial, when the Deny hangs on the organisation', () => {
    expect(check(withPolicy(s3Gateway(), [ALLOW_ALL, ORG_ONLY]), 's3')).toEqual([
      {
        kind: 'not-checked',
        check: 'endpoint-policy',
        why: `the endpoint policy's decision depends on aws:PrincipalOrgID (the policy of ${s3Gateway().id} (s3))`,
      },
    ]);
  });

  it('does not check a policy naming a role when the caller is an instance role it cannot name', () => {
    const ec2 = snapshotWith({
      task: { ...HEALTHY.task, launchType: 'EC2' },
      taskDefinition: { ok: true, value: { ...TASK_DEFINITION, executionRoleArn: undefined } },
    });

    expect(check(withPolicy(DKR, AWS_PULL_POLICY), 'ecr.dkr', ec2)).toEqual([
      {
        kind: 'not-checked',
        check: 'endpoint-policy',
        why: `the request's principal is the instance role (the policy of ${DKR.id} (ecr.dkr) decides by it)`,
      },
    ]);
  });

  it('does not check a logs policy naming a role for a task on an instance, whose log driver logs with the instance role', () => {
    const ec2 = snapshotWith({ task: { ...HEALTHY.task, launchType: 'EC2' } });
    const ep = withPolicy(LOGS, [
      { Effect: 'Allow', Principal: { AWS: ROLE }, Action: 'logs:*', Resource: '*' },
    ]);

    expect(check(ep, 'logs', ec2)).toEqual([
      {
        kind: 'not-checked',
        check: 'endpoint-policy',
        why: `the request's principal is the instance role (the awslogs driver logs with it) (the policy of ${LOGS.id} (logs) decides by it)`,
      },
    ]);
    expect(check(ep, 'logs')).toMatchObject([{ kind: 'ok' }]);
  });

  it('does not check a policy that is not JSON, and says so', () => {
    expect(check({ ...DKR, policy: '{"Statement": [' }, 'ecr.dkr')).toEqual([
      {
        kind: 'not-checked',
        check: 'endpoint-policy',
        why: `the policy of ${DKR.id} (ecr.dkr) cannot be read: it is not JSON`,
      },
    ]);
  });

  it.each([
    [
      'no statement allows a call: add one',
      [{ Effect: 'Allow', Principal: '*', Action: 'ecr:GetAuthorizationToken', Resource: '*' }],
      `Add to the policy of ${DKR.id} a statement that allows ecr:BatchGetImage on ${REPO}; ecr:GetDownloadUrlForLayer on ${REPO}.`,
    ],
    [
      'a Deny refuses a call: change the Deny, since an Allow cannot override it',
      [
        ALLOW_ALL,
        {
          Sid: 'FreezeCheckout',
          Effect: 'Deny',
          Principal: '*',
          Action: 'ecr:BatchGetImage',
          Resource: REPO,
        },
      ],
      `In the policy of ${DKR.id}, change the Deny statement "FreezeCheckout" so that it no longer applies to the task's calls (an Allow never overrides a Deny), and make sure a statement allows ecr:BatchGetImage on ${REPO}.`,
    ],
  ])('writes the fix when %s', (_, statements, fix) => {
    const [verdict] = check(withPolicy(DKR, statements), 'ecr.dkr');

    expect(verdict?.kind === 'finding' && fixOf(verdict.draft as Finding, REGION)).toBe(fix);
  });

  describe('secrets and parameters', () => {
    const secret = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:prod/checkout/db`;
    const withSecret = withContainer({
      secrets: [
        { name: 'DB_PASSWORD', valueFrom: secret },
        { name: 'API_URL', valueFrom: '/checkout/api-url' },
      ],
    });

    it('passes a Secrets Manager endpoint that allows the task’s secrets by name', () => {
      const ep = withPolicy(SECRETS, [
        {
          Effect: 'Allow',
          Principal: '*',
          Action: 'secretsmanager:GetSecretValue',
          Resource: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:prod/checkout/*`,
        },
      ]);

      expect(check(ep, 'secretsmanager', withSecret)).toMatchObject([{ kind: 'ok' }]);
    });

    it('finds one that allows other secrets, showing the six characters it cannot know', () => {
      const ep = withPolicy(SECRETS, [
        {
          Effect: 'Allow',
          Principal: '*',
          Action: 'secretsmanager:GetSecretValue',
          Resource: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:prod/billing/*`,
        },
      ]);

      expect(check(ep, 'secretsmanager', withSecret)).toMatchObject([
        {
          draft: {
            denied: [`secretsmanager:GetSecretValue on ${secret}-??????`],
            breaks: ['secret DB_PASSWORD (container app)'],
          },
        },
      ]);
    });

    it('judges a parameter named without an ARN on its ARN in this account', () => {
      const ep = withPolicy(SSM, [
        {
          Effect: 'Allow',
          Principal: '*',
          Action: 'ssm:GetParameters',
          Resource: `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/billing/*`,
        },
      ]);

      expect(check(ep, 'ssm', withSecret)).toMatchObject([
        {
          draft: {
            denied: [`ssm:GetParameters on arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/checkout/api-url`],
          },
        },
      ]);
    });
  });
});
