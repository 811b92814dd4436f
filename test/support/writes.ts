import type { Action, Write } from '../../src/core/plan.js';
import { ENDPOINT_GROUP_NAME } from '../../src/core/plan.js';

/** A write as scenario files name it: its kind, and what it goes on (`authorize-egress-443 on sg-…`). */
export function writeLabel(w: Write): string {
  switch (w.kind) {
    case 'create-endpoint-security-group':
    case 'create-s3-gateway-endpoint':
      return w.kind;
    case 'authorize-ingress-443':
    case 'authorize-egress-443':
      return `${w.kind} on ${w.group.kind === 'existing' ? w.group.groupId : ENDPOINT_GROUP_NAME}`;
    case 'create-interface-endpoint':
      return `${w.kind} ${w.service}`;
    case 'add-route-tables-to-s3-gateway':
      return `${w.kind} on ${w.endpointId}`;
  }
}

/** A plan's writes, by who may make them: auto-fix (opted in), or a person (recommended). */
export function writesOf(actions: readonly Action[]): { 'auto-fix': string[]; recommended: string[] } {
  const writes = actions.flatMap((a) => ('write' in a ? [{ a, label: writeLabel(a.write) }] : []));
  return {
    'auto-fix': writes.filter(({ a }) => a.allowed).map(({ label }) => label),
    recommended: writes.filter(({ a }) => !a.allowed).map(({ label }) => label),
  };
}
