import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Registry } from '../../src/core/causes.js';
import { registryOfHost, registryOfImage } from '../../src/core/registry.js';

/**
 * `registryOfImage` as it was before it was made linear (regexes that backtrack: trimming the
 * quotes took seconds on a 256 KB image). The oracle for the new one on references short
 * enough for it to finish.
 */
function regexRegistryOfImage(rawImage: string): Registry | undefined {
  const image = rawImage.trim().replace(/^"+|"+$/g, '');
  if (image === '' || /\s/.test(image)) return undefined;
  const withoutDigest = image.split('@')[0] ?? '';
  const slash = withoutDigest.indexOf('/');
  if (slash < 0) {
    const name = withoutDigest.replace(/:[\w][\w.-]{0,127}$/, '');
    if (/^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}$/i.test(name) || /^[x*█.<>_ -]+$/i.test(name)) {
      return registryOfHost(name);
    }
    if (!/^[a-z0-9]+(?:[._-][a-z0-9]+)*$/.test(name)) return undefined;
    return { kind: 'dockerhub', host: 'docker.io' };
  }
  const first = withoutDigest.slice(0, slash);
  if (first.includes('.') || first.includes(':') || first === 'localhost' || /█/.test(first)) {
    return registryOfHost(first);
  }
  return { kind: 'dockerhub', host: 'docker.io' };
}

/** Image references built from the pieces the parser cuts on, so that every branch is reached. */
const piece = fc.constantFrom(
  'a',
  'B',
  'nginx',
  'x',
  '1',
  '.',
  '-',
  '_',
  ':',
  '/',
  '@',
  '"',
  ' ',
  '\t',
  '*',
  '█',
  '<',
  '>',
  'sha256:abc',
  'com',
  'io',
  'localhost',
  'docker.io',
  'dkr.ecr',
  'us-east-1',
  'amazonaws.com',
  '123456789012',
  'public.ecr.aws',
  ':5000',
  'a'.repeat(127),
  'é',
);
const imageLike = fc.oneof(
  fc.array(piece, { maxLength: 14 }).map((parts) => parts.join('')),
  fc.string({ maxLength: 60 }),
  fc.tuple(fc.domain(), fc.stringMatching(/^[\w.-][\w.-]{0,20}$/)).map(([d, tag]) => `${d}:${tag}`),
  // Tags around Docker's limit of 128 characters.
  fc
    .tuple(fc.domain(), fc.constantFrom('a', '_', '9', '.'), fc.integer({ min: 120, max: 135 }))
    .map(([d, first, length]) => `${d}:${first}${'v'.repeat(length - 1)}`),
);

/** The worst case of the regex version: a run of quotes inside the reference (each quote scans the run). */
const quotesInside = (chars: number) => `x${'"'.repeat(chars - 2)}x`;

describe('registryOfImage, parsed a character at a time', () => {
  it('places every reference where the regex version did', () => {
    fc.assert(
      fc.property(imageLike, (image) => {
        expect(registryOfImage(image)).toEqual(regexRegistryOfImage(image));
      }),
      { numRuns: 20_000 },
    );
  });

  it('names no registry for a 256 KB reference that is a run of quotes (the regex version took seconds)', () => {
    expect(registryOfImage(quotesInside(256 * 1024))).toBeUndefined();
  });

  it('still places a 256 KB reference on its host', () => {
    const image = `registry.internal:5000/${'team/'.repeat(52_000)}app:9`;
    expect(image.length).toBeGreaterThan(256_000);
    expect(registryOfImage(image)).toEqual({ kind: 'private-registry', host: 'registry.internal:5000' });
  });
});
