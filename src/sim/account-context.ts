import type { RouteTable, SecurityGroup, VpcEndpoint } from '../core/network.js';
import type { ServiceNetwork } from '../core/ports.js';
import type { Scenario } from './scenario.js';

// What the simulated account's ports share: the scenario, the state writes change, and the call
// wrapper that counts calls and rounds and injects faults.

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The parts of the account that writes change. */
export type MutableState = {
  securityGroups: Mutable<SecurityGroup>[];
  endpoints: Mutable<VpcEndpoint>[];
  routeTables: Mutable<RouteTable>[];
};

/** What a simulated port needs of the account. */
export type SimContext = Readonly<{
  scenario: Scenario;
  state: MutableState;
  /** Serves one call: records it, waits its turn, maybe fails it, else answers. */
  call: <T>(operation: string, input: unknown, answer: () => T) => Promise<T>;
  /** The stopped task's network interface, when its event names one. */
  eniId: string | undefined;
  /** The scenario's stopped-task event (a copy). */
  event: () => Record<string, unknown>;
  /** The next number for an id the account makes up (1, 2, …). */
  nextId: () => number;
}>;

/** A scenario's service network configuration, as ECS answers it. */
export function networkOf(service: NonNullable<Scenario['service']>): ServiceNetwork {
  const { name: _, ...network } = service;
  return network;
}

/** `prefix*` matches what starts with the prefix; anything else matches itself. */
export function globMatches(pattern: string, value: string): boolean {
  return pattern.endsWith('*') ? value.startsWith(pattern.slice(0, -1)) : pattern === value;
}

/** A made-up, stable digest for the n-th image of a repository. */
export function digestOf(repository: string, n: number): string {
  const hex = [...`${repository}#${n}`].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7).toString(16);
  return `sha256:${hex.padStart(8, '0').repeat(8)}`;
}

/** A deep copy, so that callers never hold the account's own objects. */
export function copy<T>(x: T): T {
  return structuredClone(x);
}
