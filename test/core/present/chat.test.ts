import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PendingNotice } from '../../../src/core/ports.js';
import {
  CHAT_DOCUMENT_MAX_BYTES,
  CHAT_KEYWORDS_MAX,
  CHAT_NEXT_STEPS_MAX,
  chatBytes,
} from '../../../src/core/present/index.js';
import { chatOf, chatRun, renderChat } from '../../support/chat.js';
import { ROOT } from '../../support/fixtures.js';

/**
 * The notice in a chat channel (issue 21, item 1): each outcome's chat document is a custom
 * notification of Amazon Q Developer in chat applications as AWS documents it, reads as the
 * reviewed golden rendering says, and an incident's notices share one thread.
 */

const RESOLVED_AFTER_SECONDS = 120;
const WINDOW_SECONDS = 3600;

/** Each outcome, as the notices the Lambda's handling sends: the last one is the case. */
const OUTCOMES: readonly (readonly [string, () => Promise<readonly PendingNotice[]>])[] = [
  ['notify-network-finding', () => sent('no-egress-no-endpoints', (r) => r.stop('notify'))],
  ['dry-run-network-finding', () => sent('no-egress-no-endpoints', (r) => r.stop('dry-run'))],
  ['auto-fix-applied', () => sent('no-egress-no-endpoints', (r) => r.stop('auto-fix'))],
  [
    'not-checked',
    () =>
      sent('nat-public-subnet-main-table-healthy', (r) => r.stop('notify'), {
        faults: [{ operation: 'ec2:DescribeRouteTables', kind: 'denied' }],
      }),
  ],
  [
    'no-network-problem',
    () =>
      sent('nat-public-subnet-main-table-healthy', (r) =>
        r.stop('notify', (d) => {
          d.stoppedReason = 'CannotStartContainerError: the runtime said something ecs-pullfix does not know';
        }),
      ),
  ],
  ['image-not-found', () => sent('healthy-nat-image-not-found', (r) => r.stop('notify'))],
  ['role-permission', () => sent('execution-role-deleted', (r) => r.stop('notify'))],
  ['crash-loop-follow-up', () => crashLoop().then(({ sent }) => sent.slice(0, 2))],
  ['resolved', () => crashLoop().then(({ sent }) => sent)],
  ['cannot-read-account', () => sent('no-egress-no-endpoints', (r) => r.stop('notify', () => {}, true))],
];

type Run = ReturnType<typeof chatRun>;

async function sent(
  scenario: string,
  act: (run: Run) => Promise<unknown>,
  sim?: Parameters<typeof chatRun>[1],
): Promise<readonly PendingNotice[]> {
  const run = chatRun(scenario, sim);
  await act(run);
  return run.notifier.sent;
}

/**
 * A crash loop: a notice, three more stops folded into it, the window's end and a follow-up
 * (the loop), an auto-fix that took, and a task of the service running: "resolved".
 */
async function crashLoop() {
  const run = chatRun('no-egress-no-endpoints');
  await run.stop('notify');
  for (let i = 0; i < 3; i++) {
    run.clock.advance(60);
    await run.stop('notify');
  }
  run.clock.advance(WINDOW_SECONDS);
  await run.stop('notify');
  run.clock.advance(WINDOW_SECONDS + 1);
  await run.stop('auto-fix');
  run.clock.advance(RESOLVED_AFTER_SECONDS);
  await run.running(5);
  return { sent: run.notifier.sent, outcomes: run.notifier.sent.map((n) => n.attributes.outcome) };
}

describe('the chat notice', () => {
  it.each(OUTCOMES)('is, for %s, a custom notification as AWS documents it', async (_name, notices) => {
    const doc = chatOf((await notices()).at(-1));
    expect(doc.content.nextSteps.length).toBeLessThanOrEqual(CHAT_NEXT_STEPS_MAX);
    expect(doc.content.keywords.length).toBeLessThanOrEqual(CHAT_KEYWORDS_MAX);
    expect(chatBytes(doc)).toBeLessThanOrEqual(CHAT_DOCUMENT_MAX_BYTES);
  });

  it.each(OUTCOMES)('reads, for %s, as the reviewed golden rendering says', async (name, notices) => {
    const actual = renderChat(chatOf((await notices()).at(-1)));
    const file = `${ROOT}test/golden/chat/${name}.md`;
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) writeFileSync(file, actual);
    expect(actual).toBe(readFileSync(file, 'utf8'));
  });

  it('threads a crash loop: its first notice, the follow-up, the fix and "resolved" share the incident id', async () => {
    const { sent, outcomes } = await crashLoop();
    expect(outcomes).toEqual(['action-needed', 'action-needed', 'fixed', 'resolved']);
    const docs = sent.map(chatOf);
    const incident = JSON.parse(JSON.parse(sent[0]?.message ?? '{}').sqs).incident.id as string;
    expect(incident).toMatch(/^inc-[0-9a-f]{16}$/);
    expect(docs.map((d) => d.metadata.threadId)).toEqual([incident, incident, incident, incident]);
    expect(new Set(docs.map((d) => d.id)).size).toBe(4);
    expect(docs[1]?.content.description).toContain('3 more stopped tasks folded in');
    expect(docs[3]?.content.title).toBe(
      '✅ Resolved: `prod-apps`/`checkout` runs again (`network-timeout` fixed)',
    );
  });

  it('keeps the chat part of a notice SNS refused, and the retry sends it', async () => {
    const run = chatRun('no-egress-no-endpoints');
    run.notifier.failing = true;
    await expect(run.stop('notify')).rejects.toThrow('SNS is unavailable');
    run.notifier.failing = false;
    run.clock.advance(60);
    expect(await run.stop('notify')).toMatchObject({ kind: 'resent' });
    const doc = chatOf(run.notifier.sent[0]);
    expect(doc.content.title).toContain('Task failed to start');
    expect(doc.metadata.threadId).toMatch(/^inc-[0-9a-f]{16}$/);
  });

  it('gives incidents of other causes threads of their own', async () => {
    const [a] = await sent('no-egress-no-endpoints', (r) => r.stop('notify'));
    const [b] = await sent('healthy-nat-image-not-found', (r) => r.stop('notify'));
    expect(chatOf(a).metadata.threadId).not.toBe(chatOf(b).metadata.threadId);
  });

  it('names the cause, the root finding and the outcome in the title and the keywords', async () => {
    const doc = chatOf((await sent('no-egress-no-endpoints', (r) => r.stop('notify')))[0]);
    expect(doc.content.title).toBe(
      '❌ Task failed to start: `prod-apps`/`checkout` — network-timeout (`ecr`): no-egress-path',
    );
    expect(doc.content.keywords).toEqual([
      'network-timeout',
      'no-egress-path',
      'action-needed',
      'error',
      'notify',
    ]);
    expect(doc.metadata).toMatchObject({
      eventType: 'ecs-pullfix.action-needed',
      additionalContext: { cluster: 'prod-apps', outcome: 'action-needed', account: '111122223333' },
    });
  });
});
