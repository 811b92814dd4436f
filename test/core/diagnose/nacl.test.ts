import { describe, expect, it } from 'vitest';
import { naclCheck } from '../../../src/core/diagnose/checks/nacl.js';
import { EPHEMERAL, HTTPS } from '../../../src/core/diagnose/checks/ports.js';
import type { NaclEntry } from '../../../src/core/network.js';
import { allowAllAcl, inputOf, NACL, snapshotWith, TASK_SUBNET } from '../../support/snapshot.js';

const aclWith = (entries: readonly NaclEntry[]) =>
  snapshotWith({ networkAcls: { ok: true, value: [{ ...allowAllAcl(), entries }] } });
const outbound = (ruleNumber: number, action: 'allow' | 'deny', cidr: string, ports?: NaclEntry['ports']) =>
  ({ ruleNumber, egress: true, protocol: '6', action, cidr, ...(ports ? { ports } : {}) }) as const;
const defaultDeny = {
  ruleNumber: 32767,
  egress: true,
  protocol: '-1',
  action: 'deny',
  cidr: '0.0.0.0/0',
} as const;

describe(naclCheck.name, () => {
  it.each([
    ['allows everything', snapshotWith({})],
    [
      'allows 443 to the internet before denying the rest',
      aclWith([outbound(100, 'allow', '0.0.0.0/0', { from: 443, to: 443 }), defaultDeny]),
    ],
    ['allows all TCP to anywhere', aclWith([outbound(120, 'allow', '0.0.0.0/0'), defaultDeny])],
  ])('passes an ACL that %s', (_, snapshot) => {
    const verdicts = naclCheck(inputOf(snapshot), TASK_SUBNET, 'outbound', HTTPS, '0.0.0.0/0', 'image');

    expect(verdicts).toEqual([
      { kind: 'ok', evidence: `${NACL} (of ${TASK_SUBNET.id}): outbound TCP 443 to 0.0.0.0/0 allowed` },
    ]);
  });

  it.each([
    [
      'denies 443 by a numbered rule before the allow',
      aclWith([
        outbound(90, 'deny', '0.0.0.0/0', { from: 443, to: 443 }),
        outbound(100, 'allow', '0.0.0.0/0'),
        defaultDeny,
      ]),
      { ruleNumber: 90 },
      'rule 90',
    ],
    [
      'allows only 80, so the default rule denies 443',
      aclWith([outbound(100, 'allow', '0.0.0.0/0', { from: 80, to: 80 }), defaultDeny]),
      {},
      'the default rule (*)',
    ],
    [
      'allows 443 only to the VPC, not to the internet',
      aclWith([outbound(100, 'allow', '10.0.0.0/16', { from: 443, to: 443 }), defaultDeny]),
      {},
      'the default rule (*)',
    ],
  ])('finds an ACL that %s', (_, snapshot, rule, by) => {
    const verdicts = naclCheck(inputOf(snapshot), TASK_SUBNET, 'outbound', HTTPS, '0.0.0.0/0', 'image app:1');

    expect(verdicts).toEqual([
      {
        kind: 'finding',
        draft: {
          id: 'nacl-blocks',
          networkAclId: NACL,
          subnetIds: [TASK_SUBNET.id],
          direction: 'outbound',
          ports: 'TCP 443',
          cidr: '0.0.0.0/0',
          ...rule,
          resources: [NACL, TASK_SUBNET.id],
          evidence: [`${NACL} (of ${TASK_SUBNET.id}) outbound: TCP 443 to 0.0.0.0/0 is denied by ${by}`],
          breaks: ['image app:1'],
        },
      },
    ]);
  });

  it('finds the return traffic denied when only 443 comes back in', () => {
    const acl = snapshotWith({
      networkAcls: {
        ok: true,
        value: [
          {
            ...allowAllAcl(),
            entries: [
              {
                ruleNumber: 100,
                egress: false,
                protocol: '6',
                action: 'allow',
                cidr: '0.0.0.0/0',
                ports: { from: 443, to: 443 },
              },
            ],
          },
        ],
      },
    });

    const [verdict] = naclCheck(inputOf(acl), TASK_SUBNET, 'inbound', EPHEMERAL, '10.0.100.0/24', 'logs');

    expect(verdict).toMatchObject({
      kind: 'finding',
      draft: {
        id: 'nacl-blocks',
        direction: 'inbound',
        ports: 'TCP 32768-60999',
        evidence: [
          `${NACL} (of ${TASK_SUBNET.id}) inbound: TCP 32768-60999 from 10.0.100.0/24 is denied by the default rule (*)`,
        ],
      },
    });
  });

  it.each([
    [
      'the ACLs could not be read',
      snapshotWith({ networkAcls: { ok: false, why: 'ec2:DescribeNetworkAcls was denied' } }),
      'ec2:DescribeNetworkAcls was denied',
    ],
    [
      'no ACL is associated with the subnet',
      snapshotWith({ networkAcls: { ok: true, value: [allowAllAcl([])] } }),
      `no network ACL is associated with ${TASK_SUBNET.id}`,
    ],
  ])('says not checked when %s', (_, snapshot, why) => {
    expect(naclCheck(inputOf(snapshot), TASK_SUBNET, 'outbound', HTTPS, '0.0.0.0/0', 'image')).toEqual([
      { kind: 'not-checked', check: 'network-acls', why },
    ]);
  });
});
