/**
 * The one error family. Every error ecs-pullfix raises on purpose is a `PullfixError`;
 * shells map the subclasses to exit codes, log lines and Lambda retries.
 */
export class PullfixError extends Error {
  override readonly name: string = 'PullfixError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Input a person gave us is unusable: a bad flag, an unreadable file. The CLI exits 2. */
export class InvalidInputError extends PullfixError {
  override readonly name = 'InvalidInputError';
}

/** The event is not an ECS `Task State Change` we can act on. No side effect; never retried. */
export class InvalidEventError extends PullfixError {
  override readonly name = 'InvalidEventError';
}

/** Configuration (environment or flags) is invalid; the message names the variable. */
export class ConfigError extends PullfixError {
  override readonly name = 'ConfigError';
}

/** What kind of failure an AWS call met: it decides whether the check degrades or the event is retried. */
export type AwsFailureKind =
  | 'denied'
  | 'not-found'
  | 'conflict'
  | 'throttled'
  | 'transient'
  | 'invalid'
  | 'other';

/**
 * An AWS call failed (after the SDK's own retries). `denied` and `not-found` degrade the
 * checks that needed the call to "not checked"; the rest surface, so that Lambda retries
 * the event.
 */
export class AwsCallError extends PullfixError {
  override readonly name = 'AwsCallError';
  readonly operation: string;
  readonly code: string;
  readonly kind: AwsFailureKind;
  constructor(
    operation: string,
    code: string,
    kind: AwsFailureKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${operation}: ${code}: ${message}`, options);
    this.operation = operation;
    this.code = code;
    this.kind = kind;
  }

  /** True when trying again later may succeed. */
  get retryable(): boolean {
    return this.kind === 'throttled' || this.kind === 'transient';
  }
}

/**
 * Work that could not finish for now and that trying again later completes: a fix whose
 * write AWS failed transiently, or whose lease another invocation holds. The invocation
 * fails, so that Lambda retries the event.
 */
export class RetryLaterError extends PullfixError {
  override readonly name = 'RetryLaterError';
}
