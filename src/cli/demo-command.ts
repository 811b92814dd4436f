import { readdir, readFile } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { classify } from '../core/classify.js';
import { renderClassificationLine } from '../core/render.js';
import { toStopRecord } from '../core/stop-record.js';

/** The example events shipped with the project. */
export const EVENTS_DIR = fileURLToPath(new URL('../../events/', import.meta.url));

/** `ecs-pullfix demo`: classifies every example event and prints one readable line each. */
export async function runDemo(out: Writable): Promise<number> {
  const files = (await readdir(EVENTS_DIR)).filter((f) => f.endsWith('.json')).sort();
  out.write(`ecs-pullfix demo: ${files.length} stopped-task events from events/, classified\n\n`);
  for (const file of files) {
    const event: unknown = JSON.parse(await readFile(`${EVENTS_DIR}${file}`, 'utf8'));
    out.write(`${renderClassificationLine(classify(toStopRecord(event)), file.replace(/\.json$/, ''))}\n`);
  }
  return 0;
}
