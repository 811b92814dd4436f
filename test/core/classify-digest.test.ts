import { describe, expect, it } from 'vitest';
import { classify } from '../../src/core/classify.js';

/**
 * Since 2024 ECS pulls the digest it pinned a service's tag to at deployment: the stop reason
 * names the tag and the digest (`repo:tag@sha256:…`), and a digest a lifecycle rule deleted is
 * "not found" although the tag exists. The shapes are those of aws/containers-roadmap#2687 and
 * #2493 and of Docker's "manifest for … not found", with AWS's documentation account.
 */
const DIGEST = 'sha256:3f1c2a9b7e4d5c6f8a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f';
const REF = `111122223333.dkr.ecr.eu-west-1.amazonaws.com/example-service:1.4.2@${DIGEST}`;

describe(classify.name, () => {
  it.each([
    [
      'containerd: the pinned digest does not resolve',
      `CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref ${REF}: ${REF}: not found`,
    ],
    [
      'containerd: the manifest HEAD request answers 404',
      `CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ${REF}: unexpected status from HEAD request to https://111122223333.dkr.ecr.eu-west-1.amazonaws.com/v2/example-service/manifests/${DIGEST}: 404 Not Found`,
    ],
    [
      'Docker: the manifest for the digest is not found',
      `CannotPullContainerError: Error response from daemon: manifest for 111122223333.dkr.ecr.eu-west-1.amazonaws.com/example-service@${DIGEST} not found: manifest unknown: manifest unknown`,
    ],
  ])('calls a pinned digest that is gone image-not-found on ECR (%s)', (_, stoppedReason) => {
    const c = classify({ stopCode: 'TaskFailedToStart', stoppedReason });

    expect({ cause: c.cause, service: c.service, networkRelated: c.networkRelated }).toEqual({
      cause: 'image-not-found',
      service: 'ecr',
      networkRelated: false,
    });
    expect(c.registry).toMatchObject({ kind: 'ecr', region: 'eu-west-1' });
  });
});
