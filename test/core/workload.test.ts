import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TaskDefinitionFacts } from '../../src/core/network.js';
import {
  ecrImageOf,
  executionRoleNeeds,
  nearestTags,
  secretRefOf,
  statementFor,
} from '../../src/core/workload.js';

const ACCOUNT = '111122223333';
const td: TaskDefinitionFacts = {
  arn: `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/billing-api:49`,
  family: 'billing-api',
  executionRoleArn: `arn:aws:iam::${ACCOUNT}:role/billing-exec`,
  containers: [
    {
      name: 'api',
      image: `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/billing/api:3.1.0`,
      essential: true,
      logDriver: 'awslogs',
      logOptions: {
        'awslogs-group': '/ecs/billing',
        'awslogs-region': 'us-east-1',
        'awslogs-stream-prefix': 'ecs',
      },
      secrets: [
        {
          name: 'DB',
          valueFrom: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:prod/db-Xy12Ab:password::`,
        },
        { name: 'URL', valueFrom: '/billing/prod/URL' },
      ],
      environmentFiles: [`arn:aws:s3:::billing-config/prod.env`],
    },
  ],
  volumes: [],
};

describe(executionRoleNeeds.name, () => {
  it('derives exactly the actions and resources the task definition needs', () => {
    const needs = executionRoleNeeds(
      td,
      'us-east-1',
      ACCOUNT,
      [],
      [{ keyArn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/k1`, feature: 'the key of secret DB' }],
    );
    expect(needs.map((n) => `${n.action} ${n.resource}`)).toEqual([
      'ecr:GetAuthorizationToken *',
      `ecr:BatchCheckLayerAvailability arn:aws:ecr:us-east-1:${ACCOUNT}:repository/billing/api`,
      `ecr:GetDownloadUrlForLayer arn:aws:ecr:us-east-1:${ACCOUNT}:repository/billing/api`,
      `ecr:BatchGetImage arn:aws:ecr:us-east-1:${ACCOUNT}:repository/billing/api`,
      `logs:CreateLogStream arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/ecs/billing:log-stream:ecs/api/task-id`,
      `logs:PutLogEvents arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/ecs/billing:log-stream:ecs/api/task-id`,
      's3:GetObject arn:aws:s3:::billing-config/prod.env',
      's3:GetBucketLocation arn:aws:s3:::billing-config',
      `secretsmanager:GetSecretValue arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:prod/db-Xy12Ab`,
      `ssm:GetParameters arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/billing/prod/URL`,
      `kms:Decrypt arn:aws:kms:us-east-1:${ACCOUNT}:key/k1`,
    ]);
  });

  it('recommends a statement on the whole log group, not the one stream simulated', () => {
    const logs = executionRoleNeeds(td, 'us-east-1', ACCOUNT).find(
      (n) => n.action === 'logs:CreateLogStream',
    );
    expect(logs && statementFor(logs)).toBe(
      `{"Effect":"Allow","Action":"logs:CreateLogStream","Resource":"arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/ecs/billing:*"}`,
    );
  });
});

describe(secretRefOf.name, () => {
  const parse = (valueFrom: string) => secretRefOf(valueFrom, 'secret X', 'aws', 'us-east-1', ACCOUNT);

  it('splits a Secrets Manager reference into the secret, its JSON key and its version', () => {
    expect(
      parse(`arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:prod/db-Xy12Ab:password:AWSPREVIOUS:`),
    ).toMatchObject({
      kind: 'secretsmanager',
      secretId: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:prod/db-Xy12Ab`,
      jsonKey: 'password',
      versionStage: 'AWSPREVIOUS',
    });
  });

  it('names a parameter the same whether written as a name or an ARN', () => {
    expect(parse('/orders/prod/URL')).toMatchObject({ kind: 'ssm', name: '/orders/prod/URL' });
    expect(parse(`arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/orders/prod/URL`)).toMatchObject({
      kind: 'ssm',
      name: '/orders/prod/URL',
    });
    expect(parse('DB_HOST')).toMatchObject({ arn: `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/DB_HOST` });
  });

  it('marks a parameter of another account as foreign (DescribeParameters cannot see it)', () => {
    expect(parse('arn:aws:ssm:us-east-1:444455556666:parameter/shared/URL')).toMatchObject({
      foreign: '444455556666 in us-east-1',
    });
  });

  it('never throws, and a Secrets Manager reference keeps its secret as a prefix of what was written', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const ref = parse(text);
        if (ref.kind === 'secretsmanager') expect(text.startsWith(ref.secretId)).toBe(true);
        else expect(ref.name.length).toBeLessThanOrEqual(text.length);
      }),
    );
  });
});

describe(ecrImageOf.name, () => {
  it('reads the registry, region, repository and tag of a private ECR image', () => {
    expect(ecrImageOf(`${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/team/app:1.2`, 'app')).toMatchObject({
      registryId: ACCOUNT,
      region: 'eu-west-1',
      repository: 'team/app',
      tag: '1.2',
    });
  });

  it('takes a digest over a tag, and latest when there is neither', () => {
    expect(ecrImageOf(`${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/app@sha256:abc`, 'app')).toMatchObject({
      repository: 'app',
      digest: 'sha256:abc',
    });
    expect(ecrImageOf(`${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/app`, 'app')).toMatchObject({
      tag: 'latest',
    });
  });

  it('is undefined for Docker Hub, ECR Public and other registries', () => {
    for (const image of ['nginx:1.27', 'public.ecr.aws/nginx/nginx:1', 'ghcr.io/org/app:1'])
      expect(ecrImageOf(image, 'c')).toBeUndefined();
  });

  it('never throws on any text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (text) => void ecrImageOf(text, 'c')));
  });
});

describe(nearestTags.name, () => {
  it('puts the nearest release first', () => {
    expect(nearestTags('1.4.3', ['latest', '1.3.0', '1.4.2', '1.4.1', '2.0.0'])).toEqual([
      '1.4.2',
      '1.4.1',
      '1.3.0',
    ]);
  });
});
