import type { ReadPorts } from '../core/ports.js';
import type { AccountAccess } from '../pipeline/scan-accounts.js';
import { SimulatedFleet } from './fleet.js';
import { recordedPorts } from './recorded-ports.js';
import { loadScenario } from './scenario.js';

/** One call an account's ports served: the port, its method, its arguments as JSON. */
export type AccountCall = Readonly<{ account: string; call: string; input: string }>;

/** What each simulated account runs: three VPCs, nine services in one cluster. */
const MEMBERS = [
  { scenario: 'nat-gateway-failed', copies: 3 },
  { scenario: 'vpc-dns-hostnames-off', copies: 3 },
  { scenario: 'nat-healthy-dockerhub-rate-limit', copies: 3 },
] as const;

const sleep = (ms: number) =>
  ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();

/**
 * Many simulated accounts, for `scan --accounts`: each its own {@link SimulatedFleet} (the
 * same three VPCs and nine services, under its own account id), reached through
 * {@link access} as the CLI reaches a member account — the caller's own account as it is,
 * any other by assuming its role, recorded in {@link assumptions}. A role named in
 * `refused` cannot be assumed (`AccessDenied`, as STS answers a role that does not trust the
 * caller or does not exist). Every read is recorded per account, `latencyMs` added to each.
 */
export class SimulatedOrganization {
  readonly accounts: readonly string[];
  readonly calls: AccountCall[] = [];
  /** The role ARNs assumed, one entry per `AssumeRole`. */
  readonly assumptions: string[] = [];
  readonly #fleets = new Map<string, SimulatedFleet>();
  readonly #latencyMs: number;

  constructor(
    count: number,
    readonly options: Readonly<{
      caller?: string;
      refused?: readonly string[];
      latencyMs?: number;
      roleName?: (region: string) => string;
    }> = {},
  ) {
    this.accounts = Array.from({ length: count }, (_, i) => String(100000000000 + i * 1111));
    this.#latencyMs = options.latencyMs ?? 0;
    const members = MEMBERS.map((m) => ({ scenario: loadScenario(m.scenario), copies: m.copies }));
    for (const account of this.accounts) this.#fleets.set(account, new SimulatedFleet(members));
  }

  /** The role each account is reached through, in `region`. */
  roleArn(account: string, region: string): string {
    return `arn:aws:iam::${account}:role/${this.options.roleName?.(region) ?? `ecs-pullfix-member-${region}`}`;
  }

  /** The CLI's access to the accounts, in `region`. */
  access(region: string): AccountAccess {
    return async (account) => {
      const fleet = this.#fleets.get(account);
      if (!fleet) throw new Error(`no simulated account ${account}`);
      if (account !== this.options.caller) {
        const roleArn = this.roleArn(account, region);
        this.assumptions.push(roleArn);
        await sleep(this.#latencyMs);
        if (this.options.refused?.includes(account))
          return { kind: 'refused', roleArn, code: 'AccessDenied' };
      }
      return { kind: 'ports', ports: this.#recorded(account, fleet) };
    };
  }

  /** Calls beyond the first of the same method with the same input, in `account`. */
  repeats(account: string): number {
    const mine = this.calls.filter((c) => c.account === account);
    return mine.length - new Set(mine.map((c) => `${c.call} ${c.input}`)).size;
  }

  #recorded(account: string, ports: ReadPorts): ReadPorts {
    return recordedPorts(ports, this.#latencyMs, (port, method, args) => {
      this.calls.push({ account, call: `${port}.${method}`, input: JSON.stringify(args) });
    });
  }
}
