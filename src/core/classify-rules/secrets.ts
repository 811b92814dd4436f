import { SECRET_CALL } from './calls.js';
import type { Rule } from './types.js';

/** A referenced secret, parameter, JSON key or version does not exist. */
export const SECRET_RULES: readonly Rule[] = [
  // The referenced secret, parameter, JSON key or version does not exist.
  {
    cause: 'secret-not-found',
    needles: [
      'find the specified secret',
      'parameternotfound',
      'parameterversion',
      'json key',
      'unable to find version',
    ],
    pattern:
      /(?:ResourceNotFoundException: )?Secrets Manager can.?t find the specified secret(?: value)?[\w ]*|Parameter(?:Version(?:Label)?)?NotFound\w*|did not contain json key [^\s,:]+|json key [^\s,:]+ (?:not found|does not exist)|unable to find version[\w ]*/i,
  },
  {
    cause: 'secret-not-found',
    needles: [
      'invalid parameter',
      'invalid ssm parameter',
      'invalidparameter',
      'getsecretvalueinput',
      'resourcenotfoundexception',
      'does not exist',
      'not found',
    ],
    pattern:
      /invalid ?(?:ssm )?parameters?:?\s*[^\s,]*|GetSecretValueInput\.\w+|ResourceNotFoundException|(?:secret|parameter)s? (?:\S+ )?(?:does not|doesn't|do not) exist|(?:secret|parameter) [^\s]{1,200} not found/i,
    requires: SECRET_CALL,
    unless: /log group|log stream/i,
  },
  // The agent gives up after one attempt on a non-retryable answer; when the text is cut
  // right there (console truncation), the answer for a secret fetch is nearly always that the
  // parameter or secret does not exist (an AccessDenied would have come first and been shown).
  {
    cause: 'secret-not-found',
    needles: ['retried 1 time'],
    pattern:
      /unable to retrieve secrets? from (?:ssm|asm): service call has been retried 1 times?(?:\(s\))?(?:\.{3}|…)?\s*$/i,
  },
];
