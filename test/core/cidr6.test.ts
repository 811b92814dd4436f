import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  anyCidrContains,
  cidr6Contains,
  cidrContains,
  familyOf,
  isAnywhere6,
  NAT64_PREFIX,
  rangeOf6,
} from '../../src/core/cidr.js';

describe('IPv6 CIDR containment', () => {
  it.each([
    // A VPC's Amazon-provided /56 holds its subnets' /64s and their tasks' addresses.
    ['2600:1f18:1234:5600::/56', '2600:1f18:1234:5601::/64', true],
    ['2600:1f18:1234:5600::/56', '2600:1f18:1234:56ff:a1b2:c3d4:e5f6:7788', true],
    ['2600:1f18:1234:5600::/56', '2600:1f18:1234:5700::/64', false],
    ['2600:1f18:1234:5601::/64', '2600:1f18:1234:5600::/56', false],
    // `::/0` holds every IPv6 address, NAT64's well-known prefix among them.
    ['::/0', '2a05:d018:0:1::2', true],
    ['::/0', NAT64_PREFIX, true],
    // A NAT64-synthesised address of 54.239.28.177 (ECR's classic name, answered by DNS64).
    [NAT64_PREFIX, '64:ff9b::36ef:1cb1', true],
    [NAT64_PREFIX, '64:ff9b::54.239.28.177', true],
    [NAT64_PREFIX, '64:ff9b:1::36ef:1cb1', false],
    // Case, leading zeros and the full form mean the same address.
    ['2600:1F18:1234:5600::/56', '2600:1f18:1234:5600:0000:0000:0000:0001', true],
    // A host part in the CIDR is ignored, as EC2 ignores it.
    ['2600:1f18:1234:5601::99/64', '2600:1f18:1234:5601::1', true],
  ])('%s contains %s: %s', (outer, inner, expected) => {
    expect(cidr6Contains(outer, inner)).toBe(expected);
  });

  it.each([
    '',
    '::/129',
    '1::2::3',
    '2600:1f18::/-1',
    '12345::/16',
    'g::/16',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7',
    ':1::',
    '::1.2.3.256',
    '1.2.3.4::',
    '0.0.0.0/0',
    '2600:1f18::/56 trailing',
  ])('finds no range in the malformed %j, so it contains nothing and is contained by nothing', (text) => {
    expect(rangeOf6(text)).toBeUndefined();
    expect(cidr6Contains('::/0', text)).toBe(false);
    expect(cidr6Contains(text, '::1')).toBe(false);
  });

  it('knows ::/0 is everywhere and a /1 is not', () => {
    expect(isAnywhere6('::/0')).toBe(true);
    expect(isAnywhere6('8000::/1')).toBe(false);
    expect(isAnywhere6('0.0.0.0/0')).toBe(false);
  });

  it('never lets one family contain the other', () => {
    expect(anyCidrContains('0.0.0.0/0', '2600:1f18::1')).toBe(false);
    expect(anyCidrContains('::/0', '10.0.1.5')).toBe(false);
    expect(anyCidrContains('::/0', '2600:1f18::1')).toBe(true);
    expect(anyCidrContains('10.0.0.0/16', '10.0.1.5')).toBe(true);
    expect(familyOf('10.0.0.0/16')).toBe('ipv4');
    expect(familyOf('2600:1f18::/56')).toBe('ipv6');
    expect(familyOf('vpc-0abc')).toBeUndefined();
  });
});

const group = fc.integer({ min: 0, max: 0xffff }).map((g) => g.toString(16));
const address = fc.array(group, { minLength: 8, maxLength: 8 }).map((gs) => gs.join(':'));
const cidr6 = fc.tuple(address, fc.integer({ min: 0, max: 128 })).map(([a, bits]) => `${a}/${bits}`);

describe('IPv6 containment, for any CIDR', () => {
  it('is reflexive', () => {
    fc.assert(fc.property(cidr6, (c) => cidr6Contains(c, c)));
  });

  it('holds every narrower prefix of the same address', () => {
    fc.assert(
      fc.property(address, fc.integer({ min: 0, max: 128 }), fc.integer({ min: 0, max: 128 }), (a, b1, b2) =>
        cidr6Contains(`${a}/${Math.min(b1, b2)}`, `${a}/${Math.max(b1, b2)}`),
      ),
    );
  });

  it('is transitive over any three CIDRs', () => {
    fc.assert(
      fc.property(
        cidr6,
        cidr6,
        cidr6,
        (a, b, c) => !(cidr6Contains(a, b) && cidr6Contains(b, c)) || cidr6Contains(a, c),
      ),
    );
  });

  it('::/0 contains every well-formed CIDR', () => {
    fc.assert(fc.property(cidr6, (c) => cidr6Contains('::/0', c)));
  });

  it('answers "no match" for any text, never throws', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.string({ maxLength: 60 }), (a, b) => {
        const answer = cidr6Contains(a, b);
        expect(typeof answer).toBe('boolean');
        expect(typeof anyCidrContains(a, b)).toBe('boolean');
        expect(typeof isAnywhere6(a)).toBe('boolean');
      }),
    );
  });

  it('answers "no match" for text made of address characters, never throws', () => {
    const chars = fc.constantFrom(...'0123456789abcdefABCDEF:./'.split(''));
    fc.assert(
      fc.property(
        fc.array(chars, { maxLength: 50 }).map((cs) => cs.join('')),
        (text) => {
          const r = rangeOf6(text);
          expect(r === undefined || (r.start <= r.end && r.end < 1n << 128n)).toBe(true);
        },
      ),
    );
  });

  it('leaves IPv4 containment as it was', () => {
    expect(cidrContains('10.0.0.0/16', '10.0.1.0/24')).toBe(true);
  });
});
