import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

/** The summary table the demo ends with: its header and rows, columns split at runs of spaces. */
function summaryOf(stdout: string): { title: string; rows: string[][] } {
  const lines = stdout.trimEnd().split('\n');
  const at = lines.findIndex((l) => l.startsWith('══ summary:'));
  return { title: lines[at] ?? '', rows: lines.slice(at + 1).map((l) => l.split(/ {2,}/)) };
}

describe('ecs-pullfix demo', () => {
  it('ends a scenario shown in three modes with a summary table, one row per story', async () => {
    const { code, stdout } = await runCli(['demo', 'no-egress-no-endpoints']);

    expect(code).toBe(0);
    const { title, rows } = summaryOf(stdout);
    expect(title).toBe('══ summary: 3 stories; 1 of 1 in auto-fix fixed ══');
    expect(rows.map((r) => r.slice(0, 6))).toEqual([
      ['scenario', 'cause', 'root finding', 'mode', 'fixed?', 'rounds'],
      // Two rounds: the security groups come with the VPC's reads, and nothing is left for a third.
      ['no-egress-no-endpoints', 'network-timeout', 'no-egress-path', 'notify', '-', '2'],
      ['no-egress-no-endpoints', 'network-timeout', 'no-egress-path', 'dry-run', '-', '2'],
      ['no-egress-no-endpoints', 'network-timeout', 'no-egress-path', 'auto-fix', 'yes', '3'],
    ]);
    // Calls: the reads of a diagnosis; auto-fix adds its writes and the re-inspection.
    const calls = rows.slice(1).map((r) => Number(r[6]));
    expect(calls[0]).toBe(calls[1]);
    expect(calls[2]).toBeGreaterThan(calls[0] ?? 0);
  });

  it('has a row for every scenario of the full demo, then the showcase in three modes', async () => {
    const { stdout } = await runCli(['demo']);

    const { rows } = summaryOf(stdout);
    const stories = rows.slice(1);
    const scenarios = Number(/ecs-pullfix demo: (\d+) stopped tasks/.exec(stdout)?.[1]);
    expect(stories).toHaveLength(scenarios + 3);
    expect(stories.find((r) => r[0] === 'healthy-nat-image-not-found')?.slice(1, 3)).toEqual([
      'image-not-found',
      'image-tag-missing',
    ]);
  });

  it('opens each story with its verdict, wrapped to 100 columns when not on a terminal', async () => {
    const { stdout } = await runCli(['demo', 'no-egress-no-endpoints', '--mode', 'notify']);

    const lines = stdout.split('\n');
    const header = lines.findIndex((l) => l.startsWith('━━ no-egress-no-endpoints  [notify]'));
    expect(lines.slice(header + 3, header + 6)).toEqual([
      'no-egress-path breaks image checkout:1.4.2 and the awslogs log driver of container app.',
      'Fix (auto-fix can make it; nothing was changed): interface endpoints for ecr.api, ecr.dkr and logs',
      '  and an S3 gateway endpoint (~$21.90/month), or a NAT gateway (~$32.85/month).',
    ]);
    const report = lines.slice(
      0,
      lines.findIndex((l) => l.startsWith('══ summary:')),
    );
    expect(Math.max(...report.map((l) => l.length))).toBeLessThanOrEqual(100);
  });
});
