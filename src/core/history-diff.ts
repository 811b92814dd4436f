import type { Checked } from './checked.js';
import { type Finding, findingKey } from './findings.js';
import { rootFindingOf } from './incident.js';
import type { RouteTable, Snapshot, VpcEndpoint } from './network.js';

/**
 * What changed since an incident was kept (`replay --incident`): its findings and the network
 * path's facts then (the snapshot kept) and now (the snapshot read today), one line per fact
 * that differs — "then: no ecr.dkr endpoint; now: vpce-0a1b… available". Pure. A fact not read
 * then or now (not checked, or dropped from the evidence) is not compared: nothing is said
 * about what was not seen.
 */

export type Change = Readonly<{ was: string; is: string }>;

export type DiffSide = Readonly<{ snapshot?: Partial<Snapshot>; findings?: readonly Finding[] }>;

/** The changes, the root finding first, then the findings, endpoints, default routes, NAT gateways and DNS. */
export function historyDiff(then: DiffSide, now: DiffSide): Change[] {
  return [
    ...findingChanges(then.findings, now.findings),
    ...endpointChanges(then.snapshot, now.snapshot),
    ...routeChanges(then.snapshot, now.snapshot),
    ...dnsChanges(then.snapshot, now.snapshot),
  ];
}

function findingChanges(then?: readonly Finding[], now?: readonly Finding[]): Change[] {
  if (!then || !now) return [];
  const rootThen = rootFindingOf(then);
  const rootNow = rootFindingOf(now);
  const root =
    rootThen === rootNow ? [] : [{ was: `root finding ${rootThen}`, is: `root finding ${rootNow}` }];
  const keysThen = new Set(then.map(findingKey));
  const keysNow = new Set(now.map(findingKey));
  const gone = [...keysThen].filter((k) => !keysNow.has(k) && k !== rootThen);
  const added = [...keysNow].filter((k) => !keysThen.has(k) && k !== rootNow);
  return [
    ...root,
    ...gone.map((k) => ({ was: `finding ${k}`, is: 'gone' })),
    ...added.map((k) => ({ was: 'none', is: `finding ${k}` })),
  ];
}

const seen = <T>(c: Checked<T> | undefined): T | undefined => (c?.ok ? c.value : undefined);

/** `ecr.dkr` of `com.amazonaws.eu-west-1.ecr.dkr`; a name of another shape as it is. */
const shortName = (serviceName: string): string =>
  serviceName.replace(/^(?:cn\.)?com\.amazonaws\.[a-z0-9-]+\./, '');

function endpointChanges(then?: Partial<Snapshot>, now?: Partial<Snapshot>): Change[] {
  const before = seen(then?.endpoints);
  const after = seen(now?.endpoints);
  if (!before || !after) return [];
  const byService = (endpoints: readonly VpcEndpoint[]) => {
    const map = new Map<string, string[]>();
    for (const e of endpoints) {
      const name = shortName(e.serviceName);
      map.set(name, [...(map.get(name) ?? []), `${e.id} ${e.state}`]);
    }
    return map;
  };
  const a = byService(before);
  const b = byService(after);
  const names = [...new Set([...a.keys(), ...b.keys()])].sort();
  const said = (name: string, states: string[] | undefined) =>
    states ? states.sort().join(', ') : `no ${name} endpoint`;
  return names.flatMap((name) => {
    const t = said(name, a.get(name));
    const n = said(name, b.get(name));
    if (t === n) return [];
    return [{ was: a.has(name) ? `${name} endpoint ${t}` : t, is: n }];
  });
}

/** Each task subnet's route to 0.0.0.0/0: its table's target (and a NAT gateway's state), or none. */
function defaultRoutes(s: Partial<Snapshot> | undefined): Map<string, string> | undefined {
  const subnets = seen(s?.subnets);
  const tables = seen(s?.routeTables);
  if (!subnets || !tables) return undefined;
  const nats = new Map((seen(s?.natGateways) ?? []).map((g) => [g.id, g.state]));
  const tableOf = (subnetId: string): RouteTable | undefined =>
    tables.find((t) => t.subnetIds.includes(subnetId)) ?? tables.find((t) => t.main);
  return new Map(
    subnets.map((subnet) => {
      const route = tableOf(subnet.id)?.routes.find((r) => r.destinationCidr === '0.0.0.0/0');
      if (!route) return [subnet.id, 'none'];
      const target = route.target.kind === 'local' ? 'local' : route.target.id;
      const nat = route.target.kind === 'nat-gateway' ? nats.get(route.target.id) : undefined;
      const state = route.state === 'blackhole' ? ' (blackhole)' : nat ? ` (${nat})` : '';
      return [subnet.id, `${target}${state}`];
    }),
  );
}

function routeChanges(then?: Partial<Snapshot>, now?: Partial<Snapshot>): Change[] {
  const before = defaultRoutes(then);
  const after = defaultRoutes(now);
  if (!before || !after) return [];
  const several = new Set([...before.keys(), ...after.keys()]).size > 1;
  return [...before.keys()].flatMap((subnet) => {
    const t = before.get(subnet);
    const n = after.get(subnet);
    if (n === undefined || t === n) return [];
    const where = several ? ` in ${subnet}` : '';
    return [{ was: `route 0.0.0.0/0 → ${t}${where}`, is: n }];
  });
}

function dnsChanges(then?: Partial<Snapshot>, now?: Partial<Snapshot>): Change[] {
  const facts = [
    ['dnsSupport', 'enableDnsSupport'],
    ['dnsHostnames', 'enableDnsHostnames'],
  ] as const;
  return facts.flatMap(([key, name]) => {
    const t = seen(then?.[key]);
    const n = seen(now?.[key]);
    if (t === undefined || n === undefined || t === n) return [];
    return [{ was: `${name} ${t}`, is: `${name} ${n}` }];
  });
}
