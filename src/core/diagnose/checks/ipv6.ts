import { cidr6Contains, isAnywhere, isAnywhere6, NAT64_PREFIX, rangeOf6 } from '../../cidr.js';
import type { StoppedTask } from '../../event.js';
import type { Checked, Ipv6Route, NatGateway, RouteTable, Snapshot, Subnet } from '../../network.js';
import { registryOfImage } from '../../registry.js';
import type { Egress } from '../egress-kind.js';
import { type CheckInput, finding, notChecked, ok, type Verdict } from '../verdict.js';

/*
 * IPv6-only subnets (network.md, "IPv6"). A task there has no IPv4 address: its way out is the
 * route for `::/0` (an egress-only internet gateway, or an internet gateway: IPv6 addresses are
 * public), and it reaches an IPv4-only name only through NAT64 (a `64:ff9b::/96` route to a NAT
 * gateway) with DNS64 on its subnet. ECR's classic names (`<account>.dkr.ecr.<region>.amazonaws.com`)
 * have no IPv6 address; its dual-stack ones (`<account>.dkr-ecr.<region>.on.aws`) do.
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/ecr-requests.html
 */

/** True when the subnet is IPv6-only (`Ipv6Native`): its tasks have no IPv4 address at all. */
export const isIpv6Only = (subnet: Subnet): boolean => subnet.ipv6Native === true;

/** `dial tcp [2600:1f18:…]:443`: an IPv6 address a stop text dialled (not a NAT64-synthesised one). */
const DIAL6 = /dial tcp \[([0-9A-Fa-f:.]{2,45})\]:(\d{1,5})/;

/** The first IPv6 address the task's stop reason or its containers' reasons say it dialled. */
export function dialledIpv6Of(task: StoppedTask): string | undefined {
  for (const text of [task.stoppedReason, ...task.containers.map((c) => c.reason)]) {
    const ip = text === undefined ? undefined : DIAL6.exec(text.slice(0, 100_000))?.[1];
    if (ip !== undefined && rangeOf6(ip) !== undefined && !cidr6Contains(NAT64_PREFIX, ip)) return ip;
  }
  return undefined;
}

/**
 * True when the subnet's path is judged over IPv6: it is IPv6-only, or dual-stack and the stop
 * text dialled an IPv6 address (the registry answered with one, so the pull went that way).
 */
export function judgedOverIpv6(s: Snapshot, subnet: Subnet): boolean {
  if (isIpv6Only(subnet)) return true;
  return (subnet.ipv6Cidrs?.length ?? 0) > 0 && dialledIpv6Of(s.task) !== undefined;
}

/** How the subnet is said in the evidence of an IPv6 path. */
const v6Label = (subnet: Subnet): string =>
  isIpv6Only(subnet) ? 'IPv6-only' : 'dual-stack, dialled over IPv6';

/**
 * An IPv6 path with no route for `::/0`: the fix is the route (an egress-only internet
 * gateway), never endpoints (ECR's are IPv4 only) nor a NAT gateway, so it is the finding.
 */
export function noIpv6Egress(
  s: Snapshot,
  egress: Egress & { kind: 'none' },
  subnet: Subnet,
  feature: string,
): Verdict {
  return finding({
    id: 'no-ipv6-egress',
    vpcId: s.vpcId.ok ? s.vpcId.value : subnet.vpcId,
    subnetIds: [subnet.id],
    routeTableIds: [egress.routeTableId],
    resources: [subnet.id, egress.routeTableId],
    evidence: [egress.evidence],
    breaks: [feature],
  });
}

/** How an IPv6-only subnet leaves the VPC: its route table's route for `::/0`. */
export function ipv6EgressOf(s: Snapshot, subnet: Subnet): Egress {
  const table = tableOf(s, subnet.id);
  if (!table.ok) return { kind: 'unknown', why: table.why };
  const rt = table.value;
  const route = (rt.ipv6Routes ?? []).find((r) => isAnywhere6(r.destinationIpv6Cidr));
  if (!route)
    return {
      kind: 'none',
      routeTableId: rt.id,
      evidence: `${rt.id} (of ${subnet.id}, ${v6Label(subnet)}) has no route for ::/0`,
    };
  const target = route.target;
  const arrow = `${rt.id} (of ${subnet.id}, ${v6Label(subnet)}): ::/0 → ${'id' in target ? target.id : target.kind}`;
  if (route.state === 'blackhole')
    return { kind: 'none', routeTableId: rt.id, evidence: `${arrow} is a blackhole` };
  switch (target.kind) {
    case 'egress-only-internet-gateway':
      return { kind: 'internet', routeTableId: rt.id, evidence: `${arrow} (egress-only internet gateway)` };
    case 'internet-gateway':
      return { kind: 'internet', routeTableId: rt.id, evidence: `${arrow} (IPv6 addresses are public)` };
    case 'local':
      return { kind: 'none', routeTableId: rt.id, evidence: arrow };
    default:
      return { kind: 'leaves-vpc', routeTableId: rt.id, target, evidence: arrow };
  }
}

/** Whether an IPv6-only subnet reaches IPv4-only names: NAT64 through a NAT gateway, with DNS64. */
export type Nat64 = Readonly<
  { kind: 'yes'; evidence: string } | { kind: 'no'; why: string } | { kind: 'unknown'; why: string }
>;

export function nat64Of(s: Snapshot, subnet: Subnet): Nat64 {
  const table = tableOf(s, subnet.id);
  if (!table.ok) return { kind: 'no', why: table.why };
  const route = (table.value.ipv6Routes ?? []).find(
    (r: Ipv6Route) =>
      r.target.kind === 'nat-gateway' &&
      r.state === 'active' &&
      cidr6Contains(r.destinationIpv6Cidr, NAT64_PREFIX),
  );
  if (!route || !('id' in route.target))
    return { kind: 'no', why: `${table.value.id} has no ${NAT64_PREFIX} route to a NAT gateway (NAT64)` };
  const natId = route.target.id;
  // A refused read never passes the check: the NAT gateway may be gone.
  if (!s.natGateways.ok)
    return {
      kind: 'unknown',
      why: `whether ${natId} (NAT64 for ${subnet.id}) is available: ${s.natGateways.why}`,
    };
  const nat = s.natGateways.value.find((n) => n.id === natId);
  if (nat?.state !== 'available')
    return { kind: 'no', why: `${table.value.id}: ${NAT64_PREFIX} → ${natId} (${nat?.state ?? 'deleted'})` };
  // NAT64 translates to IPv4 and sends it on as the NAT gateway's IPv4 traffic: it must be a
  // public one whose own subnet routes 0.0.0.0/0 to an internet gateway.
  const outward = natOutwardOf(s, nat);
  if (outward?.kind === 'no')
    return { kind: 'no', why: `${table.value.id}: ${NAT64_PREFIX} → ${natId}, but ${outward.why}` };
  if (outward !== undefined) return outward;
  if (!subnet.dns64)
    return {
      kind: 'no',
      why: `${table.value.id}: ${NAT64_PREFIX} → ${natId}, but DNS64 is off on ${subnet.id}: IPv4-only names get no IPv6 address to dial`,
    };
  return {
    kind: 'yes',
    evidence: `${table.value.id}: ${NAT64_PREFIX} → ${natId} (NAT64), and DNS64 is on for ${subnet.id}`,
  };
}

/** Whether an available NAT gateway is a way to IPv4 addresses beyond the VPC: undefined when it is. */
function natOutwardOf(s: Snapshot, nat: NatGateway): Nat64 | undefined {
  if (nat.connectivityType === 'private')
    return { kind: 'no', why: `${nat.id} is private: it has no way to the internet` };
  const table = nat.subnetId === undefined ? undefined : tableOf(s, nat.subnetId);
  if (nat.subnetId === undefined || !table?.ok)
    return {
      kind: 'unknown',
      why: `whether ${nat.id} (NAT64) reaches an internet gateway: ${table?.ok === false ? table.why : 'its subnet is unknown'}`,
    };
  const out = table.value.routes.some(
    (r) =>
      r.state === 'active' &&
      r.target.kind === 'internet-gateway' &&
      r.destinationCidr !== undefined &&
      isAnywhere(r.destinationCidr),
  );
  return out
    ? undefined
    : {
        kind: 'no',
        why: `${nat.id} sits in ${nat.subnetId} whose route table ${table.value.id} has no 0.0.0.0/0 route to an internet gateway`,
      };
}

/** ECR's classic registry name, IPv4-only: `<account>.dkr.ecr[-fips].<region>.amazonaws.com`. */
const ECR_CLASSIC = /^(\d{12})\.dkr\.ecr(-fips)?\.([a-z0-9-]+)\.amazonaws\.com$/i;
/** Registries known to answer over IPv6: ECR's dual-stack names, ECR Public, Docker Hub. */
const DUAL_STACK_HOST =
  /(?:\.dkr-ecr(?:-fips)?\.[a-z0-9-]+\.on\.aws|^public\.ecr\.aws|^(?:registry-1\.|index\.)?docker\.io)$/i;

/** The dual-stack URI of an image named by ECR's classic name (`…dkr.ecr.<region>.amazonaws.com/…` → `…dkr-ecr.<region>.on.aws/…`). */
export function dualStackUri(image: string): string | undefined {
  const slash = image.indexOf('/');
  if (slash < 0) return undefined;
  const m = ECR_CLASSIC.exec(image.slice(0, slash));
  if (!m) return undefined;
  return `${m[1]}.dkr-ecr${m[2] ?? ''}.${m[3]}.on.aws${image.slice(slash)}`;
}

/**
 * In an IPv6-only subnet, each image's registry must answer over IPv6, or NAT64 with DNS64
 * must carry the pull to its IPv4 addresses. An image named by ECR's classic name without
 * them is `image-uri-ipv4-only`, whose fix is the same image's dual-stack name.
 */
export function ipv6Registries(input: CheckInput, subnet: Subnet, egress: Egress): Verdict[] {
  const s = input.snapshot;
  if (!isIpv6Only(subnet) || !s.taskDefinition.ok) return [];
  // Without a way out, the route's own finding says it all.
  if (egress.kind !== 'internet') return [];
  const nat64 = nat64Of(s, subnet);
  return s.taskDefinition.value.containers.flatMap((c): Verdict[] => {
    const registry = registryOfImage(c.image);
    if (!registry) return [];
    const feature = `image ${c.image} (container ${c.name})`;
    if (DUAL_STACK_HOST.test(registry.host))
      return [ok(`${subnet.id} (IPv6-only): ${registry.host} answers over IPv6 (${feature})`)];
    if (nat64.kind === 'yes')
      return [ok(`${subnet.id} (IPv6-only): ${registry.host} is reached over NAT64: ${nat64.evidence}`)];
    if (nat64.kind === 'unknown') return [notChecked('nat-gateway', nat64.why)];
    const dualStack = dualStackUri(c.image);
    if (dualStack === undefined)
      return [
        notChecked(
          'registry-ipv6',
          `whether ${registry.host} answers over IPv6 is unknown, and ${subnet.id} is IPv6-only (${nat64.why})`,
        ),
      ];
    return [
      finding({
        id: 'image-uri-ipv4-only',
        image: c.image,
        container: c.name,
        dualStackImage: dualStack,
        subnetIds: [subnet.id],
        resources: [subnet.id],
        evidence: [
          `${subnet.id} is IPv6-only: the task has no IPv4 address`,
          `${registry.host} (ECR's classic name) has IPv4 addresses only`,
          nat64.why,
          egress.evidence,
        ],
        breaks: [feature],
      }),
    ];
  });
}

/** The route table of a subnet by its id: its own, else the VPC's main one. */
function tableOf(s: Snapshot, subnetId: string): Checked<RouteTable> {
  const tables = s.routeTables;
  if (!tables.ok) return tables;
  const table = tables.value.find((t) => t.subnetIds.includes(subnetId)) ?? tables.value.find((t) => t.main);
  return table ? { ok: true, value: table } : { ok: false, why: `no route table applies to ${subnetId}` };
}
