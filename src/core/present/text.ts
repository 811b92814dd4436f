import type { StoppedTask } from '../event.js';
import { CONTROL_CHARACTERS } from '../shell.js';

/*
 * Words every renderer shares: one safe line of untrusted text, lists in prose, money, the
 * console link. Pure.
 */

/**
 * Text from a stop message made safe for one terminal or e-mail line: control characters
 * (newlines, ANSI escapes, bidi overrides: see `../shell.ts`) become spaces, runs of spaces
 * fold, and it is cut to `max`.
 */
export function oneLine(text: string, max: number): string {
  const flat = text
    .replace(CONTROL_CHARACTERS, ' ')
    .replace(/\s{2,}/g, ' ')
    .trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** `a`, `a and b`, `a, b and c`; past `max` items, `a, b and 3 more`. */
export function listOf(items: readonly string[], max = Number.POSITIVE_INFINITY): string {
  const shown = items.length > max ? [...items.slice(0, max), `${items.length - max} more`] : [...items];
  const last = shown.pop();
  return shown.length === 0 ? (last ?? '') : `${shown.join(', ')} and ${last}`;
}

/** SNS takes 256 KiB a message; a notice's e-mail and its JSON document each stay well under half. */
export const BODY_MAX_CHARS = 60_000;

/** `~$7.30/month`, or `no monthly cost`. */
export const money = (usd: number): string => (usd > 0 ? `~$${usd.toFixed(2)}/month` : 'no monthly cost');

export const capitalised = (s: string): string => `${s.charAt(0).toUpperCase()}${s.slice(1)}`;

const CONTAINER = / \(container ([^,()]+)\)$/;

/**
 * What a finding breaks, in words: `image app:1 and the awslogs log driver of container app`
 * (a container all its targets share is named once).
 */
export function breaksPhrase(targets: readonly string[], max: number): string {
  const containers = targets.map((t) => CONTAINER.exec(t)?.[1]);
  const shared = containers[0];
  if (targets.length > 1 && shared !== undefined && containers.every((c) => c === shared))
    return `${listOf(
      targets.map((t) => t.replace(CONTAINER, '')),
      max,
    )} of container ${shared}`;
  return listOf(targets, max);
}

/** The AWS console page of the task. */
export function consoleUrlOf(task: StoppedTask): string {
  const r = uriPart(task.region);
  return `https://${r}.console.aws.amazon.com/ecs/v2/clusters/${uriPart(task.clusterName)}/tasks/${uriPart(task.taskId)}/configuration?region=${r}`;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** A URI component of an untrusted name: a lone surrogate (JSON admits one) would make `encodeURIComponent` throw. */
function uriPart(s: string): string {
  return encodeURIComponent(s.replace(LONE_SURROGATE, '\uFFFD'));
}

/**
 * What a finding breaks, each target once: the same feature named by several needs (the
 * image, for ecr.api and ecr.dkr) is said once, and a qualified repeat of a target already
 * named (`image …: its layers are served from Amazon S3` beside `image …`) adds nothing.
 */
export function brokenTargets(breaks: readonly string[]): string[] {
  const unique = [...new Set(breaks)];
  return unique
    .filter((b) => !unique.some((a) => a !== b && b.startsWith(`${a}: `)))
    .map((b) => b.replace(S3_LAYERS, 'the S3 layers of $1'));
}

/** How the needs name an image's layers: `image … (container app): its layers are served from Amazon S3`. */
const S3_LAYERS = /^(.*): its layers are served from Amazon S3$/;

/**
 * The task's own private ECR registry (`111122223333.dkr.ecr.us-east-1.amazonaws.com/`), from
 * any ARN of its account and region (the task definition's): the verdict names images of it
 * by repository and tag only. An image of another account or region keeps its full name.
 */
export function ownRegistryOf(arn: string): string | undefined {
  const m = /^arn:aws:[a-z0-9-]+:([a-z0-9-]+):(\d{12}):/.exec(arn);
  return m ? `${m[2]}.dkr.ecr.${m[1]}.amazonaws.com/` : undefined;
}
