import type { Writable } from 'node:stream';

/**
 * What the command writes, made safe for a terminal: the last pass over every write to
 * standard output and standard error. The report, the notice and the JSON documents are
 * already clean (`src/core/shell.ts`); this pass holds when something is not (an AWS error
 * message quoted in a line, a name a future change forgets). Nothing ecs-pullfix writes is an
 * escape sequence, so nothing of its own is lost.
 */

/**
 * What may not reach a terminal: C0 but tab and newline, DEL, C1 (CSI, OSC: an OSC 52 sets
 * the clipboard), the line and paragraph separators, bidi overrides, isolates and marks.
 */
const UNSAFE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

/** Shown where a character was taken out, so that a reader sees something was there. */
const REPLACEMENT = '\uFFFD';

/**
 * `text` without what may not reach a terminal, each such character shown as U+FFFD. A
 * carriage return that opens a write stays: the progress bar of `scan` redraws its line so.
 */
export function terminalSafe(text: string): string {
  const lead = text.startsWith('\r') ? '\r' : '';
  return lead + text.slice(lead.length).replace(UNSAFE, REPLACEMENT);
}

/**
 * The stream, with every write passed through {@link terminalSafe}; everything else (its
 * `isTTY`, `columns`, events) is the stream's own.
 */
export function terminalSafeStream<T extends Writable>(stream: T): T {
  const write = (chunk: unknown, ...rest: unknown[]): boolean => {
    const text =
      typeof chunk === 'string'
        ? terminalSafe(chunk)
        : Buffer.isBuffer(chunk)
          ? terminalSafe(chunk.toString('utf8'))
          : chunk;
    return (stream.write as (...args: unknown[]) => boolean).call(stream, text, ...rest);
  };
  return new Proxy(stream, {
    get(target, property) {
      if (property === 'write') return write;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
