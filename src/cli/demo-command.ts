import type { Writable } from 'node:stream';
import { parseTaskStateChange } from '../core/event.js';
import { DEFAULT_DEPLOYMENT_POLICY, MODES, type Mode } from '../core/mode.js';
import { renderReport } from '../core/render.js';
import { InMemoryLeaseStore } from '../pipeline/leases.js';
import { runPipeline } from '../pipeline/run.js';
import { SimulatedAccount } from '../sim/account.js';
import { loadScenario, loadScenarios, type Scenario } from '../sim/scenario.js';

/** The scenario the demo replays in all three modes. */
const SHOWCASE = 'no-egress-no-endpoints';

/**
 * `ecs-pullfix demo [SCENARIO] [--mode M]`: runs scenarios on the built-in simulated AWS
 * account (no AWS account needed) and tells each story: what failed, why, the evidence,
 * the fix. Every scenario runs in its cluster's mode; then one incident is shown in
 * notify, dry-run and auto-fix, one after the other. A scenario named alone is shown in
 * the three modes (or the one `--mode` names).
 */
export async function runDemo(out: Writable, name?: string, mode?: Mode): Promise<number> {
  if (name !== undefined) {
    const scenario = loadScenario(name);
    for (const m of mode ? [mode] : MODES) out.write(`\n${await story(scenario, m)}\n`);
    return 0;
  }
  const scenarios = loadScenarios();
  out.write(`ecs-pullfix demo: ${scenarios.length} stopped tasks on a simulated AWS account (scenarios/)\n`);
  for (const scenario of scenarios) out.write(`\n${await story(scenario, mode)}\n`);
  if (mode === undefined) {
    out.write(`\n══ one incident, three modes: ${SHOWCASE} in notify, dry-run and auto-fix ══\n`);
    for (const m of MODES) out.write(`\n${await story(loadScenario(SHOWCASE), m)}\n`);
  }
  return 0;
}

async function story(scenario: Scenario, mode: Mode | undefined): Promise<string> {
  const account = new SimulatedAccount(scenario);
  const task = parseTaskStateChange(account.event());
  const report = await runPipeline(task, account, {
    deployment: DEFAULT_DEPLOYMENT_POLICY,
    ...(mode ? { mode } : {}),
    writer: account.ec2Writer,
    leases: new InMemoryLeaseStore(),
  });
  const header = `━━ ${scenario.name}${report.plan ? `  [${report.plan.mode}]` : ''}\n${wrap(scenario.file.description.trim(), 90, '   ')}`;
  const reads = account.calls.length - account.writes.length;
  const cost = `  ${reads} AWS reads${account.writes.length > 0 ? ` and ${account.writes.length} writes` : ''}, the diagnosis in ${Math.min(account.rounds, 3)} rounds`;
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
