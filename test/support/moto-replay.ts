import { expect } from 'vitest';
import { serviceOfFinding } from '../../src/core/findings.js';
import { loadScenario, type Scenario } from '../../src/sim/scenario.js';
import { runCli } from './cli.js';
import { buildInMoto, eventFile, motoEnv, resetMoto, unsupportedInMoto } from './moto.js';
import { runScenario } from './scenarios.js';

/** A finding as `replay --json` prints it. */
export type ReplayedFinding = Readonly<{ id: string; service?: string; evidence: string[]; fix: string }>;

/**
 * A scenario built in moto (which must be able to build it) and its stopped task's event
 * replayed through the command, `ecs-pullfix replay FILE --json`, as a user runs it on the real
 * adapters: the run must end with 0 and print nothing on stderr. `beforeReplay` runs between the
 * build and the replay (to deny a role in IAM's simulator stand-in, say).
 */
export async function replayOnMoto(
  name: string,
  url: string,
  beforeReplay: (scenario: Scenario) => void = () => undefined,
): Promise<{ scenario: Scenario; event: Record<string, unknown>; findings: ReplayedFinding[] }> {
  const scenario = loadScenario(name);
  expect(unsupportedInMoto(scenario), name).toBeUndefined();
  await resetMoto(url);
  const { event } = await buildInMoto(scenario, url);
  beforeReplay(scenario);
  const { code, stdout, stderr } = await runCli(
    ['replay', eventFile(event, name), '--json'],
    '',
    motoEnv(url),
  );
  expect(stderr).toBe('');
  expect(code).toBe(0);
  const { findings } = JSON.parse(stdout) as { findings: ReplayedFinding[] };
  return { scenario, event: event as Record<string, unknown>, findings };
}

/** `id` or `id:service`: how two reports' findings are compared. */
const keyOf = (f: Readonly<{ id: string; service?: string | undefined }>) =>
  f.service ? `${f.id}:${f.service}` : f.id;

/**
 * The findings moto's replay and the simulated account's run of the same scenario give, but
 * for the not-checked notes (whose wording names moto's ids): the two must be equal.
 */
export async function findingsBothWays(
  scenario: Scenario,
  onMoto: readonly ReplayedFinding[],
): Promise<{ onMoto: string[]; simulated: string[]; notChecked: { onMoto: number; simulated: number } }> {
  const { report } = await runScenario(scenario);
  const notChecked = (fs: readonly { id: string }[]) => fs.filter((f) => f.id === 'not-checked').length;
  return {
    notChecked: { onMoto: notChecked(onMoto), simulated: notChecked(report.findings) },
    onMoto: onMoto.filter((f) => f.id !== 'not-checked').map(keyOf),
    simulated: report.findings
      .filter((f) => f.id !== 'not-checked')
      .map((f) => keyOf({ id: f.id, service: serviceOfFinding(f) })),
  };
}
