import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { intersects, NeedleIndex, trieSource } from '../../src/core/needles.js';

const vocabulary = [
  'log',
  'log stream',
  'logger args',
  'stream',
  'i/o timeout',
  'timeout',
  'ecr',
  'ecr registry auth',
  '403',
  'not found',
];

/** What the index promises: a needle is present when it occurs at a word start. */
function naive(text: string, needle: string): boolean {
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
    if (i === 0 || !/[a-z0-9_]/.test(text[i - 1] ?? '') || !/[a-z0-9_]/.test(needle[0] ?? '')) return true;
  }
  return false;
}

describe(NeedleIndex.name, () => {
  const index = new NeedleIndex(vocabulary);

  it('finds exactly the needles that begin a word in the text, overlapping ones included', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constantFrom(...vocabulary, ' ', ':', 'x', '.'), fc.string({ maxLength: 3 })), {
          maxLength: 12,
        }),
        (parts) => {
          const text = parts.join('').toLowerCase();
          const hits = index.scan(text);
          for (const needle of vocabulary) {
            expect(intersects(hits, index.mask([needle])), `${needle} in ${JSON.stringify(text)}`).toBe(
              naive(text, needle),
            );
          }
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('refuses a needle that could not be found at a word start', () => {
    expect(() => new NeedleIndex(['.efs'])).toThrow(/must be lower case and begin with a letter or digit/);
    expect(() => new NeedleIndex(['AccessDenied'])).toThrow(/lower case/);
  });

  it('refuses a gate that names an unregistered needle', () => {
    expect(() => index.mask(['kms'])).toThrow(/not registered/);
  });
});

describe(trieSource.name, () => {
  it('matches every word and prefers the longest at a position', () => {
    const re = new RegExp(`^(?:${trieSource(['log', 'log stream', 'logger args', 'a.b'])})`);
    expect(re.exec('log stream failed')?.[0]).toBe('log stream');
    expect(re.exec('logger args')?.[0]).toBe('logger args');
    expect(re.exec('logs')?.[0]).toBe('log');
    expect(re.exec('a.b')?.[0]).toBe('a.b');
    expect(re.exec('axb')).toBeNull();
  });

  it('matches, at the start of any text, the longest of the words that begins it', () => {
    const unit = fc.constantFrom('a', 'b', 'c', ' ', '.', '*', '(', '[', '\\', '$');
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ unit, minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 12 }),
        fc.string({ unit, maxLength: 8 }),
        (words, text) => {
          const re = new RegExp(`^(?:${trieSource(words)})`);
          const longest = words.filter((w) => text.startsWith(w)).sort((a, b) => b.length - a.length)[0];
          expect(re.exec(text)?.[0]).toBe(longest);
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
