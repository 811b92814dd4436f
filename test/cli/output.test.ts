import { describe, expect, it } from 'vitest';
import { terminalSafe, terminalSafeStream } from '../../src/cli/output.js';
import { runCli, textSink } from '../support/cli.js';
import { CONTROL } from '../support/shell.js';

describe(terminalSafe.name, () => {
  it.each([
    [
      'an OSC 52 that would set the clipboard',
      'x\u001b]52;c;Y3VybCB4fHNo\u0007y',
      'x\uFFFD]52;c;Y3VybCB4fHNo\uFFFDy',
    ],
    ['a CSI that would clear the screen', '\u001b[2J\u001b[Hreport', '\uFFFD[2J\uFFFD[Hreport'],
    ['C1 controls (8-bit CSI, OSC)', 'a\u009b2Jb\u009dc', 'a\uFFFD2Jb\uFFFDc'],
    ['a right-to-left override and an isolate', 'sg-\u202e1234\u2066x', 'sg-\uFFFD1234\uFFFDx'],
    ['a line separator', 'one\u2028two', 'one\uFFFDtwo'],
    [
      'a carriage return inside a line (that would hide what went before)',
      'aws iam …\rok',
      'aws iam …\uFFFDok',
    ],
  ])('shows %s as U+FFFD, doing nothing', (_, text, shown) => {
    expect(terminalSafe(text)).toBe(shown);
  });

  it('keeps newlines, tabs, and the carriage return that opens a write (the progress bar redrawing its line)', () => {
    expect(terminalSafe('\r[#####     ] 5/10 checkout')).toBe('\r[#####     ] 5/10 checkout');
    expect(terminalSafe('a\tb\nc\n')).toBe('a\tb\nc\n');
  });
});

describe(terminalSafeStream.name, () => {
  it('passes every write through the sanitizer and keeps the stream’s own terminal facts', () => {
    const sink = Object.assign(textSink(true), { columns: 120 });
    const out = terminalSafeStream(sink);
    out.write('a\u001b[31mb\n');

    expect(sink.text).toBe('a\uFFFD[31mb\n');
    expect(out.isTTY).toBe(true);
    expect((out as typeof sink).columns).toBe(120);
  });

  it('is what the command writes through: an error naming a file with an escape in its name', async () => {
    const { code, stderr } = await runCli(['replay', 'no-such-\u001b]52;c;eA==\u0007.json']);

    expect(code).toBe(252);
    expect(stderr.replaceAll('\n', '')).not.toMatch(CONTROL);
    expect(stderr).toContain('no-such-\uFFFD]52;c;eA==\uFFFD.json');
  });
});
