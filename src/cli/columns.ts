import type { Writable } from 'node:stream';
import { DEFAULT_COLUMNS } from '../core/present/index.js';

/** Narrower than this, wrapping would cut more than it helps: the text is laid out for this many columns. */
const MIN_COLUMNS = 40;

/**
 * The columns to wrap text to on this output: the terminal's width, or
 * {@link DEFAULT_COLUMNS} when it is not a terminal (a file, a pipe, a CI log, a chat).
 */
export function columnsOf(out: Writable): number {
  const tty = out as Writable & { isTTY?: boolean; columns?: number };
  return tty.isTTY === true && typeof tty.columns === 'number' && tty.columns > 0
    ? Math.max(MIN_COLUMNS, tty.columns)
    : DEFAULT_COLUMNS;
}
