import type { Action, Write } from '../plan.js';
import { breaksPhrase, capitalised, listOf, money, oneLine } from './text.js';
import { type RootView, type VerdictView, type View, viewOf } from './view.js';

/*
 * The verdict: the answer, before any detail, in one or two lines — what the terminal report
 * and `check` open with. Words only: the view model (./view.ts) says what it is.
 */

/**
 * The answer, before any detail, in one or two lines: the root finding and what it breaks,
 * then the fix and its monthly cost (what auto-fix can do, and the alternative a person
 * would make), or what was done. Unwrapped: the caller wraps to its width.
 */
export function renderVerdict(v: VerdictView): string[] {
  // The plan's mode: a report's verdict says what its plan did.
  return verdictLines(
    viewOf({
      findings: v.findings,
      ...(v.classification ? { classification: v.classification } : {}),
      ...(v.plan ? { plan: v.plan } : {}),
      ...(v.outcomes ? { outcomes: v.outcomes } : {}),
      ...(v.after ? { after: v.after } : {}),
      ...(v.ownRegistry === undefined ? {} : { ownRegistry: v.ownRegistry }),
    }),
  );
}

/** The verdict's lines of a view. */
export function verdictLines(view: View): string[] {
  const root = view.root;
  if (!root) return quietVerdict(view);
  const { finding, service, targets } = root;
  const what = `${finding.id}${service ? ` (${service})` : ''}${targets.length > 0 ? ` breaks ${breaksPhrase(targets, 3)}` : ''}.`;
  return [what, fixLine(root, view)];
}

const PATH_WHOLE = 'The network path is whole (path-ok): nothing to change there.';
/** path-ok when the stop text blames an endpoint policy: the ones on the path allow the task's calls. */
const POLICY_UNSEEN =
  "The network path is whole (path-ok) and the endpoint policies on it allow the task's calls: the policy that refused them is not one ecs-pullfix can see.";

/**
 * The verdict when nothing was found wrong: with the whole path seen, the classifier's cause
 * (its summary says what to do) and then the path; with some of it unseen, what could not be
 * seen first.
 */
function quietVerdict(view: View): string[] {
  const c = view.classification;
  const cause =
    c === undefined
      ? []
      : [
          `${c.cause}${c.service === 'none' || c.service === 'unknown' ? '' : ` (${c.service})`}: ${c.summary}`,
        ];
  if (view.pathOk) return [...cause, c?.cause === 'endpoint-policy' ? POLICY_UNSEEN : PATH_WHOLE];
  if (view.findings.length > 0) return [`${capitalised(view.headline)}.`, ...cause];
  return cause;
}

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
  'recommend:add-efs-mount-target',
  'recommend:allow-nfs',
  'recommend:enable-private-dns',
  'recommend:enable-vpc-dns',
  'recommend:forward-dns-to-vpc-resolver',
  'recommend:allow-egress-to-internet',
  'recommend:change-endpoint-policy',
  'recommend:accept-endpoint',
  'recommend:use-dual-stack-image',
  'recommend:add-egress-only-gateway',
]);

/** Recommendations a person may prefer to auto-fix's writes, in a few words (the others are not offered as such). */
const ALTERNATIVES: Readonly<Partial<Record<Action['kind'], string>>> = {
  'recommend:add-nat-gateway': 'a NAT gateway',
  'recommend:fix-nat-route': 'a default route to an available NAT gateway',
  'recommend:assign-public-ip': 'a public IP for the task',
};

const writesOf = (actions: readonly Action[]): Write[] =>
  actions.flatMap((a) => ('write' in a ? [a.write] : []));

/** The fix of the verdict: auto-fix's writes (planned or made) with their cost, else the root finding's own fix. */
function fixLine(root: RootView, view: View): string {
  const { writes, barred } = view;
  const rootAction = root.action;
  const alternative =
    rootAction && !('write' in rootAction) && ALTERNATIVES[rootAction.kind]
      ? `, or ${ALTERNATIVES[rootAction.kind]}${rootAction.monthlyUsd > 0 ? ` (${money(rootAction.monthlyUsd)})` : ''}`
      : '';
  if (writes.length === 0 && barred.length > 0) {
    // Writes auto-fix may not make here (the plan below says why): still the fix, and its cost.
    const cost = barred.reduce((sum, a) => sum + a.monthlyUsd, 0);
    return `Fix: ${changesOf(writesOf(barred), 'present')} (${money(cost)})${alternative}.`;
  }
  if (writes.length === 0) {
    // A recommendation: its cost when it has one, or that it has none (a rule, an attribute).
    const cost =
      rootAction && (rootAction.monthlyUsd > 0 || FREE.has(rootAction.kind))
        ? ` (${money(rootAction.monthlyUsd)})`
        : '';
    return `Fix${cost}: ${firstSentence(root.finding.fix)}`;
  }
  const all = writesOf(writes.map(({ action }) => action));
  if (view.mode !== 'auto-fix' || !view.outcomesKnown) {
    const who =
      view.mode === 'dry-run'
        ? 'dry-run: auto-fix would make it; nothing was changed'
        : 'auto-fix can make it; nothing was changed';
    return `Fix (${who}): ${changesOf(all, 'present')} (${money(view.writesUsd)})${alternative}.`;
  }
  return madeLine(view);
}

/** After auto-fix ran: what it made, or where it stopped. */
function madeLine(view: View): string {
  const { writes } = view;
  const made = writes.filter(({ outcome: o }) => o?.status === 'applied' || o?.status === 'verified');
  const failed = writes.find(({ outcome: o }) => o?.status === 'failed');
  const done = writesOf(made.map(({ action }) => action));
  const what = done.length > 0 ? ` (${changesOf(done, 'past')})` : '';
  if (failed)
    return `Fix failed: ${made.length} of ${writes.length} changes made${what}, then ${oneLine(failed.outcome?.detail ?? failed.action.kind, 120)}. Run the same command again to finish.`;
  if (made.length === writes.length && made.every(({ outcome: o }) => o?.status === 'verified')) {
    const whole = view.after?.whole ? '; the network path is whole' : '';
    return `Fixed: ${changesOf(done, 'past')} (${money(view.writesUsd)})${whole}.`;
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
