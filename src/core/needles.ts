/**
 * A set of literal "needles" found in a text in one pass, as a bit set.
 *
 * The classifier gates every rule with a few needles, so that a message pays for the
 * handful of patterns that can match it rather than for all of them. One regex (a trie of
 * all needles, anchored at word starts) finds every needle present; the scan restarts one
 * character after each hit, so overlapping needles are all found; the longest needle at a
 * position is the one reported, and it implies the needles it contains (`log stream` ⊃
 * `log`). Anchoring at `\b` lets the engine reject most positions at once, which halves
 * the scan; so needles are lower case and begin with a letter or a digit, and a needle for
 * a word ECS glues to another (`CannotPullECRContainerError`) spells the whole word.
 */
export class NeedleIndex {
  readonly #words: number;
  readonly #bit: ReadonlyMap<string, number>;
  readonly #found: ReadonlyMap<string, Uint32Array>;
  readonly #masks = new Map<readonly string[], Uint32Array>();
  readonly #scan: RegExp;

  constructor(needles: Iterable<string>) {
    const all = [...new Set(needles)];
    for (const n of all) {
      if (!/^[a-z0-9]/.test(n) || n !== n.toLowerCase()) {
        throw new Error(`needle '${n}' must be lower case and begin with a letter or digit`);
      }
    }
    this.#words = Math.max(1, Math.ceil(all.length / 32));
    this.#bit = new Map(all.map((n, i) => [n, i]));
    this.#found = new Map(all.map((n) => [n, this.#bitsOf(all.filter((m) => n.includes(m)))]));
    this.#scan = new RegExp(`\\b(?:${trieSource(all)})`, 'g');
  }

  /** The needles present in `lower` (a lower-cased text), as a bit set. */
  scan(lower: string): Uint32Array {
    const hits = new Uint32Array(this.#words);
    const scan = this.#scan;
    scan.lastIndex = 0;
    for (let m = scan.exec(lower); m !== null; m = scan.exec(lower)) {
      const found = this.#found.get(m[0]);
      if (found) for (let w = 0; w < hits.length; w++) hits[w] = (hits[w] ?? 0) | (found[w] ?? 0);
      scan.lastIndex = m.index + 1;
    }
    return hits;
  }

  /** The bit set of a constant list of needles, computed once per list. */
  mask(needles: readonly string[]): Uint32Array {
    let mask = this.#masks.get(needles);
    if (!mask) {
      mask = this.#bitsOf(needles);
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

/** True when two bit sets share a bit. */
export function intersects(a: Uint32Array, b: Uint32Array): boolean {
  for (let w = 0; w < a.length; w++) if (((a[w] ?? 0) & (b[w] ?? 0)) !== 0) return true;
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
  type Node = { end: boolean; next: Map<string, Node> };
  const root: Node = { end: false, next: new Map() };
  for (const word of words) {
    let node = root;
    for (const ch of word) {
      let child = node.next.get(ch);
      if (!child) {
        child = { end: false, next: new Map() };
        node.next.set(ch, child);
      }
      node = child;
    }
    node.end = true;
  }
  const emit = (node: Node): string => {
    const branches = [...node.next].map(([ch, child]) => escapeRegExp(ch) + emit(child));
    if (branches.length === 0) return '';
    const body = branches.length === 1 ? (branches[0] ?? '') : `(?:${branches.join('|')})`;
    return node.end ? `(?:${body})?` : body;
  };
  return emit(root);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
