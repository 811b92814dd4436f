import { AwsCallError, type AwsFailureKind, ConfigError } from '../errors.js';

const DENIED =
  /AccessDenied|UnauthorizedOperation|NotAuthorized|AuthFailure|UnrecognizedClient|InvalidClientTokenId|ExpiredToken/i;
const NOT_FOUND = /NotFound|NoSuch|ResourceNotFoundException/i;
const CONFLICT = /Duplicate|AlreadyExists|IdempotentParameterMismatch/i;
const THROTTLED =
  /Throttl|RequestLimitExceeded|TooManyRequests|SlowDown|RequestThrottled|PriorRequestNotComplete/i;
const INVALID =
  /InvalidParameter|ValidationException|MissingParameter|InvalidInput|ClientException|MalformedPolicy/i;

/**
 * The SDK failing before any request is sent — no credentials, no region, an endpoint it cannot
 * use — is the user's configuration, not "an AWS call failed".
 */
const SDK_CONFIGURATION =
  /^(CredentialsProviderError|ProviderError|TokenProviderError)$|^Region is missing|^Invalid region|Invalid URL|endpoint.*(invalid|not a valid)/i;

function configurationError(operation: string, error: unknown): ConfigError | undefined {
  // An answer from AWS carries `$fault`: whatever it says, the request was sent.
  if (!(error instanceof Error) || '$fault' in error) return undefined;
  if (!SDK_CONFIGURATION.test(error.name) && !SDK_CONFIGURATION.test(error.message)) return undefined;
  const what = /region/i.test(error.message)
    ? 'set AWS_REGION or pass --region'
    : /credential|token/i.test(`${error.name} ${error.message}`)
      ? 'set AWS credentials, AWS_PROFILE or --profile'
      : 'check AWS_ENDPOINT_URL and the profile’s endpoint_url';
  return new ConfigError(`${operation} could not be sent: ${error.message.split('\n')[0]} (${what})`, {
    cause: error,
  });
}

/**
 * An SDK fault as our `AwsCallError`: the code and message AWS sent, and what kind of
 * failure it is (after the SDK's own retries, which already absorbed what they could). The
 * SDK's own configuration failures (credentials, region, endpoint) are a `ConfigError`.
 */
export function toAwsCallError(operation: string, error: unknown): AwsCallError | ConfigError {
  if (error instanceof AwsCallError || error instanceof ConfigError) return error;
  const config = configurationError(operation, error);
  if (config) return config;
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
