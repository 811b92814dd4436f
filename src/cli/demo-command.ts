import type { Writable } from 'node:stream';
import { parseTaskStateChange } from '../core/event.js';
import { type Finding, isNetworkProblem, isProblem, serviceOfFinding } from '../core/findings.js';
import { DEFAULT_DEPLOYMENT_POLICY, MODES, type Mode } from '../core/mode.js';
import { outcomeOf, renderReport } from '../core/present/index.js';
import { type Report, runPipeline } from '../pipeline/run.js';
import { SimulatedAccount } from '../sim/account.js';
import { InMemoryLeaseStore } from '../sim/incident-store.js';
import { loadScenario, loadScenarios, type Scenario } from '../sim/scenario.js';
import { columnsOf } from './columns.js';

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
  const width = columnsOf(out);
  const rows: Row[] = [];
  const tell = async (scenario: Scenario, m: Mode | undefined) => {
    const { text, row } = await story(scenario, m, width);
    rows.push(row);
    out.write(`\n${text}\n`);
  };
  if (name !== undefined) {
    const scenario = loadScenario(name);
    for (const m of mode ? [mode] : MODES) await tell(scenario, m);
  } else {
    const scenarios = loadScenarios();
    out.write(
      `ecs-pullfix demo: ${scenarios.length} stopped tasks on a simulated AWS account (scenarios/)\n`,
    );
    for (const scenario of scenarios) await tell(scenario, mode);
    if (mode === undefined) {
      out.write(`\n══ one incident, three modes: ${SHOWCASE} in notify, dry-run and auto-fix ══\n`);
      for (const m of MODES) await tell(loadScenario(SHOWCASE), m);
    }
  }
  out.write(`\n${renderSummary(rows)}\n`);
  return 0;
}

/** One story in the summary table. */
type Row = Readonly<{
  scenario: string;
  cause: string;
  root: string;
  mode: string;
  fixed: string;
  rounds: number;
  calls: number;
}>;

async function story(
  scenario: Scenario,
  mode: Mode | undefined,
  width: number,
): Promise<{ text: string; row: Row }> {
  const account = new SimulatedAccount(scenario);
  const task = parseTaskStateChange(account.event());
  const report = await runPipeline(task, account, {
    deployment: DEFAULT_DEPLOYMENT_POLICY,
    ...(mode ? { mode } : {}),
    writer: account.ec2Writer,
    leases: new InMemoryLeaseStore(),
  });
  const header = `━━ ${scenario.name}${report.plan ? `  [${report.plan.mode}]` : ''}\n${wrap(scenario.file.description.trim(), Math.min(90, width - 3), '   ')}`;
  const reads = account.calls.length - account.writes.length;
  const rounds = Math.min(account.rounds, 3);
  const cost = `  ${reads} AWS reads${account.writes.length > 0 ? ` and ${account.writes.length} writes` : ''}, the diagnosis in ${rounds} rounds`;
  return {
    text: `${header}\n${renderReport(report, width)}\n${cost}`,
    row: {
      scenario: scenario.name,
      cause: report.classification.cause,
      root: rootOf(report.findings),
      mode: report.plan?.mode ?? '-',
      fixed: fixedOf(report),
      rounds,
      calls: account.calls.length,
    },
  };
}

/** The root finding as the table names it: `missing-endpoint:ecr.dkr`, else `path-ok` or `not-checked`. */
function rootOf(findings: readonly Finding[]): string {
  const root = findings.find(isProblem) ?? findings.find((f) => f.id === 'path-ok') ?? findings[0];
  if (!root) return '-';
  const service = serviceOfFinding(root);
  return service ? `${root.id}:${service}` : root.id;
}

/** Did the run fix it: yes, partly or failed after auto-fix; no when auto-fix left a network problem; else `-`. */
function fixedOf(report: Report): string {
  const plan = report.plan;
  if (!plan) return '-';
  const outcome = outcomeOf({
    findings: report.findings,
    mode: plan.mode,
    plan,
    outcomes: report.outcomes ?? [],
  });
  if (outcome === 'fixed') return 'yes';
  if (outcome === 'partially-fixed') return 'partly';
  if (outcome === 'fix-failed') return 'failed';
  return plan.mode === 'auto-fix' && report.findings.some(isNetworkProblem) ? 'no' : '-';
}

/** The demo's last word: one row per story. */
function renderSummary(rows: readonly Row[]): string {
  const header = ['scenario', 'cause', 'root finding', 'mode', 'fixed?', 'rounds', 'calls'];
  const cells = rows.map((r) => [
    r.scenario,
    r.cause,
    r.root,
    r.mode,
    r.fixed,
    String(r.rounds),
    String(r.calls),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  // Numbers align right; the last column carries no padding.
  const line = (row: readonly string[]) =>
    row
      .map((c, i) => (i >= 5 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const fixed = rows.filter((r) => r.fixed === 'yes').length;
  const autoFix = rows.filter((r) => r.mode === 'auto-fix').length;
  return [
    `══ summary: ${rows.length} ${rows.length === 1 ? 'story' : 'stories'}; ${fixed} of ${autoFix} in auto-fix fixed ══`,
    line(header),
    ...cells.map(line),
  ].join('\n');
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
