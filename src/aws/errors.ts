import { AwsCallError, type AwsFailureKind } from '../errors.js';

const DENIED =
  /AccessDenied|UnauthorizedOperation|NotAuthorized|AuthFailure|UnrecognizedClient|InvalidClientTokenId|ExpiredToken/i;
const NOT_FOUND = /NotFound|NoSuch|ResourceNotFoundException/i;
const CONFLICT = /Duplicate|AlreadyExists|IdempotentParameterMismatch/i;
const THROTTLED =
  /Throttl|RequestLimitExceeded|TooManyRequests|SlowDown|RequestThrottled|PriorRequestNotComplete/i;
const INVALID =
  /InvalidParameter|ValidationException|MissingParameter|InvalidInput|ClientException|MalformedPolicy/i;

/**
 * An SDK fault as our `AwsCallError`: the code and message AWS sent, and what kind of
 * failure it is (after the SDK's own retries, which already absorbed what they could).
 */
export function toAwsCallError(operation: string, error: unknown): AwsCallError {
  if (error instanceof AwsCallError) return error;
  const e = (typeof error === 'object' && error !== null ? error : {}) as {
    name?: string;
    Code?: string;
    code?: string;
    message?: string;
    $fault?: string;
    $metadata?: { httpStatusCode?: number };
  };
  const code = e.Code ?? e.name ?? e.code ?? 'Error';
  const message = e.message ?? String(error);
  const status = e.$metadata?.httpStatusCode;
  const kind: AwsFailureKind = CONFLICT.test(code)
    ? 'conflict'
    : THROTTLED.test(code)
      ? 'throttled'
      : DENIED.test(code)
        ? 'denied'
        : NOT_FOUND.test(code)
          ? 'not-found'
          : e.$fault === 'server' ||
              (status !== undefined && status >= 500) ||
              /TimeoutError|ECONN|EPIPE|socket hang up|NetworkingError/i.test(`${code} ${message}`)
            ? 'transient'
            : INVALID.test(code)
              ? 'invalid'
              : 'other';
  return new AwsCallError(operation, code, kind, message, { cause: error });
}

/** Runs one SDK call, translating its faults. */
export async function call<T>(operation: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (e) {
    throw toAwsCallError(operation, e);
  }
}
