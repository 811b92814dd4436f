/**
 * `npm run bench`: the product's cost, measured. Prints a table and writes
 * `bench/results/latest.json`; exits non-zero when a goal is missed. Not part of `npm test`.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { StopRecord } from '../src/core/causes.js';
import { classify } from '../src/core/classify.js';
import { toStopRecord } from '../src/core/stop-record.js';

type Figure = { name: string; value: number; unit: string; goal: string; met: boolean };

const root = fileURLToPath(new URL('..', import.meta.url));

function readJsonLines(path: string): unknown[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as unknown);
}

/** Corpus-shaped input: every labelled message and example event we have. */
function corpusShapedRecords(): StopRecord[] {
  const sources = [
    ...readJsonLines(`${root}../shared/corpus/stop-reasons.dev.jsonl`),
    ...readJsonLines(`${root}test/fixtures/holdout-stop-reasons.jsonl`),
    ...readdirSync(`${root}events`)
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(readFileSync(`${root}events/${f}`, 'utf8')) as unknown),
  ];
  return sources.map(toStopRecord);
}

/** Messages per second of `classify` on one core, over `seconds` of wall time after a warm-up. */
function classifierThroughput(records: readonly StopRecord[], seconds: number): number {
  let sink = 0;
  for (let i = 0; i < 20_000; i++)
    sink += classify(records[i % records.length] as StopRecord).evidence.length;
  let count = 0;
  const start = process.hrtime.bigint();
  const budget = BigInt(Math.round(seconds * 1e9));
  let elapsed = 0n;
  while (elapsed < budget) {
    for (let i = 0; i < 1_000; i++)
      sink += classify(records[(count + i) % records.length] as StopRecord).evidence.length;
    count += 1_000;
    elapsed = process.hrtime.bigint() - start;
  }
  if (sink < 0) console.log(sink); // keeps the work observable to the optimiser
  return count / (Number(elapsed) / 1e9);
}

const figures: Figure[] = [];
const records = corpusShapedRecords();
const perSecond = classifierThroughput(records, 3);
figures.push({
  name: `classifier throughput (${records.length} corpus-shaped records, one core)`,
  value: Math.round(perSecond),
  unit: 'messages/s',
  goal: '>= 200000',
  met: perSecond >= 200_000,
});

const width = Math.max(...figures.map((f) => f.name.length));
console.log(`${'figure'.padEnd(width)}  ${'value'.padStart(12)}  unit          goal         met`);
for (const f of figures) {
  console.log(
    `${f.name.padEnd(width)}  ${String(f.value).padStart(12)}  ${f.unit.padEnd(12)}  ${f.goal.padEnd(11)}  ${f.met ? 'yes' : 'NO'}`,
  );
}
mkdirSync(`${root}bench/results`, { recursive: true });
writeFileSync(
  `${root}bench/results/latest.json`,
  `${JSON.stringify({ node: process.version, measuredAt: new Date().toISOString(), figures }, null, 2)}\n`,
);
console.log('\nwritten: bench/results/latest.json');
process.exitCode = figures.every((f) => f.met) ? 0 : 1;
