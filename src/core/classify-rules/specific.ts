import type { Rule } from './types.js';

/** Rules that must beat the generic ones below: a TLS failure, the agent's own timeout, a KMS denial inside a secret fetch, EFS, S3 layers. */
export const SPECIFIC_RULES: readonly Rule[] = [
  // A TLS failure (an intercepting proxy, a private CA) is neither the network path nor auth:
  // the taxonomy has no cause for it, so abstain, with the evidence.
  {
    cause: 'unknown',
    needles: ['x509', 'failed to verify certificate'],
    pattern: /x509: [\w ]{1,60}|tls: failed to verify certificate/i,
  },
  // The agent timed out before the pull even began: the Docker daemon, not the path.
  {
    cause: 'unknown',
    needles: ['pullbegin'],
    pattern: /Could not transition to pullBegin/i,
  },
  // Specific beats generic: a KMS denial inside a secret fetch is kms-denied.
  {
    cause: 'kms-denied',
    needles: ['kms', 'awskms', 'the ciphertext refers to'],
    pattern:
      /Access to KMS is not allowed|KMSAccessDenied\w*|not authorized to perform:?\s*kms:\w+|kms:Decrypt|KMSInvalidStateException|The ciphertext refers to a customer master key that does not exist[\w ,]*|KMS key[\w ]{0,20} (?:is disabled|is pending deletion)/i,
  },
  // EFS: whatever the mechanism inside efs-utils (DNS, NFS timeout, access denied), the
  // failure is the mount.
  {
    cause: 'efs-mount',
    needles: ['efs', 'mount.nfs', 'access denied by server'],
    pattern:
      /failed to invoke EFS utils commands[\w ]*|unsuccessful EFS utils command execution|mount\.nfs4?: [^\n'"]{1,80}|access denied by server(?: while mounting)?|Failed to mount EFS[\w -]*|efs-utils/i,
  },
  // Layers come from S3 (prod-<region>-starport-layer-bucket): the manifest was reached,
  // the layer was not, whatever the symptom.
  {
    cause: 'network-s3-layer',
    needles: ['starport-layer-bucket'],
    pattern: /prod-[a-z0-9-]{1,40}-starport-layer-bucket[^\s"']{0,200}|starport-layer-bucket/i,
  },
  {
    cause: 'network-s3-layer',
    needles: ['error pulling image configuration'],
    pattern: /error pulling image configuration/i,
    requires: { needles: ['s3'], pattern: /https?:\/\/[^\s"]*\bs3[.-][^\s"]*/i },
  },
];
