import { gunzipSync, gzipSync } from 'node:zlib';
import type { StoppedTask } from './event.js';
import type { Finding } from './findings.js';
import { DROP_ORDER, type EvidencePart, type KeptIncident } from './history.js';
import type { Snapshot } from './network.js';

/**
 * An incident's evidence as one gzip'd JSON document, bounded in size: a DynamoDB item is at
 * most 400 KB (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html),
 * its summary's attributes included. gzip, not brotli: `base64 -d | gunzip` reads it anywhere.
 */

/**
 * The compressed evidence's bound: 400 KB less what the summary's attributes may take (twelve
 * of at most 1,000 characters, 4 bytes each at worst, and their names).
 */
export const MAX_EVIDENCE_BYTES = 340_000;

/** What the evidence document holds: the snapshot without its task (the event is kept once). */
type EvidenceDocument = Readonly<{
  v: 1;
  task?: StoppedTask;
  snapshot?: Partial<Snapshot>;
  findings?: readonly Finding[];
  dropped: readonly EvidencePart[];
}>;

export type EncodedEvidence = Readonly<{ evidence: Uint8Array; dropped: readonly EvidencePart[] }>;

/**
 * The evidence compressed; while over `maxBytes`, the parts of {@link DROP_ORDER} dropped one
 * by one, each named in `dropped`. With every part dropped the document is a few dozen bytes:
 * any incident yields evidence within the bound.
 */
export function encodeEvidence(kept: KeptIncident, maxBytes = MAX_EVIDENCE_BYTES): EncodedEvidence {
  const { task: _, ...snapshot } = kept.snapshot ?? {};
  let doc: EvidenceDocument = {
    v: 1,
    ...(kept.task ? { task: kept.task } : {}),
    ...(kept.snapshot ? { snapshot } : {}),
    ...(kept.findings ? { findings: kept.findings } : {}),
    dropped: kept.dropped,
  };
  let evidence = gzip(doc);
  if (evidence.byteLength <= maxBytes) return { evidence, dropped: doc.dropped };
  // Over the bound (rare: a snapshot of thousands of rules or entries). Each part's compressed
  // size, estimated alone, says how many to drop before compressing the whole again, so that an
  // outsized snapshot costs a few compressions, not one per part.
  let over = evidence.byteLength - maxBytes;
  for (const part of DROP_ORDER) {
    if (!has(doc, part)) continue;
    over -= gzip(partOf(doc, part)).byteLength;
    doc = { ...without(doc, part), dropped: [...doc.dropped, part] };
    if (over > 0) continue;
    evidence = gzip(doc);
    over = evidence.byteLength - maxBytes;
    if (over <= 0) return { evidence, dropped: doc.dropped };
  }
  // Every part dropped: the document is a few dozen bytes.
  return { evidence: gzip(doc), dropped: doc.dropped };
}

const gzip = (value: unknown) => gzipSync(JSON.stringify(value) ?? 'null', { level: 9 });

function partOf(doc: EvidenceDocument, part: EvidencePart): unknown {
  if (!part.startsWith('snapshot.')) return doc[part as 'task' | 'snapshot' | 'findings'];
  return doc.snapshot?.[part.slice('snapshot.'.length) as keyof Snapshot];
}

/** The evidence kept, as it was given (less what was dropped); undefined when it is not ours. */
export function decodeEvidence(
  evidence: Uint8Array,
): Pick<KeptIncident, 'task' | 'snapshot' | 'findings' | 'dropped'> | undefined {
  let doc: EvidenceDocument;
  try {
    doc = JSON.parse(gunzipSync(evidence).toString('utf8')) as EvidenceDocument;
  } catch {
    return undefined;
  }
  if (doc === null || typeof doc !== 'object' || doc.v !== 1) return undefined;
  const { task, snapshot, findings } = doc;
  const dropped = Array.isArray(doc.dropped) ? doc.dropped.filter((p) => DROP_ORDER.includes(p)) : [];
  return {
    ...(task ? { task } : {}),
    // The snapshot's task is the event's: a snapshot kept without its event has none.
    ...(snapshot && task ? { snapshot: { ...snapshot, task } } : {}),
    ...(findings ? { findings } : {}),
    dropped,
  };
}

const has = (doc: EvidenceDocument, part: EvidencePart): boolean => partOf(doc, part) !== undefined;

function without(doc: EvidenceDocument, part: EvidencePart): EvidenceDocument {
  if (!part.startsWith('snapshot.')) {
    const { [part as 'task' | 'snapshot' | 'findings']: _, ...rest } = doc;
    return rest as EvidenceDocument;
  }
  const key = part.slice('snapshot.'.length);
  const { [key]: _, ...snapshot } = doc.snapshot as Record<string, unknown>;
  return { ...doc, snapshot: snapshot as EvidenceDocument['snapshot'] };
}
