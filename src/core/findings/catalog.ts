import { CROSS_ACCOUNT } from './cross-account.js';
import { DNS } from './dns.js';
import { EFS } from './efs.js';
import { EGRESS } from './egress.js';
import { ENDPOINTS } from './endpoints.js';
import { FIREWALL } from './firewall.js';
import { IMAGE } from './image.js';
import { IPV6 } from './ipv6.js';
import { MANAGED } from './managed.js';
import { META } from './meta.js';
import { PULL_THROUGH } from './pull-through.js';
import { PULL_TIME } from './pull-time.js';
import type { Entries } from './spec.js';
import { STORAGE } from './storage.js';
import type { FindingId } from './types.js';
import { WORKLOAD } from './workload.js';

/**
 * Every finding id with its rank, scope, key, service and fix: the compiler refuses to build
 * while a member of the `Finding` union has no entry here. Order, `isProblem`,
 * `serviceOfFinding`, `findingKey` and `fixOf` are all read from it.
 */
export const FINDINGS: Entries<FindingId> = {
  ...DNS,
  ...EGRESS,
  ...ENDPOINTS,
  ...EFS,
  ...FIREWALL,
  ...IPV6,
  ...WORKLOAD,
  ...MANAGED,
  ...IMAGE,
  ...PULL_THROUGH,
  ...CROSS_ACCOUNT,
  ...STORAGE,
  ...PULL_TIME,
  ...META,
};
