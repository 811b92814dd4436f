import { oneLine } from '../core/present/index.js';
import { AwsCallError, PullfixError } from '../errors.js';

/** Codes of an endpoint that does not implement the operation asked (query, JSON and REST protocols). */
const NOT_IMPLEMENTED = /NotImplemented|InvalidAction|UnknownOperation|UnsupportedOperation/i;
/** The code the adapters give an answer the SDK could not parse (`src/aws/answers.ts`). */
const MALFORMED = /^MalformedAnswer$|SerializationException/i;
/** How much of a failure's own message a reason quotes. */
const MESSAGE_CHARS = 160;

/**
 * True for a failure a check degrades on: any failed AWS call, whatever its kind, and any
 * error reading or parsing its answer. A configuration or input error is not a check's to
 * hide (no credentials fails every read the same way): it propagates.
 */
export function isReadFailure(error: unknown): boolean {
  return error instanceof AwsCallError || !(error instanceof PullfixError);
}

/**
 * What a failed read says, in one line: `<operation> was denied (<code>)`, `<operation> found
 * nothing (<code>)`, or `<operation> failed (<reason>)` — throttled or a server error even after
 * the SDK's retries, not implemented by the endpoint, a malformed answer. `operation` names
 * the read when the error does not (an error that is not an `AwsCallError`).
 */
export function failedRead(operation: string, error: unknown): string {
  if (!(error instanceof AwsCallError)) {
    const e = error instanceof Error ? error : new Error(String(error));
    return e instanceof SyntaxError
      ? `${operation} failed (malformed answer: ${firstLine(e.message)})`
      : `${operation} failed (${e.name}: ${firstLine(e.message)})`;
  }
  const op = error.operation || operation;
  if (MALFORMED.test(error.code)) return `${op} failed (malformed answer: ${firstLine(reasonOf(error))})`;
  if (NOT_IMPLEMENTED.test(error.code))
    return `${op} failed (not implemented by the endpoint: ${error.code})`;
  switch (error.kind) {
    case 'denied':
      return `${op} was denied (${error.code})`;
    case 'not-found':
      return `${op} found nothing (${error.code})`;
    case 'throttled':
      return `${op} failed (throttled, even after the SDK's retries: ${error.code})`;
    case 'transient':
      return `${op} failed (a server error or timeout, even after the SDK's retries: ${error.code})`;
    case 'invalid':
      return `${op} failed (the request was rejected: ${error.code}: ${firstLine(reasonOf(error))})`;
    case 'conflict':
    case 'other':
      return `${op} failed (${error.code}: ${firstLine(reasonOf(error))})`;
  }
}

/** The message AWS (or the adapter) gave, without the `operation: code: ` prefix `AwsCallError` adds. */
function reasonOf(e: AwsCallError): string {
  const prefix = `${e.operation}: ${e.code}: `;
  return e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message;
}

/** The first line (the SDK appends hints on lines of their own), without its full stop, bounded. */
function firstLine(text: string): string {
  return oneLine((text.split('\n')[0] ?? '').replace(/\.\s*$/, ''), MESSAGE_CHARS);
}
