import { vpcDnsCli, vpcDnsWords } from '../plan/recommend-network.js';
import type { Entries } from './spec.js';
import { inline } from './text.js';

/** The VPC's own DNS: without it no name resolves, through an endpoint or not. */
export const DNS = {
  'vpc-dns-off': {
    rank: 10,
    scope: 'network',
    autoFix: false,
    key: (f) => `${f.id}:${f.attribute}`,
    fix: (f) => `Enable ${f.attribute} on ${f.vpcId} (${inline([['VPC id', f.vpcId]], vpcDnsWords(f))}).`,
    remedy: (f, plan) => plan.recommend('enable-vpc-dns', f, vpcDnsCli(f)),
  },
} as const satisfies Entries<'vpc-dns-off'>;
