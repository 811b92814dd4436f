import type { Classification } from './causes.js';
import type { StoppedTask } from './event.js';
import { type Finding, findingKey, isProblem, serviceOfFinding } from './findings.js';
import { notCheckedHeadline } from './not-checked.js';
import type { Action, Plan, Write } from './plan.js';
import { CONTROL_CHARACTERS, clean } from './shell.js';

/**
 * One readable line for a classification: `cause (service)  summary`, prefixed by a label
 * (a file name, a line number) when given.
 */
export function renderClassificationLine(c: Classification, label?: string): string {
  const head = c.service === 'none' || c.service === 'unknown' ? c.cause : `${c.cause} (${c.service})`;
  const evidence = c.evidence[0] === undefined ? '' : `  [${oneLine(c.evidence[0], 120)}]`;
  return `${label === undefined ? '' : `${label}  `}${head}  ${c.summary}${evidence}`;
}

/** The JSON document of one classification, as `ecs-pullfix classify --json` prints it. */
export function classificationDocument(c: Classification, id?: string): Record<string, unknown> {
  return {
    ...(id === undefined ? {} : { id }),
    cause: c.cause,
    service: c.service,
    networkRelated: c.networkRelated,
    registry: c.registry === null ? null : { host: c.registry.host, region: c.registry.region ?? null },
    evidence: c.evidence,
    summary: c.summary,
  };
}

/**
 * Text from a stop message made safe for one terminal or e-mail line: control characters
 * (newlines, ANSI escapes, bidi overrides: see `./shell.ts`) become spaces, runs of spaces
 * fold, and it is cut to `max`.
 */
export function oneLine(text: string, max: number): string {
  const flat = text
    .replace(CONTROL_CHARACTERS, ' ')
    .replace(/\s{2,}/g, ' ')
    .trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** What became of a planned action (`planned` until auto-fix applies it). */
export type OutcomeView = Readonly<{
  status: 'planned' | 'applied' | 'verified' | 'skipped' | 'failed';
  resourceIds: readonly string[];
  detail: string;
}>;

/** What the renderers need of a pipeline run (a `Report`, without the snapshot). */
export type ReportView = Readonly<{
  task: StoppedTask;
  classification: Classification;
  findings: readonly Finding[];
  plan?: Plan;
  outcomes?: readonly OutcomeView[];
  after?: readonly Finding[];
}>;

/** The actions of a run as the JSON document lists them. */
export function actionDocuments(report: ReportView): Record<string, unknown>[] {
  return (report.plan?.actions ?? []).map((a, i) => {
    const o = report.outcomes?.[i];
    return {
      kind: a.kind,
      ...(a.service ? { service: a.service } : {}),
      allowed: a.allowed,
      status: o?.status ?? 'planned',
      resourceIds: o?.resourceIds ?? [],
      cli: a.cli,
      monthlyUsd: a.monthlyUsd,
      why: a.why,
      reason: a.reason,
      ...(o && o.status !== 'planned' ? { detail: o.detail } : {}),
    };
  });
}

/** The JSON document of `replay --json` and `diagnose --json`. */
export function reportDocument(report: ReportView): Record<string, unknown> {
  return {
    classification: classificationDocument(report.classification),
    findings: report.findings.map((f) => {
      const service = serviceOfFinding(f);
      return {
        id: f.id,
        ...(service === undefined ? {} : { service }),
        resources: f.resources.filter((r) => r !== ''),
        evidence: f.evidence,
        fix: f.fix,
      };
    }),
    actions: actionDocuments(report),
    notification: null,
  };
}

/** The columns a text report is wrapped to when it is not shown on a terminal (a file, a pipe, a chat). */
export const DEFAULT_COLUMNS = 100;

/**
 * What a finding breaks, each target once: the same feature named by several needs (the
 * image, for ecr.api and ecr.dkr) is said once, and a qualified repeat of a target already
 * named (`image …: its layers are served from Amazon S3` beside `image …`) adds nothing.
 */
export function brokenTargets(breaks: readonly string[]): string[] {
  const unique = [...new Set(breaks)];
  return unique
    .filter((b) => !unique.some((a) => a !== b && b.startsWith(`${a}: `)))
    .map((b) => b.replace(S3_LAYERS, 'the S3 layers of $1'));
}

/** How the needs name an image's layers: `image … (container app): its layers are served from Amazon S3`. */
const S3_LAYERS = /^(.*): its layers are served from Amazon S3$/;

/** `a`, `a and b`, `a, b and c`; past `max` items, `a, b and 3 more`. */
function listOf(items: readonly string[], max = Number.POSITIVE_INFINITY): string {
  const shown = items.length > max ? [...items.slice(0, max), `${items.length - max} more`] : [...items];
  const last = shown.pop();
  return shown.length === 0 ? (last ?? '') : `${shown.join(', ')} and ${last}`;
}

const money = (usd: number): string => (usd > 0 ? `~$${usd.toFixed(2)}/month` : 'no monthly cost');

const CONTAINER = / \(container ([^,()]+)\)$/;

/**
 * What a finding breaks, in words: `image app:1 and the awslogs log driver of container app`
 * (a container all its targets share is named once).
 */
export function breaksPhrase(targets: readonly string[], max: number): string {
  const containers = targets.map((t) => CONTAINER.exec(t)?.[1]);
  const shared = containers[0];
  if (targets.length > 1 && shared !== undefined && containers.every((c) => c === shared))
    return `${listOf(
      targets.map((t) => t.replace(CONTAINER, '')),
      max,
    )} of container ${shared}`;
  return listOf(targets, max);
}

/**
 * The task's own private ECR registry (`111122223333.dkr.ecr.us-east-1.amazonaws.com/`), from
 * any ARN of its account and region (the task definition's): the verdict names images of it
 * by repository and tag only. An image of another account or region keeps its full name.
 */
export function ownRegistryOf(arn: string): string | undefined {
  const m = /^arn:aws:[a-z0-9-]+:([a-z0-9-]+):(\d{12}):/.exec(arn);
  return m ? `${m[2]}.dkr.ecr.${m[1]}.amazonaws.com/` : undefined;
}

/** What a verdict is drawn from: the findings and, for a stopped task, its cause and what was planned or done. */
export type VerdictView = Readonly<{
  findings: readonly Finding[];
  classification?: Classification;
  plan?: Plan;
  outcomes?: readonly OutcomeView[];
  after?: readonly Finding[];
  /** Images of this registry are named without it (see {@link ownRegistryOf}). */
  ownRegistry?: string;
}>;

/**
 * The answer, before any detail, in one or two lines: the root finding and what it breaks,
 * then the fix and its monthly cost (what auto-fix can do, and the alternative a person
 * would make), or what was done. Unwrapped: the caller wraps to its width.
 */
export function renderVerdict(v: VerdictView): string[] {
  const problems = v.findings.filter(isProblem);
  const root = problems[0];
  if (!root) return quietVerdict(v);
  const svc = serviceOfFinding(root);
  const registry = v.ownRegistry;
  const targets = brokenTargets(root.breaks).map((t) =>
    registry === undefined ? t : t.replaceAll(registry, ''),
  );
  const what = `${root.id}${svc ? ` (${svc})` : ''}${targets.length > 0 ? ` breaks ${breaksPhrase(targets, 3)}` : ''}.`;
  return [what, fixLine(root, v)];
}

/**
 * The verdict when nothing was found wrong: with the whole path seen, the classifier's cause
 * (its summary says what to do) and then the path; with some of it unseen, what could not be
 * seen first.
 */
function quietVerdict(v: VerdictView): string[] {
  const c = v.classification;
  const cause =
    c === undefined
      ? []
      : [
          `${c.cause}${c.service === 'none' || c.service === 'unknown' ? '' : ` (${c.service})`}: ${c.summary}`,
        ];
  if (v.findings.some((f) => f.id === 'path-ok'))
    return [...cause, 'The network path is whole (path-ok): nothing to change there.'];
  if (v.findings.length > 0) return [`${capitalised(notCheckedHeadline(v.findings))}.`, ...cause];
  return cause;
}

const capitalised = (s: string): string => `${s.charAt(0).toUpperCase()}${s.slice(1)}`;

/** The first sentence of a fix, cut at a word past `max` characters (the finding below gives it whole). */
function firstSentence(text: string, max = 170): string {
  const end = text.search(/\.\s/);
  const sentence = oneLine(end < 0 ? text : text.slice(0, end + 1), Number.MAX_SAFE_INTEGER);
  if (sentence.length <= max) return sentence;
  const cut = sentence.lastIndexOf(' ', max - 1);
  return `${sentence.slice(0, cut > max / 2 ? cut : max - 1)} …`;
}

/** Recommendations that cost nothing a month (a rule, an attribute, a policy); the others are not estimated. */
const FREE: ReadonlySet<Action['kind']> = new Set<Action['kind']>([
  'recommend:add-nacl-entry',
  'recommend:enable-private-dns',
  'recommend:enable-vpc-dns',
  'recommend:allow-egress-to-internet',
  'recommend:change-endpoint-policy',
  'recommend:accept-endpoint',
]);

/** Recommendations a person may prefer to auto-fix's writes, in a few words (the others are not offered as such). */
const ALTERNATIVES: Readonly<Partial<Record<Action['kind'], string>>> = {
  'recommend:add-nat-gateway': 'a NAT gateway',
  'recommend:fix-nat-route': 'a default route to an available NAT gateway',
  'recommend:assign-public-ip': 'a public IP for the task',
};

/** The fix of the verdict: auto-fix's writes (planned or made) with their cost, else the root finding's own fix. */
function fixLine(root: Finding, v: VerdictView): string {
  const plan = v.plan;
  const writes = (plan?.actions ?? [])
    .map((a, i) => ({ a, o: v.outcomes?.[i] }))
    .filter(({ a }) => 'write' in a && a.allowed);
  const rootAction = plan?.actions.find((a) => a.why === findingKey(root));
  const barred = (plan?.actions ?? []).filter((a) => 'write' in a && !a.allowed);
  const alternative =
    rootAction && !('write' in rootAction) && ALTERNATIVES[rootAction.kind]
      ? `, or ${ALTERNATIVES[rootAction.kind]}${rootAction.monthlyUsd > 0 ? ` (${money(rootAction.monthlyUsd)})` : ''}`
      : '';
  if (plan && writes.length === 0 && barred.length > 0) {
    // Writes auto-fix may not make here (the plan below says why): still the fix, and its cost.
    const cost = barred.reduce((sum, a) => sum + a.monthlyUsd, 0);
    const all = barred.flatMap((a) => ('write' in a ? [a.write] : []));
    return `Fix: ${changesOf(all, 'present')} (${money(cost)})${alternative}.`;
  }
  if (!plan || writes.length === 0) {
    // A recommendation: its cost when it has one, or that it has none (a rule, an attribute).
    const cost =
      rootAction && (rootAction.monthlyUsd > 0 || FREE.has(rootAction.kind))
        ? ` (${money(rootAction.monthlyUsd)})`
        : '';
    return `Fix${cost}: ${firstSentence(root.fix)}`;
  }
  const cost = writes.reduce((sum, { a }) => sum + a.monthlyUsd, 0);
  const all = writes.flatMap(({ a }) => ('write' in a ? [a.write] : []));
  if (plan.mode !== 'auto-fix' || v.outcomes === undefined) {
    const who =
      plan.mode === 'dry-run'
        ? 'dry-run: auto-fix would make it; nothing was changed'
        : 'auto-fix can make it; nothing was changed';
    return `Fix (${who}): ${changesOf(all, 'present')} (${money(cost)})${alternative}.`;
  }
  const made = writes.filter(({ o }) => o?.status === 'applied' || o?.status === 'verified');
  const failed = writes.find(({ o }) => o?.status === 'failed');
  const done = made.flatMap(({ a }) => ('write' in a ? [a.write] : []));
  const what = done.length > 0 ? ` (${changesOf(done, 'past')})` : '';
  if (failed)
    return `Fix failed: ${made.length} of ${writes.length} changes made${what}, then ${oneLine(failed.o?.detail ?? failed.a.kind, 120)}. Run the same command again to finish.`;
  if (made.length === writes.length && made.every(({ o }) => o?.status === 'verified')) {
    const whole = v.after?.some((f) => f.id === 'path-ok') ? '; the network path is whole' : '';
    return `Fixed: ${changesOf(done, 'past')} (${money(cost)})${whole}.`;
  }
  return `Partly fixed: ${made.length} of ${writes.length} changes made${what}; the rest is below.`;
}

/**
 * Auto-fix's writes in words: to be made, `interface endpoints for ecr.api and logs and an S3
 * gateway endpoint`; made, `created interface endpoints for ecr.api and logs …`.
 */
function changesOf(writes: readonly Write[], tense: 'present' | 'past'): string {
  const past = tense === 'past';
  const services = writes.flatMap((w) => (w.kind === 'create-interface-endpoint' ? [w.service] : []));
  const created = [
    ...(services.length > 0
      ? [`interface endpoint${services.length === 1 ? '' : 's'} for ${listOf(services)}`]
      : []),
    ...(writes.some((w) => w.kind === 'create-s3-gateway-endpoint') ? ['an S3 gateway endpoint'] : []),
  ];
  const tables = writes.flatMap((w) => (w.kind === 'add-route-tables-to-s3-gateway' ? w.routeTableIds : []));
  // Rules on the endpoint group ecs-pullfix creates go with its endpoints; rules on existing groups are said.
  const groups = (kind: Write['kind']) => [
    ...new Set(
      writes.flatMap((w) =>
        w.kind === kind && 'group' in w && w.group.kind === 'existing' ? [w.group.groupId] : [],
      ),
    ),
  ];
  const rules = (direction: 'inbound' | 'outbound', ids: readonly string[]) =>
    ids.length === 0
      ? []
      : [
          past
            ? `allowed TCP 443 ${direction === 'inbound' ? 'into' : 'out of'} ${listOf(ids)}`
            : `${direction === 'inbound' ? 'an inbound' : 'an outbound'} TCP 443 rule on ${listOf(ids)}`,
        ];
  const clauses = [
    ...(created.length > 0 ? [`${past ? 'created ' : ''}${listOf(created)}`] : []),
    ...(tables.length > 0
      ? [`${past ? 'added ' : ''}${listOf(tables)}${past ? ' to' : ' on'} the S3 gateway endpoint`]
      : []),
    ...rules('inbound', groups('authorize-ingress-443')),
    ...rules('outbound', groups('authorize-egress-443')),
  ];
  return clauses.length > 0 ? listOf(clauses) : `${writes.length} changes`;
}

/** The findings as the CLI prints them: each with what it breaks, its evidence and fix, then what was not checked. */
export function renderFindings(findings: readonly Finding[]): string[] {
  const lines: string[] = [];
  const problems = findings.filter((f) => f.id !== 'not-checked');
  lines.push(
    problems.length === 0 && findings.length > 0
      ? `  network path: ${notCheckedHeadline(findings)}`
      : problems.length === 1 && problems[0]?.id === 'path-ok'
        ? '  network path:'
        : '  findings:',
  );
  problems.forEach((f, i) => {
    const svc = serviceOfFinding(f);
    const targets = brokenTargets(f.breaks);
    lines.push(
      `   ${i + 1}. ${f.id}${svc ? ` (${svc})` : ''}${targets.length > 0 ? ` — breaks ${breaksPhrase(targets, 4)}` : ''}`,
    );
    for (const e of f.evidence.slice(0, 4)) lines.push(`      · ${oneLine(e, 220)}`);
    lines.push(`      fix: ${f.fix}`);
  });
  for (const f of findings.filter((x) => x.id === 'not-checked'))
    lines.push(`  not checked: ${f.fix.replace(/^Not checked: /, '')}`);
  return lines;
}

/**
 * The story of one run, for a person at a terminal: the verdict first (one or two lines),
 * then the task, its cause and evidence, the findings and the plan — wrapped to `width`
 * columns (unwrapped when none is given).
 */
export function renderReport(report: ReportView, width = Number.POSITIVE_INFINITY): string {
  const { task, classification: c, findings } = report;
  const who = task.serviceName
    ? `service ${task.serviceName}`
    : task.group
      ? task.group
      : `family ${task.family}`;
  const registry = ownRegistryOf(task.taskDefinitionArn);
  const verdict =
    c.cause === 'not-a-start-failure'
      ? ['Nothing to diagnose: the task started and stopped for an ordinary reason.']
      : renderVerdict({ ...report, ...(registry ? { ownRegistry: registry } : {}) });
  const lines = [...verdict, '', `${task.clusterName} / ${who} — task ${task.taskId}`];
  const reason = [task.stoppedReason, ...task.containers.map((k) => k.reason)].find(
    (r) => r && !/^Essential container in task exited$/.test(r),
  );
  if (reason) lines.push(`  stopped:  ${oneLine(reason, 300)}`);
  const service = c.service === 'none' || c.service === 'unknown' ? '' : ` on ${c.service}`;
  lines.push(`  cause:    ${c.cause}${service}: ${c.summary}`);
  if (c.evidence.length > 0)
    lines.push(`  evidence: ${c.evidence.map((e) => `"${oneLine(e, 160)}"`).join(', ')}`);
  if (c.cause !== 'not-a-start-failure') {
    lines.push(...renderFindings(findings));
    if (report.plan) lines.push(...renderPlan(report.plan, report.outcomes, report.after));
  }
  return wrapLines(lines, width).join('\n');
}

/**
 * Lines wrapped to `width` columns. Prose wraps at spaces under its label (`fix:`, `1.`,
 * `·`); a command (`$ …`) wraps at unquoted spaces with a ` \` continuation, so that it still
 * pastes into a shell, and its trailing comment moves to a line of its own. A token longer
 * than the width (a long ARN, a URL, a quoted policy document) is never cut: it stands alone
 * on an overlong line, and so does each line of a here-document (`$ cat > f <<'EOF'`, then
 * `> …` lines to `> EOF`), whose text a continuation would change. This is the report's last
 * pass: each line is one line, whatever it holds (a control character in it becomes a space),
 * so the lines are the ones the report wrote.
 */
export function wrapLines(lines: readonly string[], width: number): string[] {
  let document: string | undefined;
  return lines.flatMap((raw) => {
    const line = clean(raw);
    if (document !== undefined) {
      if (/^\s*> (.*)$/.exec(line)?.[1] === document) document = undefined;
      return [line];
    }
    const command = /^(\s*)\$ (.*)$/.exec(line);
    document = command ? HEREDOC.exec(command[2] ?? '')?.[1] : undefined;
    if (line.length <= width) return [line];
    if (command) return wrapCommand(command[1] ?? '', command[2] ?? '', width);
    const head = /^(\s*)((?:\d+\.|·|-|>|!|\[[^\]]{1,30}\]|[A-Za-z][\w ]{0,12}:)\s+)?/.exec(line)?.[0] ?? '';
    const indent = head.length > width / 2 ? ' '.repeat(4) : ' '.repeat(head.length || 2);
    return fill(glued(line.slice(head.length).split(' ').filter(Boolean)), head, indent, width);
  });
}

/**
 * Prose never starts a line with what a command (`$`), a here-document's line (`>`) or a
 * comment (`#`) starts with: such a word stays with the one before it, so that a name holding
 * `$ aws …` cannot wrap into a line that reads as one of the plan's commands.
 */
function glued(words: readonly string[]): string[] {
  const out: string[] = [];
  for (const word of words) {
    const last = out.length - 1;
    if (last >= 0 && /^[$>#]/.test(word)) out[last] = `${out[last]} ${word}`;
    else out.push(word);
  }
  return out;
}

/** A command that opens a quoted here-document, and its delimiter. */
const HEREDOC = /<<'([A-Za-z_][A-Za-z0-9_]*)'$/;

/** Greedy fill: words after `first` on the first line, after `next` on the others. */
function fill(words: readonly string[], first: string, next: string, width: number, suffix = ''): string[] {
  const out: string[] = [];
  let line = first;
  let fresh = true;
  for (const word of words) {
    if (!fresh && line.length + 1 + word.length + suffix.length > width) {
      out.push(line + suffix);
      line = next + word;
    } else line = fresh ? line + word : `${line} ${word}`;
    fresh = false;
  }
  out.push(line);
  return out;
}

/**
 * A command line wrapped with ` \` continuations at unquoted spaces. Its `# comment` stays
 * at its end when it fits, else goes on lines of its own before it (a comment line cannot
 * continue: a ` \` inside it would be part of the comment).
 */
function wrapCommand(indent: string, body: string, width: number): string[] {
  const next = `${indent}    `;
  // An option stays beside its value when the two fit a continuation line (with its ` \`).
  const { words, comment } = shellWords(body, width - next.length - 2);
  const lines = words.length === 0 ? [`${indent}$`] : fill(words, `${indent}$ `, next, width, ' \\');
  if (comment === undefined) return lines;
  const last = lines.length - 1;
  if (words.length > 0 && (lines[last] ?? '').length + 2 + comment.length <= width) {
    lines[last] = `${lines[last]}  ${comment}`;
    return lines;
  }
  const text = comment.replace(/^#\s*/, '').split(' ').filter(Boolean);
  return [...fill(text, `${indent}$ # `, `${indent}  # `, width), ...(words.length === 0 ? [] : lines)];
}

/**
 * A command's words, split at spaces outside quotes, and the comment that ends it, if any. A
 * backslash outside quotes keeps the character after it (`'it'\''s'` is one word).
 */
function shellWords(body: string, pairMax: number): { words: string[]; comment?: string } {
  const words: string[] = [];
  let word = '';
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] ?? '';
    if (quote) {
      word += ch;
      if (ch === '\\' && quote === '"' && i + 1 < body.length) word += body[++i];
      else if (ch === quote) quote = undefined;
    } else if (ch === '\\' && i + 1 < body.length) {
      word += ch + body[++i];
    } else if (ch === ' ') {
      if (word) words.push(word);
      word = '';
    } else if (ch === '#' && word === '') {
      return { words: withValues(words, pairMax), comment: body.slice(i).trim() };
    } else {
      if (ch === "'" || ch === '"') quote = ch;
      word += ch;
    }
  }
  if (word) words.push(word);
  return { words: withValues(words, pairMax) };
}

/** `--flag value` kept together (when no longer than `max`), so that a wrapped command reads one option a line. */
function withValues(words: readonly string[], max: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    const next = words[i + 1];
    if (
      word.startsWith('--') &&
      next !== undefined &&
      !next.startsWith('-') &&
      word.length + 1 + next.length <= max
    ) {
      out.push(`${word} ${next}`);
      i++;
    } else out.push(word);
  }
  return out;
}

/**
 * An action's commands as a terminal shows them: each line after a `$ ` prompt, the lines of a
 * here-document after the `> ` a shell prompts them with. Split only where the planner wrote
 * a line break.
 */
function commandLines(cli: string, indent: string): string[] {
  let document: string | undefined;
  return cli.split('\n').map((line) => {
    if (document !== undefined) {
      if (line === document) document = undefined;
      return `${indent}> ${line}`;
    }
    document = HEREDOC.exec(line)?.[1];
    return `${indent}$ ${line}`;
  });
}

const HEADINGS: Readonly<Record<Plan['mode'], string>> = {
  notify: 'to fix it (mode notify: nothing was changed)',
  'dry-run': 'the plan (mode dry-run: auto-fix would make the allowed writes; nothing was changed)',
  'auto-fix': 'what auto-fix did',
};

function renderPlan(
  plan: Plan,
  outcomes: readonly OutcomeView[] | undefined,
  after: readonly Finding[] | undefined,
): string[] {
  if (plan.actions.length === 0 && plan.notes.length === 0) return [];
  const lines = [`  ${HEADINGS[plan.mode]}:`];
  for (const note of plan.notes) lines.push(`   ! ${note}`);
  // After auto-fix, a recommendation whose finding is gone is no longer needed (nor its commands).
  const remaining = after ? new Set(after.map(findingKey)) : undefined;
  plan.actions.forEach((a, i) => {
    const o = outcomes?.[i];
    if (!('write' in a) && remaining !== undefined && !remaining.has(a.why)) {
      lines.push(`   [no longer needed] ${a.kind}${a.service ? ` ${a.service}` : ''}`);
      return;
    }
    const status =
      plan.mode === 'auto-fix' && o
        ? o.status
        : a.allowed
          ? plan.mode === 'notify'
            ? 'fixable'
            : 'would apply'
          : 'recommended';
    const cost = a.monthlyUsd > 0 ? ` (~$${a.monthlyUsd.toFixed(2)}/month)` : '';
    lines.push(`   [${status}] ${a.kind}${a.service ? ` ${a.service}` : ''}${cost}`);
    if (plan.mode === 'auto-fix' && o && o.status !== 'planned') lines.push(`      ${o.detail}`);
    else if (!a.allowed && 'write' in a) lines.push(`      not allowed: ${a.reason}`);
    const done = plan.mode === 'auto-fix' && (o?.status === 'applied' || o?.status === 'verified');
    if (!done) lines.push(...commandLines(a.cli, '      '));
  });
  if (after) {
    const left = after.filter((f) => f.id !== 'not-checked').map((f) => f.id);
    lines.push(
      `  after: ${left.length === 1 && left[0] === 'path-ok' ? 'path-ok — the network path is whole' : left.length === 0 ? notCheckedHeadline(after) : `still ${left.join(', ')}`}`,
    );
  }
  return lines;
}
