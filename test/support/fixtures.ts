import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository root, and the shared folder beside it. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SHARED = fileURLToPath(new URL('../../../shared/', import.meta.url));

/** One labelled real stop message (the corpus's shape). */
export type LabelledMessage = Readonly<{
  id: string;
  stoppedReason: string | null;
  containerReason: string | null;
  stopCode: string | null;
  cause: string;
  service: string;
  notes: string;
}>;

function readJsonLines<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}

/** `../shared/corpus/stop-reasons.dev.jsonl`: real messages with their labels. */
export const corpus = (): LabelledMessage[] => readJsonLines(`${SHARED}corpus/stop-reasons.dev.jsonl`);

/** Real messages gathered from public sources that are not in the corpus (see its notes). */
export const holdout = (): LabelledMessage[] =>
  readJsonLines(`${ROOT}test/fixtures/holdout-stop-reasons.jsonl`);

/** The example EventBridge events in `events/`: file name (without `.json`) and parsed event. */
export function exampleEvents(): { name: string; event: unknown }[] {
  return readdirSync(`${ROOT}events`)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({
      name: f.replace(/\.json$/, ''),
      event: JSON.parse(readFileSync(`${ROOT}events/${f}`, 'utf8')),
    }));
}
