import type { ContainerStop, StopRecord } from './causes.js';

/**
 * Reads a stop record out of any parsed JSON value: an EventBridge `ECS Task State
 * Change` event, its `detail`, or a plain `{stoppedReason, stopCode, containers}` record.
 * Tolerant by design (the classify contract makes every field optional): fields of the
 * wrong type are ignored, unknown fields are ignored, and it never throws.
 */
export function toStopRecord(value: unknown): StopRecord {
  if (!isObject(value)) return {};
  const body = isObject(value.detail) ? value.detail : value;
  const record: { stoppedReason?: string; stopCode?: string; containers?: ContainerStop[] } = {};
  if (typeof body.stoppedReason === 'string') record.stoppedReason = body.stoppedReason;
  if (typeof body.stopCode === 'string') record.stopCode = body.stopCode;
  const containers: ContainerStop[] = [];
  if (Array.isArray(body.containers)) {
    for (const c of body.containers) containers.push(toContainer(c));
  }
  // The corpus's shape: the detail-carrying container reason as its own field.
  if (typeof body.containerReason === 'string') containers.push({ reason: body.containerReason });
  if (containers.length > 0) record.containers = containers;
  return record;
}

function toContainer(value: unknown): ContainerStop {
  if (!isObject(value)) return {};
  const c: { name?: string; reason?: string; image?: string } = {};
  if (typeof value.name === 'string') c.name = value.name;
  if (typeof value.reason === 'string') c.reason = value.reason;
  if (typeof value.image === 'string') c.image = value.image;
  return c;
}

function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
