import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { classify } from '../core/classify.js';
import { classificationDocument, oneLine, renderClassificationLine } from '../core/present/index.js';
import { toStopRecord } from '../core/stop-record.js';

/**
 * `ecs-pullfix classify`: JSON Lines in (events, event details or stop records), one line
 * out per input line, in order. A line that is not a JSON object gives an error on its
 * line and the run goes on. Blank lines are skipped. Returns the exit code: 0 when every
 * line classified, 1 otherwise.
 */
export async function runClassify(
  input: Readable,
  output: Writable,
  options: { json: boolean },
): Promise<number> {
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let lineNo = 0;
  let failed = 0;
  for await (const line of lines) {
    lineNo++;
    if (line.trim() === '') continue;
    const out = classifyLine(line, lineNo, options.json);
    if (out.failed) failed++;
    if (!output.write(`${out.text}\n`)) await new Promise((resolve) => output.once('drain', resolve));
  }
  return failed === 0 ? 0 : 1;
}

function classifyLine(line: string, lineNo: number, json: boolean): { text: string; failed: boolean } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (e) {
    const error = `line ${lineNo}: not valid JSON (${e instanceof Error ? e.message : String(e)})`;
    return {
      text: json ? JSON.stringify({ error }) : `line ${lineNo}  error: ${oneLine(error, 200)}`,
      failed: true,
    };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const error = `line ${lineNo}: expected a JSON object (an ECS event, its detail, or a stop record)`;
    return { text: json ? JSON.stringify({ error }) : `line ${lineNo}  error: ${error}`, failed: true };
  }
  const c = classify(toStopRecord(value));
  const rawId: unknown = (value as Record<string, unknown>).id;
  const id = typeof rawId === 'string' ? rawId : undefined;
  return {
    text: json
      ? JSON.stringify(classificationDocument(c, id))
      : renderClassificationLine(c, id ?? `line ${lineNo}`),
    failed: false,
  };
}
