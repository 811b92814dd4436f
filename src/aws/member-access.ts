import type { Organization } from '../config.js';
import {
  type AccountPorts,
  type AccountPortsOf,
  type AccountReach,
  type Home,
  type MemberPorts,
  memberPolicyOf,
  memberRoleArn,
  memberRoleName,
  noOrganizationReach,
  refusedReach,
  refusingPorts,
} from '../core/account-reach.js';
import type { DeploymentPolicy } from '../core/mode.js';
import { AwsCallError } from '../errors.js';
import type { ClientOptions } from './clients.js';
import type { Credentials } from './member-sts.js';
import { lazyPorts } from './ports.js';

export {
  type AccountPorts,
  type AccountPortsOf,
  type Home,
  homeOf,
  type MemberPorts,
} from '../core/account-reach.js';

/**
 * Per event, the right account (issue 20): an organisation's hub reads a member account, in
 * the event's region, through the member role it assumes there (`<prefix>-<region>`,
 * docs/organization.md); its own account and region through its own ports, as a single
 * account does.
 *
 * The credentials are ours to cache, not `fromTemporaryCredentials`'s: one assumption per
 * account and region until five minutes before they expire, shared by every port, client and
 * concurrent group of that account; a refusal known for a few minutes, so that a storm of an
 * account without the role asks STS once, not per group; and the role's tags and the account's
 * alias read once with the credentials. A provider per client would assume per client, and
 * would hide a refusal inside the first read's failure.
 */

/** Credentials are asked for again this long before they expire (the SDK asks its provider again at 5 minutes too). */
export const REFRESH_BEFORE_MS = 5 * 60_000;
/** How long a refused assumption is remembered: a member that deploys its role is read within minutes. */
export const REFUSED_FOR_MS = 5 * 60_000;
/** Accounts × regions whose credentials and ports are kept (200 accounts in 3 regions fit). */
export const MAX_MEMBERS = 1_024;

type Grant = Readonly<
  | { kind: 'granted'; credentials: Credentials; reach: AccountReach & { readable: true } }
  | { kind: 'refused'; reach: AccountReach; until: number }
>;

export type MemberAccessOptions = Readonly<{
  organization?: Organization;
  /** The hub's own deployment policy: an account whose role has no tags uses it. */
  deployment: DeploymentPolicy;
  /** The hub's client options (retries, endpoints); the member's region and credentials are set per account. */
  client?: ClientOptions;
  /** The clock (epoch ms), for credentials' expiry. */
  now?: () => number;
}>;

/**
 * The ports for each event's account and region. Without an organisation, every event of
 * the hub's account is read as today, with no call more, and an event of another account is
 * not read: one notice says why (it would read the hub's account under the event's names).
 */
export function memberAccess(homePorts: MemberPorts, options: MemberAccessOptions): AccountPortsOf {
  const { organization } = options;
  if (!organization)
    return (task, home) =>
      home === undefined || task.account === home.account
        ? { ports: homePorts }
        : unreadable(noOrganizationReach(task.account, home.account));
  const members = new Members(organization, options);
  return (task, home, session) => {
    if (home === undefined || (task.account === home.account && task.region === home.region))
      return { ports: homePorts };
    return members.of(task.account, task.region, home, session);
  };
}

/** The member accounts' grants and ports, kept per account and region (bounded, oldest out). */
class Members {
  readonly #grants = new Map<string, Promise<Grant>>();
  readonly #ports = new Map<string, AccountPorts>();
  readonly #aliases = new Map<string, Promise<string | undefined>>();
  readonly #organization: Organization;
  readonly #options: MemberAccessOptions;
  readonly #now: () => number;
  #sts: Promise<import('@aws-sdk/client-sts').STSClient> | undefined;

  constructor(organization: Organization, options: MemberAccessOptions) {
    this.#organization = organization;
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  of(account: string, region: string, home: Home, session: string): AccountPorts {
    const key = `${account}/${region}`;
    const known = this.#ports.get(key);
    if (known) return known;
    const grant = () => this.#grant(account, region, home, session);
    const credentials = async () => {
      const g = await grant();
      if (g.kind === 'granted') return g.credentials;
      throw new AwsCallError('sts:AssumeRole', 'AccessDenied', 'denied', g.reach.readable ? '' : g.reach.why);
    };
    const made: AccountPorts = {
      ports: lazyPorts({ ...this.#options.client, region, credentials }),
      reach: async () => (await grant()).reach,
    };
    bounded(this.#ports, key, made);
    return made;
  }

  /** The account's grant: cached until shortly before its credentials expire (a refusal, a few minutes). */
  async #grant(account: string, region: string, home: Home, session: string): Promise<Grant> {
    const key = `${account}/${region}`;
    const cached = this.#grants.get(key);
    if (cached) {
      const g = await cached;
      const until = g.kind === 'granted' ? g.credentials.expiration.getTime() - REFRESH_BEFORE_MS : g.until;
      if (this.#now() < until) return g;
      if (this.#grants.get(key) === cached) this.#grants.delete(key);
      return this.#grant(account, region, home, session);
    }
    const asked = this.#assume(account, region, home, session);
    bounded(this.#grants, key, asked);
    // A transient failure is not kept: the batch's retry asks again.
    asked.catch(() => {
      if (this.#grants.get(key) === asked) this.#grants.delete(key);
    });
    return asked;
  }

  async #assume(account: string, region: string, home: Home, session: string): Promise<Grant> {
    const role = memberRoleName(this.#organization.memberRoleName, region);
    if (!/^\d{12}$/.test(account) || !/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(region))
      return { kind: 'refused', reach: refusedReach(account, region, role, 'InvalidEvent'), until: Infinity };
    const sts = await import('./member-sts.js');
    this.#sts ??= Promise.resolve(sts.makeHubSts({ ...this.#options.client, region: home.region }));
    let credentials: Credentials;
    try {
      const arn = memberRoleArn(home.partition, account, this.#organization.memberRoleName, region);
      credentials = await sts.assumeRole(await this.#sts, arn, session);
    } catch (e) {
      // Throttled or failing after the SDK's retries: thrown, so that the batch is retried.
      if (!(e instanceof AwsCallError) || e.retryable) throw e;
      const reach = refusedReach(account, region, role, e.code);
      return { kind: 'refused', reach, until: this.#now() + REFUSED_FOR_MS };
    }
    const iam = sts.makeMemberIam({ ...this.#options.client, region: home.region }, credentials);
    try {
      const [tags, alias] = await Promise.all([
        sts.roleTags(iam, role).catch(unlessRetryable({})),
        this.#alias(account, () => sts.accountAlias(iam)),
      ]);
      const policy = memberPolicyOf(tags, this.#options.deployment);
      const reach = {
        readable: true as const,
        deployment: policy.deployment,
        ...(policy.ceiling ? { ceiling: policy.ceiling } : {}),
        ...(alias ? { alias } : {}),
      };
      return { kind: 'granted', credentials, reach };
    } finally {
      iam.destroy();
    }
  }

  /** The account's alias, read once per account (any region's role may): none when it cannot be read. */
  #alias(account: string, read: () => Promise<string | undefined>): Promise<string | undefined> {
    const known = this.#aliases.get(account);
    if (known) return known;
    const alias = read().catch(() => undefined);
    bounded(this.#aliases, account, alias);
    return alias;
  }
}

/** An account known unreadable at once: ports that read nothing, and why. */
function unreadable(reach: AccountReach): AccountPorts {
  return { ports: refusingPorts(reach.readable ? '' : reach.why), reach: () => Promise.resolve(reach) };
}

/** A refusal or an absence is the fallback; a transient failure is thrown (the batch retries). */
function unlessRetryable<T>(fallback: T): (e: unknown) => T {
  return (e) => {
    if (e instanceof AwsCallError && !e.retryable) return fallback;
    throw e;
  };
}

/** Sets `key`, dropping the oldest entry when the map is full. */
function bounded<V>(map: Map<string, V>, key: string, value: V): void {
  if (!map.has(key) && map.size >= MAX_MEMBERS) {
    const oldest = map.keys().next().value;
    if (oldest !== undefined) map.delete(oldest);
  }
  map.set(key, value);
}
