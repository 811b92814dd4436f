import type { HandoffSender } from '../core/handoff.js';
import type { ClientOptions } from './clients.js';
import { lazyPort } from './lazy-port.js';

/**
 * The hand-off's port when a bus is configured (`ECS_PULLFIX_HANDOFF_BUS`), none otherwise. Its
 * adapter and the EventBridge client load on the first hand-off, in a chunk of their own: most
 * incidents are pinned and never hand off, so the Lambda's init never reads them.
 */
export function handoffPorts(
  options: ClientOptions,
  bus: string | undefined,
): Readonly<{ handoff?: HandoffSender }> {
  if (bus === undefined) return {};
  return { handoff: lazyPort(() => import('./handoff.js').then((m) => m.makeHandoffSender(options, bus))) };
}
