import { describe, expect, it } from 'vitest';
import { naclCheck, naclS3Check } from '../../../src/core/diagnose/checks/nacl.js';
import { EPHEMERAL, HTTPS } from '../../../src/core/diagnose/checks/ports.js';
import { type FindingOf, fixOf } from '../../../src/core/findings.js';
import type { Checked, NaclEntry, PrefixList, Snapshot } from '../../../src/core/network.js';
import { naclCli } from '../../../src/core/plan/recommend-network.js';
import {
  allowAllAcl,
  inputOf,
  NACL,
  REGION,
  S3_CIDRS,
  S3_PREFIX_LIST,
  snapshotWith,
  TASK_SUBNET,
} from '../../support/snapshot.js';

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

describe(naclS3Check.name, () => {
  const LIST: PrefixList = { id: S3_PREFIX_LIST, name: `com.amazonaws.${REGION}.s3`, cidrs: S3_CIDRS };
  const S3 = { ok: true, value: LIST } as const;
  const entry = (
    ruleNumber: number,
    egress: boolean,
    action: 'allow' | 'deny',
    cidr: string,
    ports?: NaclEntry['ports'],
  ): NaclEntry => ({ ruleNumber, egress, protocol: '6', action, cidr, ...(ports ? { ports } : {}) });
  const deny = (egress: boolean): NaclEntry => ({ ...defaultDeny, egress });
  /** As AWS advises for a gateway endpoint: the VPC, then 443 out and ephemeral in for each S3 range, then deny. */
  const strict = (cidrs: readonly string[] = S3_CIDRS): NaclEntry[] => [
    entry(100, true, 'allow', '10.0.0.0/16'),
    entry(100, false, 'allow', '10.0.0.0/16'),
    ...cidrs.flatMap((cidr, i) => [
      entry(200 + i * 10, true, 'allow', cidr, { from: 443, to: 443 }),
      entry(200 + i * 10, false, 'allow', cidr, { from: 1024, to: 65535 }),
    ]),
    deny(true),
    deny(false),
  ];
  const both = (snapshot: Snapshot, s3: Checked<PrefixList> = S3) => [
    ...naclS3Check(inputOf(snapshot), TASK_SUBNET, 'outbound', HTTPS, s3, 'image app:1'),
    ...naclS3Check(inputOf(snapshot), TASK_SUBNET, 'inbound', EPHEMERAL, s3, 'image app:1'),
  ];

  it('passes an ACL that allows everything, whatever S3’s ranges are', () => {
    expect(both(snapshotWith({}), { ok: false, why: 'the entries of pl-6da54004 were not read' })).toEqual([
      { kind: 'ok', evidence: `${NACL} (of ${TASK_SUBNET.id}): outbound TCP 443 to 0.0.0.0/0 allowed` },
      {
        kind: 'ok',
        evidence: `${NACL} (of ${TASK_SUBNET.id}): inbound TCP 32768-60999 from 0.0.0.0/0 allowed`,
      },
    ]);
  });

  it.each([
    ['written as AWS advises for a gateway endpoint, range by range', strict()],
    [
      'that allows one S3 range in two halves',
      strict(['52.218.0.0/18', '52.218.64.0/18', '3.5.64.0/21', '3.5.72.0/23', '52.92.0.0/17']),
    ],
    ['that allows the ranges through wider blocks', strict(['52.0.0.0/8', '3.5.0.0/16'])],
  ])('passes a strict ACL %s', (_, entries) => {
    const ranges = S3_CIDRS.join(', ');

    expect(both(aclWith(entries))).toEqual([
      {
        kind: 'ok',
        evidence: `${NACL} (of ${TASK_SUBNET.id}): outbound TCP 443 to each range of the S3 prefix list ${S3_PREFIX_LIST} (com.amazonaws.${REGION}.s3) allowed (${ranges})`,
      },
      {
        kind: 'ok',
        evidence: `${NACL} (of ${TASK_SUBNET.id}): inbound TCP 32768-60999 from each range of the S3 prefix list ${S3_PREFIX_LIST} (com.amazonaws.${REGION}.s3) allowed (${ranges})`,
      },
    ]);
  });

  it('finds a deny on one S3 range numbered before the allows', () => {
    const entries = [
      entry(90, true, 'deny', '52.92.0.0/17', { from: 443, to: 443 }),
      entry(100, true, 'allow', '0.0.0.0/0'),
      deny(true),
    ];

    expect(naclS3Check(inputOf(aclWith(entries)), TASK_SUBNET, 'outbound', HTTPS, S3, 'image app:1')).toEqual(
      [
        {
          kind: 'finding',
          draft: {
            id: 'nacl-blocks',
            networkAclId: NACL,
            subnetIds: [TASK_SUBNET.id],
            direction: 'outbound',
            ports: 'TCP 443',
            cidr: '52.92.0.0/17',
            ruleNumber: 90,
            prefixListId: S3_PREFIX_LIST,
            ranges: [{ cidr: '52.92.0.0/17', ruleNumber: 90 }],
            resources: [NACL, TASK_SUBNET.id],
            evidence: [
              `${NACL} (of ${TASK_SUBNET.id}) outbound: TCP 443 to 52.92.0.0/17 (S3, in ${S3_PREFIX_LIST} (com.amazonaws.${REGION}.s3)) is denied by rule 90`,
              `${NACL} allows the other ranges of ${S3_PREFIX_LIST} (com.amazonaws.${REGION}.s3): 52.218.0.0/17, 3.5.64.0/21, 3.5.72.0/23`,
            ],
            breaks: ['image app:1'],
          },
        },
      ],
    );
  });

  it('finds a deny on part of an S3 range, which the 0.0.0.0/0 check never saw', () => {
    const entries = [
      entry(50, true, 'deny', '52.218.12.0/24'),
      entry(100, true, 'allow', '0.0.0.0/0'),
      deny(true),
    ];

    expect(naclS3Check(inputOf(aclWith(entries)), TASK_SUBNET, 'outbound', HTTPS, S3, 'image')).toMatchObject(
      [
        {
          kind: 'finding',
          draft: { id: 'nacl-blocks', ranges: [{ cidr: '52.218.0.0/17', ruleNumber: 50 }] },
        },
      ],
    );
  });

  it('finds the one range a strict ACL forgot to let back in, denied by the default rule', () => {
    const entries = strict().filter((e) => !(e.cidr === '3.5.72.0/23' && !e.egress));

    expect(both(aclWith(entries))).toMatchObject([
      { kind: 'ok' },
      {
        kind: 'finding',
        draft: {
          id: 'nacl-blocks',
          direction: 'inbound',
          ports: 'TCP 32768-60999',
          ranges: [{ cidr: '3.5.72.0/23' }],
          evidence: [
            `${NACL} (of ${TASK_SUBNET.id}) inbound: TCP 32768-60999 from 3.5.72.0/23 (S3, in ${S3_PREFIX_LIST} (com.amazonaws.${REGION}.s3)) is denied by the default rule (*)`,
            expect.any(String),
          ],
        },
      },
    ]);
  });

  it('finds every S3 range blocked by an ACL that allows only the VPC', () => {
    const entries = [entry(100, true, 'allow', '10.0.0.0/16'), deny(true)];

    const [verdict] = naclS3Check(inputOf(aclWith(entries)), TASK_SUBNET, 'outbound', HTTPS, S3, 'image');

    expect(verdict).toMatchObject({
      kind: 'finding',
      draft: { ranges: S3_CIDRS.map((cidr) => ({ cidr })) },
    });
  });

  it.each([
    [
      'unknown',
      { ok: false, why: `the entries of ${S3_PREFIX_LIST} were not read` } as const,
      `the entries of ${S3_PREFIX_LIST} were not read`,
    ],
    [
      'empty',
      { ok: true, value: { ...LIST, cidrs: [] } } as const,
      `${S3_PREFIX_LIST} (com.amazonaws.${REGION}.s3) has no entries`,
    ],
  ])('says not checked for a strict ACL when S3’s ranges are %s', (_, s3, why) => {
    expect(naclS3Check(inputOf(aclWith(strict())), TASK_SUBNET, 'outbound', HTTPS, s3, 'image')).toEqual([
      {
        kind: 'not-checked',
        check: 'network-acls',
        why: `${NACL} (of ${TASK_SUBNET.id}): outbound TCP 443 is not allowed for every address, and S3's ranges are unknown: ${why}`,
      },
    ]);
  });
});

describe('the nacl-blocks fix for S3 ranges', () => {
  const blocked: FindingOf<'nacl-blocks'> = {
    id: 'nacl-blocks',
    networkAclId: NACL,
    subnetIds: [TASK_SUBNET.id],
    direction: 'outbound',
    ports: 'TCP 443',
    cidr: '52.92.0.0/17',
    ruleNumber: 90,
    prefixListId: S3_PREFIX_LIST,
    ranges: [
      { cidr: '52.92.0.0/17', ruleNumber: 90 },
      { cidr: '3.5.72.0/23', ruleNumber: 90 },
      { cidr: '3.5.64.0/21' },
    ],
    resources: [NACL, TASK_SUBNET.id],
    evidence: [],
    breaks: [],
    fix: '',
  };

  it('recommends one entry per blocked range, each before the rule that denies it', () => {
    expect(fixOf(blocked, REGION)).toBe(
      `Change network ACL ${NACL}: S3 traffic through the gateway goes to every range of ${S3_PREFIX_LIST}; add one entry allowing outbound TCP 443 to each range it blocks: 52.92.0.0/17 (before rule 90), 3.5.72.0/23 (before rule 90), 3.5.64.0/21 (before the final deny).`,
    );
  });

  it('writes one command per range, with its own rule number', () => {
    const lines = naclCli(blocked).split('\n');

    expect(lines.map((l) => / --rule-number (\d+) .* --cidr-block (\S+) /.exec(l)?.slice(1))).toEqual([
      ['89', '52.92.0.0/17'],
      ['88', '3.5.72.0/23'],
      ['100', '3.5.64.0/21'],
    ]);
  });
});
