import type { Classification } from '../causes.js';
import { type Finding, findingKey, isProblem } from '../findings.js';
import type { Snapshot } from '../network.js';
import type { WorkloadCheck } from '../workload.js';
import { type ChecklistFacts, checklistFacts } from './facts.js';
import { CHECKLIST, type ChecklistId, type ChecklistItem } from './list.js';
import { checksFailedBy, checksLeftOpenBy } from './map.js';
import { RULES, type Rule } from './rules.js';

/**
 * What became of one of AWS's checks in a diagnosis: `passed` (it ran and found it right),
 * `failed` (the findings that say so, or the stop reason), `not-checked` (why) or
 * `not-applicable` (the task does not need it: why).
 */
export type CheckStatus = 'passed' | 'failed' | 'not-checked' | 'not-applicable';

export type CheckAnswer = Readonly<{
  id: ChecklistId;
  title: string;
  status: CheckStatus;
  /** The findings that fail it, as the scenario files write them (`missing-endpoint:ecr.dkr`). */
  findings?: readonly string[];
  /** Why it failed without a finding, was not checked, or does not apply. */
  why?: string;
}>;

/** What the answers are drawn from: all the diagnosis has. */
export type ChecklistInput = Readonly<{
  snapshot: Snapshot;
  classification: Classification;
  findings: readonly Finding[];
}>;

/**
 * AWS's checklist for the two errors, answered from a diagnosis: every check of both lists,
 * in order. Both lists, whatever the stop reason names: the diagnosis walks every need of the
 * task, so a finding on the other error's check (a secret's endpoint, when the stop was a
 * pull) has its place; ECS stops a task at its first failure, and the next task of it may stop
 * with the other error; and a preflight (`check`) has no stop reason at all. Pure and total.
 */
export function answerChecklist({ snapshot, classification, findings }: ChecklistInput): CheckAnswer[] {
  const facts = checklistFacts(snapshot, findings);
  const failing = new Map<ChecklistId, string[]>();
  const open = new Map<ChecklistId, string[]>();
  const add = (to: Map<ChecklistId, string[]>, id: ChecklistId, what: string) => {
    const list = to.get(id) ?? [];
    if (!list.includes(what)) to.set(id, [...list, what]);
  };
  for (const f of findings) {
    if (isProblem(f)) for (const id of checksFailedBy(f, facts)) add(failing, id, findingKey(f));
    if (f.id === 'not-checked') for (const id of checksLeftOpenBy(f.check, facts)) add(open, id, f.why);
  }
  const answers = CHECKLIST.map((item) =>
    answerOf(item, RULES[item.id], facts, classification, failing.get(item.id), open.get(item.id)),
  );
  return notReached(answers);
}

/** The layers of the pull's path that stop it (no route, no public IP, no endpoint, no DNS) … */
const STOPPING: readonly ChecklistId[] = ['P1', 'P2', 'P3', 'P4'];
/** … and the layers past them, which the walk does not reach for a path that stops. */
const BEYOND: ReadonlySet<ChecklistId> = new Set<ChecklistId>(['P5', 'P6', 'P7', 'P8']);

/**
 * A path that stops at its route, public IP, endpoint or DNS — or whose route, public IP,
 * endpoints or DNS could not be seen — is not followed past it (its security groups, ACLs and
 * policies are then not all seen): those are never called passed.
 */
function notReached(answers: readonly CheckAnswer[]): CheckAnswer[] {
  const before = (status: CheckStatus) =>
    answers.filter((a) => STOPPING.includes(a.id) && a.status === status).map((a) => a.id);
  const [stopped, unseen] = [before('failed'), before('not-checked')];
  if (stopped.length === 0 && unseen.length === 0) return [...answers];
  const why =
    stopped.length > 0
      ? `the path fails earlier (${stopped.join(', ')}), so this part of it was not all reached`
      : `the path is not known whole before it (${unseen.join(', ')}), so this part of it was not all reached`;
  const beyond = unseen.length === 0 && onlyInternet(answers) ? INTERNET_BEYOND : BEYOND;
  return answers.map((a) =>
    beyond.has(a.id) && a.status === 'passed' ? { ...a, status: 'not-checked', why } : a,
  );
}

/** Past a registry only the internet reaches, its path has security groups and ACLs, no endpoint policy. */
const INTERNET_BEYOND: ReadonlySet<ChecklistId> = new Set<ChecklistId>(['P5', 'P6']);

/** Every failure before the layers is a registry no endpoint reaches (its path is the internet's alone). */
const onlyInternet = (answers: readonly CheckAnswer[]): boolean =>
  answers
    .filter((a) => STOPPING.includes(a.id) && a.status === 'failed')
    .every((a) => a.findings?.every((k) => k.startsWith('registry-needs-internet')) === true);

function answerOf(
  { id, title }: ChecklistItem,
  rule: Rule,
  facts: ChecklistFacts,
  classification: Classification,
  failing: readonly string[] | undefined,
  open: readonly string[] | undefined,
): CheckAnswer {
  const answer = (status: CheckStatus, why?: string): CheckAnswer => ({
    id,
    title,
    status,
    ...(why === undefined ? {} : { why: bounded(why) }),
  });
  if (failing) return { id, title, status: 'failed', findings: failing };
  const said = rule.stopSays?.(classification, facts);
  if (said) return answer('failed', said);
  const na = rule.notApplicable?.(facts);
  if (na) return answer('not-applicable', na);
  if (open) return answer('not-checked', open.slice(0, 2).join('; '));
  const unmade = rule.outOfReach?.(facts) ?? notMade(rule, facts);
  if (unmade) return answer('not-checked', unmade);
  const partly = rule.partly?.(facts);
  return partly ? answer('not-checked', partly) : answer('passed');
}

/** Why the part of the diagnosis that makes a check did not run, or undefined when it did. */
function notMade(rule: Rule, facts: ChecklistFacts): string | undefined {
  const made = rule.madeBy;
  if (made === 'task') return undefined;
  if (made === 'network') return facts.walked ? undefined : 'the network path was not walked';
  if ('unmade' in made) return made.unmade;
  const missing = made.filter((c) => !facts.ran.has(c));
  return missing.length === 0 ? undefined : missing.map((c) => NOT_RUN[c]).join('; ');
}

const NOT_RUN: Readonly<Record<WorkloadCheck, string>> = {
  'execution-role':
    'the execution role is simulated when the stop names a permission problem, and by ecs-pullfix check',
  image:
    'the image is looked up when the stop says it is missing or for another platform, and by ecs-pullfix check',
  secrets:
    'the secrets are looked up when the stop names a secret or a permission problem, and by ecs-pullfix check',
};

const WHY_MAX_CHARS = 300;

/** A reason on one line, bounded (a note's why may quote a long read error). */
function bounded(why: string): string {
  const line = why.replace(/\s+/g, ' ').trim();
  return line.length <= WHY_MAX_CHARS ? line : `${line.slice(0, WHY_MAX_CHARS - 1)}…`;
}

/**
 * The checklist on one line, as the text report and the e-mail show it:
 * `AWS checklist: 14 passed, 1 failed (P5), 2 not checked (P10, P17), 9 not applicable`.
 * Undefined when there is nothing to say (a task that was not a start failure).
 */
export function checklistLine(checks: readonly CheckAnswer[]): string | undefined {
  if (checks.length === 0) return undefined;
  const of = (status: CheckStatus) => checks.filter((c) => c.status === status);
  const ids = (status: CheckStatus) =>
    ` (${of(status)
      .map((c) => c.id)
      .join(', ')})`;
  const parts = [
    [of('passed').length, 'passed', ''],
    [of('failed').length, 'failed', ids('failed')],
    [of('not-checked').length, 'not checked', ids('not-checked')],
    [of('not-applicable').length, 'not applicable', ''],
  ] as const;
  const said = parts.filter(([n]) => n > 0).map(([n, words, which]) => `${n} ${words}${which}`);
  return `AWS checklist: ${said.join(', ')}`;
}
