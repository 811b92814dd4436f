import { describe, expect, it } from 'vitest';
import { endpointIngress, taskEgress } from '../../../src/core/diagnose/checks/security-groups.js';
import { type Finding, fixOf } from '../../../src/core/findings.js';
import type { Checked, PrefixList, SecurityGroupRule } from '../../../src/core/network.js';
import {
  ENDPOINT_SG,
  endpointGroup,
  HEALTHY,
  https,
  inputOf,
  interfaceEndpoint,
  REGION,
  S3_CIDRS,
  S3_PREFIX_LIST,
  snapshotWith,
  TASK_SG,
  TASK_SUBNET,
  taskGroup,
} from '../../support/snapshot.js';

/*
 * Security-group rules that name a customer-managed prefix list (network.md, "Security
 * groups"): the list's entries are CIDRs like any other; a list whose entries are unknown
 * makes the check "not checked", never a finding.
 */

const ENDPOINT = interfaceEndpoint('ecr.dkr', 'vpce-0ecrdkr1a2b3c4d5e');
const TASK = { securityGroupIds: [TASK_SG], cidrs: [TASK_SUBNET.cidr] };
const CORP = 'pl-0c0ffee1234567890';
const S3_LIST: PrefixList = { id: S3_PREFIX_LIST, name: `com.amazonaws.${REGION}.s3`, cidrs: S3_CIDRS };
const corp = (cidrs: readonly string[], name = 'corp-private-ranges'): PrefixList => ({
  id: CORP,
  name,
  cidrs,
});
const toList = (id: string): SecurityGroupRule => ({
  ...https('10.0.0.0/16'),
  cidrs: [],
  prefixListIds: [id],
});

/** The task's and the endpoint's groups, and the prefix lists read (the S3 one and `lists`). */
const account = (
  task: readonly SecurityGroupRule[],
  endpoint: readonly SecurityGroupRule[],
  lists: Checked<readonly PrefixList[]> | readonly PrefixList[] = [],
) =>
  snapshotWith({
    securityGroups: { ok: true, value: [taskGroup(task), endpointGroup(endpoint)] },
    prefixLists: 'ok' in lists ? lists : { ok: true, value: [S3_LIST, ...(lists as readonly PrefixList[])] },
  });

describe(`${endpointIngress.name} with prefix lists`, () => {
  it('passes an endpoint group that allows 443 from a list holding a range that contains the task subnet', () => {
    const snapshot = account([], [toList(CORP)], [corp(['192.168.0.0/16', '10.0.0.0/8', '172.16.0.0/12'])]);

    expect(endpointIngress(inputOf(snapshot), ENDPOINT, 'ecr.dkr', 'image', TASK)).toEqual([
      {
        kind: 'ok',
        evidence: `${ENDPOINT_SG} (of ${ENDPOINT.id}): inbound 443 from the task (through ${CORP} (corp-private-ranges): 10.0.0.0/8 contains ${TASK_SUBNET.cidr})`,
      },
    ]);
  });

  it('finds an endpoint group whose list lacks the task subnet, naming the list and its entries', () => {
    const snapshot = account([], [toList(CORP)], [corp(['192.168.0.0/16', '172.16.0.0/12'])]);

    expect(endpointIngress(inputOf(snapshot), ENDPOINT, 'ecr.dkr', 'image app:1', TASK)).toEqual([
      {
        kind: 'finding',
        draft: {
          id: 'endpoint-sg-blocks-443',
          endpointId: ENDPOINT.id,
          service: 'ecr.dkr',
          endpointSecurityGroupIds: [ENDPOINT_SG],
          task: TASK,
          prefixListIds: [CORP],
          resources: [ENDPOINT.id, ENDPOINT_SG],
          evidence: [
            `${ENDPOINT_SG} (of ${ENDPOINT.id}, ecr.dkr) allow no inbound TCP 443 from ${TASK_SG} or ${TASK_SUBNET.cidr}`,
            `${ENDPOINT_SG} inbound: tcp 443 ${CORP} (corp-private-ranges: 192.168.0.0/16, 172.16.0.0/12)`,
          ],
          breaks: ['image app:1'],
        },
      },
    ]);
  });

  it("says in the fix that adding the task's range to the list the group names would do as well", () => {
    const snapshot = account([], [toList(CORP)], [corp(['192.168.0.0/16'])]);
    const [verdict] = endpointIngress(inputOf(snapshot), ENDPOINT, 'ecr.dkr', 'image', TASK);
    if (verdict?.kind !== 'finding') throw new Error('expected a finding');

    expect(fixOf({ ...verdict.draft, fix: '' } as Finding, REGION)).toBe(
      `Allow inbound TCP 443 to ${ENDPOINT_SG} (the security group of ${ENDPOINT.id}) from ${TASK_SG} or ${TASK_SUBNET.cidr}; or, if ${CORP} (which its inbound rule already names) is your own prefix list, add ${TASK_SUBNET.cidr} to it.`,
    );
  });

  it.each([
    [
      'the prefix lists could not be read',
      { ok: false, why: 'ec2:GetManagedPrefixListEntries was denied' } as const,
      `the entries of ${CORP} were not read: ec2:GetManagedPrefixListEntries was denied`,
    ],
    ['the list is not among those read', [], `the entries of ${CORP} were not read`],
  ])('says not checked, never a finding, when %s', (_, lists, why) => {
    const snapshot = account([], [toList(CORP)], lists);

    expect(endpointIngress(inputOf(snapshot), ENDPOINT, 'ecr.dkr', 'image', TASK)).toEqual([
      {
        kind: 'not-checked',
        check: 'endpoint-security-groups',
        why: `${ENDPOINT_SG} (of ${ENDPOINT.id}) allow 443 from ${CORP}, whose entries are unknown (${why}), so whether they admit the peer is not known`,
      },
    ]);
  });

  it('passes on a CIDR rule that admits the task even where a list beside it is unknown', () => {
    const snapshot = account([], [toList(CORP), https('10.0.0.0/16')], []);

    expect(endpointIngress(inputOf(snapshot), ENDPOINT, 'ecr.dkr', 'image', TASK)).toEqual([
      { kind: 'ok', evidence: `${ENDPOINT_SG} (of ${ENDPOINT.id}): inbound 443 from the task` },
    ]);
  });

  it('does not count a list named by a rule on another port', () => {
    const rule = { ...toList(CORP), fromPort: 22, toPort: 22 };
    const snapshot = account([], [rule], [corp(['10.0.0.0/8'])]);

    expect(endpointIngress(inputOf(snapshot), ENDPOINT, 'ecr.dkr', 'image', TASK)).toMatchObject([
      { kind: 'finding', draft: { id: 'endpoint-sg-blocks-443' } },
    ]);
  });
});

describe(`${taskEgress.name} with prefix lists`, () => {
  const endpointPeer = {
    kind: 'endpoint',
    securityGroupIds: [ENDPOINT_SG],
    cidrs: ['10.0.100.0/24'],
  } as const;
  const s3Peer = { kind: 'prefix-list', prefixListId: S3_PREFIX_LIST } as const;
  const egressOk = (lists: string) => ({
    kind: 'ok',
    evidence: expect.stringMatching(new RegExp(`^${TASK_SG} \\(task\\): outbound 443 to .*${lists}$`)),
  });

  it.each([
    [
      'the endpoint subnet through a corporate list',
      [corp(['10.0.0.0/8'])],
      endpointPeer,
      `\\(through ${CORP} \\(corp-private-ranges\\): 10.0.0.0/8 contains 10.0.100.0/24\\)`,
    ],
    [
      'the internet through a list holding 0.0.0.0/0',
      [corp(['0.0.0.0/0'], 'egress-anywhere')],
      { kind: 'internet' } as const,
      `\\(through ${CORP} \\(egress-anywhere\\): 0.0.0.0/0\\)`,
    ],
    [
      'S3 through a list that covers every S3 range',
      [corp(['52.218.0.0/16', '3.5.64.0/20', '52.92.0.0/16'], 'aws-s3-eu-west-1')],
      s3Peer,
      `\\(through ${CORP} \\(aws-s3-eu-west-1\\): 52.218.0.0/16 contains 52.218.0.0/17; .*52.92.0.0/16 contains 52.92.0.0/17\\)`,
    ],
  ])('passes a task group whose list reaches %s', (_, lists, peer, through) => {
    const snapshot = account([toList(CORP)], [], lists);

    expect(taskEgress(inputOf(snapshot), peer, undefined, 'image')).toEqual([egressOk(through)]);
  });

  it('passes a task group that names the S3 prefix list itself, whatever its entries', () => {
    const snapshot = account([toList(S3_PREFIX_LIST)], [], { ok: true, value: [] });

    expect(taskEgress(inputOf(snapshot), s3Peer, 's3', 'image')).toEqual([
      { kind: 'ok', evidence: `${TASK_SG} (task): outbound 443 to the S3 prefix list ${S3_PREFIX_LIST}` },
    ]);
  });

  it('finds a task group whose list covers all but one S3 range', () => {
    const snapshot = account(
      [toList(CORP)],
      [],
      [corp(['52.218.0.0/16', '3.5.64.0/21', '52.92.0.0/16'], 'aws-s3')],
    );

    expect(taskEgress(inputOf(snapshot), s3Peer, 's3', 'image app:1')).toMatchObject([
      {
        kind: 'finding',
        draft: {
          id: 'task-sg-blocks-443',
          peer: s3Peer,
          evidence: [
            `${TASK_SG} (the task's) allow no outbound TCP 443 to the S3 prefix list ${S3_PREFIX_LIST}`,
            `${TASK_SG} outbound: tcp 443 ${CORP} (aws-s3: 52.218.0.0/16, 3.5.64.0/21, 52.92.0.0/16)`,
          ],
        },
      },
    ]);
  });

  it('finds a task group whose corporate list holds only ranges other than the endpoint subnet', () => {
    const snapshot = account([toList(CORP)], [], [corp(['10.20.0.0/16', '192.168.0.0/16'])]);

    expect(taskEgress(inputOf(snapshot), endpointPeer, 'ecr.dkr', 'image')).toMatchObject([
      { kind: 'finding', draft: { id: 'task-sg-blocks-443', peer: endpointPeer } },
    ]);
  });

  it("says not checked when the task's rule names a list whose entries are unknown", () => {
    const snapshot = account([toList(CORP)], [], []);

    expect(taskEgress(inputOf(snapshot), endpointPeer, 'ecr.dkr', 'image')).toEqual([
      {
        kind: 'not-checked',
        check: 'task-security-groups',
        why: `${TASK_SG} (the task's) allow 443 out to ${CORP}, whose entries are unknown (the entries of ${CORP} were not read), so whether they admit the peer is not known`,
      },
    ]);
  });

  it("says not checked when S3's ranges are unknown and a rule goes to public addresses", () => {
    const snapshot = account([https('52.0.0.0/8')], [], { ok: true, value: [] });

    expect(taskEgress(inputOf(snapshot), s3Peer, 's3', 'image')).toEqual([
      {
        kind: 'not-checked',
        check: 'task-security-groups',
        why: `${TASK_SG} (the task's) allow 443 out to public ranges, and the entries of ${S3_PREFIX_LIST} were not read`,
      },
    ]);
  });

  it("finds a task group with only private ranges even when S3's ranges are unknown", () => {
    const snapshot = account([https('10.0.0.0/8')], [], { ok: true, value: [] });

    expect(taskEgress(inputOf(snapshot), s3Peer, 's3', 'image')).toMatchObject([
      { kind: 'finding', draft: { id: 'task-sg-blocks-443' } },
    ]);
  });

  it('keeps the healthy account healthy', () => {
    expect(taskEgress(inputOf(HEALTHY), s3Peer, 's3', 'image')).toMatchObject([{ kind: 'ok' }]);
  });
});
