import { command, isValidName, type NameCheck, shownName, type Word } from '../shell.js';
import { secretRefOf } from '../workload.js';
import type { EgressPeer, TaskPeer } from './types.js';

/** Who the task is, in a sentence: its security groups or its addresses. */
export function describePeer(task: TaskPeer): string {
  const sgs = task.securityGroupIds?.length ? `${task.securityGroupIds.join(', ')} or ` : '';
  return `${sgs}${task.cidrs.join(', ')}`;
}

/** Where the task must be allowed to send TCP 443, in a sentence. */
export function describeEgressPeer(peer: EgressPeer): string {
  switch (peer.kind) {
    case 'internet':
      return peer.family === 'ipv6'
        ? '::/0 (the internet over IPv6, through the egress-only or internet gateway)'
        : '0.0.0.0/0 (the internet, through NAT or the internet gateway)';
    case 'prefix-list':
      return `the S3 prefix list ${peer.prefixListId}`;
    case 'endpoint':
      return `the endpoint (${[...peer.securityGroupIds, ...peer.cidrs].join(', ')})`;
  }
}

export const usd = (x: number): string => `$${x.toFixed(2)}`;

/**
 * A command in a sentence, its words quoted as in every command (`../shell.ts`); or, when a
 * name in it is not one AWS accepts, that name, shown for what it is.
 */
export function inline(names: readonly NameCheck[], words: readonly Word[]): string {
  const invalid = names.find(([kind, value]) => !isValidName(kind, value));
  return invalid ? `no command: ${shownName(invalid[1])} is not a valid ${invalid[0]}` : command(words);
}

/** Why a secret's or parameter's `valueFrom` names nothing AWS could hold (undefined: it could). */
export function invalidValueFrom(valueFrom: string, region: string): string | undefined {
  const ref = secretRefOf(valueFrom, '', 'aws', region, '000000000000');
  if (ref.kind === 'secretsmanager')
    return isValidName('Secrets Manager secret ARN', ref.secretId)
      ? undefined
      : `valueFrom ${shownName(valueFrom)} is not a valid Secrets Manager secret ARN`;
  return isValidName('SSM parameter name', ref.name)
    ? undefined
    : `valueFrom ${shownName(valueFrom)} is not a valid SSM parameter name`;
}
