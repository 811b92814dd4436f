import { isAnywhere, rangeOf } from '../../cidr.js';
import type { NetworkAcl, Subnet } from '../../network.js';
import { type CheckInput, finding, notChecked, ok, type Verdict } from '../verdict.js';
import type { PortRange } from './ports.js';

/** The network ACL of `subnet` must let TCP `ports` pass in `direction` to or from `cidr`. */
export function naclCheck(
  { snapshot }: CheckInput,
  subnet: Subnet,
  direction: 'inbound' | 'outbound',
  ports: PortRange,
  cidr: string,
  feature: string,
): Verdict[] {
  const acls = snapshot.networkAcls;
  if (!acls.ok) return [notChecked('network-acls', acls.why)];
  const acl = acls.value.find((a) => a.subnetIds.includes(subnet.id));
  if (!acl) return [notChecked('network-acls', `no network ACL is associated with ${subnet.id}`)];
  const verdict = naclVerdict(acl, direction === 'outbound', ports, cidr);
  const portText = ports.from === ports.to ? `TCP ${ports.from}` : `TCP ${ports.from}-${ports.to}`;
  const toFrom = direction === 'outbound' ? 'to' : 'from';
  if (verdict.allowed)
    return [ok(`${acl.id} (of ${subnet.id}): ${direction} ${portText} ${toFrom} ${cidr} allowed`)];
  const rule = verdict.ruleNumber === undefined ? 'the default rule (*)' : `rule ${verdict.ruleNumber}`;
  return [
    finding({
      id: 'nacl-blocks',
      networkAclId: acl.id,
      subnetIds: [subnet.id],
      direction,
      ports: portText,
      cidr,
      ...(verdict.ruleNumber === undefined ? {} : { ruleNumber: verdict.ruleNumber }),
      resources: [acl.id, subnet.id],
      evidence: [
        `${acl.id} (of ${subnet.id}) ${direction}: ${portText} ${toFrom} ${cidr} is denied by ${rule}`,
      ],
      breaks: [feature],
    }),
  ];
}

/** The verdict of a NACL on traffic in one direction, ports and peer: rules in number order, first match wins. */
function naclVerdict(
  acl: NetworkAcl,
  egress: boolean,
  ports: PortRange,
  cidr: string,
): { allowed: boolean; ruleNumber?: number } {
  const peer = rangeOf(cidr);
  const internet = isAnywhere(cidr);
  const entries = acl.entries.filter((e) => e.egress === egress).sort((a, b) => a.ruleNumber - b.ruleNumber);
  for (const e of entries) {
    if (e.protocol !== '-1' && e.protocol !== '6' && e.protocol.toLowerCase() !== 'tcp') continue;
    const range = e.ports ?? { from: 0, to: 65535 };
    if (range.to < ports.from || range.from > ports.to) continue;
    const r = rangeOf(e.cidr);
    if (!r || !peer) continue;
    // For traffic to "the internet", only entries for the whole address space decide.
    if (internet ? !isAnywhere(e.cidr) : r.end < peer.start || r.start > peer.end) continue;
    const whole =
      r.start <= peer.start && peer.end <= r.end && range.from <= ports.from && ports.to <= range.to;
    const number = e.ruleNumber >= 32767 ? undefined : e.ruleNumber;
    if (e.action === 'deny')
      return number === undefined ? { allowed: false } : { allowed: false, ruleNumber: number };
    if (whole) return { allowed: true };
  }
  return { allowed: false };
}
