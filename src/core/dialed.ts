import { cidrContains } from './cidr.js';
import type { StoppedTask } from './event.js';

/** The address a stop text says the task dialled (`dial tcp 52.217.96.140:443: i/o timeout`). */
export type Dialed = Readonly<{
  ip: string;
  port: number;
  /** True for RFC 1918 (and 100.64/10) addresses: a hop inside the VPC or its network. */
  private: boolean;
  /** The exact text that named it. */
  evidence: string;
}>;

const DIAL = /dial tcp (\d{1,3}(?:\.\d{1,3}){3}):(\d{1,5})/;
const PRIVATE = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'];

/** The first IPv4 address a `dial tcp` in the task's stop reason or its containers' reasons names. */
export function dialedAddressOf(task: StoppedTask): Dialed | undefined {
  const texts = [task.stoppedReason, ...task.containers.map((c) => c.reason)];
  for (const text of texts) {
    const m = text === undefined ? null : DIAL.exec(text.slice(0, 100_000));
    if (!m?.[1] || !m[2]) continue;
    const octets = m[1].split('.').map(Number);
    const port = Number(m[2]);
    if (octets.some((o) => o > 255) || port > 65535) continue;
    return {
      ip: m[1],
      port,
      private: PRIVATE.some((cidr) => cidrContains(cidr, m[1] ?? '')),
      evidence: m[0],
    };
  }
  return undefined;
}
