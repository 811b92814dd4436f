import type { StoppedTask } from '../event.js';
import type { OpenFix } from '../ports.js';
import { chatLines, chatSteps, chatTitle } from './chat-lines.js';
import { bold, boundedLines, code, consoleStep, cut, label, prose, word } from './chat-text.js';
import type { NotificationInput, Outcome, Severity, View } from './view.js';

/*
 * The notice for a chat channel: the *custom notification* of Amazon Q Developer in chat
 * applications (formerly AWS Chatbot), which posts it to the Slack channels and Microsoft
 * Teams channels subscribed to an SNS topic:
 * https://docs.aws.amazon.com/chatbot/latest/adminguide/custom-notifs.html
 *
 * A summary of the e-mail's report (./email.ts) from the same view model: what failed, why,
 * what is wrong and what was done, the next steps, and the incident id as the thread, so that
 * an incident's later notices (the next window's, a fix that did not help, "resolved") are
 * replies to its first. Bounded by AWS's limits and our own tighter ones; every string from
 * AWS or an event shown only as inline code (./chat-text.ts). Pure.
 */

/** AWS's limit on `content.title` (custom-notifs page). */
export const CHAT_TITLE_MAX_CHARS = 250;
/** Ours: AWS allows 8,000 characters of description; Slack shows 3,000 in one text block. */
export const CHAT_DESCRIPTION_MAX_CHARS = 3_000;
/** Ours: a chat message points to the e-mail for the rest. */
export const CHAT_NEXT_STEPS_MAX = 5;
export const CHAT_NEXT_STEP_MAX_CHARS = 400;
export const CHAT_KEYWORDS_MAX = 6;
export const CHAT_KEYWORD_MAX_CHARS = 40;
export const CHAT_SUMMARY_MAX_CHARS = 200;
/** Ours: the whole document, in UTF-8 bytes — under Teams' message limit, far under SNS's 256 KiB. */
export const CHAT_DOCUMENT_MAX_BYTES = 16_384;

/** The custom notification, as Amazon Q Developer in chat applications reads it from an SNS message. */
export type ChatDocument = Readonly<{
  version: '1.0';
  source: 'custom';
  id: string;
  content: Readonly<{
    textType: 'client-markdown';
    title: string;
    description: string;
    nextSteps: readonly string[];
    keywords: readonly string[];
  }>;
  metadata: Readonly<{
    threadId?: string;
    summary: string;
    eventType: string;
    relatedResources: readonly string[];
    additionalContext: Readonly<Record<string, string>>;
  }>;
}>;

/** The chat document of an incident's notice. */
export function chatNotice(input: NotificationInput, view: View): ChatDocument {
  const { task, classification: c } = input;
  const finding = view.root?.finding.id ?? (view.outcome === 'not-checked' ? 'not-checked' : 'path-ok');
  return documentOf({
    incidentId: input.incidentId,
    now: input.now,
    outcome: view.outcome,
    severity: view.severity,
    title: chatTitle(input, view),
    lines: chatLines(input, view),
    tail: tailOf(task, input.incidentId, input.folded, input.mode),
    nextSteps: chatSteps(input, view),
    keywords: [c.cause, finding, view.outcome, view.severity, input.mode],
    summary: `${view.outcome}: ${label(task.clusterName, 60)}/${label(task.serviceName ?? task.family, 60)}: ${c.cause}`,
    task,
    context: { cause: c.cause, finding, mode: input.mode },
  });
}

/** The chat document of the follow-up to an auto-fix: a task of the service runs. */
export function chatResolved(fix: OpenFix, task: StoppedTask, service: string, now: Date): ChatDocument {
  const changes = fix.changes.slice(0, 5).map((change) => `• ${code(change, 160)}`);
  return documentOf({
    incidentId: fix.incidentId,
    now,
    outcome: 'resolved',
    severity: 'info',
    title: `✅ Resolved: ${code(fix.clusterName, 60)}/${code(service, 60)} runs again (${code(fix.cause, 40)} fixed)`,
    lines: [
      `A task of service ${code(service, 80)} reached RUNNING${task.startedAt ? ` at ${code(task.startedAt, 40)}` : ''}, after ecs-pullfix fixed ${code(fix.root, 80)} at ${code(fix.fixedAt, 40)}.`,
      ...(changes.length > 0 ? ['', bold('What it changed:'), ...changes] : []),
      '',
      'Nothing is left to do.',
    ],
    tail: tailOf(task, fix.incidentId, 0, 'auto-fix'),
    nextSteps: consoleStep(task),
    keywords: [fix.cause, fix.root.split(':')[0] ?? fix.root, 'resolved', 'info', 'auto-fix'],
    summary: `resolved: ${label(fix.clusterName, 60)}/${label(service, 60)}: ${fix.cause} fixed`,
    task,
    context: { cause: fix.cause, finding: fix.root, mode: 'auto-fix' },
  });
}

type Parts = Readonly<{
  incidentId: string;
  now: Date;
  outcome: Outcome;
  severity: Severity;
  title: string;
  lines: readonly string[];
  tail: readonly string[];
  nextSteps: readonly string[];
  keywords: readonly string[];
  summary: string;
  task: StoppedTask;
  context: Readonly<Record<'cause' | 'finding' | 'mode', string>>;
}>;

function documentOf(p: Parts): ChatDocument {
  const { task } = p;
  // Ours (`inc-` and 16 hex digits), but read back from the store for "resolved": bounded all the same.
  const thread = word(p.incidentId, 64);
  const keywords = [
    ...new Set(p.keywords.map((k) => label(k, CHAT_KEYWORD_MAX_CHARS)).filter((k) => k !== '')),
  ];
  const document = (descriptionMax: number): ChatDocument => ({
    version: '1.0',
    source: 'custom',
    id: `${thread || 'ecs-pullfix'}/${p.now.toISOString()}`,
    content: {
      textType: 'client-markdown',
      // The titles are built within the limit (each name a bounded code span); this is a backstop.
      title: p.title.length <= CHAT_TITLE_MAX_CHARS ? p.title : `ecs-pullfix: ${p.outcome}`,
      description: boundedLines(p.lines, p.tail, descriptionMax),
      nextSteps: p.nextSteps
        .filter((s) => s.length <= CHAT_NEXT_STEP_MAX_CHARS)
        .slice(0, CHAT_NEXT_STEPS_MAX),
      keywords: keywords.slice(0, CHAT_KEYWORDS_MAX),
    },
    metadata: {
      ...(thread ? { threadId: thread } : {}),
      summary: cut(`ecs-pullfix ${prose(p.summary)}`, CHAT_SUMMARY_MAX_CHARS),
      eventType: `ecs-pullfix.${p.outcome}`,
      relatedResources: [task.taskArn, task.clusterArn, task.taskDefinitionArn]
        // An ARN as ECS writes them (names of letters, digits, `_` and `-`): nothing a client could link.
        .filter((arn) => /^arn:aws[\w-]*:ecs:[a-z0-9-]+:\d{12}:[\w/:-]{1,400}$/.test(arn)),
      additionalContext: {
        incidentId: thread,
        account: word(task.account, 20),
        region: word(task.region, 30),
        cluster: word(task.clusterName, 255),
        outcome: p.outcome,
        severity: p.severity,
        cause: word(p.context.cause, 60),
        finding: word(p.context.finding, 80),
        mode: p.context.mode,
      },
    },
  });
  // Text of many non-ASCII characters weighs up to three bytes a character: shed description until it fits.
  let max = CHAT_DESCRIPTION_MAX_CHARS;
  let doc = document(max);
  while (chatBytes(doc) > CHAT_DOCUMENT_MAX_BYTES && max > 200) {
    max = Math.floor(max * 0.75);
    doc = document(max);
  }
  return doc;
}

/** The document as SNS carries it to the chat topic: plain JSON. */
export const chatJson = (document: ChatDocument): string => JSON.stringify(document);

/** The document's size as SNS and the chat clients count it: UTF-8 bytes of its JSON. */
export const chatBytes = (document: ChatDocument): number =>
  new TextEncoder().encode(chatJson(document)).length;

/** The footer: the incident, the account and region, the mode. */
function tailOf(task: StoppedTask, incidentId: string, folded: number, mode: string): string[] {
  const more = folded > 0 ? ` · ${folded} more stopped task${folded === 1 ? '' : 's'} folded in` : '';
  return [
    '',
    `Incident ${code(incidentId || 'none', 40)}${more} · account ${code(task.account, 20)} · ${code(task.region, 30)} · mode ${code(mode, 20)}`,
  ];
}
