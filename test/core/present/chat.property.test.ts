import fc from 'fast-check';
import * as v from 'valibot';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseTaskStateChange } from '../../../src/core/event.js';
import type { Finding } from '../../../src/core/findings.js';
import {
  CHAT_DESCRIPTION_MAX_CHARS,
  CHAT_DOCUMENT_MAX_BYTES,
  CHAT_KEYWORD_MAX_CHARS,
  CHAT_KEYWORDS_MAX,
  CHAT_NEXT_STEP_MAX_CHARS,
  CHAT_NEXT_STEPS_MAX,
  CHAT_SUMMARY_MAX_CHARS,
  CHAT_TITLE_MAX_CHARS,
  type ChatDocument,
  chatBytes,
  chatJson,
  chatResolved,
  consoleUrlOf,
  type NotificationInput,
} from '../../../src/core/present/index.js';
import { type Report, runPipeline } from '../../../src/pipeline/run.js';
import { SimulatedAccount } from '../../../src/sim/account.js';
import { loadScenario } from '../../../src/sim/scenario.js';
import { ChatNotificationSchema, chatFromParts } from '../../support/chat.js';

/**
 * Whatever AWS or an event says, the chat notice cannot ping a channel, make a link, break
 * out of a code span or open a code fence, and stays within AWS's limits and ours: every
 * name, reason and piece of evidence is made hostile at once, and the document is checked
 * line by line, inside and outside its code spans.
 */

const HOSTILE = [
  '@here',
  '@channel',
  '@everyone',
  '<!channel>',
  '<!here|here>',
  '<@U024BE7LH>',
  '<#C024BE7LR>',
  '<!subteam^SAZ94GDB8>',
  '<https://evil.example/login|Open the console>',
  '[Open the console](https://evil.example)',
  'https://evil.example/x',
  'www.evil.example',
  'evil.example',
  '```',
  '`',
  '*bold*',
  '&lt;!here&gt;',
  '\n```\n@here\n',
  '\u202e',
  '😀',
  '\ud83d',
  '\u0000',
];
const hostile = fc
  .array(fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ unit: 'binary', maxLength: 40 })), {
    minLength: 1,
    maxLength: 12,
  })
  .map((parts) => parts.join(''));
const longHostile = fc.oneof(
  hostile,
  hostile.map((s) => s.repeat(400)),
);

let reports: Report[] = [];
beforeAll(async () => {
  reports = await Promise.all(
    ['no-egress-no-endpoints', 'healthy-nat-image-not-found'].map((name) => {
      const account = new SimulatedAccount(loadScenario(name));
      return runPipeline(parseTaskStateChange(account.event()), account);
    }),
  );
});

const NOW = new Date('2026-11-20T09:20:00Z');

function inputOf(report: Report, h: readonly string[], attempts: number): NotificationInput {
  const [a = '', b = '', c = '', d = '', e = '', f = ''] = h;
  const task = {
    ...report.task,
    clusterName: a,
    serviceName: b,
    family: c,
    stoppedReason: d,
    account: e,
    region: f,
    containers: report.task.containers.map((ct) => ({ ...ct, name: c, reason: a })),
  };
  const findings = report.findings.map(
    (x) => ({ ...x, evidence: [d, ...x.evidence], breaks: [b, ...x.breaks], resources: [a] }) as Finding,
  );
  return {
    task,
    classification: report.classification,
    findings: [
      ...findings,
      { id: 'not-checked', check: 'network-path', why: e, resources: [], evidence: [f], breaks: [], fix: a },
    ],
    incidentId: 'inc-0123456789abcdef',
    mode: 'notify',
    plan: report.plan ?? { mode: 'notify', actions: [], notes: [d] },
    outcomes: [],
    folded: attempts - 1,
    now: NOW,
    accountAlias: e,
    priorFix: {
      incidentId: f,
      cause: 'network-timeout',
      fixedAt: d,
      clusterArn: a,
      clusterName: a,
      workload: `service:${b}`,
      root: c,
      changes: [a, b],
    },
    loop: {
      attempts,
      path: { kind: 'nat', natId: a },
      beforeLayers: false,
      imageBytes: 1e9,
      permanent: 'image-tag-missing',
      service: b,
      cluster: a,
    },
  };
}

/** Each line of the document's texts, with its code spans apart from the rest. */
function linesOf(doc: ChatDocument, consoleUrl: string) {
  const texts = [
    doc.content.title,
    doc.content.description,
    ...doc.content.nextSteps,
    ...doc.content.keywords,
    doc.metadata.summary,
  ];
  return texts
    .flatMap((t) => t.split('\n'))
    .map((line) => {
      // A quote (`> `, ours) opens the line it quotes; the rest is checked.
      const parts = line.replace(/^> /, '').replaceAll(consoleUrl, '').split('`');
      return {
        line,
        ticks: parts.length - 1,
        inside: parts.filter((_, i) => i % 2 === 1),
        outside: parts.filter((_, i) => i % 2 === 0).join(' '),
      };
    });
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const DOMAIN = /[a-z0-9-]+\.[a-z]{2,}/i;

/** The console link the notice may hold (none when the names would not make one). */
const consoleUrl = (task: NotificationInput['task']): string => {
  try {
    return consoleUrlOf(task);
  } catch {
    return '\u0000';
  }
};

function expectSafe(doc: ChatDocument, consoleUrl: string): void {
  expect(v.safeParse(ChatNotificationSchema, JSON.parse(chatJson(doc))).success).toBe(true);
  const { content, metadata } = doc;
  expect(content.title.length).toBeLessThanOrEqual(CHAT_TITLE_MAX_CHARS);
  expect(content.description.length).toBeLessThanOrEqual(CHAT_DESCRIPTION_MAX_CHARS);
  expect(content.nextSteps.length).toBeLessThanOrEqual(CHAT_NEXT_STEPS_MAX);
  for (const step of content.nextSteps) expect(step.length).toBeLessThanOrEqual(CHAT_NEXT_STEP_MAX_CHARS);
  expect(content.keywords.length).toBeLessThanOrEqual(CHAT_KEYWORDS_MAX);
  for (const k of content.keywords) expect(k).toMatch(new RegExp(`^[\\w:-]{1,${CHAT_KEYWORD_MAX_CHARS}}$`));
  expect(metadata.summary.length).toBeLessThanOrEqual(CHAT_SUMMARY_MAX_CHARS);
  expect(chatBytes(doc)).toBeLessThanOrEqual(CHAT_DOCUMENT_MAX_BYTES);
  for (const { line, ticks, inside, outside } of linesOf(doc, consoleUrl)) {
    expect(line).not.toContain('```');
    expect(ticks % 2, line).toBe(0);
    expect(line).not.toMatch(LONE_SURROGATE);
    for (const span of inside) expect(span, line).not.toMatch(/[<>&@]/);
    expect(outside, line).not.toMatch(/[<>@]|:\/\/|www\.|\]\(/i);
    expect(outside, line).not.toMatch(DOMAIN);
  }
}

describe('the chat notice, whatever the text it is given', () => {
  it('cannot mention, link, break a code span or a fence, or pass the limits', () => {
    fc.assert(
      fc.property(
        fc.array(longHostile, { minLength: 6, maxLength: 6 }),
        fc.integer({ min: 1, max: 40 }),
        fc.boolean(),
        (h, attempts, second) => {
          const report = (second ? reports[1] : reports[0]) as Report;
          const input = inputOf(report, h, attempts);
          expectSafe(chatFromParts(input), consoleUrl(input.task));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('keeps the resolved follow-up as safe', () => {
    fc.assert(
      fc.property(fc.array(longHostile, { minLength: 6, maxLength: 6 }), (h) => {
        const input = inputOf(reports[0] as Report, h, 1);
        const fix = input.priorFix;
        if (!fix) throw new Error('the input has a prior fix');
        expectSafe(chatResolved(fix, input.task, h[1] ?? '', NOW), consoleUrl(input.task));
      }),
      { numRuns: 100 },
    );
  });

  it('links the console only for a region that is a region, so the link’s host is AWS’s', () => {
    const input = inputOf(
      reports[0] as Report,
      ['prod', 'web', 'web', 'x', '111122223333', 'evil.example/#'],
      1,
    );
    const doc = chatFromParts(input);
    expect(doc.content.nextSteps.join('\n')).not.toContain('https://');
  });
});
