import * as v from 'valibot';
import { refusedReach } from '../../src/core/account-reach.js';
import { parseTaskStateChange } from '../../src/core/event.js';
import { DEFAULT_DEPLOYMENT_POLICY, type Mode } from '../../src/core/mode.js';
import type { PendingNotice } from '../../src/core/ports.js';
import { type ChatDocument, chatNotice, viewOf } from '../../src/core/present/index.js';
import { handleRunningTask, handleStoppedTask } from '../../src/pipeline/incident.js';
import { type SimOptions, SimulatedAccount } from '../../src/sim/account.js';
import { runningEventOf, withTask } from '../../src/sim/event.js';
import { InMemoryIncidentStore } from '../../src/sim/incident-store.js';
import { RecordingNotifier } from '../../src/sim/lambda.js';
import { loadScenario } from '../../src/sim/scenario.js';
import { TestClock } from './incidents.js';

/*
 * The custom notification of Amazon Q Developer in chat applications, written down from AWS's
 * documentation — "Custom notifications using Amazon Q Developer in chat applications",
 * https://docs.aws.amazon.com/chatbot/latest/adminguide/custom-notifs.html ("Event schema",
 * "Parameter details"): `version` and `source` ("custom") required, `id` optional; `content`
 * required, with `description` required, `textType` ("client-markdown", the only value),
 * `title` (at most 250 characters), `nextSteps` and `keywords` (lists of strings) optional;
 * `metadata` optional: `threadId`, `summary`, `eventType`, `relatedResources` (strings) and
 * `additionalContext` (string to string). `description` is at most 8,000 characters.
 * Unknown keys are refused here: a typo would otherwise pass unnoticed and be ignored by AWS.
 */
const text = v.pipe(v.string(), v.minLength(1));
export const ChatNotificationSchema = v.strictObject({
  version: v.literal('1.0'),
  source: v.literal('custom'),
  id: v.optional(text),
  content: v.strictObject({
    textType: v.optional(v.literal('client-markdown')),
    title: v.optional(v.pipe(text, v.maxLength(250))),
    description: v.pipe(text, v.maxLength(8_000)),
    nextSteps: v.optional(v.array(text)),
    keywords: v.optional(v.array(text)),
  }),
  metadata: v.optional(
    v.strictObject({
      threadId: v.optional(text),
      summary: v.optional(text),
      eventType: v.optional(text),
      relatedResources: v.optional(v.array(text)),
      additionalContext: v.optional(v.record(v.string(), v.string())),
    }),
  ),
});

/** The chat part of a sent notice, parsed against AWS's schema (throws, naming the issue, if it does not fit). */
export function chatOf(notice: PendingNotice | undefined): ChatDocument {
  if (notice?.chat === undefined) throw new Error('the notice has no chat part');
  const parsed = v.safeParse(ChatNotificationSchema, JSON.parse(notice.chat));
  if (!parsed.success)
    throw new Error(`not a custom notification: ${v.summarize(parsed.issues)}\n${notice.chat}`);
  return parsed.output as ChatDocument;
}

/** Slack's `*bold*` as markdown's `**bold**`, outside code spans. */
const boldAsMarkdown = (line: string): string =>
  line
    .split('`')
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/\*([^*\n]+)\*/g, '**$1**')))
    .join('`');

/** The document as a person sees it in a Slack channel: the title in bold, the description, the next steps as a list, the keywords. */
export function renderChat(doc: ChatDocument): string {
  const { content, metadata } = doc;
  return [
    `**${content.title}**`,
    '',
    ...content.description.split('\n').map(boldAsMarkdown),
    '',
    ...(content.nextSteps.length > 0
      ? ['**Next steps**', ...content.nextSteps.map((s) => `- ${s}`), '']
      : []),
    `Keywords: ${content.keywords.map((k) => `\`${k}\``).join(' ')}`,
    '',
    `<!-- thread ${metadata.threadId ?? '(none)'} · ${metadata.eventType} · ${metadata.summary} -->`,
    '',
  ].join('\n');
}

/** The notices a run of stops sends, handled as the Lambda does, each in its mode, on one store and clock. */
export function chatRun(scenario: string, sim: SimOptions = {}) {
  const account = new SimulatedAccount(loadScenario(scenario), sim);
  const store = new InMemoryIncidentStore();
  const notifier = new RecordingNotifier();
  const clock = new TestClock();
  const stopped = account.event();
  let stops = 0;
  const stop = (mode: Mode, change: (d: Record<string, unknown>) => void = () => {}, reach?: boolean) => {
    // The scenario's task first, then other tasks of the service (each its own delivery).
    const event = stops === 0 ? structuredClone(stopped) : withTask(stopped, stops);
    stops += 1;
    change(event.detail as Record<string, unknown>);
    return handleStoppedTask(parseTaskStateChange(event), account, {
      deployment: DEFAULT_DEPLOYMENT_POLICY,
      mode,
      writer: account.ec2Writer,
      store,
      notifier,
      windowSeconds: 3600,
      now: clock.now,
      ...(reach
        ? {
            reach: async () =>
              refusedReach('444455556666', 'eu-west-1', 'ecs-pullfix-member-eu-west-1', 'AccessDenied'),
          }
        : {}),
    });
  };
  const running = (n: number) =>
    handleRunningTask(parseTaskStateChange(runningEventOf(stopped, n, clock.now().toISOString())), {
      store,
      notifier,
      now: clock.now,
    });
  return { account, notifier, clock, stop, running };
}

/** The chat document of a notice built from parts (for the property tests): the same renderer the notice uses. */
export const chatFromParts = (input: Parameters<typeof chatNotice>[0]): ChatDocument =>
  chatNotice(input, viewOf({ ...input, mode: input.mode }));
