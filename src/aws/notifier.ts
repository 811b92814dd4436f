import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { Notifier, PendingNotice } from '../core/ports.js';
import { call } from './errors.js';

/** The chat topic (deploy parameter `chat`), and who hears of a chat publish that failed. */
export type ChatTopic = Readonly<{
  topicArn: string;
  /** Called when only the chat publish failed: the notice itself went out (see `publish`). */
  onFailure?: (error: unknown, notice: PendingNotice) => void;
}>;

/**
 * Notifications on SNS: one publish to the topic, `MessageStructure: json`, with string
 * attributes for filter policies; and, when a chat topic is configured and the notice has a
 * chat part, a second publish, in parallel, of that part as a plain message (what Amazon Q
 * Developer in chat applications reads: no MessageStructure, no attributes needed).
 */
export class SnsNotifier implements Notifier {
  readonly #sns: SNSClient;
  readonly #topicArn: string;
  readonly #chat: ChatTopic | undefined;
  constructor(sns: SNSClient, topicArn: string, chat?: ChatTopic) {
    this.#sns = sns;
    this.#topicArn = topicArn;
    this.#chat = chat;
  }

  /**
   * The main publish decides: its failure rejects (the notice is kept and Lambda's retry sends
   * it). A chat publish that fails alone (after the SDK's retries) does not: the e-mail and
   * JSON subscribers have the notice, and a retry would send it to them twice; the failure is
   * reported to `onFailure` (the Lambda logs it) and that one chat message is missing.
   */
  async publish(m: PendingNotice): Promise<string> {
    const [main] = await Promise.all([this.#publishMain(m), this.#publishChat(m)]);
    return main;
  }

  async #publishMain(m: PendingNotice): Promise<string> {
    const out = await call('sns:Publish', () =>
      this.#sns.send(
        new PublishCommand({
          TopicArn: this.#topicArn,
          Subject: m.subject,
          Message: m.message,
          MessageStructure: 'json',
          MessageAttributes: Object.fromEntries(
            Object.entries(m.attributes).map(([k, v]) => [k, { DataType: 'String', StringValue: v }]),
          ),
        }),
      ),
    );
    return out.MessageId ?? '';
  }

  async #publishChat(m: PendingNotice): Promise<void> {
    const chat = this.#chat;
    if (!chat || m.chat === undefined) return;
    try {
      await call('sns:Publish', () =>
        this.#sns.send(new PublishCommand({ TopicArn: chat.topicArn, Message: m.chat })),
      );
    } catch (error) {
      chat.onFailure?.(error, m);
    }
  }
}
