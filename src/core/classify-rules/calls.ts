import type { Fact } from './types.js';

// The calls a rule may require: where a timeout, a not-found or a cancellation means what the rule says.

/** Where a timeout or cancellation is a network symptom: a pull, a registry auth, a secret fetch, a log call. */
export const NETWORK_CALL: Fact = {
  needles: [
    'pull',
    'cannotpull',
    'registry auth',
    'secret',
    'ssm',
    'asm',
    'log stream',
    'ecr',
    'resolve ref',
    'manifest',
    'send request',
    'registry',
    'env file',
    'environment file',
  ],
  pattern:
    /CannotPull\w*|pull image[\w ]*|unable to retrieve (?:ecr registry auth|secrets?)|failed to fetch secret|from (?:asm|ssm)\b|log stream|failed to resolve ref|send request failed|registry endpoint|download env(?:ironment)? files?/i,
};

/** A secret or parameter retrieval (for `ResourceNotFoundException`, `invalid parameters`). */
export const SECRET_CALL: Fact = {
  needles: ['secret', 'ssm', 'asm', 'parameter'],
  pattern:
    /unable to retrieve secrets? from (?:asm|ssm)|secrets manager|secretsmanager|ssm parameter store|parameter store|from (?:asm|ssm)\b|:parameter\//i,
};

/** A pull: where a bare "not found" means the image, not some other resource. */
export const PULL_CALL: Fact = {
  needles: ['pull', 'cannotpull', 'resolve ref', 'manifest', 'image'],
  pattern:
    /CannotPull\w*|failed to resolve ref(?:erence)?|pull image manifest|pulling (?:from host|image)|ref pull|inspect image/i,
};
