import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseTaskStateChange } from '../../src/core/event.js';
import { DEFAULT_DEPLOYMENT_POLICY, MODES, type Mode } from '../../src/core/mode.js';
import { brokenTargets, renderReport, wrapLines } from '../../src/core/present/index.js';
import { type Report, runPipeline } from '../../src/pipeline/run.js';
import { SimulatedAccount } from '../../src/sim/account.js';
import { InMemoryLeaseStore } from '../../src/sim/incident-store.js';
import { loadScenarios } from '../../src/sim/scenario.js';

/**
 * The one exception to the width: a line that holds a single token longer than the width
 * leaves (a long ARN, a presigned S3 URL in a stop reason, a quoted policy document in a
 * command) — a token is never cut, so that it can be copied whole. Such a line holds that
 * token alone, after its indent and label (`·`, `fix:`, `$`, `#`, `evidence:`) and before a
 * ` \`.
 */
const QUOTED_TOKEN = /^(?:[^\s'"]|'[^']*'|"[^"]*")+$/;
const LABEL = /^\s*(?:\d+\.|·|-|>|!|\$ #|\$|#|\[[^\]]*\]|[A-Za-z][\w ]{0,12}:)?\s*/;
const aloneOnItsLine = (line: string): boolean => {
  const rest = line.replace(LABEL, '').replace(/ \\$/, '');
  return /^\S+$/.test(rest) || QUOTED_TOKEN.test(rest);
};

/** Every scenario's run, in each mode: what `replay`, `diagnose` and the demo render. */
const runs: { name: string; mode: Mode; report: Report }[] = [];

beforeAll(async () => {
  for (const scenario of loadScenarios()) {
    for (const mode of MODES) {
      const account = new SimulatedAccount(scenario);
      const report = await runPipeline(parseTaskStateChange(account.event()), account, {
        deployment: DEFAULT_DEPLOYMENT_POLICY,
        mode,
        writer: account.ec2Writer,
        leases: new InMemoryLeaseStore(),
      });
      runs.push({ name: scenario.name, mode, report });
    }
  }
});

/**
 * The lines of a here-document (`$ cat > f <<'EOF'`, then `> …` to `> EOF`): its text is the
 * file's, which a continuation would change, so they are never wrapped.
 */
function outsideDocuments(lines: readonly string[]): string[] {
  let delimiter: string | undefined;
  return lines.filter((line) => {
    if (delimiter !== undefined) {
      if (line.trim() === `> ${delimiter}`) delimiter = undefined;
      return false;
    }
    // The command that opens it may itself be wrapped: its last line ends with <<'EOF'.
    delimiter = /<<'(\w+)'$/.exec(line)?.[1];
    return true;
  });
}

describe(renderReport.name, () => {
  it('never prints a line over the width, but for a token longer than the width alone on its line, or a line of a here-document', () => {
    fc.assert(
      fc.property(fc.nat({ max: 10_000 }), fc.integer({ min: 40, max: 200 }), (pick, width) => {
        const run = runs[pick % runs.length];
        if (!run) return;
        for (const line of outsideDocuments(renderReport(run.report, width).split('\n')))
          if (line.length > width)
            expect(aloneOnItsLine(line), `${run.name} [${run.mode}]: ${line}`).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('opens with the verdict, at most 2 lines before the details, for every scenario', () => {
    for (const { name, mode, report } of runs) {
      const lines = renderReport(report).split('\n');
      expect(lines.indexOf(''), `${name} [${mode}]`).toBeGreaterThan(0);
      expect(lines.indexOf(''), `${name} [${mode}]`).toBeLessThanOrEqual(2);
    }
  });

  it('prints the same words at any width: wrapping only moves line breaks', () => {
    // The marks of the layout (a prompt, a comment's `#` on each of its lines, a ` \`) aside.
    const words = (text: string) =>
      text.split(/\s+/).filter((w) => w !== '' && !['$', '#', '\\'].includes(w));
    fc.assert(
      fc.property(fc.nat({ max: 10_000 }), fc.integer({ min: 40, max: 200 }), (pick, width) => {
        const run = runs[pick % runs.length];
        if (!run) return;
        // A command's trailing comment may move before it; its words stay.
        const sorted = (text: string) => words(text).sort();
        expect(sorted(renderReport(run.report, width))).toEqual(sorted(renderReport(run.report)));
      }),
      { numRuns: 100 },
    );
  });
});

describe(wrapLines.name, () => {
  const word = fc.stringMatching(/^[a-z0-9.:/-]{1,30}$/);
  const prose = fc.array(word, { minLength: 1, maxLength: 40 }).map((ws) => ws.join(' '));

  it('keeps the words of prose in order, within the width (or alone when longer)', () => {
    fc.assert(
      fc.property(prose, fc.integer({ min: 20, max: 120 }), (text, width) => {
        const lines = wrapLines([`  fix: ${text}`], width);
        expect(lines.join(' ').split(/\s+/).filter(Boolean)).toEqual(['fix:', ...text.split(' ')]);
        for (const line of lines) if (line.length > width) expect(aloneOnItsLine(line)).toBe(true);
      }),
    );
  });

  it('wraps a command into one a shell reads the same: ` \\` continuations, never inside quotes', () => {
    const arg = fc.oneof(
      word,
      word.map((w) => `--${w}`),
      fc.array(word, { minLength: 1, maxLength: 4 }).map((ws) => `'${ws.join(' ')}'`),
      fc.array(word, { minLength: 1, maxLength: 4 }).map((ws) => `"${ws.join(' ')}"`),
    );
    const command = fc.array(arg, { minLength: 1, maxLength: 30 }).map((as) => ['aws', ...as].join(' '));
    fc.assert(
      fc.property(command, fc.integer({ min: 30, max: 120 }), (cli, width) => {
        const lines = wrapLines([`      $ ${cli}`], width);
        // What the shell sees: each ` \` and line break, with the next line's indent, is one space.
        const joined = lines
          .join('\n')
          .replace(/ \\\n\s*/g, ' ')
          .replace(/^\s*\$ /, '');
        expect(joined).toBe(cli);
        for (const line of lines.slice(0, -1)) expect(line.endsWith(' \\')).toBe(true);
      }),
    );
  });

  it('moves a comment that does not fit before its command, as a comment line (a ` \\` cannot continue one)', () => {
    const lines = wrapLines(
      [
        '      $ PUBLIC_SUBNET_ID=subnet-...   # a public subnet of vpc-0a1b2c3d (its route table sends 0.0.0.0/0 to an internet gateway)',
      ],
      80,
    );
    expect(lines).toEqual([
      '      $ # a public subnet of vpc-0a1b2c3d (its route table sends 0.0.0.0/0 to an',
      '        # internet gateway)',
      '      $ PUBLIC_SUBNET_ID=subnet-...',
    ]);
  });
});

describe(brokenTargets.name, () => {
  it('names each target once: a repeat, or a qualified repeat of a target already named, is dropped', () => {
    const image = 'image 111122223333.dkr.ecr.us-east-1.amazonaws.com/ledger:5.2.0 (container app)';
    expect(
      brokenTargets([
        image,
        image,
        `${image}: its layers are served from Amazon S3`,
        'the awslogs log driver (container app)',
      ]),
    ).toEqual([image, 'the awslogs log driver (container app)']);
  });

  it("says an image's layers when they alone are broken", () => {
    expect(brokenTargets(['image etl:3.11.0 (container etl): its layers are served from Amazon S3'])).toEqual(
      ['the S3 layers of image etl:3.11.0 (container etl)'],
    );
  });

  it('never names a target twice, whatever the list', () => {
    const target = fc.constantFrom(
      'image a:1 (container a)',
      'secret S (container a)',
      'the awslogs log driver (container a)',
    );
    const feature = fc.oneof(
      target,
      target.map((t) => `${t}: its layers are served from Amazon S3`),
    );
    fc.assert(
      fc.property(fc.array(feature, { maxLength: 8 }), (breaks) => {
        const said = brokenTargets(breaks).map((t) => t.replace(/^the S3 layers of /, ''));
        expect(new Set(said).size).toBe(said.length);
      }),
    );
  });
});
