import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { parseTaskStateChange } from '../../src/core/event.js';
import { runPipeline } from '../../src/pipeline/run.js';
import { type SimOptions, SimulatedAccount } from '../../src/sim/account.js';
import { parseScenario, SCENARIOS_DIR, type Scenario } from '../../src/sim/scenario.js';

/** A scenario file with one piece of its text replaced (the piece must be there). */
export function scenarioVariant(name: string, from: string, to: string): Scenario {
  const text = readFileSync(`${SCENARIOS_DIR}${name}.yaml`, 'utf8');
  expect(text).toContain(from);
  return parseScenario(`${name}+variant`, text.replace(from, to));
}

/** The scenario's stopped task diagnosed on the simulated account: the report and its notes. */
export async function diagnosedOnSim(scenario: Scenario, options: SimOptions = {}) {
  const account = new SimulatedAccount(scenario, options);
  const report = await runPipeline(parseTaskStateChange(account.event()), account);
  const notes = report.findings.flatMap((f) => (f.id === 'not-checked' ? [`${f.check}: ${f.why}`] : []));
  return { account, report, notes };
}

/** The rounds in which the simulated account answered `operation`. */
export const roundsOf = (account: SimulatedAccount, operation: string): number[] =>
  account.calls.filter((c) => c.operation === operation).map((c) => c.round);
