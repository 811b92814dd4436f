import fc from 'fast-check';
import { classify } from '../../src/core/classify.js';
import { parseTaskStateChange, stopRecordOf } from '../../src/core/event.js';
import { InvalidEventError } from '../../src/errors.js';

/** Keys that pollute prototypes when code merges untrusted objects carelessly. */
const POLLUTING_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

/** The places in a Task State Change event a parser reads (and so where a bad value hurts). */
const PATHS: readonly (readonly string[])[] = [
  [],
  ['detail-type'],
  ['source'],
  ['region'],
  ['account'],
  ['detail'],
  ['detail', 'taskArn'],
  ['detail', 'clusterArn'],
  ['detail', 'taskDefinitionArn'],
  ['detail', 'lastStatus'],
  ['detail', 'stopCode'],
  ['detail', 'stoppedReason'],
  ['detail', 'group'],
  ['detail', 'launchType'],
  ['detail', 'version'],
  ['detail', 'containers'],
  ['detail', 'containers', '0'],
  ['detail', 'containers', '0', 'reason'],
  ['detail', 'containers', '0', 'image'],
  ['detail', 'attachments'],
  ['detail', 'attachments', '0', 'details'],
  ['detail', 'attachments', '0', 'details', '0', 'value'],
];

/** A value of the wrong kind: anything, with polluting keys, a megabyte string, or deep nesting. */
const badValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({
    key: fc.oneof(fc.string(), fc.constantFrom(...POLLUTING_KEYS)),
    maxDepth: 3,
    withNullPrototype: true,
    withBigInt: true,
    withDate: true,
    withMap: true,
    withSet: true,
  }),
  fc.constant('x'.repeat(1_000_000)),
  fc.integer({ min: 1, max: 2_000 }).map((depth) => {
    let v: unknown = 'deep';
    for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { v };
    return v;
  }),
  fc.constant(
    JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}'),
  ),
);

function setAt(
  root: Record<string, unknown>,
  path: readonly string[],
  value: unknown,
  remove: boolean,
): unknown {
  if (path.length === 0) return value;
  let node: unknown = root;
  for (const key of path.slice(0, -1)) {
    if (typeof node !== 'object' || node === null) return root;
    node = (node as Record<string, unknown>)[key];
  }
  if (typeof node !== 'object' || node === null) return root;
  const last = path[path.length - 1] as string;
  if (remove) delete (node as Record<string, unknown>)[last];
  else Object.defineProperty(node, last, { value, enumerable: true, writable: true, configurable: true });
  return root;
}

/**
 * Events a hostile or broken sender could deliver: a real event (`base`) with one field
 * removed, given a value of the wrong kind, a megabyte string, deep nesting or polluting
 * keys; an unknown `detail-type`; arbitrary values; and some valid variants (another reason
 * text), so that a handler that refused everything would fail too.
 */
export function malformedEvent(base: Record<string, unknown>): fc.Arbitrary<unknown> {
  const mutated = fc
    .tuple(fc.constantFrom(...PATHS), badValue, fc.boolean())
    .map(([path, value, remove]) => setAt(structuredClone(base), path, value, remove && path.length > 0));
  const unknownType = fc
    .string({ maxLength: 40 })
    .map((type) => ({ ...structuredClone(base), 'detail-type': type }));
  const withPollutingKeys = fc.constantFrom(...POLLUTING_KEYS).map((key) => {
    const event = structuredClone(base);
    Object.defineProperty(event.detail as object, key, {
      value: { polluted: true },
      enumerable: true,
      configurable: true,
      writable: true,
    });
    return event;
  });
  const valid = fc.string({ maxLength: 300 }).map((reason) => {
    const event = structuredClone(base);
    (event.detail as Record<string, unknown>).stoppedReason = reason;
    return event;
  });
  return fc.oneof(
    { arbitrary: mutated, weight: 6 },
    { arbitrary: unknownType, weight: 1 },
    { arbitrary: withPollutingKeys, weight: 1 },
    { arbitrary: badValue, weight: 1 },
    { arbitrary: valid, weight: 1 },
  );
}

/**
 * What the handler must make of an event: its cause, or `invalid` when it is not a Task State
 * Change. A task that did not stop (any `lastStatus` but `STOPPED`) is no start failure.
 */
export function expectedCauseOf(event: unknown): string {
  try {
    const task = parseTaskStateChange(event);
    return task.lastStatus === 'STOPPED' ? classify(stopRecordOf(task)).cause : 'not-a-start-failure';
  } catch (e) {
    if (!(e instanceof InvalidEventError)) throw e;
    return 'invalid';
  }
}
