import { parseTaskStateChange, type StoppedTask } from '../../src/core/event.js';
import { SimulatedAccount } from '../../src/sim/account.js';
import type { Scenario } from '../../src/sim/scenario.js';
import { textSink } from './cli.js';
import { replayEvent } from './replay.js';
import { CONTROL, commandsOfNotice, commandsOfReport, runInBash, type ShellCommand } from './shell.js';

/** A scenario as something a test may change (a copy: the loaded one stays as it is). */
export type DeepMutable<T> = { -readonly [K in keyof T]: DeepMutable<T[K]> };

export const editable = (s: Scenario): DeepMutable<Scenario> => structuredClone(s) as DeepMutable<Scenario>;

/** What `replay` shows of a scenario's stopped task in notify mode: its JSON document, its text and the notice. */
export type Replay = Readonly<{
  /** The stopped task as ecs-pullfix read it from the event. */
  task: StoppedTask;
  /** The actions of the plan, as `--json` gives them. */
  actions: readonly Readonly<{ kind: string; cli: string }>[];
  findings: readonly Readonly<{ id: string; resources: readonly string[]; fix: string }>[];
  /** The report as the terminal shows it (`replay`, without `--show-notice`). */
  report: string;
  /** The notice's subject and e-mail text. */
  subject: string;
  email: string;
}>;

/** `ecs-pullfix replay` of a scenario on the simulated account, in notify mode, at `columns`. */
export async function replay(scenario: Scenario, columns = 100): Promise<Replay> {
  const run = async (json: boolean) => {
    const account = new SimulatedAccount(scenario);
    const out = Object.assign(textSink(true), { columns });
    await replayEvent(account, { mode: 'notify' }, { json, showNotice: true }, out);
    return out.text;
  };
  const document = JSON.parse(await run(true)) as {
    actions: Replay['actions'];
    findings: Replay['findings'];
    notification: { subject: string; text: string };
  };
  const text = await run(false);
  return {
    task: parseTaskStateChange(new SimulatedAccount(scenario).event()),
    actions: document.actions,
    findings: document.findings,
    report: text.slice(0, text.indexOf('\n── the notice')),
    subject: document.notification.subject,
    email: document.notification.text,
  };
}

/** The substitutions the planner writes (`ENDPOINT_SG=$(aws ec2 create-security-group …)`…): nothing else runs inside one. */
const SUBSTITUTIONS = new Set([
  'create-security-group',
  'allocate-address',
  'create-nat-gateway',
  'describe-managed-prefix-lists',
]);

/**
 * The lines of a plan's commands that are commands of their own: not a comment, not an
 * assignment (its command runs inside `$(…)`), not a line of a here-document.
 */
export function commandLinesOf(cli: string): number {
  let document: string | undefined;
  let n = 0;
  for (const line of cli.split('\n')) {
    if (document !== undefined) {
      if (line === document) document = undefined;
      continue;
    }
    document = /<<'(\w+)'$/.exec(line)?.[1];
    if (!line.startsWith('#') && !/^[A-Z_][A-Z0-9_]*=/.test(line)) n++;
  }
  return n;
}

/** What bash runs of a replay's commands, three ways: the plan's own text, the terminal's and the e-mail's. */
export type Pasted = Readonly<{
  /** The plan's commands (`cli` of each action), as one text. */
  plan: ReturnType<typeof runInBash>;
  /** The `$ ` lines of the terminal report, as a person copies them. */
  terminal: ReturnType<typeof runInBash>;
  /** The e-mail's COMMANDS block. */
  email: ReturnType<typeof runInBash>;
  /** Why the replay is not clean (empty: it is). */
  problems: readonly string[];
  /** Commands a paste would run that the planner did not write (a text bash cannot parse counts as one). */
  injected: number;
}>;

/** The heading of the plan in the terminal report (in every mode). */
const PLAN_HEADING = /^ {2}(?:to fix it|the plan|what auto-fix did)/;

const argvs = (commands: readonly ShellCommand[]) => commands.map((c) => c.argv);

/**
 * Pastes a replay's commands into bash and checks what a hostile name must never achieve: a
 * text bash cannot parse, a command the planner did not write (one more command line, a
 * program it never names, something run inside a substitution of its own), the terminal or
 * the e-mail giving other commands than the plan, a control character in the notice or the
 * report, a report line that reads as a command outside the plan.
 */
export function paste(r: Replay): Pasted {
  const clis = r.actions.map((a) => a.cli);
  const plan = runInBash(clis.join('\n'));
  const lines = r.report.split('\n');
  const heading = lines.findIndex((l) => PLAN_HEADING.test(l));
  const terminal = runInBash(heading < 0 ? '' : commandsOfReport(lines.slice(heading).join('\n')));
  const email = runInBash(commandsOfNotice(r.email));
  const emailPlan = runInBash(clis.slice(0, 12).join('\n'));
  const problems: string[] = [];
  let injected = 0;
  for (const [name, run] of [
    ['plan', plan],
    ['terminal', terminal],
    ['e-mail', email],
  ] as const) {
    if (!run.parses) {
      problems.push(`the ${name}'s commands do not parse`);
      injected++;
    }
    if (run.errors !== '') problems.push(`bash said, for the ${name}'s commands: ${run.errors}`);
    for (const c of run.commands) {
      if (c.argv[0] !== 'aws' && c.argv[0] !== 'docker' && c.argv[0] !== 'cat') {
        problems.push(`the ${name}'s commands run ${JSON.stringify(c.argv)}`);
        injected++;
      } else if (c.depth > 0 && !SUBSTITUTIONS.has(c.argv[2] ?? '')) {
        problems.push(`the ${name}'s commands run ${JSON.stringify(c.argv)} in a substitution`);
        injected++;
      }
    }
  }
  const written = clis.reduce((n, cli) => n + commandLinesOf(cli), 0);
  const topLevel = plan.commands.filter((c) => c.depth === 0).length;
  if (topLevel !== written) {
    problems.push(`the plan's ${written} command lines ran ${topLevel} commands`);
    injected += Math.abs(topLevel - written);
  }
  if (JSON.stringify(argvs(terminal.commands)) !== JSON.stringify(argvs(plan.commands)))
    problems.push('the terminal gives other commands than the plan');
  if (JSON.stringify(argvs(email.commands)) !== JSON.stringify(argvs(emailPlan.commands)))
    problems.push('the e-mail gives other commands than the plan');
  if (JSON.stringify(email.files) !== JSON.stringify(emailPlan.files))
    problems.push('the e-mail writes other files than the plan');
  for (const [name, text] of [
    ['subject', r.subject],
    ['e-mail', r.email.replaceAll('\n', '')],
    ['report', r.report.replaceAll('\n', '')],
  ] as const)
    if (CONTROL.test(text)) problems.push(`the ${name} holds a control character`);
  for (const line of heading < 0 ? lines : lines.slice(0, heading))
    if (/^\s*[$>#]/.test(line)) problems.push(`a line outside the plan reads as a command: ${line}`);
  const emailLines = r.email.split('\n');
  for (const h of ['WHAT FAILED', 'WHY', 'WHAT IS WRONG', 'THE NETWORK PATH', 'COMMANDS (copy, check, run)'])
    if (emailLines.filter((l) => l === h).length > 1) problems.push(`the e-mail has the heading ${h} twice`);
  return { plan, terminal, email, problems, injected };
}
