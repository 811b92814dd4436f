import type { Writable } from 'node:stream';
import { parseTaskStateChange } from '../core/event.js';
import { renderReport } from '../core/render.js';
import { runPipeline } from '../pipeline/run.js';
import { SimulatedAccount } from '../sim/account.js';
import { loadScenario, loadScenarios, type Scenario } from '../sim/scenario.js';

/**
 * `ecs-pullfix demo [SCENARIO]`: runs scenarios on the built-in simulated account (no AWS
 * account needed) and tells each story: what failed, why, the evidence, the fix.
 */
export async function runDemo(out: Writable, name?: string): Promise<number> {
  const scenarios = name === undefined ? loadScenarios() : [loadScenario(name)];
  if (name === undefined) {
    out.write(
      `ecs-pullfix demo: ${scenarios.length} stopped tasks on a simulated AWS account (scenarios/)\n`,
    );
  }
  for (const scenario of scenarios) out.write(`\n${await story(scenario)}\n`);
  return 0;
}

async function story(scenario: Scenario): Promise<string> {
  const account = new SimulatedAccount(scenario);
  const report = await runPipeline(parseTaskStateChange(account.event()), account);
  const header = `━━ ${scenario.name}\n${wrap(scenario.file.description.trim(), 90, '   ')}`;
  const cost = `  inspected in ${account.rounds} round${account.rounds === 1 ? '' : 's'} of AWS calls, ${account.calls.length} calls in all`;
  return `${header}\n${renderReport(report)}\n${cost}`;
}

function wrap(text: string, width: number, indent: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(indent + line);
  return lines.join('\n');
}
