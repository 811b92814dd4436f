import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Mode } from '../../src/core/mode.js';
import { NOTIFICATION_SCHEMA, SUBJECT_MAX_CHARS } from '../../src/core/present/index.js';
import { SimulatedAccount } from '../../src/sim/account.js';
import { loadScenario } from '../../src/sim/scenario.js';
import { ROOT } from '../support/fixtures.js';
import { lambdaLike } from '../support/incidents.js';

/** The notice the Lambda would send for a scenario, in a mode (and with the stop reason changed, if asked). */
async function noticeOf(scenario: string, mode?: Mode, stoppedReason?: string) {
  const { handle, notifier } = lambdaLike(new SimulatedAccount(loadScenario(scenario)), mode);
  const handled = await handle((d) => {
    if (stoppedReason !== undefined) d.stoppedReason = stoppedReason;
  });
  if (handled.kind !== 'notified') throw new Error(`expected a notice, got ${handled.kind}`);
  const sent = notifier.sent[0];
  if (!sent) throw new Error('nothing was sent');
  const structure = JSON.parse(sent.message) as Record<string, string>;
  return {
    sent,
    structure,
    text: structure.email ?? '',
    document: JSON.parse(structure.sqs ?? '{}') as Record<string, unknown>,
  };
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

const GOLDEN = [
  ['notify-no-egress-path', 'no-egress-no-endpoints', 'notify'],
  ['auto-fix-fixed', 'no-egress-no-endpoints', 'auto-fix'],
  ['path-ok-image-not-found', 'healthy-nat-image-not-found', undefined],
] as const;

describe('the notice', () => {
  it.each(GOLDEN)('reads, for %s, as the reviewed golden e-mail says', async (name, scenario, mode) => {
    const { sent, text } = await noticeOf(scenario, mode);
    const file = `${ROOT}test/golden/${name}.txt`;
    const actual = `Subject: ${sent.subject}\n\n${text}\n`;
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) writeFileSync(file, actual);
    expect(actual).toBe(readFileSync(file, 'utf8'));
  });

  it('carries the same text for e-mail and default, and the JSON document for machines', async () => {
    const { structure } = await noticeOf('no-egress-no-endpoints', 'notify');
    expect(Object.keys(structure).sort()).toEqual(['default', 'email', 'https', 'lambda', 'sqs']);
    expect(structure.default).toBe(structure.email);
    expect(structure.sqs).toBe(structure.lambda);
    expect(structure.https).toBe(structure.sqs);
  });

  it('documents the incident in a versioned JSON schema', async () => {
    const { document } = await noticeOf('no-egress-no-endpoints', 'dry-run');
    expect(document).toMatchObject({
      schema: NOTIFICATION_SCHEMA,
      incident: { id: expect.stringMatching(/^inc-[0-9a-f]{16}$/), folded: 0 },
      event: {
        cluster: 'arn:aws:ecs:us-east-1:111122223333:cluster/prod-apps',
        service: 'checkout',
        stopCode: 'TaskFailedToStart',
      },
      classification: { cause: 'network-timeout', service: 'ecr' },
      mode: 'dry-run',
      outcome: 'planned',
      severity: 'error',
      monthlyUsd: 21.9,
      consoleUrl: expect.stringMatching(
        /^https:\/\/us-east-1\.console\.aws\.amazon\.com\/ecs\/v2\/clusters\/prod-apps\/tasks\//,
      ),
    });
    expect((document.findings as { id: string }[]).map((f) => f.id)).toContain('missing-endpoint');
    expect(
      (document.actions as { kind: string; status: string }[]).find(
        (a) => a.kind === 'create-interface-endpoint',
      )?.status,
    ).toBe('planned');
  });

  it('sets the attributes subscribers filter on', async () => {
    const { sent } = await noticeOf('no-egress-no-endpoints', 'auto-fix');
    expect(sent.attributes).toEqual({
      cluster: 'prod-apps',
      cause: 'network-timeout',
      finding: 'no-egress-path',
      mode: 'auto-fix',
      outcome: 'fixed',
      severity: 'info',
      account: '111122223333',
      region: 'us-east-1',
    });
  });

  it('names cluster, service and cause in a subject of at most 100 characters', async () => {
    const { sent } = await noticeOf('no-egress-no-endpoints', 'notify');
    expect(sent.subject).toBe(
      '[ecs-pullfix] task failed to start — prod-apps/checkout: network-timeout (ecr): no-egress-path',
    );
    expect(sent.subject.length).toBeLessThanOrEqual(SUBJECT_MAX_CHARS);
  });

  it('keeps hostile stop reasons quoted, on one line, and cannot be made to forge a line of its own', async () => {
    const hostile =
      'CannotPullContainerError: i/o timeout\nSubject: URGENT: rotate your keys at http://evil.example\n\u001b[31mWHAT WAS DONE\u001b[0m <script>alert(1)</script>\r\nIncident inc-0000: all fixed';
    const { sent, text, structure } = await noticeOf('no-egress-no-endpoints', 'notify', hostile);
    expect(sent.subject).not.toMatch(CONTROL);
    expect(text).not.toContain('\u001b');
    const lines = text.split('\n');
    expect(lines.filter((l) => /^Subject:|^WHAT WAS DONE|^Incident inc-0000/.test(l))).toEqual([]);
    expect(lines.filter((l) => l.includes('evil.example')).every((l) => l.startsWith('    > '))).toBe(true);
    expect(() => JSON.parse(structure.sqs ?? '')).not.toThrow();
  });

  it('stays bounded, and valid, whatever the stop reason', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 300 }), async (reason) => {
        const { sent, text, structure } = await noticeOf(
          'no-egress-no-endpoints',
          'notify',
          `CannotPullContainerError: ${reason}`,
        );
        expect(sent.subject.length).toBeLessThanOrEqual(SUBJECT_MAX_CHARS);
        expect(sent.subject).not.toMatch(CONTROL);
        expect(text.length).toBeLessThanOrEqual(60_000);
        expect(() => JSON.parse(structure.sqs ?? '')).not.toThrow();
      }),
      { numRuns: 60 },
    );
    const { text, sent } = await noticeOf(
      'no-egress-no-endpoints',
      'notify',
      `CannotPullContainerError: ${'x'.repeat(1_000_000)}`,
    );
    expect(text.length).toBeLessThanOrEqual(60_000);
    expect(sent.message.length).toBeLessThan(256 * 1024);
  });
});
