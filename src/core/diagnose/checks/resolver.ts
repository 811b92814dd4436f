import type { Classification } from '../../causes.js';
import { rangeOf } from '../../cidr.js';
import type { DnsBypass } from '../../findings/types.js';
import type { InterfaceService, ResolverRule, Snapshot, VpcEndpoint } from '../../network.js';
import { VPC_RESOLVER_LINK_LOCAL } from '../../plan/recommend-dns.js';
import { isValidName } from '../../shell.js';
import { type Egress, egressEvidence } from '../route.js';
import { type CheckInput, finding, notChecked, ok, type Verdict } from '../verdict.js';

/**
 * Who answers the names of an endpoint the task relies on (network.md, "DNS"): the VPC
 * resolver holds the endpoint's private DNS, so a DHCP option set that sends the task to other
 * servers, or a Resolver FORWARD rule that takes the service's names, may keep them from ever
 * resolving to the endpoint. "May": servers that forward amazonaws.com back to the VPC resolver
 * work, and the tool cannot see them; `suspectedOnly` keeps the finding a problem only where the
 * stop text points at that service's DNS or a timeout to it.
 *
 * Through a NAT gateway or an internet gateway the public names work anyway: not a failure.
 */
export function dnsBypass(
  input: CheckInput,
  ep: VpcEndpoint,
  service: InterfaceService,
  feature: string,
  egress: Egress,
): Verdict[] {
  const s = input.snapshot;
  if (!s.vpcId.ok || !isValidName('region', input.region)) return [];
  const names = namesOf(input, service);
  const bypasses = [...dhcpBypass(s, names), ...ruleBypasses(s, names)];
  if (egress.kind === 'internet')
    return bypasses.flatMap((b) =>
      b.kind === 'unread'
        ? [
            // Which addresses the names resolve to is unknown, but the default route serves
            // either: said, without withholding path-ok (NOTED_ONLY in diagnose/index.ts).
            notChecked(
              'dns-resolution',
              `${b.why}: whether ${service}'s names resolve to ${ep.id} or to public addresses is unknown (the default route serves either)`,
            ),
          ]
        : [
            ok(
              `${bypassLine(b.via, b.names)}; public answers go out by the default route, not through the endpoint`,
            ),
          ],
    );
  if (egress.kind === 'unknown' || egress.kind === 'leaves-vpc' || egress.kind === 'igw-public-ip-unknown')
    return [];
  const vpcId = s.vpcId.value;
  const vpcResolver = vpcResolverOf(s);
  return bypasses.map((b) =>
    b.kind === 'unread'
      ? notChecked(b.check, `${b.why}: whether the endpoints' private DNS names are answered is unknown`)
      : finding({
          id: 'dns-bypasses-endpoints',
          service,
          vpcId,
          endpointId: ep.id,
          via: b.via,
          names: b.names,
          ...(vpcResolver ? { vpcResolver } : {}),
          resources: [viaId(b.via), ep.id],
          evidence: [
            `${bypassLine(b.via, b.names)}; ${b.names.length === 1 ? 'it resolves' : 'they resolve'} to ${ep.id}'s private addresses only if those servers forward ${b.names.length === 1 ? 'it' : 'them'} to the VPC resolver`,
            egressEvidence(egress),
          ],
          breaks: [feature],
        }),
  );
}

type Bypass = Readonly<
  | { kind: 'bypass'; via: DnsBypass; names: readonly string[] }
  | { kind: 'unread'; check: string; why: string }
>;

/** The VPC's DHCP option set, when its first server is not the VPC resolver. */
function dhcpBypass(s: Snapshot, names: readonly string[]): Bypass[] {
  const dhcp = s.dhcpOptions;
  if (!dhcp.ok) return [{ kind: 'unread', check: 'dhcp-options', why: dhcp.why }];
  const servers = dhcp.value?.domainNameServers ?? [];
  const first = servers[0];
  // The task asks the first server; the others are asked only when it does not answer.
  if (dhcp.value === undefined || first === undefined || isVpcResolver(s, first)) return [];
  return [{ kind: 'bypass', via: { kind: 'dhcp-options', dhcpOptionsId: dhcp.value.id, servers }, names }];
}

/** The FORWARD rules that answer the service's names: for each name, its most specific rule. */
function ruleBypasses(s: Snapshot, names: readonly string[]): Bypass[] {
  const rules = s.resolverRules;
  if (!rules.ok) return [{ kind: 'unread', check: 'resolver-rules', why: rules.why }];
  const taken = new Map<ResolverRule, string[]>();
  for (const name of names) {
    const rule = ruleFor(rules.value, name);
    if (rule?.ruleType.toUpperCase() === 'FORWARD') taken.set(rule, [...(taken.get(rule) ?? []), name]);
  }
  return [...taken].map(([rule, ruleNames]) => ({
    kind: 'bypass',
    via: {
      kind: 'resolver-rule',
      ruleId: rule.id,
      ...(rule.name ? { name: rule.name } : {}),
      domainName: domainOf(rule.domainName),
      targetIps: rule.targetIps,
    },
    names: ruleNames,
  }));
}

/** Resolver answers a name by the rule for the longest domain that contains it. */
export function ruleFor(rules: readonly ResolverRule[], name: string): ResolverRule | undefined {
  let best: ResolverRule | undefined;
  let length = -1;
  for (const rule of rules) {
    const domain = domainOf(rule.domainName);
    const takes = domain === '' || name === domain || name.endsWith(`.${domain}`);
    if (takes && domain.length > length) {
      best = rule;
      length = domain.length;
    }
  }
  return best;
}

/** `Amazonaws.COM.` → `amazonaws.com` (moto answers `amazonaws.com..`); the root (`.`) → ``. */
const domainOf = (domain: string): string => domain.trim().toLowerCase().replace(/\.+$/, '');

/** The names a task asks for a service, which the endpoint's private DNS answers. */
function namesOf({ snapshot: s, region }: CheckInput, service: InterfaceService): string[] {
  const suffix = `${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`;
  switch (service) {
    case 'ecr.api':
      return [`api.ecr.${suffix}`];
    case 'ecr.dkr':
      // The account's registry; a rule for any account's registry takes it too.
      return [/^\d{12}$/.test(s.task.account) ? `${s.task.account}.dkr.ecr.${suffix}` : `dkr.ecr.${suffix}`];
    default:
      return [`${service}.${suffix}`];
  }
}

/** The VPC resolver: `AmazonProvidedDNS`, the link-local address, or the VPC CIDR's base + 2. */
function isVpcResolver(s: Snapshot, server: string): boolean {
  return (
    server.toLowerCase() === 'amazonprovideddns' ||
    server === VPC_RESOLVER_LINK_LOCAL ||
    server === vpcResolverOf(s)
  );
}

/** The VPC CIDR's base + 2, the CIDR read from the `local` route of the task's route tables. */
export function vpcResolverOf(s: Snapshot): string | undefined {
  if (!s.routeTables.ok) return undefined;
  const local = s.routeTables.value
    .flatMap((t) => t.routes)
    .find((r) => r.target.kind === 'local' && r.destinationCidr !== undefined);
  const range = local?.destinationCidr ? rangeOf(local.destinationCidr) : undefined;
  if (range === undefined) return undefined;
  const address = range.start + 2;
  return [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).join('.');
}

function viaId(via: DnsBypass): string {
  return via.kind === 'dhcp-options' ? via.dhcpOptionsId : via.ruleId;
}

/** What sends the names elsewhere, in a sentence. */
function bypassLine(via: DnsBypass, names: readonly string[]): string {
  const them = names.join(', ');
  if (via.kind === 'dhcp-options')
    return `DHCP option set ${via.dhcpOptionsId} gives domain-name-servers ${via.servers.join(', ')}, not AmazonProvidedDNS: the task asks them for ${them}`;
  const name = via.name ? ` (${via.name})` : '';
  return `Resolver rule ${via.ruleId}${name} forwards ${via.domainName || '.'} to ${via.targetIps.join(', ') || 'its targets'}: ${them} ${names.length === 1 ? 'is' : 'are'} answered there, not by the VPC resolver`;
}

/**
 * The interface services a stop text points at for DNS: a name that did not resolve, or a
 * timeout (a public address dialled where the endpoint's was meant).
 */
export function implicatedServices(c: Classification): InterfaceService[] {
  switch (c.service) {
    case 'ecr': {
      const host = c.registry?.host.toLowerCase() ?? '';
      if (host.includes('dkr')) return ['ecr.dkr'];
      if (host.startsWith('api.ecr') || host.startsWith('ecr.')) return ['ecr.api'];
      return ['ecr.api', 'ecr.dkr'];
    }
    case 'logs':
    case 'ssm':
    case 'secretsmanager':
      return [c.service];
    default:
      return [];
  }
}

/**
 * A DNS bypass is a problem where the stop text points at it (a failed name or a timeout on a
 * service it takes); elsewhere it is said, as what may be, beside path-ok.
 */
export function suspectedOnly(verdicts: readonly Verdict[], c: Classification): Verdict[] {
  const suspect = c.cause === 'network-dns' || c.cause === 'network-timeout' ? implicatedServices(c) : [];
  return verdicts.map((v) => {
    if (v.kind !== 'finding' || v.draft.id !== 'dns-bypasses-endpoints') return v;
    if (suspect.includes(v.draft.service)) return v;
    const [line = ''] = v.draft.evidence;
    return ok(`${line} (the stop text does not point at ${v.draft.service}'s names)`);
  });
}
