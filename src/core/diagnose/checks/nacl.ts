import { familyOf, isAnywhere, isAnywhere6, rangeOf, rangeOf6 } from '../../cidr.js';
import type { Checked, NetworkAcl, PrefixList, Subnet } from '../../network.js';
import { listName } from '../../prefix-lists.js';
import { type CheckInput, finding, notChecked, ok, type Verdict } from '../verdict.js';
import type { PortRange } from './ports.js';

type Direction = 'inbound' | 'outbound';

/** The network ACL of `subnet` must let TCP `ports` pass in `direction` to or from `cidr`. */
export function naclCheck(
  { snapshot }: CheckInput,
  subnet: Subnet,
  direction: Direction,
  ports: PortRange,
  cidr: string,
  feature: string,
): Verdict[] {
  const acl = aclOf(snapshot.networkAcls, subnet);
  if (!acl.ok) return [notChecked('network-acls', acl.why)];
  const verdict = naclVerdict(acl.value, direction === 'outbound', ports, cidr);
  const { portText, toFrom } = wordsOf(direction, ports);
  const id = acl.value.id;
  if (verdict.allowed)
    return [ok(`${id} (of ${subnet.id}): ${direction} ${portText} ${toFrom} ${cidr} allowed`)];
  const rule = ruleText(verdict.ruleNumber);
  return [
    finding({
      id: 'nacl-blocks',
      networkAclId: id,
      subnetIds: [subnet.id],
      direction,
      ports: portText,
      cidr,
      ...(verdict.ruleNumber === undefined ? {} : { ruleNumber: verdict.ruleNumber }),
      resources: [id, subnet.id],
      evidence: [`${id} (of ${subnet.id}) ${direction}: ${portText} ${toFrom} ${cidr} is denied by ${rule}`],
      breaks: [feature],
    }),
  ];
}

/**
 * Through the S3 gateway the traffic goes to S3's public ranges, every CIDR of the region's
 * S3 prefix list (network.md, "Network ACLs"): the subnet's ACL must pass each of them. When
 * the list's entries are unknown, only an ACL that passes every address can be said to pass.
 */
export function naclS3Check(
  { snapshot }: CheckInput,
  subnet: Subnet,
  direction: Direction,
  ports: PortRange,
  s3: Checked<PrefixList>,
  feature: string,
): Verdict[] {
  const acl = aclOf(snapshot.networkAcls, subnet);
  if (!acl.ok) return [notChecked('network-acls', acl.why)];
  const id = acl.value.id;
  const egress = direction === 'outbound';
  const { portText, toFrom } = wordsOf(direction, ports);
  const where = `${id} (of ${subnet.id}): ${direction} ${portText}`;
  // An ACL that passes every address passes S3's, whatever its ranges.
  if (naclVerdict(acl.value, egress, ports, '0.0.0.0/0', false).allowed)
    return [ok(`${where} ${toFrom} 0.0.0.0/0 allowed`)];
  const cidrs = s3.ok ? s3.value.cidrs : [];
  if (!s3.ok || cidrs.length === 0) {
    const why = s3.ok ? `${listName(s3.value)} has no entries` : s3.why;
    return [
      notChecked(
        'network-acls',
        `${where} is not allowed for every address, and S3's ranges are unknown: ${why}`,
      ),
    ];
  }
  const list = listName(s3.value);
  const verdicts = cidrs.map((cidr) => ({ cidr, ...naclVerdict(acl.value, egress, ports, cidr) }));
  const blocked = verdicts.filter((v) => !v.allowed);
  if (blocked.length === 0)
    return [ok(`${where} ${toFrom} each range of the S3 prefix list ${list} allowed (${cidrs.join(', ')})`)];
  const passed = verdicts.filter((v) => v.allowed).map((v) => v.cidr);
  const [first] = blocked;
  return [
    finding({
      id: 'nacl-blocks',
      networkAclId: id,
      subnetIds: [subnet.id],
      direction,
      ports: portText,
      cidr: first?.cidr ?? cidrs[0] ?? '',
      ...(first?.ruleNumber === undefined ? {} : { ruleNumber: first.ruleNumber }),
      prefixListId: s3.value.id,
      ranges: blocked.map((b) =>
        b.ruleNumber === undefined ? { cidr: b.cidr } : { cidr: b.cidr, ruleNumber: b.ruleNumber },
      ),
      resources: [id, subnet.id],
      // One line per rule that denies, with the S3 ranges it denies.
      evidence: [
        ...[...new Set(blocked.map((b) => b.ruleNumber))].map((rule) => {
          const ranges = blocked.filter((b) => b.ruleNumber === rule).map((b) => b.cidr);
          return `${id} (of ${subnet.id}) ${direction}: ${portText} ${toFrom} ${ranges.join(', ')} (S3, in ${list}) is denied by ${ruleText(rule)}`;
        }),
        ...(passed.length > 0 ? [`${id} allows the other ranges of ${list}: ${passed.join(', ')}`] : []),
      ],
      breaks: [feature],
    }),
  ];
}

function aclOf(acls: Checked<readonly NetworkAcl[]>, subnet: Subnet): Checked<NetworkAcl> {
  if (!acls.ok) return acls;
  const acl = acls.value.find((a) => a.subnetIds.includes(subnet.id));
  return acl
    ? { ok: true, value: acl }
    : { ok: false, why: `no network ACL is associated with ${subnet.id}` };
}

function wordsOf(direction: Direction, ports: PortRange): { portText: string; toFrom: string } {
  const portText = ports.from === ports.to ? `TCP ${ports.from}` : `TCP ${ports.from}-${ports.to}`;
  return { portText, toFrom: direction === 'outbound' ? 'to' : 'from' };
}

const ruleText = (ruleNumber: number | undefined): string =>
  ruleNumber === undefined ? 'the default rule (*)' : `rule ${ruleNumber}`;

/** An address range of either family, as 128-bit-safe integers. */
type Range = Readonly<{ start: bigint; end: bigint }>;

/** The range of `cidr` in `family` (an entry of the other family is no match: undefined). */
function rangeIn(family: 'ipv4' | 'ipv6', cidr: string): Range | undefined {
  if (family === 'ipv6') return rangeOf6(cidr);
  const r = rangeOf(cidr);
  return r && { start: BigInt(r.start), end: BigInt(r.end) };
}

/** True when `cidr` is the whole address space of its family (`0.0.0.0/0`, `::/0`). */
const anywhere = (cidr: string): boolean => isAnywhere(cidr) || isAnywhere6(cidr);

/**
 * The verdict of a NACL on traffic in one direction, ports and peer: rules in number order,
 * first match wins, address by address (so two allows may together pass a range, and a deny
 * after them touches only what they left). For traffic to "the internet" (`0.0.0.0/0`
 * through NAT or an internet gateway, `::/0` through an egress-only one) only entries for the
 * whole address space decide. Entries of the other family than the peer's never match it.
 */
function naclVerdict(
  acl: NetworkAcl,
  egress: boolean,
  ports: PortRange,
  cidr: string,
  internet = anywhere(cidr),
): { allowed: boolean; ruleNumber?: number } {
  const family = familyOf(cidr) ?? 'ipv4';
  const peer = rangeIn(family, cidr);
  let remaining: Range[] = peer ? [peer] : [];
  const entries = acl.entries.filter((e) => e.egress === egress).sort((a, b) => a.ruleNumber - b.ruleNumber);
  for (const e of entries) {
    if (e.protocol !== '-1' && e.protocol !== '6' && e.protocol.toLowerCase() !== 'tcp') continue;
    const range = e.ports ?? { from: 0, to: 65535 };
    if (range.to < ports.from || range.from > ports.to) continue;
    const r = rangeIn(family, e.cidr);
    if (!r || !peer) continue;
    if (internet ? !anywhere(e.cidr) : !remaining.some((x) => overlaps(x, r))) continue;
    const number = e.ruleNumber >= 32767 ? undefined : e.ruleNumber;
    if (e.action === 'deny')
      return number === undefined ? { allowed: false } : { allowed: false, ruleNumber: number };
    if (range.from <= ports.from && ports.to <= range.to) {
      remaining = remaining.flatMap((x) => without(x, r));
      if (remaining.length === 0) return { allowed: true };
    }
  }
  return { allowed: false };
}

const overlaps = (a: Range, b: Range): boolean => a.start <= b.end && b.start <= a.end;

/** What is left of `a` once `b` is taken out of it. */
function without(a: Range, b: Range): Range[] {
  if (!overlaps(a, b)) return [a];
  return [
    ...(a.start < b.start ? [{ start: a.start, end: b.start - 1n }] : []),
    ...(b.end < a.end ? [{ start: b.end + 1n, end: a.end }] : []),
  ];
}
