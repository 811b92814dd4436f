import type { Need } from '../../needs.js';
import { type CheckInput, finding, notChecked, ok, type Verdict } from '../verdict.js';

/** The VPC's enableDnsSupport must be on, or the Amazon-provided DNS answers nothing. */
export function vpcDnsSupport({ snapshot: s }: CheckInput, vpcId: string, needs: readonly Need[]): Verdict[] {
  if (!s.dnsSupport.ok) return [notChecked('vpc-dns', s.dnsSupport.why)];
  if (s.dnsSupport.value) return [ok(`${vpcId}: enableDnsSupport true`)];
  return [
    finding({
      id: 'vpc-dns-off',
      vpcId,
      attribute: 'enableDnsSupport',
      resources: [vpcId],
      evidence: [`${vpcId}: enableDnsSupport is false, so the Amazon-provided DNS answers nothing`],
      breaks: needs.map((n) => n.feature),
    }),
  ];
}
