/*
 * The hand-off's detail, bounded: EventBridge refuses a PutEvents entry over 256 KB (its Time,
 * Source, DetailType, Detail and Resources, in UTF-8 bytes), so a document that would grow past
 * its budget sheds detail in steps, each named in the document's `truncated` list, until it
 * fits. The last step bounds every string and list, so the result always fits. Pure.
 */

/** EventBridge's limit on one PutEvents entry, in bytes (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html). */
export const HANDOFF_ENTRY_MAX_BYTES = 256 * 1024;
/** The entry's `Time` counts 14 bytes whether given or not. */
const TIME_BYTES = 14;

const encoder = new TextEncoder();
export const utf8Bytes = (s: string): number => encoder.encode(s).length;

/** An entry's size as EventBridge counts it. */
export function entryBytes(
  entry: Readonly<{ source: string; detailType: string; detail: string; resources: readonly string[] }>,
): number {
  return (
    TIME_BYTES +
    utf8Bytes(entry.source) +
    utf8Bytes(entry.detailType) +
    utf8Bytes(entry.detail) +
    entry.resources.reduce((sum, r) => sum + utf8Bytes(r), 0)
  );
}

type Doc = Readonly<Record<string, unknown>>;

/** Cut at `max` characters, never inside a surrogate pair, marked with an ellipsis. */
export function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  let end = max - 1;
  const last = s.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${s.slice(0, end)}…`;
}

/** Every string of `value` at most `chars` long, every list at most `items` long, at any depth. */
function clipDeep(value: unknown, chars: number, items: number): unknown {
  if (typeof value === 'string') return clip(value, chars);
  if (Array.isArray(value)) return value.slice(0, items).map((v) => clipDeep(v, chars, items));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clipDeep(v, chars, items)]));
  return value;
}

/**
 * Whether `value`'s strings alone hold more than `budget` characters (each is a byte at least):
 * then it cannot fit, and is not serialised at all (a string of gigabytes cannot be).
 */
function surelyOver(value: unknown, budget: number): boolean {
  let chars = 0;
  const walk = (v: unknown): boolean => {
    if (typeof v === 'string') chars += v.length;
    else if (Array.isArray(v)) return v.some(walk);
    else if (v !== null && typeof v === 'object') return Object.values(v).some(walk);
    return chars > budget;
  };
  return walk(value);
}

const fits = (doc: unknown, budget: number): string | undefined => {
  if (surelyOver(doc, budget)) return undefined;
  const json = JSON.stringify(doc);
  return utf8Bytes(json) <= budget ? json : undefined;
};

const findingIds = (findings: unknown): unknown =>
  Array.isArray(findings)
    ? findings.map((f) => {
        const { id, check } = (f ?? {}) as { id?: unknown; check?: unknown };
        return check === undefined ? { id } : { id, check };
      })
    : [];

/** The steps, mildest first: what each keeps is what the agent most needs (the ids, the task, the cause). */
const STEPS: readonly (readonly [string, (d: Doc) => Doc])[] = [
  ['long texts cut to 16,000 characters', (d) => clipDeep(d, 16_000, 500) as Doc],
  ['texts cut to 2,000 characters and lists to 40 items', (d) => clipDeep(d, 2_000, 40) as Doc],
  ['the checklist left out', (d) => ({ ...d, checks: [] })],
  ['findings cut to their ids', (d) => ({ ...d, findings: findingIds(d.findings) })],
  ['every text cut to 200 characters and every list to 10 items', (d) => clipDeep(d, 200, 10) as Doc],
];

/**
 * The document as JSON within `budget` bytes (by default the whole entry's, less what the
 * caller's source, detail type and resources take), with `truncated` naming the steps taken.
 */
export function boundedDetail(
  document: Doc,
  budget = HANDOFF_ENTRY_MAX_BYTES,
): Readonly<{ detail: string; truncated: readonly string[] }> {
  let doc = document;
  const truncated: string[] = [];
  let detail = fits(doc, budget);
  for (const [name, step] of STEPS) {
    if (detail !== undefined) break;
    doc = step(doc);
    truncated.push(name);
    detail = fits({ ...doc, truncated }, budget);
  }
  // The last step bounds every string and list: what it leaves always fits.
  return { detail: detail ?? JSON.stringify({ ...doc, truncated }), truncated };
}
