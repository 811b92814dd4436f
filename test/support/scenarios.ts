import { parseTaskStateChange } from '../../src/core/event.js';
import { type Finding, findingKey } from '../../src/core/findings.js';
import { type Report, runPipeline } from '../../src/pipeline/run.js';
import { type SimOptions, SimulatedAccount } from '../../src/sim/account.js';
import type { Scenario } from '../../src/sim/scenario.js';

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
