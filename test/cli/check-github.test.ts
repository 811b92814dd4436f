import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  annotations,
  escapeData,
  escapeProperty,
  githubOutput,
  jobSummary,
  markdownText,
} from '../../src/cli/check-github.js';
import type { CheckReport } from '../../src/cli/check-report.js';

/** A check of `checkout`'s next revision in a private subnet with no way out (as `check` reports it). */
const broken: CheckReport = {
  subject: 'checkout (deploy/taskdef.json)',
  where: 'subnets subnet-0a1b2c3d; security groups sg-0f1e2d3c; public IP off',
  file: 'deploy/taskdef.json',
  wouldFail: true,
  verdict: [
    'A new task would fail to start: no-egress-path breaks image checkout:1.4.3.',
    'Fix: interface endpoints for ecr.api, ecr.dkr and logs and an S3 gateway endpoint (~$21.90/month).',
  ],
  blocking: [
    {
      key: 'no-egress-path',
      evidence: ['rtb-0aa (of subnet-0a1b2c3d) has no route for 0.0.0.0/0'],
      fix: 'Give subnet-0a1b2c3d a way out.',
    },
    {
      key: 'missing-endpoint:ecr.dkr',
      evidence: ['no interface endpoint for com.amazonaws.us-east-1.ecr.dkr in vpc-0a1b'],
      fix: 'Create an interface endpoint for com.amazonaws.us-east-1.ecr.dkr.',
    },
  ],
  unchecked: [{ check: 'execution-role', why: 'iam:SimulatePrincipalPolicy was denied' }],
  checks: [],
};

describe(escapeData.name, () => {
  it.each([
    ['100% sure', '100%25 sure'],
    ['line one\nline two', 'line one%0Aline two'],
    ['a\r\nb', 'a%0D%0Ab'],
    ['%0A is not a newline', '%250A is not a newline'],
    ['a: b, c', 'a: b, c'],
  ])('%j → %j', (text, escaped) => {
    expect(escapeData(text)).toBe(escaped);
  });
});

describe(escapeProperty.name, () => {
  it.each([
    ['ecs-pullfix: missing-endpoint:ecr.dkr', 'ecs-pullfix%3A missing-endpoint%3Aecr.dkr'],
    ['a,b', 'a%2Cb'],
    ['50%\n', '50%25%0A'],
  ])('%j → %j', (text, escaped) => {
    expect(escapeProperty(text)).toBe(escaped);
  });
});

describe(annotations.name, () => {
  it('gives an error per blocking finding, on the file, and a warning per check not made', () => {
    expect(annotations(broken)).toEqual([
      '::error file=deploy/taskdef.json,title=ecs-pullfix%3A no-egress-path::checkout (deploy/taskdef.json) would not start: no-egress-path%0A· rtb-0aa (of subnet-0a1b2c3d) has no route for 0.0.0.0/0%0Afix: Give subnet-0a1b2c3d a way out.',
      '::error file=deploy/taskdef.json,title=ecs-pullfix%3A missing-endpoint%3Aecr.dkr::checkout (deploy/taskdef.json) would not start: missing-endpoint:ecr.dkr%0A· no interface endpoint for com.amazonaws.us-east-1.ecr.dkr in vpc-0a1b%0Afix: Create an interface endpoint for com.amazonaws.us-east-1.ecr.dkr.',
      '::warning file=deploy/taskdef.json,title=ecs-pullfix%3A not checked (execution-role)::iam:SimulatePrincipalPolicy was denied',
    ]);
  });

  it('gives none for a task that would start with everything checked', () => {
    expect(annotations({ ...broken, wouldFail: false, blocking: [], unchecked: [] })).toEqual([]);
  });
});

describe(githubOutput.name, () => {
  it('fences the plain report between stop-commands and its token, after the annotations', () => {
    const out = githubOutput(
      broken,
      'A new task would fail to start.',
      () => 'f00dfeedf00dfeedf00dfeedf00dfeed',
    );
    expect(out.split('\n').slice(-4)).toEqual([
      '::stop-commands::f00dfeedf00dfeedf00dfeedf00dfeed',
      'A new task would fail to start.',
      '::f00dfeedf00dfeedf00dfeedf00dfeed::',
      '',
    ]);
  });

  it('takes another token when the report holds one (in any case), or one is too short', () => {
    const tokens = ['short', 'ABCDEF0123456789ABCDEF', 'f00dfeedf00dfeedf00dfeedf00dfeed'];
    const out = githubOutput(broken, 'quoted: ::abcdef0123456789abcdef::', () => tokens.shift() ?? '');
    expect(out).toContain('::stop-commands::f00dfeedf00dfeedf00dfeedf00dfeed\n');
  });
});

describe(jobSummary.name, () => {
  it('says the verdict, then a table of what stops the task, then what was not checked', () => {
    expect(jobSummary(broken).split('\n')).toEqual([
      '### ❌ ecs-pullfix check: checkout \\(deploy/taskdef.json\\) would not start',
      '',
      'subnets subnet-0a1b2c3d; security groups sg-0f1e2d3c; public IP off',
      '',
      '> A new task would fail to start: no-egress-path breaks image checkout:1.4.3.',
      '> Fix: interface endpoints for ecr.api, ecr.dkr and logs and an S3 gateway endpoint \\(\\~\\$21.90/month\\).',
      '',
      '| # | finding | evidence | fix |',
      '| --: | --- | --- | --- |',
      '| 1 | no-egress-path | rtb-0aa \\(of subnet-0a1b2c3d\\) has no route for 0.0.0.0/0 | Give subnet-0a1b2c3d a way out. |',
      '| 2 | missing-endpoint:ecr.dkr | no interface endpoint for com.amazonaws.us-east-1.ecr.dkr in vpc-0a1b | Create an interface endpoint for com.amazonaws.us-east-1.ecr.dkr. |',
      '',
      'Not checked:',
      '',
      '- execution-role: iam:SimulatePrincipalPolicy was denied',
      '',
    ]);
  });

  it.each([
    ['a | b', 'a \\| b'],
    ['<img src=x onerror=alert(1)>', '\\<img src=x onerror=alert\\(1\\)\\>'],
    ['[click](https://evil.example)', '\\[click\\]\\(https://evil.example\\)'],
    [
      '**bold** `code` ~~gone~~ $x$ @octocat &amp;',
      '\\*\\*bold\\*\\* \\`code\\` \\~\\~gone\\~\\~ \\$x\\$ \\@octocat \\&amp;',
    ],
    ['two\nlines\r\nand\u2028more', 'two lines and more'],
    ['back\\slash', 'back\\\\slash'],
  ])('markdownText(%j) = %j', (text, md) => {
    expect(markdownText(text)).toBe(md);
  });
});

/** Strings an attacker controls: image names, evidence, AWS messages, with the characters that matter. */
const hostile = fc.string({
  unit: fc.constantFrom(
    ...'abc:,%\r\n\u2028\u0085|<>&[]()`*_~$@#\\!- 0'.split(''),
    '::',
    '::set-output name=x::',
    '::add-mask::',
    '::stop-commands::',
    '%0A',
  ),
  maxLength: 60,
});

const hostileReport = fc.record({
  subject: hostile,
  where: hostile,
  file: hostile,
  wouldFail: fc.boolean(),
  verdict: fc.array(hostile, { maxLength: 3 }),
  blocking: fc.array(
    fc.record({ key: hostile, evidence: fc.array(hostile, { maxLength: 5 }), fix: hostile }),
    {
      maxLength: 4,
    },
  ),
  unchecked: fc.array(fc.record({ check: hostile, why: hostile }), { maxLength: 3 }),
  checks: fc.constant([]),
});

/** A table row's cells: split on the `|` no backslash escapes. */
const unescapedPipes = (line: string) => (line.replace(/\\./g, '').match(/\|/g) ?? []).length;

describe('untrusted text in the github format', () => {
  it('never makes a workflow command of its own: each command line is one of ours, one per finding', () => {
    fc.assert(
      fc.property(hostileReport, hostile, (report, text) => {
        const out = githubOutput(report, text, () => 'f00dfeedf00dfeedf00dfeedf00dfeed');
        const lines = out.split(/\r\n|\r|\n/);
        const fenceAt = lines.indexOf('::stop-commands::f00dfeedf00dfeedf00dfeedf00dfeed');
        const before = lines.slice(0, fenceAt);
        expect(before).toHaveLength(report.blocking.length + report.unchecked.length);
        for (const line of before) expect(line).toMatch(/^::(error|warning) (file=[^:,]*,)?title=[^:,]*::/);
        // Inside the fence only the closing token ends it: the runner runs nothing of the text.
        const inside = lines.slice(fenceAt + 1);
        const closing = inside
          .map((l) => l.trim().toLowerCase())
          .indexOf('::f00dfeedf00dfeedf00dfeedf00dfeed::');
        expect(closing).toBe(inside.length - 2);
      }),
    );
  });

  it('never breaks the summary: one table row per finding, four cells each, no raw markup', () => {
    fc.assert(
      fc.property(hostileReport, (report) => {
        const lines = jobSummary(report).split('\n');
        const rows = lines.filter((l) => l.startsWith('| ') && !l.startsWith('| #') && !l.startsWith('| --'));
        expect(rows).toHaveLength(report.blocking.length);
        for (const row of rows) expect(unescapedPipes(row)).toBe(5);
        // What is left of the text once our own markup (heading, quote, list, line breaks) and
        // every escaped character are taken out: no character that opens markup.
        const raw = lines
          .map((l) => l.replace(/^(### |> |- )/, ''))
          .join('\n')
          .replaceAll('<br>', '')
          .replace(/\\./g, '');
        expect(raw).not.toMatch(/[<>[\]`*_~$@&]/);
        expect(lines.filter((l) => l.startsWith('#'))).toHaveLength(1);
      }),
    );
  });
});
