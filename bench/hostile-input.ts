/**
 * `npm run bench -- --reliability`, issue 14's bounded work on hostile input: the image
 * reference parsed in linear time, every event string capped at parse time, no image blob
 * ever downloaded, and no presigned-URL credential out of a stop reason (the tests in
 * `test/untrusted-input.test.ts` hold the same promises).
 */
import fc from 'fast-check';
import { classify } from '../src/core/classify.js';
import { parseTaskStateChange } from '../src/core/event.js';
import { registryOfImage } from '../src/core/registry.js';
import { toStopRecord } from '../src/core/stop-record.js';
import { INPUT_CAPS } from '../src/core/untrusted.js';
import { SimulatedAccount } from '../src/sim/account.js';
import { simulatedLambda } from '../src/sim/lambda.js';
import { loadScenario } from '../src/sim/scenario.js';
import { leakedPieces, presignedReason } from '../test/support/presigned.js';
import { startFailureScenarios } from '../test/support/scenarios.js';
import { type Figure, figure } from './figures.js';

const KB_256 = 256 * 1024;
const fill = (head: string, unit: string, tail: string) =>
  `${head}${unit.repeat(Math.ceil((KB_256 - head.length - tail.length) / unit.length))}${tail}`;

/**
 * 256 KB image references aimed at each step of the parser: a run of quotes inside (the
 * regex that trimmed quotes scanned the run from every quote: 14.6 s and more), dotted labels
 * that never end in a top-level domain or do (a host of 256 KB), colons that never make a tag, an ECR host whose
 * region never ends, a path of a quarter million characters.
 */
const ADVERSARIAL_IMAGES: readonly string[] = [
  fill('x', '"', 'x'),
  fill('', 'a.', '!'),
  fill('', 'a.', 'aa'),
  fill('a', ':a', ' '),
  fill('123456789012.dkr.ecr.aa', '-a', '.amazonaws.com/app:1'),
  fill('registry.internal:5000/', 'team/', 'app:9'),
  fill('', 'a"', '"'),
];

const failing = () => new SimulatedAccount(loadScenario('no-egress-no-endpoints'));
type Detail = Record<string, unknown> & { containers: Record<string, unknown>[] };

function millis(run: () => unknown): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}

async function median(times: number, run: () => Promise<unknown>): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    await run();
    ms.push(performance.now() - started);
  }
  return ms.sort((a, b) => a - b)[Math.floor(times / 2)] ?? 0;
}

const round1 = (ms: number) => Math.round(ms * 10) / 10;

async function adversarialImage(): Promise<Figure[]> {
  registryOfImage('nginx:1');
  const worstParse = Math.max(...ADVERSARIAL_IMAGES.map((image) => millis(() => registryOfImage(image))));

  // The whole Lambda (a fresh one each time: a first notice, never a fold), on the event of a
  // task whose container image is the run of quotes, and on the same event as ECS sent it.
  const account = failing();
  const plain = account.event();
  const hostile = structuredClone(plain);
  const [app] = (hostile.detail as Detail).containers;
  if (app) app.image = ADVERSARIAL_IMAGES[0];
  let wrong = 0;
  const run = async (event: Record<string, unknown>) => {
    const result = await simulatedLambda(account).invoke(structuredClone(event));
    if (result.cause !== 'network-timeout') wrong++;
  };
  await run(plain);
  const plainMs = await median(5, () => run(plain));
  const hostileMs = await median(5, () => run(hostile));
  return [
    figure(
      `a 256 KB adversarial image reference: parse time (worst of ${ADVERSARIAL_IMAGES.length})`,
      round1(worstParse),
      'ms',
      '<= 50',
      worstParse <= 50,
    ),
    figure(
      'a 256 KB adversarial image in an event: invocation time over a plain one',
      round1(Math.max(0, hostileMs - plainMs)),
      'ms',
      `<= 50 (plain ${Math.round(plainMs)} ms)`,
      hostileMs - plainMs <= 50,
    ),
    figure('a 256 KB adversarial image in an event: causes wrong', wrong, 'events', '0', wrong === 0),
  ];
}

function cappedStrings(): Figure[] {
  const event = failing().event();
  const huge = 'x'.repeat(KB_256);
  const detail = event.detail as Detail;
  for (const key of ['stoppedReason', 'stopCode', 'lastStatus', 'group', 'startedBy', 'launchType'])
    detail[key] = huge;
  detail.containers = Array.from({ length: 1_000 }, () => ({ name: huge, image: huge, reason: huge }));
  const task = parseTaskStateChange(event);
  const strings: string[] = [];
  JSON.stringify(task, (_, value: unknown) => {
    if (typeof value === 'string') strings.push(value);
    return value;
  });
  const longest = Math.max(...strings.map((s) => s.length));
  return [
    figure(
      'an event of 256 KB strings: longest string kept',
      longest,
      'chars',
      `<= ${INPUT_CAPS.reasonChars}`,
      longest <= INPUT_CAPS.reasonChars,
    ),
    figure(
      'an event of 1,000 containers: containers kept',
      task.containers.length,
      'containers',
      `<= ${INPUT_CAPS.listItems}`,
      task.containers.length <= INPUT_CAPS.listItems,
    ),
  ];
}

/** Every start-failure scenario, clean: the ECR requests that could fetch a layer or a config blob. */
async function blobDownloads(): Promise<Figure[]> {
  let requests = 0;
  let ecrReads = 0;
  for (const scenario of startFailureScenarios()) {
    const account = new SimulatedAccount(scenario);
    await simulatedLambda(account).invoke(account.event());
    const ecr = account.calls.filter((c) => c.operation.startsWith('ecr:'));
    ecrReads += ecr.length;
    requests += ecr.filter((c) => /Layer|Blob/i.test(c.operation)).length;
  }
  return [
    figure(
      `image blobs (a multi-GB config among them): downloads asked (of ${ecrReads} ECR reads)`,
      requests,
      'requests',
      '0',
      requests === 0,
    ),
  ];
}

async function presignedCredentials(): Promise<Figure[]> {
  const reasons = fc.sample(presignedReason, { numRuns: 300, seed: 14 });
  let leaked = 0;
  for (const [i, hostile] of reasons.entries()) {
    const account = failing();
    const event = account.event();
    const detail = event.detail as Detail;
    const [app] = detail.containers;
    if (i % 2 === 1 && app) app.reason = hostile.reason;
    else detail.stoppedReason = hostile.reason;
    const lambda = simulatedLambda(account);
    await lambda.invoke(structuredClone(event));
    const outputs = [
      ...lambda.notifier.sent.map((s) => `${s.subject}\n${s.message}`),
      JSON.stringify(lambda.logger.entries),
      JSON.stringify(classify(toStopRecord(event))),
    ].join('\n');
    if (leakedPieces(outputs, hostile).length > 0) leaked++;
  }
  return [
    figure(
      `presigned URLs in stop reasons: notices, logs or classify output with a credential (${reasons.length} reasons)`,
      leaked,
      'reasons',
      '0',
      leaked === 0,
    ),
  ];
}

export async function hostileInputFigures(): Promise<Figure[]> {
  return [
    ...(await adversarialImage()),
    ...cappedStrings(),
    ...(await blobDownloads()),
    ...(await presignedCredentials()),
  ];
}
