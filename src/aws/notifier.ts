import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { Notifier } from '../core/ports.js';
import { call } from './errors.js';

/** Notifications on SNS: one publish, `MessageStructure: json`, with string attributes for filter policies. */
export class SnsNotifier implements Notifier {
  readonly #sns: SNSClient;
  readonly #topicArn: string;
  constructor(sns: SNSClient, topicArn: string) {
    this.#sns = sns;
    this.#topicArn = topicArn;
  }

  async publish(
    m: Readonly<{ subject: string; message: string; attributes: Readonly<Record<string, string>> }>,
  ): Promise<string> {
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
}
