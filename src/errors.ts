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
