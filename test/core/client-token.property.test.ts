import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clientTokenOf } from '../../src/core/plan.js';
import type { EndpointRequest } from '../../src/core/ports.js';

/**
 * The client token is policy (conventions, 10): the same request always carries the same
 * token, so that AWS answers a retry with the endpoint it already made; any other request
 * carries another, so that AWS never answers `IdempotentParameterMismatch` for a request
 * that changed (another security group after the endpoint group was made again …).
 */

// Few ids, so that two generated requests are often the same or differ in one field only.
const id = (prefix: string) => fc.constantFrom('0a', '0b', '0c').map((hex) => `${prefix}-${hex}`);
const ids = (prefix: string) => fc.array(id(prefix), { minLength: 1, maxLength: 3 });
const vpc = id('vpc');
const service = fc
  .constantFrom('ecr.api', 'ecr.dkr', 'logs', 'secretsmanager', 'ssm', 's3')
  .map((s) => `com.amazonaws.us-east-1.${s}`);

const request: fc.Arbitrary<EndpointRequest> = fc.oneof(
  fc.record({
    type: fc.constant('Interface' as const),
    vpcId: vpc,
    serviceName: service,
    subnetIds: ids('subnet'),
    securityGroupIds: ids('sg'),
    privateDns: fc.boolean(),
  }),
  fc.record({
    type: fc.constant('Gateway' as const),
    vpcId: vpc,
    serviceName: service,
    routeTableIds: ids('rtb'),
  }),
);

/** What makes two requests the same: every field, its lists as sets. */
function sameRequest(a: EndpointRequest, b: EndpointRequest): boolean {
  const set = (xs: readonly string[]) => JSON.stringify([...new Set(xs)].sort());
  if (a.type !== b.type || a.vpcId !== b.vpcId || a.serviceName !== b.serviceName) return false;
  if (a.type === 'Interface' && b.type === 'Interface')
    return (
      set(a.subnetIds) === set(b.subnetIds) &&
      set(a.securityGroupIds) === set(b.securityGroupIds) &&
      a.privateDns === b.privateDns
    );
  return a.type === 'Gateway' && b.type === 'Gateway' && set(a.routeTableIds) === set(b.routeTableIds);
}

/** `r` with its id lists reordered (and one id repeated): the same request, written otherwise. */
function rewritten(r: EndpointRequest, seed: number): EndpointRequest {
  const shuffle = (xs: readonly string[]) => {
    const out = [...xs].sort(
      (x, y) => ((x + seed).length % 3) - ((y + seed).length % 3) || y.localeCompare(x),
    );
    return out.length > 0 ? [...out, out[seed % out.length] ?? ''] : out;
  };
  return r.type === 'Interface'
    ? { ...r, subnetIds: shuffle(r.subnetIds), securityGroupIds: shuffle(r.securityGroupIds) }
    : { ...r, routeTableIds: shuffle(r.routeTableIds) };
}

describe(`${clientTokenOf.name} (properties)`, () => {
  it('is the same for the same request, whatever the order of its ids', () => {
    fc.assert(
      fc.property(request, fc.nat(), (r, seed) => {
        expect(clientTokenOf(rewritten(r, seed))).toBe(clientTokenOf(r));
      }),
    );
  });

  it('differs whenever any field of the request does: security groups, subnets, route tables, private DNS, service, VPC', () => {
    fc.assert(
      fc.property(request, request, (a, b) => {
        expect(clientTokenOf(a) === clientTokenOf(b)).toBe(sameRequest(a, b));
      }),
      { numRuns: 3000 },
    );
    // The generator does reach both sides of the property.
    const pairs = fc.sample(fc.tuple(request, request), 3000);
    expect(pairs.filter(([a, b]) => sameRequest(a, b)).length).toBeGreaterThan(0);
  });

  it.each([
    ['another security group', { securityGroupIds: ['sg-0b2c'] }],
    ['another subnet', { subnetIds: ['subnet-0a1b', 'subnet-0c3d'] }],
    ['private DNS off', { privateDns: false }],
    ['another service', { serviceName: 'com.amazonaws.us-east-1.ecr.dkr' }],
    ['another VPC', { vpcId: 'vpc-0e4f' }],
  ])('differs for %s than the request it was made for', (_, change) => {
    const base: EndpointRequest = {
      type: 'Interface',
      vpcId: 'vpc-0a1b2c3d',
      serviceName: 'com.amazonaws.us-east-1.ecr.api',
      subnetIds: ['subnet-0a1b'],
      securityGroupIds: ['sg-0a1b'],
      privateDns: true,
    };
    expect(clientTokenOf({ ...base, ...change } as EndpointRequest)).not.toBe(clientTokenOf(base));
  });

  it('is at most 64 printable ASCII characters, as EC2 requires', () => {
    fc.assert(
      fc.property(request, (r) => {
        expect(clientTokenOf(r)).toMatch(/^[\x21-\x7e]{1,64}$/);
      }),
    );
  });
});
