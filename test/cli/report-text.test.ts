import { describe, expect, it } from 'vitest';
import type { Mode } from '../../src/core/mode.js';
import { SimulatedAccount } from '../../src/sim/account.js';
import { RecordingNotifier } from '../../src/sim/lambda.js';
import { loadScenario } from '../../src/sim/scenario.js';
import { textSink } from '../support/cli.js';
import { replayEvent } from '../support/replay.js';

/**
 * What `ecs-pullfix replay EVENT_FILE` prints as text, on the simulated account: the same
 * shell (`reportStoppedTask`) with the options `replay` gives it (the cluster's tag, at most
 * dry-run; `--mode` when given).
 */
async function replayText(
  scenario: string,
  options: Readonly<{ mode?: Mode; showNotice?: boolean; columns?: number; topic?: boolean }> = {},
) {
  const account = new SimulatedAccount(loadScenario(scenario));
  const out = Object.assign(textSink(options.columns !== undefined), { columns: options.columns });
  const notifier = options.topic ? new RecordingNotifier() : undefined;
  const code = await replayEvent(
    account,
    {
      ...(notifier ? { notifier } : {}),
      ...(options.mode ? { mode: options.mode, writer: account.ec2Writer } : { ceiling: 'dry-run' as const }),
    },
    { json: false, ...(options.showNotice ? { showNotice: true } : {}) },
    out,
  );
  return { code, text: out.text, lines: out.text.replace(/\n$/, '').split('\n') };
}

const widest = (lines: readonly string[]) => Math.max(...lines.map((l) => l.length));

describe('the replay report, as text', () => {
  it('opens, for the no-egress scenario, with the verdict in its first 3 lines: the root finding, what it breaks, the fix and its monthly cost', async () => {
    const { code, lines } = await replayText('no-egress-no-endpoints');

    expect(code).toBe(0);
    expect(lines.slice(0, 4)).toEqual([
      'no-egress-path breaks image checkout:1.4.2 and the awslogs log driver of container app.',
      'Fix (auto-fix can make it; nothing was changed): interface endpoints for ecr.api, ecr.dkr and logs',
      '  and an S3 gateway endpoint (~$21.90/month), or a NAT gateway (~$32.85/month).',
      '',
    ]);
    expect(lines[4]).toBe('prod-apps / service checkout — task 7469496bc4dfa3532f5765ae24cc823e');
  });

  it.each(['notify', 'dry-run', 'auto-fix'] as const)(
    'has no line over 100 columns when the output is not a terminal (no-egress, %s)',
    async (mode) => {
      const { lines } = await replayText('no-egress-no-endpoints', { mode });

      expect(widest(lines)).toBeLessThanOrEqual(100);
    },
  );

  it('says what auto-fix did in its verdict, with the cost of what it made', async () => {
    const { lines } = await replayText('no-egress-no-endpoints', { mode: 'auto-fix' });

    expect(lines.slice(1, 3).join(' ')).toBe(
      'Fixed: created interface endpoints for ecr.api, ecr.dkr and logs and an S3 gateway endpoint        (~$21.90/month); the network path is whole.',
    );
  });

  it("wraps to the terminal's width on a terminal", async () => {
    const { lines } = await replayText('no-egress-no-endpoints', { columns: 90 });

    expect(widest(lines)).toBeLessThanOrEqual(90);
    expect(lines.slice(1, 4)).toEqual([
      'Fix (auto-fix can make it; nothing was changed): interface endpoints for ecr.api, ecr.dkr',
      '  and logs and an S3 gateway endpoint (~$21.90/month), or a NAT gateway (~$32.85/month).',
      '',
    ]);
  });

  it('states each broken target once in a finding', async () => {
    const { text } = await replayText('no-egress-no-endpoints');

    const first = text.slice(text.indexOf('   1. no-egress-path'), text.indexOf('      ·'));
    expect(first.replace(/\s+/g, ' ').trim()).toBe(
      '1. no-egress-path — breaks image 111122223333.dkr.ecr.us-east-1.amazonaws.com/checkout:1.4.2 and the awslogs log driver of container app',
    );
  });

  it('says the notice was not sent and how to see it, without printing it', async () => {
    const { text, lines } = await replayText('no-egress-no-endpoints');

    expect(lines.at(-1)).toBe('the notice was not sent (no topic); --show-notice prints it');
    expect(text).not.toContain('WHAT FAILED');
  });

  it('prints the whole notice after the report with --show-notice', async () => {
    const { text } = await replayText('no-egress-no-endpoints', { showNotice: true });

    expect(text).toContain(
      '\n── the notice (not sent: no topic) ──\nSubject: [ecs-pullfix] task failed to start — prod-apps/checkout: network-timeout (ecr): no-egress-path\n\nA task of service checkout in cluster prod-apps could not start.\n',
    );
    expect(text).not.toContain('--show-notice prints it');
  });

  it('says where a published notice went, in one line, and prints it only with --show-notice', async () => {
    const published = await replayText('no-egress-no-endpoints', { topic: true });
    expect(published.lines.at(-1)).toBe(
      'published to SNS (message msg-1): [ecs-pullfix] task failed to start — prod-apps/checkout: network-timeout (ecr): no-egress-path',
    );
    expect(published.text).not.toContain('WHAT FAILED');

    const shown = await replayText('no-egress-no-endpoints', { topic: true, showNotice: true });
    expect(shown.text).toContain('published to SNS (message msg-1)');
    expect(shown.text).toContain('\n── the notice ──\nSubject: [ecs-pullfix] task failed to start');
  });

  it('gives the cause and the whole path as the verdict when nothing on the path is wrong', async () => {
    const { lines } = await replayText('nat-healthy-dockerhub-rate-limit');

    expect(lines.slice(0, 3)).toEqual([
      'registry-rate-limit (dockerhub): Docker Hub throttled the image pull: authenticate the pull, or',
      '  mirror the image to ECR (a pull-through cache rule).',
      'The network path is whole (path-ok): nothing to change there.',
    ]);
  });
});
