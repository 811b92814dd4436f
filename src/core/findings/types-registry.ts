import type { ReplicationAdvice } from '../replication.js';

/** A registry no VPC endpoint reaches (catalogue: ./egress.ts). */
export type RegistryNeedsInternetFinding = {
  id: 'registry-needs-internet';
  registryHost?: string;
  why: string;
  /** The account's registry in another Region: whether a replication rule brings the image into the task's. */
  replication?: ReplicationAdvice;
};
