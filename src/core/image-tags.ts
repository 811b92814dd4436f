/**
 * The tags nearest to `tag`, closest first: edit distance, then the smaller gap in the first
 * number that differs (`1.4.2` is nearer `1.4.3` than `1.4.1` is), then the longer shared prefix.
 */
export function nearestTags(tag: string, tags: readonly string[], count = 3): string[] {
  const prefix = (a: string) => {
    let i = 0;
    while (i < a.length && i < tag.length && a[i] === tag[i]) i++;
    return i;
  };
  const numbers = (a: string) => (a.match(/\d+/g) ?? []).map(Number);
  const wanted = numbers(tag);
  const gap = (a: string) => {
    const ns = numbers(a);
    const i = ns.findIndex((n, k) => n !== wanted[k]);
    return i < 0 || wanted[i] === undefined ? Number.MAX_SAFE_INTEGER : Math.abs((ns[i] ?? 0) - wanted[i]);
  };
  return [...new Set(tags)]
    .filter((t) => t !== tag)
    .map((t) => ({ t, d: editDistance(tag, t), g: gap(t), p: prefix(t) }))
    .sort((a, b) => a.d - b.d || a.g - b.g || b.p - a.p || a.t.localeCompare(b.t))
    .slice(0, count)
    .map((x) => x.t);
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(
        (prev[j] ?? 0) + 1,
        (row[j - 1] ?? 0) + 1,
        (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}
