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
