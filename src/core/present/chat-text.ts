import type { StoppedTask } from '../event.js';
import { CONTROL_CHARACTERS } from '../shell.js';
import { consoleUrlOf } from './text.js';

/*
 * Markdown a chat client cannot be tricked by. The chat notice (./chat.ts) is drawn in the
 * client's markdown (Slack's mrkdwn, Teams' markdown), where text from AWS or an event could
 * ping a channel (`@here`, `<!channel>`), make a link (`<https://…|click>`, `[x](https://…)`,
 * or a bare `evil.example`, which both clients turn into a link), or open a code fence that
 * swallows the rest of the message. So:
 *
 * - text that is not ours is only ever shown inside an inline code span (`code`): neither
 *   client links, formats or mentions inside one; and it cannot leave the span, for it holds
 *   no backtick, no newline, and none of `< > & @` (Slack's control sequences, and what an
 *   HTML-decoding step could turn into one), each replaced by a look-alike;
 * - our own words pass through the same replacements (`prose`), so that a `<region>` in a
 *   sentence of ours is not taken for a link either;
 * - text is cut on a code point, never inside a surrogate pair, and a construct (a code span,
 *   a bold run, a line) is cut whole or not at all.
 *
 * The e-mail and the JSON document keep the exact text; the chat notice is a summary that
 * points to them. Pure.
 */

/** Stand-ins for the characters that could break out of a code span or reach a client's parser. */
const LOOK_ALIKES: Readonly<Record<string, string>> = {
  '`': 'ˋ',
  '<': '‹',
  '>': '›',
  '&': '＆',
  '@': '＠',
};
const BREAKOUT = /[`<>&@]/g;

/** A half of a surrogate pair standing alone (text cut elsewhere): not a character. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `text` as one line without control characters or lone surrogates, runs of spaces folded. */
function flat(text: string): string {
  return text
    .replace(LONE_SURROGATE, '\uFFFD')
    .replace(CONTROL_CHARACTERS, ' ')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

/**
 * At most `max` UTF-16 code units of `text` (what JavaScript's `length` counts, never fewer
 * than the code points a limit in characters counts), cut on a code point and ended with `…`
 * when cut.
 */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  for (const point of text) {
    if (out.length + point.length > max - 1) break;
    out += point;
  }
  return `${out}…`;
}

/** Our own words, safe in the client's markdown: one line, no character a client's parser acts on. */
export function prose(text: string): string {
  return flat(text).replace(BREAKOUT, (c) => LOOK_ALIKES[c] ?? ' ');
}

/** Text that is not ours, as an inline code span of at most `max` characters inside its backticks. */
export function code(text: string, max = 120): string {
  const safe = cut(prose(text), Math.max(2, max));
  return `\`${safe === '' ? '—' : safe}\``;
}

/** A bold lead-in (`*What failed:*`) for a line of ours. */
export const bold = (words: string): string => `*${prose(words)}*`;

/** A short plain word for the keywords and the metadata: letters, digits and `. _ : -` only. */
export function word(text: string, max: number): string {
  // All ASCII once replaced: cut anywhere, without an ellipsis (not one of the allowed characters).
  return text
    .replace(/[^\w.:-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max);
}

/** A name as the summary shows it (a preview, in plain text): letters, digits and `_ : -` only — no dot a client could link. */
export const label = (text: string, max: number): string => word(text.replaceAll('.', '-'), max);

const MORE = '… (cut: the e-mail notice has the rest)';

/**
 * Lines joined into at most `max` characters: whole lines only, dropping from the end of
 * `body` first (then of `tail`), with a line that says the rest is in the e-mail.
 */
export function boundedLines(body: readonly string[], tail: readonly string[], max: number): string {
  const all = [...body, ...tail].join('\n');
  if (all.length <= max) return all;
  const kept = [...body];
  const rest = [...tail];
  const text = () => [...kept, MORE, ...rest].join('\n');
  while (kept.length > 0 && text().length > max) kept.pop();
  while (rest.length > 0 && text().length > max) rest.pop();
  return text().length <= max ? text() : '';
}

/**
 * The task's console page, when its region is a region's name (so the link's host is AWS's
 * console) and its cluster and task are named as ECS names them (nothing to escape).
 */
export function consoleStep(task: StoppedTask): string[] {
  const named = /^[\w-]{1,255}$/;
  return /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(task.region) &&
    named.test(task.clusterName) &&
    named.test(task.taskId)
    ? [`Open the task in the AWS console: ${consoleUrlOf(task)}`]
    : [];
}
