import { describe, expect, it } from 'vitest';
import { CAUSES } from '../../src/core/causes.js';
import { classify } from '../../src/core/classify.js';
import { toStopRecord } from '../../src/core/stop-record.js';
import { corpus, exampleEvents, holdout, type LabelledMessage } from '../support/fixtures.js';

/**
 * Corpus labels whose *service* comes from the source thread's context, not from the text
 * (causes.md, "Services"): from the text alone the right answer is `unknown`.
 */
const SERVICE_FROM_CONTEXT: Readonly<Record<string, string>> = {
  'deploy-with-serverless-11':
    'the intended registry (ECR) is in the issue title; the text names only a bare repository',
  'cdk-14457': 'the image reference is redacted to xxxxx.xxx',
  'relay-71': 'the text names no registry; the label comes from the service event it was quoted from',
  'epi2me-wf-basecalling-59': "Docker Hub is the reporter's registry; the daemon's words name none",
  'ecsagent-719': "'Could not reach any registry endpoint' names no registry",
  'ecsagent-410': 'the private Docker Hub repositories are in the thread, not in the text',
  '7thzero-context-canceled': "'context canceled' names nothing; the blog's task pulled from ECR",
  'awsdocs-pull-failedcopy': 'the AWS doc example names no registry',
  'prefect-12003': "Prefect printed only the tail ('429 Too Many Requests'); Docker Hub is from the thread",
};

const asRecord = (m: LabelledMessage) => toStopRecord(m);

describe(classify.name, () => {
  describe('on the labelled corpus', () => {
    it.each(corpus())('classifies $id as $cause', (message) => {
      expect(classify(asRecord(message)).cause).toBe(message.cause);
    });

    it.each(corpus().filter((m) => !(m.id in SERVICE_FROM_CONTEXT)))('names $service for $id', (message) => {
      expect(classify(asRecord(message)).service).toBe(message.service);
    });

    it.each(Object.entries(SERVICE_FROM_CONTEXT))(
      'abstains on the service of %s, whose label comes from context (%s)',
      (id) => {
        const message = corpus().find((m) => m.id === id);
        expect(message, `corpus has ${id}`).toBeDefined();
        expect(classify(asRecord(message as LabelledMessage)).service).toBe('unknown');
      },
    );
  });

  describe('on real messages outside the corpus', () => {
    it.each(holdout())('classifies $id as $cause on $service', (message) => {
      const c = classify(asRecord(message));
      expect({ cause: c.cause, service: c.service }).toEqual({
        cause: message.cause,
        service: message.service,
      });
    });
  });

  describe('on the example events', () => {
    it.each(exampleEvents())('classifies $name as its file name says', ({ name, event }) => {
      expect(classify(toStopRecord(event)).cause).toBe(name.split('--')[0]);
    });

    it('has an example event for every cause', () => {
      const covered = new Set(exampleEvents().map((e) => e.name.split('--')[0]));
      expect(CAUSES.filter((c) => !covered.has(c))).toEqual([]);
    });
  });

  describe('on a denial by a VPC endpoint policy', () => {
    // AWS's authorization errors end by naming the kind of policy that decided ("because no
    // <kind> policy allows the <action> action", "with an explicit deny in a <kind> policy");
    // S3 answers with its XML AccessDenied. Shapes from the IAM and S3 troubleshooting guides
    // and public threads (exercism/website#7983, aws/amazon-vpc-cni-k8s#917,
    // docker/hub-feedback#1318), set in the ECS agent's wording of each call.
    const role =
      'arn:aws:sts::111122223333:assumed-role/ledger-api-task-execution/7e4b1f0c2a9d4c63b85e0f3a1d6c9b27';
    it.each([
      {
        call: 'the ECR login through an ecr.api endpoint that allows no GetAuthorizationToken',
        reason: `ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve ecr registry auth: service call has been retried 3 time(s): AccessDeniedException: User: ${role} is not authorized to perform: ecr:GetAuthorizationToken on resource: * because no VPC endpoint policy allows the ecr:GetAuthorizationToken action status code: 400, request id: 6f2d8a41-0c7e-4b39-a5d1-93e6b7f20c84`,
        service: 'ecr',
        evidence: 'because no VPC endpoint policy allows the ecr:GetAuthorizationToken action',
      },
      {
        call: 'the manifest through an ecr.dkr endpoint, although Docker calls it pull access denied',
        reason: `CannotPullContainerError: Error response from daemon: pull access denied for 111122223333.dkr.ecr.eu-west-1.amazonaws.com/shop/api, repository does not exist or may require 'docker login': denied: User: ${role} is not authorized to perform: ecr:BatchGetImage on resource: arn:aws:ecr:eu-west-1:111122223333:repository/shop/api because no VPC endpoint policy allows the ecr:BatchGetImage action`,
        service: 'ecr',
        evidence:
          'ecr:BatchGetImage on resource: arn:aws:ecr:eu-west-1:111122223333:repository/shop/api because',
      },
      {
        call: 'the log stream through a logs endpoint',
        reason: `ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: failed to create Cloudwatch log stream: AccessDeniedException: User: ${role} is not authorized to perform: logs:CreateLogStream on resource: arn:aws:logs:us-east-1:111122223333:log-group:/ecs/ledger-api:log-stream:ecs/ledger-api/7e4b1f0c2a9d4c63b85e0f3a1d6c9b27 because no VPC endpoint policy allows the logs:CreateLogStream action : exit status 1`,
        service: 'logs',
        evidence: 'no VPC endpoint policy allows the logs:CreateLogStream action',
      },
      {
        call: 'a secret through a Secrets Manager endpoint that denies it explicitly',
        reason: `ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 1 time(s): failed to fetch secret arn:aws:secretsmanager:eu-west-1:111122223333:secret:ledger/db-AbCdEf from secrets manager: AccessDeniedException: User: ${role} is not authorized to perform: secretsmanager:GetSecretValue on resource: arn:aws:secretsmanager:eu-west-1:111122223333:secret:ledger/db-AbCdEf with an explicit deny in a VPC endpoint policy`,
        service: 'secretsmanager',
        evidence: 'with an explicit deny in a VPC endpoint policy',
      },
      {
        call: 'a parameter through an SSM endpoint',
        reason: `ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secrets from ssm: service call has been retried 1 time(s): AccessDeniedException: User: ${role} is not authorized to perform: ssm:GetParameters on resource: arn:aws:ssm:eu-west-1:111122223333:parameter/ledger/db-url because no VPC endpoint policy allows the ssm:GetParameters action`,
        service: 'ssm',
        evidence: 'ssm:GetParameters action',
      },
      {
        call: 'an environment file through the S3 gateway endpoint',
        reason: `ResourceInitializationError: failed to download env files: file download command: non empty error stream: service call has been retried 5 time(s): AccessDenied: User: ${role} is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::ledger-config-111122223333/prod.env" because no VPC endpoint policy allows the s3:GetObject action status code: 403`,
        service: 's3',
        evidence: 's3:GetObject action',
      },
      {
        call: 'the image configuration from the layer bucket, as S3 answers it (XML)',
        reason:
          'CannotPullContainerError: error pulling image configuration: download failed after attempts=1: error parsing HTTP 403 response body: invalid character \'<\' looking for beginning of value: "<?xml version=\\"1.0\\" encoding=\\"UTF-8\\"?>\\n<Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>9KX2T7RM4QH1B8ZC</RequestId><HostId>uT3v0wP6jQ9mZr2Lk8yXbN1cD4sA7fE5hG0iJ=</HostId></Error>"',
        service: 's3',
        evidence: '<Code>AccessDenied</Code><Message>Access Denied</Message>',
      },
      {
        call: 'a layer from the starport bucket, in containerd wording',
        reason:
          'CannotPullContainerError: ref pull has been retried 1 time(s): failed to copy: httpReadSeeker: failed open: unexpected status code https://prod-us-east-1-starport-layer-bucket.s3.us-east-1.amazonaws.com/8f3e-cd/4b0a93d1-07be-4f2c-9a61-2c0f3b7e5d18?X-Amz-Algorithm=AWS4-HMAC-SHA256: 403 Forbidden',
        service: 's3',
        evidence: '403 Forbidden',
      },
      {
        call: 'a denial cut before the action it names',
        reason: `ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secrets from ssm: service call has been retried 1 time(s): AccessDeniedException: User: ${role} is not authorized to perform: ssm:GetParameters on resource: arn:aws:ssm:eu-west-1:111122223333:parameter/ledger/db-url because no VPC endpoint policy allows`,
        service: 'ssm',
        evidence: 'because no VPC endpoint policy allows',
      },
      {
        call: 'a denial whose head the console cut off',
        reason: '…because no VPC endpoint policy allows the logs:CreateLogStream action : exit status 1',
        service: 'logs',
        evidence: 'because no VPC endpoint policy allows the logs:CreateLogStream action',
      },
    ])(
      'calls $call endpoint-policy on $service, never the execution role',
      ({ reason, service, evidence }) => {
        const c = classify({ stopCode: 'TaskFailedToStart', stoppedReason: reason });
        expect({ cause: c.cause, service: c.service, networkRelated: c.networkRelated }).toEqual({
          cause: 'endpoint-policy',
          service,
          networkRelated: true,
        });
        expect(c.evidence.some((e) => e.includes(evidence))).toBe(true);
      },
    );

    it.each([
      {
        kind: 'no identity-based policy allows it',
        reason: `ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve ecr registry auth: service call has been retried 3 time(s): AccessDeniedException: User: ${role} is not authorized to perform: ecr:GetAuthorizationToken on resource: * because no identity-based policy allows the ecr:GetAuthorizationToken action`,
        service: 'ecr',
      },
      {
        kind: 'the repository policy (a resource-based policy) allows no pull',
        reason: `CannotPullContainerError: Error response from daemon: pull access denied for 111122223333.dkr.ecr.eu-west-1.amazonaws.com/shop/api, repository does not exist or may require 'docker login': denied: User: ${role} is not authorized to perform: ecr:BatchGetImage on resource: arn:aws:ecr:eu-west-1:111122223333:repository/shop/api because no resource-based policy allows the ecr:BatchGetImage action`,
        service: 'ecr',
      },
      {
        kind: 'an identity-based policy denies it explicitly',
        reason: `ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secrets from ssm: service call has been retried 1 time(s): AccessDeniedException: User: ${role} is not authorized to perform: ssm:GetParameters on resource: arn:aws:ssm:eu-west-1:111122223333:parameter/ledger/db-url with an explicit deny in an identity-based policy`,
        service: 'ssm',
      },
      {
        kind: 'the older wording names no policy',
        reason: `ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: failed to create Cloudwatch log stream: AccessDeniedException: User: ${role} is not authorized to perform: logs:CreateLogStream on resource: arn:aws:logs:us-east-1:111122223333:log-group:/ecs/ledger-api:log-stream:ecs/ledger-api/7e4b : exit status 1`,
        service: 'logs',
      },
      {
        kind: 'S3 refuses an environment file without saying which policy',
        reason:
          'ResourceInitializationError: failed to download env files: file download command: non empty error stream: service call has been retried 5 time(s): AccessDenied: Access Denied status code: 403, request id: 8Q2XW5G1ZK7P3M0N',
        service: 's3',
      },
    ])('keeps a denial that names no endpoint policy the execution role’s: $kind', ({ reason, service }) => {
      const c = classify({ stopCode: 'TaskFailedToStart', stoppedReason: reason });
      expect({ cause: c.cause, service: c.service, networkRelated: c.networkRelated }).toEqual({
        cause: 'iam-execution-role',
        service,
        networkRelated: false,
      });
    });

    it('keeps a layer download that timed out network-s3-layer: only a 403 is the policy', () => {
      const c = classify({
        stoppedReason:
          'CannotPullContainerError: error pulling image configuration: Get https://prod-eu-west-1-starport-layer-bucket.s3.eu-west-1.amazonaws.com/5c1e-d2/0b7f4a2e-8c39-4d61-b5e0-3a9f1c6d2e87?X-Amz-Algorithm=AWS4-HMAC-SHA256: dial tcp 52.218.62.17:443: i/o timeout',
      });
      expect([c.cause, c.service]).toEqual(['network-s3-layer', 's3']);
    });

    it('names the registry of the image whose layers S3 refused', () => {
      const c = classify({
        stopCode: 'TaskFailedToStart',
        stoppedReason: 'Task failed to start',
        containers: [
          {
            name: 'ledger-api',
            image: '111122223333.dkr.ecr.us-east-1.amazonaws.com/ledger-api:3.8.0',
            reason:
              'CannotPullContainerError: error pulling image configuration: download failed after attempts=1: error parsing HTTP 403 response body: <?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>',
          },
        ],
      });
      expect(c).toMatchObject({
        cause: 'endpoint-policy',
        service: 's3',
        registry: { kind: 'ecr', region: 'us-east-1' },
      });
      expect(c.summary).toContain('S3 gateway endpoint');
    });
  });

  describe('on a failure of the Docker daemon’s own networks on the instance', () => {
    // The host's runtime, not the task's path in the VPC: aws/amazon-ecs-agent#218 (docker0),
    // docker/classicswarm#2197 and moby/moby#42107 (the endpoint and the veth pair),
    // aws/amazon-ecs-cli#83 and Docker's port binding.
    it.each([
      'CannotStartContainerError: API error (404): Cannot start container 986d8b089f07fc0d90272518bd19cf0cb6f8858fcab70c673e45b1bd41d0e103: adding interface veth0e8d337 to bridge docker0 failed: could not find bridge docker0: no such network interface',
      'CannotStartContainerError: Error response from daemon: failed to create endpoint ecs-ledger-api-42-ledger-api-d8e4a2b0c6f1e9a7 on network bridge: adding interface veth39cd78e to bridge docker0 failed: could not find bridge docker0: route ip+net: no such network interface',
      'CannotStartContainerError: Error response from daemon: failed to create endpoint ecs-ledger-api-42-ledger-api-d8e4a2b0c6f1e9a7 on network bridge: failed to add the host (veth914a077) <=> sandbox (vethabddd78) pair interfaces: operation not supported',
      'CannotStartContainerError: Error response from daemon: driver failed programming external connectivity on endpoint ecs-ledger-api-42-ledger-api-d8e4a2b0c6f1e9a7 (669659d666e6b6164716c6009cc1f1b413f2130e8d6238db341769bce23620fa): Bind for 0.0.0.0:8080 failed: port is already allocated',
    ])('calls %s capacity-or-platform, implicating nothing outside the task', (reason) => {
      const c = classify({ stopCode: 'TaskFailedToStart', stoppedReason: reason });
      expect({ cause: c.cause, service: c.service, networkRelated: c.networkRelated }).toEqual({
        cause: 'capacity-or-platform',
        service: 'none',
        networkRelated: false,
      });
      expect(c.evidence[0]).toMatch(/docker0|endpoint|pair interfaces|port is already allocated/);
    });
  });

  describe('on ECS placing an EC2 task where no container instance is registered', () => {
    // Real texts: a service's event (jazztong/mongo-ecs-ha-tf#1, aws-samples/…-comfyui#39: a
    // capacity provider with 0 instances) and RunTask's InvalidParameterException
    // (aws/amazon-ecs-cli#1122, aws/aws-cdk#30171). No instance, no pull: capacity.
    it.each([
      [
        'service mongo-ecs-arbiter was unable to place a task because no container instance met all of its requirements. Reason: No Container Instances were found in your cluster. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.',
        'No Container Instances were found in your cluster',
      ],
      [
        'InvalidParameterException: No Container Instances were found in your cluster.',
        'No Container Instances were found in your cluster',
      ],
      [
        'No Container Instances were found in your cluster. (Service: AmazonECS; Status Code: 400; Error Code: InvalidParameterException; Request ID: cb76661d-7bb1-49ee-8fa7-8ba1feea5656; Proxy: null)',
        'No Container Instances were found in your cluster',
      ],
      [
        'service ComfyUIStack-ComfyUIService6B91FEDA-6l6z6AJugL5Q was unable to place a task because no container instance met all of its requirements. Reason: No Container Instances were found in your capacity provider. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.',
        'No Container Instances were found in your capacity provider',
      ],
    ])('calls %s capacity-or-platform, implicating nothing outside the task', (reason, evidence) => {
      const c = classify({ stoppedReason: reason });
      expect({ cause: c.cause, service: c.service, networkRelated: c.networkRelated }).toEqual({
        cause: 'capacity-or-platform',
        service: 'none',
        networkRelated: false,
      });
      expect(c.evidence).toEqual([evidence]);
    });
  });

  it('calls a refused iam:PassRole an IAM failure implicating no registry or service', () => {
    // Managed Instances: the capacity provider's infrastructure role may not pass the instance
    // role (AWS's managed policy passes only ecsInstanceRole*), so no instance is launched.
    const c = classify({
      stopCode: 'TaskFailedToStart',
      stoppedReason:
        'Unable to launch instance(s) for capacity provider ledger-mi. User: arn:aws:sts::111122223333:assumed-role/ecsInfrastructureRole/ECSManagedInstances is not authorized to perform: iam:PassRole on resource: arn:aws:iam::111122223333:role/ledger-stack-InstanceRole-7QX2M4KD9P1A because no identity-based policy allows the iam:PassRole action',
    });
    expect({ cause: c.cause, service: c.service, networkRelated: c.networkRelated }).toEqual({
      cause: 'iam-execution-role',
      service: 'none',
      networkRelated: false,
    });
    expect(c.evidence[0]).toBe('not authorized to perform: iam:PassRole');
    expect(c.summary).toMatch(/^A role ECS needs to start the task .*infrastructure role/);
  });

  describe('on the ECS agent’s timeouts (DockerTimeoutError’s “Could not transition to …; timed out after waiting …”)', () => {
    // The texts aws/amazon-ecs-agent prints (agent/dockerclient/dockerapi/errors.go and
    // docker_client.go): a pull, a start or the manifest fetch that timed out is on the way to
    // the registry; creating, inspecting or running the container is the host's runtime.
    it.each([
      [
        'DockerTimeoutError: Could not transition to pulled; timed out after waiting 2h0m0s',
        'network-timeout',
      ],
      [
        'DockerTimeoutError: Could not transition to started; timed out after waiting 3m0s',
        'network-timeout',
      ],
      [
        'DockerTimeoutError: Could not transition to MANIFEST_PULLED; timed out after waiting 1m0.5s',
        'network-timeout',
      ],
      [
        'DockerTimeoutError: Could not transition to created; timed out after waiting 4m0s',
        'capacity-or-platform',
      ],
      [
        'ContainerRuntimeTimeoutError: Could not transition to running; timed out after waiting 1m: context deadline exceeded',
        'capacity-or-platform',
      ],
    ] as const)('calls %s %s', (reason, cause) => {
      const c = classify({ stopCode: 'TaskFailedToStart', stoppedReason: reason });

      expect(c.cause).toBe(cause);
      expect(c.evidence[0]).toMatch(/Could not transition to \w+|ContainerRuntimeTimeoutError/);
    });
  });

  it('calls an i/o timeout to an ECR registry a network-timeout on ecr, with the registry host and region', () => {
    const c = classify({
      stoppedReason:
        'CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref 123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/api:2.1: failed to do request: Head "https://123456789012.dkr.ecr.eu-west-1.amazonaws.com/v2/shop/api/manifests/2.1": dial tcp 10.0.1.5:443: i/o timeout',
    });
    expect(c).toMatchObject({
      cause: 'network-timeout',
      service: 'ecr',
      networkRelated: true,
      registry: { kind: 'ecr', host: '123456789012.dkr.ecr.eu-west-1.amazonaws.com', region: 'eu-west-1' },
      evidence: ['dial tcp 10.0.1.5:443: i/o timeout'],
    });
  });

  it('reads the pull error from a container reason when the task reason only says the essential container exited', () => {
    const c = classify({
      stoppedReason: 'Essential container in task exited',
      stopCode: 'EssentialContainerExited',
      containers: [
        { name: 'sidecar', image: 'public.ecr.aws/aws-observability/aws-otel-collector:v0.40.0' },
        {
          name: 'web',
          image: 'ghcr.io/acme/web:5',
          reason:
            'CannotPullContainerError: failed to resolve ref ghcr.io/acme/web:5: dial tcp 140.82.112.34:443: i/o timeout',
        },
      ],
    });
    expect([c.cause, c.service]).toEqual(['network-timeout', 'private-registry']);
  });

  it('names the registry from the failing container image when the text does not', () => {
    const c = classify({
      stoppedReason: 'CannotPullContainerError: context canceled',
      containers: [
        {
          name: 'app',
          image: '210987654321.dkr.ecr.ap-south-1.amazonaws.com/app:7',
          reason: 'context canceled',
        },
      ],
    });
    expect(c).toMatchObject({ cause: 'network-timeout', service: 'ecr', registry: { region: 'ap-south-1' } });
  });

  it('prefers the specific KMS denial inside a secret fetch over the generic access denial', () => {
    const c = classify({
      stoppedReason:
        'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 1 time(s): AccessDeniedException: Access to KMS is not allowed',
    });
    expect([c.cause, c.service]).toEqual(['kms-denied', 'kms']);
  });

  it('calls ResourceNotFoundException inside a secret fetch secret-not-found, not a network problem', () => {
    const c = classify({
      stoppedReason:
        "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 1 time(s): failed to fetch secret arn:aws:secretsmanager:us-east-1:111122223333:secret:db from secrets manager: ResourceNotFoundException: Secrets Manager can't find the specified secret.",
    });
    expect([c.cause, c.service, c.networkRelated]).toEqual(['secret-not-found', 'secretsmanager', false]);
  });

  it('calls context deadline exceeded inside containerd volume work the platform, not the network', () => {
    const c = classify({
      stoppedReason:
        'CannotCreateVolumeError: unable to copy contents to volume on host: containerd: failed to get image reference: context deadline exceeded',
    });
    expect(c.cause).toBe('capacity-or-platform');
  });

  it('calls context deadline exceeded on a log-stream call a network timeout to CloudWatch Logs', () => {
    const c = classify({
      stoppedReason:
        'ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: failed to create Cloudwatch log stream: RequestCanceled: request context canceled caused by: context deadline exceeded : exit status 1',
    });
    expect([c.cause, c.service]).toEqual(['network-timeout', 'logs']);
  });

  it('uses the service the newer "connection issue between the task and" wording names', () => {
    const c = classify({
      stoppedReason:
        'ResourceInitializationError: unable to pull secrets or registry auth: The task cannot pull registry auth from Amazon ECR: There is a connection issue between the task and Amazon ECR. Check your task network configuration.',
    });
    expect([c.cause, c.service]).toEqual(['network-timeout', 'ecr']);
  });

  it('classifies a message cut mid-word on what is there', () => {
    const c = classify({
      stoppedReason:
        'CannotPullContainerError: Error response from daemon: Get https://registry-1.docker.io/v2/: net/http: request canceled while waiting for conn',
    });
    expect([c.cause, c.service]).toEqual(['network-timeout', 'dockerhub']);
  });

  it('ignores the case of the words', () => {
    const c = classify({
      stoppedReason:
        'RESOURCEINITIALIZATIONERROR: UNABLE TO RETRIEVE SECRETS FROM SSM: SERVICE CALL HAS BEEN RETRIED 1 TIME(S): INVALID PARAMETERS: /APP/DB',
    });
    expect([c.cause, c.service]).toEqual(['secret-not-found', 'ssm']);
  });

  it('never calls an ordinary stop a failure, and never network-related', () => {
    const c = classify({ stopCode: 'UserInitiated', stoppedReason: 'Task stopped by user' });
    expect([c.cause, c.networkRelated, c.service]).toEqual(['not-a-start-failure', false, 'none']);
  });

  it('abstains on a start failure whose text says nothing more', () => {
    const c = classify({ stopCode: 'TaskFailedToStart', stoppedReason: 'Task failed to start' });
    expect(c).toMatchObject({ cause: 'unknown', service: 'unknown', evidence: ['Task failed to start'] });
  });

  it('says unknown, with no evidence, for an empty record', () => {
    expect(classify({})).toMatchObject({ cause: 'unknown', evidence: [], registry: null });
  });

  it('writes one sentence as its summary', () => {
    const { summary } = classify(toStopRecord(exampleEvents()[0]?.event));
    expect(summary).toMatch(/^[A-Z][^\n]+\.$/);
  });
});
