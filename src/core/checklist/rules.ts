import type { Classification, Service } from '../causes.js';
import type { WorkloadCheck } from '../workload.js';
import type { ChecklistFacts } from './facts.js';
import type { ChecklistId } from './list.js';

/*
 * What each of AWS's checks needs before ecs-pullfix can call it passed: that it applies to
 * the task, that the part of the diagnosis that makes it ran, and that ecs-pullfix inspects
 * all of it. Pure.
 */

export type Rule = Readonly<{
  /** Why the check does not apply to this task; undefined when it does or that cannot be known. */
  notApplicable?: (f: ChecklistFacts) => string | undefined;
  /**
   * What makes the check: the walk of the network path, the task definition alone (`task`),
   * workload checks, or nothing yet (`unmade`: why).
   */
  madeBy: 'network' | 'task' | readonly WorkloadCheck[] | Readonly<{ unmade: string }>;
  /** Why ecs-pullfix cannot make the check for this task at all (an image outside private ECR). */
  outOfReach?: (f: ChecklistFacts) => string | undefined;
  /** Why a check that ran still is not all seen (a part ecs-pullfix does not read). */
  partly?: (f: ChecklistFacts) => string | undefined;
  /** A failure the stop reason itself states, where no finding of ours can show it. */
  stopSays?: (c: Classification, f: ChecklistFacts) => string | undefined;
}>;

const NO_ECR = 'no image of the task is in private ECR';
const NOT_YET = 'not inspected by ecs-pullfix yet';

/** Facts that hang on the task definition are unknown while it is unread. */
const known = (f: ChecklistFacts, why: string | false): string | undefined =>
  f.taskDefinitionUnread === undefined && why !== false ? why : undefined;

const noPrivateEcr = (f: ChecklistFacts) => (f.ecrImages.size === 0 ? NO_ECR : undefined);
const notHere = (f: ChecklistFacts) =>
  f.ecrHere ? undefined : 'no image is in this region’s private ECR: no VPC endpoint serves its pull';
/** The stop reason names an endpoint policy that refused a call to `service` (the cause `endpoint-policy`). */
const policySays =
  (service: Service) =>
  (c: Classification, _f?: ChecklistFacts): string | undefined =>
    c.cause === 'endpoint-policy' && c.service === service
      ? 'the stop reason says a VPC endpoint policy refused the call'
      : undefined;

/** The classifier's evidence (the exact words of the stop reason that decided it) says so. */
const evidenceSays =
  (words: RegExp, said: string) =>
  (c: Classification): string | undefined =>
    c.evidence.some((e) => words.test(e)) ? said : undefined;

const noSecrets = (f: ChecklistFacts) =>
  known(f, !f.kinds.has('secret') && 'the task references no secrets or parameters');

export const RULES: Readonly<Record<ChecklistId, Rule>> = {
  P1: {
    notApplicable: (f) =>
      f.routes && f.endpoints && !f.routes.internet
        ? 'the task has no route out, and VPC endpoints serve its image pull'
        : undefined,
    madeBy: 'network',
    partly: (f) => f.routesUnread,
  },
  P2: {
    notApplicable: (f) =>
      f.routes && !f.routes.internetGateway
        ? 'the task’s subnets do not route to an internet gateway'
        : undefined,
    madeBy: 'network',
    partly: (f) => f.routesUnread,
  },
  P3: {
    notApplicable: (f) =>
      notHere(f) ??
      (f.routes?.internet && f.endpoints && !f.endpoints.ecr && f.endpoints.s3Gateway === false
        ? 'the task pulls through its route out (P1), not through endpoints'
        : undefined),
    madeBy: 'network',
  },
  P4: {
    notApplicable: (f) =>
      notHere(f) ??
      (f.endpoints && !f.endpoints.ecr ? 'no ECR interface endpoint serves the pull' : undefined),
    madeBy: 'network',
    // Behind a NAT gateway the public answers go out by the default route: the pull works either way.
    partly: (f) =>
      f.ecrNamesElsewhere && !f.routes?.internet
        ? `${f.ecrNamesElsewhere}: whether they forward the ECR endpoints' names to the VPC resolver is unknown`
        : undefined,
  },
  P5: { madeBy: 'network' },
  P6: { madeBy: 'network' },
  P7: {
    notApplicable: (f) =>
      notHere(f) ??
      (f.endpoints?.s3Gateway === false
        ? 'the layers are not fetched through an S3 gateway endpoint'
        : undefined),
    madeBy: 'network',
    stopSays: policySays('s3'),
  },
  P8: {
    notApplicable: (f) =>
      notHere(f) ??
      (f.endpoints && !f.endpoints.ecr ? 'no ECR interface endpoint serves the pull' : undefined),
    madeBy: 'network',
    stopSays: policySays('ecr'),
  },
  P9: { notApplicable: noPrivateEcr, madeBy: ['execution-role'] },
  // Read for an image in another account's registry (which must grant the pull); the policy of a
  // repository of the task's own account is not read (its role's own policies decide, P9).
  P10: {
    notApplicable: noPrivateEcr,
    madeBy: 'task',
    partly: (f) => (f.repositoryPolicyRead ? undefined : `the repository’s policy is ${NOT_YET}`),
  },
  P11: {
    madeBy: ['image'],
    outOfReach: (f) =>
      f.ecrImages.size === 0 ? 'ecs-pullfix looks images up only in private ECR' : undefined,
  },
  P12: {
    madeBy: ['image'],
    outOfReach: (f) =>
      f.ecrImages.size === 0 ? 'ecs-pullfix reads the platforms only of images in private ECR' : undefined,
    partly: (f) =>
      f.platformsRead
        ? undefined
        : 'the image’s platforms were not read (they are when the stop names a platform problem, and by ecs-pullfix check)',
  },
  P13: {
    notApplicable: (f) => (f.dockerHub ? undefined : 'no image comes from Docker Hub'),
    madeBy: 'task',
    partly: (f) =>
      f.taskDefinitionUnread ??
      (f.dockerHubAuthenticated
        ? undefined
        : 'the Docker Hub pulls are anonymous, and the stop reason does not say the rate limit was hit'),
    stopSays: (c, f) =>
      f.dockerHub && c.cause === 'registry-rate-limit'
        ? 'the stop reason says the registry throttled the pull'
        : undefined,
  },
  P14: {
    notApplicable: (f) => known(f, !f.kinds.has('credentials') && 'no container uses repositoryCredentials'),
    madeBy: ['secrets', 'execution-role'],
    stopSays: (c) =>
      c.cause === 'registry-auth'
        ? 'the stop reason says the registry refused the pull’s credentials'
        : undefined,
  },
  P15: {
    madeBy: ['image'],
    outOfReach: (f) =>
      f.ecrImages.size === 0 ? 'ecs-pullfix reads image sizes only in private ECR' : f.storageUnjudged,
    stopSays: evidenceSays(
      /no space left on device|ephemeral storage|failed to (?:extract|register|apply) layer/i,
      'the stop reason says the task’s storage could not hold the image',
    ),
  },
  P16: {
    madeBy: {
      unmade:
        'how long the pull took is not measured: it is estimated from the image’s size when the stop says the clock holding the pull ran out (image-pull-too-slow-for-timeout)',
    },
    stopSays: evidenceSays(
      /timed out after waiting|Timeout waiting for network interface provisioning|ContainerRuntimeTimeoutError/i,
      'the stop reason says the task timed out while starting',
    ),
  },
  P17: {
    notApplicable: noPrivateEcr,
    madeBy: ['image'],
    partly: (f) =>
      f.pullThroughRead
        ? undefined
        : 'no image of the task is under a pull-through cache rule’s prefix, or the rules were not read',
  },
  P18: {
    notApplicable: noPrivateEcr,
    madeBy: ['image'],
    partly: (f) =>
      f.imageFound ? undefined : 'no image of the task was found in ECR: none has an archive status',
  },
  R1: { notApplicable: noPrivateEcr, madeBy: 'network' },
  R2: {
    notApplicable: (f) =>
      known(
        f,
        !f.kinds.has('secret') &&
          !f.kinds.has('credentials') &&
          'the task references no secrets or parameters',
      ),
    madeBy: 'network',
    stopSays: (c, f) => policySays('secretsmanager')(c, f) ?? policySays('ssm')(c, f),
  },
  R3: { notApplicable: noSecrets, madeBy: ['execution-role'] },
  R4: {
    notApplicable: noSecrets,
    madeBy: ['secrets'],
    partly: (f) =>
      f.jsonKeys ? 'a JSON key is inside the secret’s value, which ecs-pullfix never reads' : undefined,
  },
  R5: {
    notApplicable: (f) => known(f, !f.kinds.has('logs') && 'no container uses the awslogs log driver'),
    madeBy: 'network',
    partly: () => `whether the log group exists is ${NOT_YET} (its network path was checked)`,
    stopSays: (c, f) =>
      c.cause === 'logging-setup'
        ? 'the stop reason says the log driver could not start'
        : policySays('logs')(c, f),
  },
  R6: {
    madeBy: 'network',
    partly: (f) => (f.dnsSupport === undefined ? 'the VPC’s DNS attributes were not read' : undefined),
  },
  R7: {
    notApplicable: (f) => known(f, !f.kinds.has('efs') && 'the task mounts no EFS volume'),
    // The mount target, its groups, the ACLs and DNS are walked, the access point and IAM
    // authorization judged; what of them could not be leaves it open by its note
    // (`efs-authorization`).
    madeBy: 'network',
    stopSays: (c) =>
      c.cause === 'efs-mount' ? 'the stop reason says the EFS volume could not be mounted' : undefined,
  },
  R8: {
    notApplicable: (f) => known(f, !f.kinds.has('env-file') && 'the task uses no environment files'),
    madeBy: 'network',
    partly: (f) =>
      f.ran.has('execution-role') ? undefined : 'the execution role’s S3 permissions were not simulated',
  },
};
