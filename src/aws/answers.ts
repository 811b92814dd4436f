import { AwsCallError, type ConfigError } from '../errors.js';
import { toAwsCallError } from './errors.js';

/** The code of an answer the SDK could not read (an HTML error page, a truncated body). */
export const MALFORMED_ANSWER = 'MalformedAnswer';

/**
 * An SDK fault as our error, telling an answer that could not be read from one AWS sent:
 * an endpoint that does not implement an operation may answer with an HTML page (moto's
 * IAM answers `SimulatePrincipalPolicy` so, with HTTP 500), which the SDK fails to parse
 * (an XML parse error, or a `SyntaxError` from the JSON protocols) — a "malformed answer",
 * not the message of a service error.
 */
export function toReadError(operation: string, error: unknown): AwsCallError | ConfigError {
  const translated = toAwsCallError(operation, error);
  if (!(translated instanceof AwsCallError) || !isMalformedAnswer(error)) return translated;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  // The SDK appends a hint about `$response` on its own line: the first line is the parse error.
  const said = (error.message.split('\n')[0] ?? '').trim() || error.name;
  return new AwsCallError(
    operation,
    MALFORMED_ANSWER,
    status !== undefined && status >= 500 ? 'transient' : 'other',
    `${status !== undefined ? `HTTP ${status}, ` : ''}${said}`,
    { cause: error },
  );
}

/** Runs one SDK call, translating its faults (a malformed answer included). */
export async function read<T>(operation: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (e) {
    throw toReadError(operation, e);
  }
}

/**
 * A parse failure, not an answer: a service error carries `$fault`; a deserialization failure
 * is a `SyntaxError` (JSON) or an error the SDK's deserializer marked with `$response`.
 */
function isMalformedAnswer(error: unknown): error is Error {
  if (!(error instanceof Error) || error instanceof AwsCallError || '$fault' in error) return false;
  return (
    error instanceof SyntaxError ||
    '$response' in error ||
    /Deserialization error|parse error/i.test(error.message)
  );
}
