import type { Classification } from './causes.js';

/**
 * One readable line for a classification: `cause (service)  summary`, prefixed by a label
 * (a file name, a line number) when given.
 */
export function renderClassificationLine(c: Classification, label?: string): string {
  const head = c.service === 'none' || c.service === 'unknown' ? c.cause : `${c.cause} (${c.service})`;
  const evidence = c.evidence[0] === undefined ? '' : `  [${oneLine(c.evidence[0], 120)}]`;
  return `${label === undefined ? '' : `${label}  `}${head}  ${c.summary}${evidence}`;
}

/** The JSON document of one classification, as `ecs-pullfix classify --json` prints it. */
export function classificationDocument(c: Classification, id?: string): Record<string, unknown> {
  return {
    ...(id === undefined ? {} : { id }),
    cause: c.cause,
    service: c.service,
    networkRelated: c.networkRelated,
    registry: c.registry === null ? null : { host: c.registry.host, region: c.registry.region ?? null },
    evidence: c.evidence,
    summary: c.summary,
  };
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/**
 * Text from a stop message made safe for one terminal or e-mail line: control characters
 * (newlines, ANSI escapes) become spaces, runs of spaces fold, and it is cut to `max`.
 */
export function oneLine(text: string, max: number): string {
  const flat = text
    .replace(CONTROL_CHARACTERS, ' ')
    .replace(/\s{2,}/g, ' ')
    .trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
