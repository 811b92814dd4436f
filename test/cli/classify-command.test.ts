import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarios } from '../../src/sim/scenario.js';
import { runCli } from '../support/cli.js';
import { CORPUS, corpus, exampleEvents, ROOT } from '../support/fixtures.js';

const lines = (s: string) => s.split('\n').filter((l) => l !== '');

describe('ecs-pullfix classify', () => {
  it('writes one JSON line per input line, in order, for the whole corpus', async () => {
    const input = readFileSync(CORPUS, 'utf8');
    const { code, stdout } = await runCli(['classify', '--json'], input);
    const out = lines(stdout).map((l) => JSON.parse(l) as { id: string; cause: string });
    expect(code).toBe(0);
    expect(out.map((o) => [o.id, o.cause])).toEqual(corpus().map((m) => [m.id, m.cause]));
  });

  it('prints the documented fields for an event, an event detail and a plain record', async () => {
    const event = exampleEvents().find((e) => e.name === 'network-timeout--ecr-pull-i-o-timeout')?.event as {
      detail: unknown;
    };
    const record = {
      stoppedReason: 'CannotPullContainerError: context canceled',
      containers: [{ name: 'app', reason: '' }],
    };
    const input = [event, event.detail, record].map((v) => JSON.stringify(v)).join('\n');
    const { stdout } = await runCli(['classify', '-', '--json'], input);
    const [fromEvent, fromDetail, fromRecord] = lines(stdout).map(
      (l) => JSON.parse(l) as Record<string, unknown>,
    );
    expect(fromEvent).toMatchObject({
      cause: 'network-timeout',
      service: 'ecr',
      networkRelated: true,
      registry: { host: '111122223333.dkr.ecr.us-east-1.amazonaws.com', region: 'us-east-1' },
      evidence: ['dial tcp 54.239.28.85:443: i/o timeout'],
    });
    expect(typeof fromEvent?.summary).toBe('string');
    expect({ ...fromDetail, id: undefined }).toEqual({ ...fromEvent, id: undefined });
    expect(fromRecord).toMatchObject({ cause: 'network-timeout', registry: null });
  });

  it('reports a line that is not JSON on its own line, goes on, and exits 1', async () => {
    const input = [
      '{"stoppedReason":"Task failed to start"}',
      '{not json',
      '[1,2]',
      '',
      '{"stopCode":"SpotInterruption"}',
    ].join('\n');
    const { code, stdout } = await runCli(['classify', '--json'], input);
    const out = lines(stdout).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(out.map((o) => o.cause ?? 'error')).toEqual(['unknown', 'error', 'error', 'not-a-start-failure']);
    expect(out[1]?.error).toMatch(/^line 2: not valid JSON/);
    expect(out[2]?.error).toMatch(/^line 3: expected a JSON object/);
    expect(code).toBe(1);
  });

  it('prints one readable line per input without --json', async () => {
    const { code, stdout } = await runCli(
      ['classify'],
      '{"id":"x1","stoppedReason":"CannotPullContainerError: toomanyrequests: You have reached your pull rate limit"}\n',
    );
    expect(code).toBe(0);
    expect(lines(stdout)).toHaveLength(1);
    expect(stdout).toMatch(/^x1 {2}registry-rate-limit {2}The registry throttled the image pull/);
  });

  it('reads a file named on the command line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pullfix-'));
    writeFileSync(join(dir, 'in.jsonl'), '{"stoppedReason":"InsufficientFreeAddressesInSubnet"}\n');
    const { stdout } = await runCli(['classify', join(dir, 'in.jsonl'), '--json']);
    expect(JSON.parse(stdout)).toMatchObject({ cause: 'capacity-or-platform', service: 'none' });
  });

  it('says which file it cannot read, and exits 252 as the AWS CLI does for bad usage', async () => {
    const { code, stderr } = await runCli(['classify', '/nonexistent/stops.jsonl']);
    expect(code).toBe(252);
    expect(stderr).toMatch(/cannot read \/nonexistent\/stops\.jsonl/);
  });

  it('exits 252 on an unknown option', async () => {
    const { code, stderr } = await runCli(['classify', '--jsn']);
    expect(code).toBe(252);
    expect(stderr).toMatch(/unknown option '--jsn'/);
  });
});

describe('ecs-pullfix demo', () => {
  it('tells the story of every scenario on the simulated account', async () => {
    const { code, stdout } = await runCli(['demo']);
    expect(code).toBe(0);
    for (const s of loadScenarios())
      expect(stdout).toMatch(new RegExp(`━━ ${s.name} {2}\\[(notify|dry-run|auto-fix)\\]\\n`));
    expect(stdout).toMatch(/the diagnosis in 3 rounds/);
    expect(stdout).toContain(
      '══ one incident, three modes: no-egress-no-endpoints in notify, dry-run and auto-fix ══',
    );
  });

  it('shows one scenario in notify, dry-run and auto-fix, side by side', async () => {
    const { code, stdout } = await runCli(['demo', 'no-egress-no-endpoints']);
    expect(code).toBe(0);
    expect(stdout).toContain('missing-endpoint (ecr.dkr)');
    expect(stdout).not.toContain('━━ healthy-nat-image-not-found');
    expect(stdout).toContain('to fix it (mode notify: nothing was changed)');
    expect(stdout).toContain(
      'the plan (mode dry-run: auto-fix would make the allowed writes; nothing was changed)',
    );
    expect(stdout).toContain('what auto-fix did');
    expect(stdout).toContain('after: path-ok — the network path is whole');
  });

  it('runs one scenario in the mode asked for', async () => {
    const { stdout } = await runCli(['demo', 'no-egress-no-endpoints', '--mode', 'dry-run']);
    expect(stdout.match(/━━ /g)).toHaveLength(1);
    expect(stdout).toContain('[would apply] create-interface-endpoint ecr.dkr (~$7.30/month)');
  });

  it('names the scenarios there are when asked for one that is not', async () => {
    const { code, stderr } = await runCli(['demo', 'no-such-scenario']);
    expect(code).toBe(252);
    expect(stderr).toMatch(/no scenario named no-such-scenario; there are: .*no-egress-no-endpoints/);
  });
});

describe('the ecs-pullfix command', () => {
  it('runs from bin/ with no build step, as npx runs it', async () => {
    const stdout = await new Promise<string>((resolve, reject) => {
      const child = execFile(
        process.execPath,
        [`${ROOT}bin/ecs-pullfix.js`, 'classify', '--json'],
        (err, out) => (err ? reject(err) : resolve(out)),
      );
      child.stdin?.end(`${JSON.stringify(exampleEvents()[0]?.event)}\n`);
    });
    expect(JSON.parse(stdout)).toMatchObject({ cause: 'capacity-or-platform' });
  });
});
