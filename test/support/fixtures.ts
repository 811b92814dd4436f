import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

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

/** Where the labelled corpus lives (the `classify` command's tests read it as a user's file). */
export const CORPUS = `${ROOT}test/fixtures/stop-reasons.jsonl`;

function readJsonLines<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}

/** The labelled corpus, `test/fixtures/stop-reasons.jsonl`: real messages with their labels. */
export const corpus = (): LabelledMessage[] => readJsonLines(CORPUS);

/** Real messages gathered from public sources that are not in the corpus (see `test/fixtures/README.md`). */
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
