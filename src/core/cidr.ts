/** IPv4 CIDR arithmetic for security-group and NACL checks. Pure; malformed input is "no match". */

type Range = Readonly<{ start: number; end: number }>;

/** The address range of an IPv4 CIDR (`10.0.1.0/24`) or address, or undefined when malformed. */
export function rangeOf(cidr: string): Range | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(cidr.trim());
  if (!m) return undefined;
  const octets = [m[1], m[2], m[3], m[4]].map(Number);
  if (octets.some((o) => o > 255)) return undefined;
  const bits = m[5] === undefined ? 32 : Number(m[5]);
  if (bits > 32) return undefined;
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - bits);
  const start = Math.floor(address / size) * size;
  return { start, end: start + size - 1 };
}

/** True when `outer` contains all of `inner` (both CIDRs or addresses). */
export function cidrContains(outer: string, inner: string): boolean {
  const o = rangeOf(outer);
  const i = rangeOf(inner);
  return o !== undefined && i !== undefined && o.start <= i.start && i.end <= o.end;
}

/** True when `cidr` is the whole IPv4 space. */
export const isAnywhere = (cidr: string): boolean =>
  rangeOf(cidr)?.start === 0 && rangeOf(cidr)?.end === 2 ** 32 - 1;

// IPv6 (RFC 4291 text forms, RFC 5952 output not needed: we only compare). BigInt, since an
// address is 128 bits. Malformed input is "no match", never a throw.

type Range6 = Readonly<{ start: bigint; end: bigint }>;

const BITS6 = 128n;
const ALL6 = (1n << BITS6) - 1n;

/** The 128-bit value of an IPv6 address (`2600:1f18::1`, `::`, `::ffff:10.0.0.1`), or undefined. */
function address6(text: string): bigint | undefined {
  if (text.length === 0 || text.length > 45 || !/^[0-9a-fA-F:.]+$/.test(text)) return undefined;
  const halves = text.split('::');
  // An embedded IPv4 address may only end the address (`::ffff:10.0.0.1`, not `1.2.3.4::`).
  if (halves.length > 2 || (halves.length === 2 && halves[0]?.includes('.'))) return undefined;
  const groupsOf = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    const pieces = part.split(':');
    for (const [i, piece] of pieces.entries()) {
      if (piece.includes('.')) {
        // An embedded IPv4 address, only as the last piece.
        if (i !== pieces.length - 1) return undefined;
        const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(piece);
        const octets = v4 ? [v4[1], v4[2], v4[3], v4[4]].map(Number) : [];
        if (octets.length !== 4 || octets.some((o) => o > 255)) return undefined;
        out.push(((octets[0] ?? 0) << 8) | (octets[1] ?? 0), ((octets[2] ?? 0) << 8) | (octets[3] ?? 0));
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(piece)) return undefined;
        out.push(Number.parseInt(piece, 16));
      }
    }
    return out;
  };
  const head = groupsOf(halves[0] ?? '');
  const tail = halves.length === 2 ? groupsOf(halves[1] ?? '') : [];
  if (head === undefined || tail === undefined) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const groups = [...head, ...Array<number>(missing).fill(0), ...tail];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

/** The address range of an IPv6 CIDR (`2600:1f18:1234:5600::/56`) or address, or undefined when malformed. */
export function rangeOf6(cidr: string): Range6 | undefined {
  const m = /^([^/\s]+)(?:\/(\d{1,3}))?$/.exec(cidr.trim());
  if (!m) return undefined;
  const address = address6(m[1] ?? '');
  if (address === undefined) return undefined;
  const bits = m[2] === undefined ? BITS6 : BigInt(m[2]);
  if (bits > BITS6) return undefined;
  const host = (1n << (BITS6 - bits)) - 1n;
  const start = address & (ALL6 ^ host);
  return { start, end: start | host };
}

/** True when `outer` contains all of `inner` (both IPv6 CIDRs or addresses). */
export function cidr6Contains(outer: string, inner: string): boolean {
  const o = rangeOf6(outer);
  const i = rangeOf6(inner);
  return o !== undefined && i !== undefined && o.start <= i.start && i.end <= o.end;
}

/** True when `cidr` is the whole IPv6 space (`::/0`). */
export function isAnywhere6(cidr: string): boolean {
  const r = rangeOf6(cidr);
  return r?.start === 0n && r.end === ALL6;
}

/** The family a CIDR or address is written in, or undefined when it is neither. */
export function familyOf(cidr: string): 'ipv4' | 'ipv6' | undefined {
  if (rangeOf(cidr)) return 'ipv4';
  if (rangeOf6(cidr)) return 'ipv6';
  return undefined;
}

/** Containment in either family: an IPv4 range never contains an IPv6 one, nor the reverse. */
export const anyCidrContains = (outer: string, inner: string): boolean =>
  cidrContains(outer, inner) || cidr6Contains(outer, inner);

/** The well-known NAT64 prefix (RFC 6052): a route for it to a NAT gateway is the way to IPv4. */
export const NAT64_PREFIX = '64:ff9b::/96';
