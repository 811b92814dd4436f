import { classify } from '../../src/core/classify.js';
import { parseTaskStateChange, stopRecordOf } from '../../src/core/event.js';
import { type Finding, findingKey } from '../../src/core/findings.js';
import { type Report, runPipeline } from '../../src/pipeline/run.js';
import { type Fault, type SimOptions, SimulatedAccount } from '../../src/sim/account.js';
import { loadScenarios, type Scenario } from '../../src/sim/scenario.js';

/** Runs the pipeline on a scenario's event against its simulated account. */
export async function runScenario(
  scenario: Scenario,
  options: SimOptions = {},
): Promise<{ report: Report; account: SimulatedAccount }> {
  const account = new SimulatedAccount(scenario, options);
  const report = await runPipeline(parseTaskStateChange(account.event()), account);
  return { report, account };
}

/** The findings as scenario files write them (`id` or `id:service`), without the not-checked notes. */
export const findingKeys = (findings: readonly Finding[]): string[] =>
  findings.filter((f) => f.id !== 'not-checked').map(findingKey);

/** The checks the findings say were not made (the `check` of each not-checked note), in order. */
export const notCheckedChecks = (findings: readonly Finding[]): string[] =>
  findings.flatMap((f) => (f.id === 'not-checked' ? [f.check] : []));

/** What `path-ok` says was checked, line by line; none without a `path-ok`. */
export const pathOkChecked = (findings: readonly Finding[]): string[] =>
  findings.flatMap((f) => (f.id === 'path-ok' ? [...f.checked] : []));

/** The scenarios whose task failed to start (the others are ignored before any AWS read). */
export const startFailureScenarios = (): Scenario[] =>
  loadScenarios().filter(
    (s) =>
      classify(stopRecordOf(parseTaskStateChange(new SimulatedAccount(s).event()))).cause !==
      'not-a-start-failure',
  );

/** Throttling and 5xx on 30 % of attempts (15 % each; the second die is rolled on the other 85 %). */
export const THIRTY_PERCENT_FAULTS: readonly Fault[] = [
  { operation: '*', kind: 'throttled', probability: 0.15 },
  { operation: '*', kind: 'transient', probability: 0.15 / 0.85 },
];
