/**
 * A set of literal "needles" found in a text in one pass, as a bit set.
 *
 * The classifier gates every rule with a few needles, so that a message pays for the
 * handful of patterns that can match it rather than for all of them. One regex (a trie of
 * all needles, anchored at word starts) finds every needle present. The longest needle at
 * a position is the one reported, and it implies the needles it contains (`log stream` ⊃
 * `log`); the scan goes on after it, except inside a needle where another could begin and
 * run past its end, where it restarts one character on, so overlapping needles are all found. Anchoring at `\b` lets the engine reject most positions at once, which halves
 * the scan; so needles are lower case and begin with a letter or a digit, and a needle for
 * a word ECS glues to another (`CannotPullECRContainerError`) spells the whole word.
 */
/** A set of needles to test a scan against: the non-zero words of its bit set and their bits. */
export type Mask = Readonly<{ words: Uint16Array; bits: Uint32Array }>;

export class NeedleIndex {
  readonly #words: number;
  readonly #bit: ReadonlyMap<string, number>;
  /**
   * What a hit implies, by a numeric key of the hit (length, first and last character) so
   * that no matched string is hashed; the few needles sharing a key are told apart by text.
   */
  readonly #found: ReadonlyMap<number, readonly Readonly<{ needle: string; implies: Uint32Array }>[]>;
  readonly #masks = new Map<readonly string[], Mask>();
  readonly #scan: RegExp;
  /** Needles inside which another needle may begin and run past their end: the scan restarts inside them. */
  readonly #overlapped: ReadonlySet<string>;

  constructor(needles: Iterable<string>) {
    const all = [...new Set(needles)];
    for (const n of all) {
      if (!/^[a-z0-9]/.test(n) || n !== n.toLowerCase()) {
        throw new Error(`needle '${n}' must be lower case and begin with a letter or digit`);
      }
    }
    this.#words = Math.max(1, Math.ceil(all.length / 32));
    this.#bit = new Map(all.map((n, i) => [n, i]));
    const found = new Map<number, { needle: string; implies: Uint32Array }[]>();
    const joined = new Joined(all);
    all.forEach((needle, i) => {
      const key = keyOf(needle, 0, needle.length);
      const entry = { needle, implies: this.#bitsOf(joined.containedIn(i)) };
      found.set(key, [...(found.get(key) ?? []), entry]);
    });
    this.#found = found;
    this.#scan = new RegExp(`\\b(?:${trieSource(all)})`, 'g');
    this.#overlapped = new Set(
      all.filter((a) => innerTails(a).some((tail) => joined.longerBeginsWith(tail))),
    );
  }

  /** The needles present in `lower` (a lower-cased text), as a bit set. */
  scan(lower: string): Uint32Array {
    const hits = new Uint32Array(this.#words);
    const scan = this.#scan;
    scan.lastIndex = 0;
    for (let m = scan.exec(lower); m !== null; m = scan.exec(lower)) {
      const start = m.index;
      const end = scan.lastIndex;
      for (const { needle, implies } of this.#found.get(keyOf(lower, start, end)) ?? []) {
        if (needle.length !== end - start || !lower.startsWith(needle, start)) continue;
        for (let w = 0; w < hits.length; w++) hits[w] = (hits[w] ?? 0) | (implies[w] ?? 0);
        if (this.#overlapped.has(needle)) scan.lastIndex = start + 1;
        break;
      }
    }
    return hits;
  }

  /** The mask of a constant list of needles, computed once per list. */
  mask(needles: readonly string[]): Mask {
    let mask = this.#masks.get(needles);
    if (!mask) {
      const bits = this.#bitsOf(needles);
      const words = [...bits.keys()].filter((w) => bits[w] !== 0);
      mask = { words: Uint16Array.from(words), bits: Uint32Array.from(words.map((w) => bits[w] ?? 0)) };
      this.#masks.set(needles, mask);
    }
    return mask;
  }

  /** An empty bit set of the right size. */
  empty(): Uint32Array {
    return new Uint32Array(this.#words);
  }

  #bitsOf(needles: readonly string[]): Uint32Array {
    const bits = new Uint32Array(this.#words);
    for (const n of needles) {
      const bit = this.#bit.get(n);
      // A needle used by a rule but not registered is a programming error, caught by any test.
      if (bit === undefined) throw new Error(`needle '${n}' is not registered`);
      bits[bit >>> 5] = (bits[bit >>> 5] ?? 0) | (1 << (bit & 31));
    }
    return bits;
  }
}

function keyOf(text: string, start: number, end: number): number {
  return (
    (end - start) * 0x10000 + (text.charCodeAt(start) & 0xff) * 0x100 + (text.charCodeAt(end - 1) & 0xff)
  );
}

/**
 * The needles joined into one text, so that what the index needs of every pair of needles (does
 * one contain the other? does one begin with the other's tail?) is a native `indexOf` per needle
 * rather than a call per pair: the index is built at the Lambda's init (~180 needles).
 */
class Joined {
  /** The needles, each after a NUL (which no needle holds: they are words). */
  readonly #text: string;
  readonly #contains: string[][];

  constructor(all: readonly string[]) {
    this.#text = `${all.map((n) => `\0${n}`).join('')}\0`;
    // For each character of the text, the needle it belongs to.
    const owner = new Uint16Array(this.#text.length);
    let at = 0;
    all.forEach((n, i) => {
      owner.fill(i, at, at + n.length + 1);
      at += n.length + 1;
    });
    this.#contains = all.map(() => []);
    for (const m of all) {
      let last = -1;
      for (let p = this.#text.indexOf(m); p >= 0; p = this.#text.indexOf(m, p + 1)) {
        const i = owner[p] ?? 0;
        if (i !== last) this.#contains[i]?.push(m);
        last = i;
      }
    }
  }

  /** The needles the `i`th needle contains, itself included. */
  containedIn(i: number): string[] {
    return this.#contains[i] ?? [];
  }

  /** True when a needle longer than `tail` begins with it. */
  longerBeginsWith(tail: string): boolean {
    const start = `\0${tail}`;
    for (let p = this.#text.indexOf(start); p >= 0; p = this.#text.indexOf(start, p + 1)) {
      if (this.#text[p + start.length] !== '\0') return true;
    }
    return false;
  }
}

/**
 * The tails of `a` that begin at a word boundary strictly inside it: where another needle could
 * begin and run past its end. Each needle's tails are found once (the pairs then compare
 * strings only): the classifier's index of ~180 needles, built at the Lambda's init, took
 * ~50 ms in a fresh process with two character tests per pair of needles, ~15 ms so.
 */
function innerTails(a: string): string[] {
  const word = /[a-z0-9_]/;
  const tails: string[] = [];
  let before = word.test(a[0] ?? '');
  for (let k = 1; k < a.length; k++) {
    const here = word.test(a[k] ?? '');
    if (here !== before) tails.push(a.slice(k));
    before = here;
  }
  return tails;
}

/** True when the scanned bit set has a needle of the mask. */
export function intersects(hits: Uint32Array, mask: Mask): boolean {
  const { words, bits } = mask;
  for (let k = 0; k < words.length; k++) if (((hits[words[k] ?? 0] ?? 0) & (bits[k] ?? 0)) !== 0) return true;
  return false;
}

/** ORs `b` into `a`. */
export function addAll(a: Uint32Array, b: Uint32Array): void {
  for (let w = 0; w < a.length; w++) a[w] = (a[w] ?? 0) | (b[w] ?? 0);
}

/**
 * A regex source matching any of `words`, written as a trie (`log(?: stream|ger args)?`)
 * so that the engine tries only the branches that share the text's next character, and
 * prefers the longest word at a position.
 */
export function trieSource(words: readonly string[]): string {
  // Sorted, the words that share their first `depth` characters are neighbours, each group
  // ordered by its next character, a word that ends there first: the trie is walked on the
  // sorted list itself (its nodes, built as maps, took ~15 ms of the Lambda's init).
  const sorted = [...new Set(words)].sort();
  const emit = (lo: number, hi: number, depth: number): string => {
    const end = sorted[lo]?.length === depth;
    const branches: string[] = [];
    for (let i = end ? lo + 1 : lo; i < hi; ) {
      const ch = sorted[i]?.[depth] ?? '';
      let j = i + 1;
      while (j < hi && sorted[j]?.[depth] === ch) j++;
      branches.push((REGEXP_SPECIAL.has(ch) ? `\\${ch}` : ch) + emit(i, j, depth + 1));
      i = j;
    }
    if (branches.length === 0) return '';
    const body = branches.length === 1 ? (branches[0] ?? '') : `(?:${branches.join('|')})`;
    return end ? `(?:${body})?` : body;
  };
  return emit(0, sorted.length, 0);
}

/** The characters a regex source escapes. */
const REGEXP_SPECIAL = new Set('.*+?^$(){}|[]\\');
