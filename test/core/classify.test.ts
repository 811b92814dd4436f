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
