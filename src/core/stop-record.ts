import type { ContainerStop, StopRecord } from './causes.js';
import { capped, cleanReason, INPUT_CAPS } from './untrusted.js';

/**
 * Reads a stop record out of any parsed JSON value: an EventBridge `ECS Task State
 * Change` event, its `detail`, or a plain `{stoppedReason, stopCode, containers}` record.
 * Tolerant by design (the classify contract makes every field optional): fields of the
 * wrong type are ignored, unknown fields are ignored, and it never throws. Strings are capped
 * and reasons lose presigned-URL credentials, as in an event (`INPUT_CAPS`); at most
 * `INPUT_CAPS.listItems` containers are read.
 */
export function toStopRecord(value: unknown): StopRecord {
  if (!isObject(value)) return {};
  const body = isObject(value.detail) ? value.detail : value;
  const record: { stoppedReason?: string; stopCode?: string; containers?: ContainerStop[] } = {};
  if (typeof body.stoppedReason === 'string') record.stoppedReason = cleanReason(body.stoppedReason);
  if (typeof body.stopCode === 'string') record.stopCode = capped(body.stopCode, INPUT_CAPS.shortChars);
  const containers: ContainerStop[] = [];
  if (Array.isArray(body.containers)) {
    for (const c of body.containers.slice(0, INPUT_CAPS.listItems)) containers.push(toContainer(c));
  }
  // The corpus's shape: the detail-carrying container reason as its own field.
  if (typeof body.containerReason === 'string')
    containers.push({ reason: cleanReason(body.containerReason) });
  if (containers.length > 0) record.containers = containers;
  return record;
}

function toContainer(value: unknown): ContainerStop {
  if (!isObject(value)) return {};
  const c: { name?: string; reason?: string; image?: string } = {};
  if (typeof value.name === 'string') c.name = capped(value.name, INPUT_CAPS.shortChars);
  if (typeof value.reason === 'string') c.reason = cleanReason(value.reason);
  if (typeof value.image === 'string') c.image = capped(value.image, INPUT_CAPS.imageChars);
  return c;
}

function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
