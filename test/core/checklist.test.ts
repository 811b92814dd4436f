import { describe, expect, it } from 'vitest';
import {
  answerChecklist,
  CHECKLIST_IDS,
  type CheckAnswer,
  type ChecklistId,
  checklistLine,
} from '../../src/core/checklist.js';
import { classify } from '../../src/core/classify.js';
import { diagnose } from '../../src/core/diagnose.js';
import type { ContainerFacts, Snapshot, VpcEndpoint } from '../../src/core/network.js';
import { ecrImageOf, secretRefOf } from '../../src/core/workload.js';
import {
  ACCOUNT,
  BEHIND_PUBLIC_NAT,
  HEALTHY,
  IMAGE,
  interfaceEndpoint,
  REGION,
  snapshotWith,
  TASK_DEFINITION,
} from '../support/snapshot.js';

const PULL_TIMEOUT =
  'CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ' +
  `${IMAGE}: failed to do request: Head "https://${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/v2/checkout/manifests/1.4.2": dial tcp 10.0.100.12:443: i/o timeout`;
const TAG_MISSING = `CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ${IMAGE}: ${IMAGE}: not found`;
const DOCKER_HUB_LIMIT =
  'CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref docker.io/library/redis:7.2: ' +
  'toomanyrequests: You have reached your pull rate limit. You may increase the limit by authenticating and upgrading: https://www.docker.com/increase-rate-limit';
const SECRET_MISSING =
  'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: ' +
  'service call has been retried 1 time(s): failed to fetch secret arn:aws:secretsmanager:eu-west-1:123456789012:secret:checkout/db-AbCdEf from secrets manager: ' +
  'ResourceNotFoundException: Secrets Manager can’t find the specified secret.';

const SECRET_ARN = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:checkout/db-AbCdEf`;

/** The checklist of a snapshot diagnosed for a stop reason, by id. */
function answered(snapshot: Snapshot, stoppedReason = PULL_TIMEOUT): Record<ChecklistId, CheckAnswer> {
  const classification = classify({ stoppedReason });
  const findings = diagnose(snapshot, classification);
  const answers = answerChecklist({ snapshot, classification, findings });
  return Object.fromEntries(answers.map((a) => [a.id, a])) as Record<ChecklistId, CheckAnswer>;
}

const withoutEndpoint = (service: string): Snapshot =>
  snapshotWith({
    endpoints: {
      ok: true,
      value: (HEALTHY.endpoints.ok ? HEALTHY.endpoints.value : []).filter(
        (e) => e.serviceName !== `com.amazonaws.${REGION}.${service}`,
      ),
    },
  });

const [APP] = TASK_DEFINITION.containers as [ContainerFacts];

const withGateway = (changes: Partial<VpcEndpoint>): Snapshot =>
  snapshotWith({
    endpoints: {
      ok: true,
      value: (HEALTHY.endpoints.ok ? HEALTHY.endpoints.value : []).map((e) =>
        e.type === 'Gateway' ? { ...e, ...changes } : e,
      ),
    },
  });

const withSecret = (valueFrom: string, as: 'secrets' | 'repositoryCredentials'): Snapshot => {
  const container =
    as === 'secrets'
      ? { ...APP, secrets: [{ name: 'DB_URL', valueFrom }] }
      : { ...APP, image: 'ghcr.io/acme/checkout:1.4.2', repositoryCredentials: valueFrom };
  const feature =
    as === 'secrets' ? 'secret DB_URL (container app)' : 'repositoryCredentials of container app';
  return snapshotWith({
    taskDefinition: { ok: true, value: { ...TASK_DEFINITION, containers: [container] } },
    endpoints: {
      ok: true,
      value: [
        ...(HEALTHY.endpoints.ok ? HEALTHY.endpoints.value : []),
        interfaceEndpoint('secretsmanager', 'vpce-0secrets1a2b3c4d5'),
      ],
    },
    workload: {
      checks: ['secrets'],
      images: [],
      secrets: [
        {
          ref: secretRefOf(valueFrom, feature, 'aws', REGION, ACCOUNT),
          state: { ok: true, value: { kind: 'missing' } },
        },
      ],
    },
  });
};

describe(answerChecklist.name, () => {
  it('answers every check of both lists, in order', () => {
    expect(Object.keys(answered(HEALTHY))).toEqual([...CHECKLIST_IDS]);
  });

  it('passes the endpoint checks of a task that pulls through healthy endpoints', () => {
    const checks = answered(HEALTHY);
    const passed = (['P3', 'P4', 'P5', 'P6', 'P7', 'P8', 'R1', 'R6'] as const).map((id) => checks[id].status);
    expect(new Set(passed)).toEqual(new Set(['passed']));
  });

  it('calls the route out not applicable when VPC endpoints serve the image pull', () => {
    expect(answered(HEALTHY).P1).toMatchObject({
      status: 'not-applicable',
      why: 'the task has no route out, and VPC endpoints serve its image pull',
    });
  });

  it('fails P3 with the missing ECR registry endpoint, and P1 with the missing route out', () => {
    const checks = answered(withoutEndpoint('ecr.dkr'));
    expect(checks.P3).toMatchObject({ status: 'failed', findings: ['missing-endpoint:ecr.dkr'] });
    expect(checks.P1).toMatchObject({ status: 'failed', findings: ['no-egress-path'] });
  });

  it('keeps registry auth (R1) passed when only the registry endpoint is missing', () => {
    expect(answered(withoutEndpoint('ecr.dkr')).R1.status).toBe('passed');
  });

  it('fails registry auth (R1) when the ECR API endpoint is missing', () => {
    expect(answered(withoutEndpoint('ecr.api')).R1).toMatchObject({
      status: 'failed',
      findings: ['no-egress-path', 'missing-endpoint:ecr.api'],
    });
  });

  it('never calls the layers past a missing endpoint passed: the walk stopped there', () => {
    expect(answered(withoutEndpoint('ecr.dkr')).P5).toEqual({
      id: 'P5',
      title: 'security groups: HTTPS from the task to the endpoints, the registry and S3',
      status: 'not-checked',
      why: 'the path fails earlier (P1, P3), so this part of it was not all reached',
    });
  });

  it('keeps the endpoint policies passed when only a Docker Hub sidecar has no way out', () => {
    const sidecar = {
      ...APP,
      name: 'proxy',
      image: 'envoyproxy/envoy:v1.31.2',
      logDriver: undefined,
      logOptions: {},
    };
    const snapshot = snapshotWith({
      taskDefinition: { ok: true, value: { ...TASK_DEFINITION, containers: [APP, sidecar] } },
    });
    const checks = answered(snapshot);
    expect(checks.P1).toMatchObject({ status: 'failed', findings: ['registry-needs-internet'] });
    expect([checks.P5.status, checks.P6.status, checks.P7.status, checks.P8.status]).toEqual([
      'not-checked',
      'not-checked',
      'passed',
      'passed',
    ]);
  });

  it('fails P4 and R6 when the VPC’s DNS resolution is off', () => {
    const checks = answered(snapshotWith({ dnsSupport: { ok: true, value: false } }));
    expect([checks.P4, checks.R6]).toMatchObject([
      { status: 'failed', findings: ['vpc-dns-off:enableDnsSupport'] },
      { status: 'failed', findings: ['vpc-dns-off:enableDnsSupport'] },
    ]);
  });

  it('leaves P4 open when the VPC’s DNS questions go to corporate servers the stop does not blame', () => {
    const snapshot = snapshotWith({
      dhcpOptions: {
        ok: true,
        value: { id: 'dopt-0corp5a6b7c8d9e0f1', domainNameServers: ['10.20.0.10', '10.20.0.11'] },
      },
    });
    expect(answered(snapshot, TAG_MISSING).P4).toEqual({
      id: 'P4',
      title: 'DNS: endpoint private DNS, the VPC’s DNS attributes, the Amazon-provided resolver',
      status: 'not-checked',
      why: "dopt-0corp5a6b7c8d9e0f1 sends the task's DNS questions to 10.20.0.10, 10.20.0.11: whether they forward the ECR endpoints' names to the VPC resolver is unknown",
    });
  });

  it('fails the logs path (R5), not the pull, when only the logs endpoint is missing', () => {
    const checks = answered(withoutEndpoint('logs'));
    expect(checks.R5).toMatchObject({
      status: 'failed',
      findings: ['no-egress-path', 'missing-endpoint:logs'],
    });
    expect(checks.P3.status).toBe('passed');
  });

  it('fails the secrets path (R2), not the pull’s route (P1), when only the Secrets Manager endpoint is missing', () => {
    const snapshot = snapshotWith({
      taskDefinition: {
        ok: true,
        value: {
          ...TASK_DEFINITION,
          containers: [{ ...APP, secrets: [{ name: 'DB_URL', valueFrom: SECRET_ARN }] }],
        },
      },
    });
    const checks = answered(snapshot, SECRET_MISSING);
    expect(checks.R2).toMatchObject({
      status: 'failed',
      findings: ['no-egress-path', 'missing-endpoint:secretsmanager'],
    });
    expect(checks.P1.status).toBe('not-applicable');
  });

  it('calls the endpoint checks not applicable for a task that pulls through a NAT gateway', () => {
    const checks = answered(BEHIND_PUBLIC_NAT);
    expect([
      checks.P1.status,
      checks.P3.status,
      checks.P4.status,
      checks.P7.status,
      checks.P8.status,
    ]).toEqual(['passed', 'not-applicable', 'not-applicable', 'not-applicable', 'not-applicable']);
  });

  it('calls the public IP not applicable when no subnet routes to an internet gateway', () => {
    expect(answered(BEHIND_PUBLIC_NAT).P2).toMatchObject({
      status: 'not-applicable',
      why: 'the task’s subnets do not route to an internet gateway',
    });
  });

  it('fails P11 with the missing tag when the image check ran', () => {
    const ref = ecrImageOf(IMAGE, 'app');
    if (!ref) throw new Error('the test image is in ECR');
    const snapshot = snapshotWith({
      ...BEHIND_PUBLIC_NAT,
      workload: {
        checks: ['image'],
        images: [
          {
            ref,
            state: { ok: true, value: { kind: 'image-missing' } },
            tags: { ok: true, value: ['1.4.1'] },
          },
        ],
        secrets: [],
      },
    });
    expect(answered(snapshot, TAG_MISSING).P11).toMatchObject({
      status: 'failed',
      findings: ['image-tag-missing'],
    });
  });

  it.each([
    ['passes P18 for an image ECR holds as ACTIVE', 'ACTIVE', { status: 'passed' }],
    ['fails P18 for an image ECR archived', 'ARCHIVED', { status: 'failed', findings: ['image-archived'] }],
  ] as const)('%s', (_, status, answer) => {
    const ref = ecrImageOf(IMAGE, 'app');
    if (!ref) throw new Error('the test image is in ECR');
    const digest = 'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
    const snapshot = snapshotWith({
      ...BEHIND_PUBLIC_NAT,
      workload: {
        checks: ['image'],
        images: [{ ref, state: { ok: true, value: { kind: 'found', digest, tags: ['1.4.2'], status } } }],
        secrets: [],
      },
    });
    expect(answered(snapshot, TAG_MISSING).P18).toMatchObject(answer);
  });

  it('leaves P18 not checked when no image was found to have a status', () => {
    const ref = ecrImageOf(IMAGE, 'app');
    if (!ref) throw new Error('the test image is in ECR');
    const snapshot = snapshotWith({
      ...BEHIND_PUBLIC_NAT,
      workload: {
        checks: ['image'],
        images: [
          { ref, state: { ok: true, value: { kind: 'image-missing' } }, tags: { ok: true, value: [] } },
        ],
        secrets: [],
      },
    });
    expect(answered(snapshot, TAG_MISSING).P18).toMatchObject({
      status: 'not-checked',
      why: 'no image of the task was found in ECR: none has an archive status',
    });
  });

  it('says the execution role was not simulated when the stop’s cause did not call for it', () => {
    expect(answered(HEALTHY).P9).toMatchObject({
      status: 'not-checked',
      why: 'the execution role is simulated when the stop names a permission problem, and by ecs-pullfix check',
    });
  });

  it('fails R4 for a secret that does not exist', () => {
    const checks = answered(withSecret(SECRET_ARN, 'secrets'), SECRET_MISSING);
    expect(checks.R4).toMatchObject({ status: 'failed', findings: ['secret-missing:secret'] });
    expect(checks.P14.status).toBe('not-applicable');
  });

  it('fails P14, not R4, when the private registry’s credentials secret does not exist', () => {
    const checks = answered(withSecret(SECRET_ARN, 'repositoryCredentials'));
    expect(checks.P14).toMatchObject({ status: 'failed', findings: ['secret-missing:secret'] });
    expect(checks.R4.status).toBe('not-applicable');
  });

  it('takes a Docker Hub rate limit from the stop reason, with no finding', () => {
    const snapshot = snapshotWith({
      ...BEHIND_PUBLIC_NAT,
      taskDefinition: {
        ok: true,
        value: { ...TASK_DEFINITION, containers: [{ ...APP, image: 'redis:7.2' }] },
      },
    });
    expect(answered(snapshot, DOCKER_HUB_LIMIT).P13).toMatchObject({
      status: 'failed',
      why: 'the stop reason says the registry throttled the pull',
    });
  });

  it('takes an ECR endpoint policy’s refusal from the stop reason when the policy could not show it', () => {
    const refused =
      'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: ' +
      'unable to retrieve ecr registry auth: service call has been retried 3 time(s): AccessDeniedException: ' +
      `User: arn:aws:sts::${ACCOUNT}:assumed-role/ecsTaskExecutionRole/5f2b0c8e9a7d4e3f8b1a6c2d9e0f7a4b is not authorized ` +
      'to perform: ecr:GetAuthorizationToken on resource: * because no VPC endpoint policy allows the ecr:GetAuthorizationToken action';
    expect(answered(HEALTHY, refused).P8).toMatchObject({
      status: 'failed',
      why: 'the stop reason says a VPC endpoint policy refused the call',
    });
  });

  it.each([
    [
      'P15',
      'CannotPullContainerError: failed to register layer: Error processing tar file(exit status 1): write /usr/lib/jvm/java-17/lib/modules: no space left on device',
      'the stop reason says the task’s storage could not hold the image',
    ],
    [
      'P16',
      'Task failed to start: Timeout waiting for network interface provisioning to complete.',
      'the stop reason says the task timed out while starting',
    ],
  ] as const)('takes %s from the words of the stop reason', (id, stoppedReason, why) => {
    expect(answered(HEALTHY, stoppedReason)[id]).toMatchObject({ status: 'failed', why });
  });

  it('says the image lookup is out of reach for an image outside private ECR', () => {
    const snapshot = snapshotWith({
      ...BEHIND_PUBLIC_NAT,
      taskDefinition: {
        ok: true,
        value: { ...TASK_DEFINITION, containers: [{ ...APP, image: 'redis:7.2' }] },
      },
    });
    expect(answered(snapshot).P11).toMatchObject({
      status: 'not-checked',
      why: 'ecs-pullfix looks images up only in private ECR',
    });
  });

  it('says the network checks were not made, and why, when the subnets could not be read', () => {
    const why = 'ec2:DescribeSubnets was denied (AccessDenied)';
    const checks = answered(snapshotWith({ subnets: { ok: false, why } }));
    expect([checks.P5, checks.R1]).toMatchObject([
      { status: 'not-checked', why },
      { status: 'not-checked', why },
    ]);
  });

  it('does not call the secrets checks not applicable while the task definition is unread', () => {
    const why = 'ecs:DescribeTaskDefinition was denied (AccessDeniedException)';
    const checks = answered(snapshotWith({ taskDefinition: { ok: false, why } }));
    expect(checks.R2.status).toBe('not-checked');
    expect(checks.R2.why).toContain(why);
  });

  it('says which checks a read that was refused leaves open', () => {
    const why = 'ec2:DescribeNetworkAcls was denied (UnauthorizedOperation)';
    expect(answered(snapshotWith({ networkAcls: { ok: false, why } })).P6).toMatchObject({
      status: 'not-checked',
      why: expect.stringContaining('ec2:DescribeNetworkAcls was denied'),
    });
  });

  it.each([
    ['P10', 'the repository’s policy is not inspected by ecs-pullfix yet'],
    ['R5', 'whether the log group exists is not inspected by ecs-pullfix yet (its network path was checked)'],
  ] as const)('says %s is not inspected yet for an image in ECR', (id, why) => {
    expect(answered(HEALTHY)[id]).toMatchObject({ status: 'not-checked', why });
  });

  describe('P15, the ephemeral storage', () => {
    const ref = ecrImageOf(IMAGE, 'app');
    if (!ref) throw new Error('the test image is in private ECR');
    const sized = (gib: number, launchType = 'FARGATE'): Snapshot =>
      snapshotWith({
        task: { ...HEALTHY.task, launchType },
        workload: {
          checks: ['image'],
          images: [
            {
              ref,
              state: {
                ok: true,
                value: {
                  kind: 'found',
                  digest: `sha256:${'9f'.repeat(32)}`,
                  tags: ['1.4.2'],
                  sizeInBytes: gib * 1024 ** 3,
                },
              },
            },
          ],
          secrets: [],
        },
      });

    it('passes when the image’s size, unpacked, fits the default 20 GiB', () => {
      expect(answered(sized(2)).P15).toMatchObject({ status: 'passed' });
    });

    it('fails with the finding when it cannot fit', () => {
      expect(answered(sized(8)).P15).toMatchObject({
        status: 'failed',
        findings: ['ephemeral-storage-too-small'],
      });
    });

    it('is not checked when the image’s size was not read', () => {
      expect(answered(HEALTHY).P15).toMatchObject({
        status: 'not-checked',
        why: 'the image’s size was not read (it is when the stop is the platform’s, such as no space left on device, and by ecs-pullfix check)',
      });
    });

    it('is not checked on EC2, whose instance volume holds the image', () => {
      expect(answered(sized(2, 'EC2')).P15).toMatchObject({
        status: 'not-checked',
        why: 'on EC2 the image is stored on the container instance’s volume, which ecs-pullfix does not read',
      });
    });
  });

  it.each([
    ['passes P17 for a first pull the role may import', [], { status: 'passed' }],
    [
      'fails P17 for a first pull the role may not import',
      ['ecr:BatchImportUpstreamImage'],
      { status: 'failed', findings: ['pull-through-role-cannot-import'] },
    ],
  ] as const)('%s', (_, denied, answer) => {
    const ref = ecrImageOf(
      '111122223333.dkr.ecr.us-east-1.amazonaws.com/docker-hub/library/nginx:1.27',
      'app',
    );
    if (!ref) throw new Error('the test image is in ECR');
    const roleArn = 'arn:aws:iam::111122223333:role/ecsTaskExecutionRole';
    const resource = 'arn:aws:ecr:us-east-1:111122223333:repository/docker-hub/library/nginx';
    const secret =
      'arn:aws:secretsmanager:us-east-1:111122223333:secret:ecr-pullthroughcache/docker-hub-Xy12Ab';
    const decisions = ['ecr:BatchImportUpstreamImage', 'ecr:CreateRepository'].map((action) => ({
      action,
      resource,
      decision: (denied as readonly string[]).includes(action)
        ? ('implicitDeny' as const)
        : ('allowed' as const),
    }));
    const snapshot = snapshotWith({
      ...BEHIND_PUBLIC_NAT,
      workload: {
        checks: ['image'],
        images: [
          {
            ref,
            state: { ok: true, value: { kind: 'repository-missing' } },
            pullThrough: {
              rules: {
                ok: true,
                value: [{ prefix: 'docker-hub', upstreamUrl: 'registry-1.docker.io', credentialArn: secret }],
              },
              credential: {
                ok: true,
                value: { kind: 'secret', arn: secret, versions: { v1: ['AWSCURRENT'] } },
              },
              role: { roleArn, decisions: { ok: true, value: decisions } },
            },
          },
        ],
        secrets: [],
      },
    });
    expect(answered(snapshot, TAG_MISSING).P17).toMatchObject(answer);
  });

  it('leaves P17 not checked when no image was looked up among the pull-through cache rules', () => {
    expect(answered(HEALTHY).P17).toMatchObject({ status: 'not-checked' });
  });

  it('calls the ECR-only checks not applicable for an image from Docker Hub', () => {
    const snapshot = snapshotWith({
      ...BEHIND_PUBLIC_NAT,
      taskDefinition: {
        ok: true,
        value: { ...TASK_DEFINITION, containers: [{ ...APP, image: 'redis:7.2' }] },
      },
    });
    const checks = answered(snapshot);
    expect([
      checks.P9.status,
      checks.P10.status,
      checks.P17.status,
      checks.P18.status,
      checks.R1.status,
    ]).toEqual(['not-applicable', 'not-applicable', 'not-applicable', 'not-applicable', 'not-applicable']);
  });

  it('fails P3 when the S3 gateway is not on the task subnet’s route table', () => {
    const snapshot = withGateway({ routeTableIds: ['rtb-0other1a2b3c4d5e6'] });
    expect(answered(snapshot).P3).toMatchObject({
      status: 'failed',
      findings: ['s3-gateway-not-associated:s3'],
    });
  });

  it('fails P7, not P8, when the S3 gateway’s policy keeps the layer bucket out', () => {
    const onlyOurBucket = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: '*',
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::checkout-artifacts-123456789012/*',
        },
      ],
    });
    const checks = answered(withGateway({ policy: onlyOurBucket }));
    expect([checks.P7, checks.P8.status]).toMatchObject([
      { status: 'failed', findings: ['endpoint-policy-denies:s3'] },
      'passed',
    ]);
  });
});

describe(checklistLine.name, () => {
  it('counts each status and names the checks that failed or were not checked', () => {
    expect(checklistLine(answerChecklistOf(withoutEndpoint('logs')))).toBe(
      'AWS checklist: 8 passed, 1 failed (R5), 8 not checked (P9, P10, P11, P12, P15, P16, P17, P18), 9 not applicable',
    );
  });

  it('says nothing when nothing was diagnosed', () => {
    expect(checklistLine([])).toBeUndefined();
  });
});

function answerChecklistOf(snapshot: Snapshot): CheckAnswer[] {
  const classification = classify({ stoppedReason: PULL_TIMEOUT });
  return answerChecklist({ snapshot, classification, findings: diagnose(snapshot, classification) });
}

describe('P10, another account’s repository policy', () => {
  const OTHER_IMAGE = `444455556666.dkr.ecr.${REGION}.amazonaws.com/platform/orders-api:2.3.0`;
  const DENIED = `CannotPullContainerError: failed to resolve ref ${OTHER_IMAGE}: pulling from host 444455556666.dkr.ecr.${REGION}.amazonaws.com failed with status code [manifests 2.3.0]: 403 Forbidden`;
  const withPolicy = (policy: { ok: true; value: string | undefined } | { ok: false; why: string }) =>
    snapshotWith({
      ...BEHIND_PUBLIC_NAT,
      taskDefinition: {
        ok: true,
        value: { ...TASK_DEFINITION, containers: [{ ...APP, image: OTHER_IMAGE }] },
      },
      workload: {
        checks: ['execution-role'],
        images: [],
        secrets: [],
        repositoryPolicies: [
          {
            image: OTHER_IMAGE,
            container: APP.name,
            registryId: '444455556666',
            region: REGION,
            repository: 'platform/orders-api',
            policy,
          },
        ],
      },
    });
  const grant = (principal: string) =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Sid: 'Pull', Effect: 'Allow', Principal: { AWS: principal }, Action: 'ecr:*' }],
    });

  it('passes P10 when the other account’s policy grants the execution role the pull', () => {
    const snapshot = withPolicy({ ok: true, value: grant(TASK_DEFINITION.executionRoleArn ?? '') });
    expect(answered(snapshot, DENIED).P10).toMatchObject({ status: 'passed' });
  });

  it('fails P10 with ecr-repository-policy-denies when it grants another role only', () => {
    const snapshot = withPolicy({ ok: true, value: grant('arn:aws:iam::444455556666:role/platform-ci') });
    expect(answered(snapshot, DENIED).P10).toMatchObject({
      status: 'failed',
      findings: ['ecr-repository-policy-denies'],
    });
  });

  it('leaves P10 not checked, naming GetRepositoryPolicy, when the policy may not be read', () => {
    const why = 'ecr:GetRepositoryPolicy was denied (AccessDeniedException)';
    expect(answered(withPolicy({ ok: false, why }), DENIED).P10).toMatchObject({
      status: 'not-checked',
      why: expect.stringContaining('ecr:GetRepositoryPolicy'),
    });
  });
});
