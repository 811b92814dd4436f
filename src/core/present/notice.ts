import type { StoppedTask } from '../event.js';
import type { OpenFix } from '../ports.js';
import { type ChatDocument, chatJson, chatNotice, chatResolved } from './chat.js';
import { boundedJson, noticeDocument, resolvedDocument } from './document.js';
import { emailText, resolvedSubject, resolvedText, subjectOf } from './email.js';
import { oneLine } from './text.js';
import { type NotificationInput, viewOf } from './view.js';

/*
 * Notifications (design.md, "Notifications"): one SNS message per incident, with a plain
 * text report a person reads in a mail client (`default`, `email`) and a versioned JSON
 * document for machines (`sqs`, `lambda`, `https`), plus attributes subscribers filter on.
 * All drawn from one view model (./view.ts). Pure: time and ids come in.
 */

export type Notification = Readonly<{
  subject: string;
  /** The SNS `Message` for `MessageStructure: json`. */
  message: string;
  /** What subscribers filter on: a team its own accounts (`account`, `region`), a tool its causes. */
  attributes: Readonly<
    Record<'cluster' | 'cause' | 'finding' | 'mode' | 'outcome' | 'severity' | 'account' | 'region', string>
  >;
  text: string;
  document: Readonly<Record<string, unknown>>;
  /** The notice for chat channels (./chat.ts), as the chat topic's plain JSON message. */
  chat: string;
}>;

/** Builds the notification. Pure and total. */
export function buildNotification(input: NotificationInput): Notification {
  const view = viewOf(input);
  const document = noticeDocument(input, view);
  const { outcome, severity } = view;
  return messageOf(
    subjectOf(input, view),
    emailText(input, view),
    document,
    boundedJson(document),
    chatNotice(input, view),
    {
      cluster: oneLine(input.task.clusterName, 200),
      cause: input.classification.cause,
      finding: view.root?.finding.id ?? (outcome === 'not-checked' ? 'not-checked' : 'path-ok'),
      mode: input.mode,
      outcome,
      severity,
      ...placeOf(input.task),
    },
  );
}

/** What a resolved follow-up is about: the open fix, and the task that now runs. */
export type ResolvedInput = Readonly<{ fix: OpenFix; task: StoppedTask; now: Date }>;

/**
 * The follow-up to an auto-fix: a task of the service reached RUNNING after the fix. One
 * per fixed incident; severity info.
 */
export function buildResolvedNotification(input: ResolvedInput): Notification {
  const { fix, task } = input;
  const service = oneLine(fix.workload.replace(/^service:/, ''), 60);
  const document = resolvedDocument(fix, task, service, input.now);
  return messageOf(
    resolvedSubject(fix, service),
    resolvedText(fix, task, service),
    document,
    JSON.stringify(document),
    chatResolved(fix, task, service, input.now),
    {
      cluster: oneLine(fix.clusterName, 200),
      cause: fix.cause,
      finding: fix.root.split(':')[0] ?? fix.root,
      mode: 'auto-fix',
      outcome: 'resolved',
      severity: 'info',
      ...placeOf(task),
    },
  );
}

/** The task's account and region, as message attributes (an SNS attribute value is never empty). */
function placeOf(task: StoppedTask): Readonly<{ account: string; region: string }> {
  return { account: oneLine(task.account, 20) || 'unknown', region: oneLine(task.region, 30) || 'unknown' };
}

/** The SNS message: the text for e-mail (and `default`), the JSON for machines. */
function messageOf(
  subject: string,
  text: string,
  document: Readonly<Record<string, unknown>>,
  json: string,
  chat: ChatDocument,
  attributes: Notification['attributes'],
): Notification {
  return {
    subject,
    text,
    document,
    chat: chatJson(chat),
    message: JSON.stringify({ default: text, email: text, sqs: json, lambda: json, https: json }),
    attributes,
  };
}
