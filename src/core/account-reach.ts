import { AwsCallError } from '../errors.js';
import type { StoppedTask } from './event.js';
import type { Finding } from './findings.js';
import { MEMBER_POLICY_LIST_SEPARATOR, MEMBER_POLICY_TAGS } from './member-policy.js';
import { type DeploymentPolicy, type Mode, parseMode } from './mode.js';
import { type EndpointService, INTERFACE_SERVICES } from './network.js';
import type { Ec2Writer, ReadPorts } from './ports.js';

/**
 * How an organisation's hub reaches the account an event came from (issue 20): through the
 * member role `<prefix>-<region>` it assumes there (docs/organization.md). Pure: the names,
 * the session name, the account's policy read from the role's tags, and what a notice says
 * when the account cannot be read.
 */

/** What the hub may do in the event's account: read it (with the account's policy), or not (why). */
export type AccountReach =
  | Readonly<{
      readable: true;
      /** The account's deployment policy: the member role's tags over the hub's defaults. */
      deployment: DeploymentPolicy;
      /** The most a cluster's tag may ask for: `dry-run` where the member role holds no write. */
      ceiling?: Mode;
      /** The account's alias (`iam:ListAccountAliases`), when it has one and it was readable. */
      alias?: string;
    }>
  | Readonly<{ readable: false; why: string }>;

/** Where the hub runs: its partition, account and region (from the function's ARN: no call). */
export type Home = Readonly<{ partition: string; account: string; region: string }>;

/** The hub's partition, account and region, read from the invoked function's ARN. */
export function homeOf(invokedFunctionArn: string): Home | undefined {
  const m = /^arn:(aws[\w-]*):lambda:([a-z0-9-]+):(\d{12}):function:/.exec(invokedFunctionArn);
  return m ? { partition: m[1] ?? 'aws', region: m[2] ?? '', account: m[3] ?? '' } : undefined;
}

export type MemberPorts = ReadPorts & Readonly<{ ec2Writer: Ec2Writer }>;

/** The ports of an event's account and region, and, for another account or region, how the hub reaches it. */
export type AccountPorts = Readonly<{ ports: MemberPorts; reach?: () => Promise<AccountReach> }>;

/** The ports for a task's account and region; `session` names the role session (its incident group). */
export type AccountPortsOf = (task: StoppedTask, home: Home | undefined, session: string) => AccountPorts;

/**
 * Ports that read nothing: every call fails as denied, saying why. An account the hub cannot
 * read gets these, so that no read — a lone stop's early first round included — goes to the
 * hub's own account under the event's names.
 */
export function refusingPorts(why: string): MemberPorts {
  const refuse = () => Promise.reject(new AwsCallError('sts:AssumeRole', 'AccessDenied', 'denied', why));
  const port = new Proxy(
    {},
    { get: (_, method) => (typeof method === 'string' && method !== 'then' ? refuse : undefined) },
  );
  return {
    ecs: port,
    ec2: port,
    iam: port,
    ecr: port,
    secrets: port,
    resolver: port,
    efs: port,
    ec2Writer: port,
  } as unknown as MemberPorts;
}

/** The member role's name in `region`: one role per region (docs/organization.md says why). */
export function memberRoleName(prefix: string, region: string): string {
  return `${prefix}-${region}`;
}

export function memberRoleArn(partition: string, account: string, prefix: string, region: string): string {
  return `arn:${partition}:iam::${account}:role/${memberRoleName(prefix, region)}`;
}

/**
 * A role session name STS accepts (`[\w+=,.@-]{2,64}`) that says, in CloudTrail, which
 * incident group made the hub assume the role: every other character becomes `.`.
 */
export function roleSessionName(text: string): string {
  const name = `ecs-pullfix.${text}`.replace(/[^\w+=,.@-]/g, '.').slice(0, 64);
  return name.length >= 2 ? name : 'ecs-pullfix';
}

const ENDPOINT_SERVICES: readonly EndpointService[] = [...INTERFACE_SERVICES, 's3'];

/**
 * The account's policy from its member role's tags (`MEMBER_POLICY_TAGS`), each tag over the
 * hub's own default; a tag absent or unusable keeps the hub's (an unusable one is named in
 * `problems`). A role without auto-fix's writes (`ecs-pullfix:auto-fix=false`) caps the mode
 * at dry-run: a cluster tagged auto-fix there is shown the plan, never has it fail on a denial.
 */
export function memberPolicyOf(
  tags: Readonly<Record<string, string>>,
  hub: DeploymentPolicy,
): Readonly<{ deployment: DeploymentPolicy; ceiling?: Mode; problems: readonly string[] }> {
  const problems: string[] = [];
  const rawMode = tags[MEMBER_POLICY_TAGS.defaultMode];
  const mode = rawMode === undefined ? undefined : parseMode(rawMode);
  if (rawMode !== undefined && mode === undefined) problems.push(tagProblem('defaultMode', rawMode));
  const rawMax = tags[MEMBER_POLICY_TAGS.maxEndpointsPerVpc]?.trim();
  const max = rawMax !== undefined && /^\d{1,3}$/.test(rawMax) ? Number(rawMax) : undefined;
  if (rawMax !== undefined && max === undefined) problems.push(tagProblem('maxEndpointsPerVpc', rawMax));
  const services = servicesOf(tags[MEMBER_POLICY_TAGS.allowedServices], problems);
  const noWrites = tags[MEMBER_POLICY_TAGS.autoFix]?.trim().toLowerCase() === 'false';
  const { allowedServices: hubServices, ...hubRest } = hub;
  const allowed = services === undefined ? hubServices : services.length > 0 ? services : undefined;
  return {
    deployment: {
      ...hubRest,
      defaultMode: mode ?? hub.defaultMode,
      maxEndpointsPerVpc: max ?? hub.maxEndpointsPerVpc,
      ...(allowed ? { allowedServices: allowed } : {}),
    },
    ...(noWrites ? { ceiling: 'dry-run' as const } : {}),
    problems,
  };
}

/** The allowed services of the tag (an empty tag: all of them), or undefined when absent or unusable. */
function servicesOf(raw: string | undefined, problems: string[]): readonly EndpointService[] | undefined {
  if (raw === undefined) return undefined;
  const names = raw.split(MEMBER_POLICY_LIST_SEPARATOR).filter((s) => s !== '');
  const known = names.filter((s): s is EndpointService =>
    (ENDPOINT_SERVICES as readonly string[]).includes(s),
  );
  if (known.length === names.length) return known;
  problems.push(tagProblem('allowedServices', raw));
  return undefined;
}

function tagProblem(tag: keyof typeof MEMBER_POLICY_TAGS, value: string): string {
  return `the member role's tag ${MEMBER_POLICY_TAGS[tag]}=${JSON.stringify(value.slice(0, 100))} is not usable: the hub's default applies`;
}

/** Why a member account cannot be read: its role is missing, or refuses the hub (STS's code). */
export function refusedReach(account: string, region: string, role: string, code: string): AccountReach {
  return {
    readable: false,
    why:
      `ecs-pullfix cannot read account ${account} in ${region}: assuming its role ${role} was refused (${code}); ` +
      `the role is missing there or does not trust this hub. Deploy the member StackSet (deploy/member.yml) ` +
      `to this account and region, or check the role's trust policy names this hub's Lambda role.`,
  };
}

/** Why an event of another account cannot be read by a hub that has no organisation. */
export function noOrganizationReach(account: string, home: string): AccountReach {
  return {
    readable: false,
    why:
      `not checked: the event is from account ${account}, and this deployment (account ${home}) has no ` +
      `organisation: set ECS_PULLFIX_ORGANIZATION_ID and deploy the member StackSet to read other accounts.`,
  };
}

/** The one note of a notice for an account the hub cannot read: nothing in it was checked, and why. */
export function unreadableFinding(why: string): Finding {
  return {
    id: 'not-checked',
    check: 'network-path',
    why,
    resources: [],
    evidence: [why],
    breaks: [],
    fix: why.endsWith('.') ? why : `${why}.`,
  };
}
