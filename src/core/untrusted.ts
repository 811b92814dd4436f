import { MAX_FIELD_CHARS } from './classify.js';

/**
 * What happens to every string that comes from outside (an event, a `DescribeTasks` answer, a
 * line given to `classify`) before anything else sees it: it is cut to a cap, and a stop
 * reason loses the credentials a presigned URL carries. Pure; never throws.
 *
 * The caps are far above anything ECS sends (names of at most 255 characters, images of at
 * most 255, stop reasons of a few hundred), so a real event never reaches one: they bound the
 * work and the memory a hostile event can cost, and a longer value is cut rather than refused,
 * so that the diagnosis of the stop reason goes on. A value cut at a cap is still longer than
 * AWS allows, so cutting cannot turn an invalid name into a valid one.
 */
export const INPUT_CAPS = {
  /** A stop reason, the task's or a container's: what the classifier reads of it anyway. */
  reasonChars: MAX_FIELD_CHARS,
  /** An image reference (ECS allows 255 characters). */
  imageChars: 4_096,
  /** An ARN (AWS's longest are 2,048); a longer one is no ARN, and the event is refused. */
  arnChars: 2_048,
  /** Every other string: names, ids, statuses, timestamps (ECS's are at most 255). */
  shortChars: 1_024,
  /** Containers in a task (ECS allows 10 in a task definition), attachments, their details. */
  listItems: 100,
} as const;

/** `text` cut to at most `max` UTF-16 units, never between the two halves of a surrogate pair. */
export function capped(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

/** What replaces a credential in the text. */
export const REDACTED = '[redacted]';

/**
 * A query parameter of a presigned URL and its value: every `X-Amz-*` one of Signature
 * Version 4 (`X-Amz-Credential`, `X-Amz-Security-Token`, `X-Amz-Signature`…) and the
 * `AWSAccessKeyId` and `Signature` of Signature Version 2.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html
 *
 * The `=` may be written plainly, percent-encoded (a presigned URL inside another URL's
 * query) or as Go's `fmt` prints an unescaped `%3D` (`%!D(MISSING)`: the container agent's
 * messages mangle a URL's percent signs that way, so a token reads `IQoJ…%!B(MISSING)…`, and
 * parentheses do not end a value). The value runs to the next `&` (or `%26`), space, quote,
 * backslash, bracket, colon or separator. A name is at most 64 characters after `X-Amz-` (AWS's are
 * under 20), so that no run of letters is scanned twice: one pass, no backtracking. A value
 * already redacted is left as it is.
 */
const PRESIGNED_PARAMETER =
  /(X-Amz-[A-Za-z0-9-]{1,64}|AWSAccessKeyId|Signature)(=|%3D|%!D\(MISSING\))(?!\[redacted\])(?:(?!%26)[^\s&"'<>\\#,:;[\]{}|])+/gi;

/**
 * The text with the value of every presigned-URL credential parameter replaced by
 * `[redacted]` (`X-Amz-Security-Token=[redacted]`): a stop reason can quote the URL of an
 * image layer, and the notice, the incident table and the terminal must not carry the
 * session token in it. Idempotent.
 */
export function redactPresigned(text: string): string {
  return text.replace(PRESIGNED_PARAMETER, `$1$2${REDACTED}`);
}

/** A stop reason as the rest of ecs-pullfix may see it: capped, then without credentials. */
export function cleanReason(text: string): string {
  return redactPresigned(capped(text, INPUT_CAPS.reasonChars));
}
