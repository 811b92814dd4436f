import { describe, expect, it } from 'vitest';
import { endpointIngress, taskEgress } from '../../../src/core/diagnose/checks/security-groups.js';
import type { SecurityGroupRule } from '../../../src/core/network.js';
import {
  allTraffic,
  ENDPOINT_SG,
  endpointGroup,
  https,
  inputOf,
  interfaceEndpoint,
  S3_PREFIX_LIST,
  snapshotWith,
  TASK_SG,
  TASK_SUBNET,
  taskGroup,
} from '../../support/snapshot.js';

const ENDPOINT = interfaceEndpoint('ecr.dkr', 'vpce-0ecrdkr1a2b3c4d5e');
const TASK = { securityGroupIds: [TASK_SG], cidrs: [TASK_SUBNET.cidr] };
const fromGroup = (groupId: string): SecurityGroupRule => ({
  protocol: 'tcp',
  fromPort: 443,
  toPort: 443,
  cidrs: [],
  prefixListIds: [],
  groupIds: [groupId],
});
const groups = (task: readonly SecurityGroupRule[], endpoint: readonly SecurityGroupRule[]) =>
  snapshotWith({ securityGroups: { ok: true, value: [taskGroup(task), endpointGroup(endpoint)] } });

describe(endpointIngress.name, () => {
  it.each([
    ['443 from the VPC', [https('10.0.0.0/16')]],
    ['443 from the task subnet exactly', [https(TASK_SUBNET.cidr)]],
    ["443 from the task's security group", [fromGroup(TASK_SG)]],
    ['all traffic from anywhere', [allTraffic('0.0.0.0/0')]],
  ])('passes an endpoint group that allows %s', (_, ingress) => {
    const verdicts = endpointIngress(inputOf(groups([], ingress)), ENDPOINT, 'ecr.dkr', 'image', TASK);

    expect(verdicts).toEqual([
      { kind: 'ok', evidence: `${ENDPOINT_SG} (of ${ENDPOINT.id}): inbound 443 from the task` },
    ]);
  });

  it.each([
    ['nothing', [], 'no rules'],
    ['443 from another subnet only', [https('10.0.200.0/24')], 'tcp 443 10.0.200.0/24'],
    ['80 from the VPC', [{ ...https('10.0.0.0/16'), fromPort: 80, toPort: 80 }], 'tcp 80 10.0.0.0/16'],
  ])('finds an endpoint group that allows %s', (_, ingress, described) => {
    const verdicts = endpointIngress(inputOf(groups([], ingress)), ENDPOINT, 'ecr.dkr', 'image app:1', TASK);

    expect(verdicts).toEqual([
      {
        kind: 'finding',
        draft: {
          id: 'endpoint-sg-blocks-443',
          endpointId: ENDPOINT.id,
          service: 'ecr.dkr',
          endpointSecurityGroupIds: [ENDPOINT_SG],
          task: TASK,
          resources: [ENDPOINT.id, ENDPOINT_SG],
          evidence: [
            `${ENDPOINT_SG} (of ${ENDPOINT.id}, ecr.dkr) allow no inbound TCP 443 from ${TASK_SG} or ${TASK_SUBNET.cidr}`,
            `${ENDPOINT_SG} inbound: ${described}`,
          ],
          breaks: ['image app:1'],
        },
      },
    ]);
  });

  it("says not checked when the endpoint admits only groups and the task's are unknown", () => {
    const verdicts = endpointIngress(
      inputOf(groups([], [fromGroup(TASK_SG)])),
      ENDPOINT,
      'ecr.dkr',
      'image',
      {
        cidrs: [TASK_SUBNET.cidr],
      },
    );

    expect(verdicts).toEqual([
      {
        kind: 'not-checked',
        check: 'endpoint-security-groups',
        why: `${ENDPOINT_SG} (of ${ENDPOINT.id}) allow 443 only from security groups, and the task's are unknown`,
      },
    ]);
  });
});

describe(taskEgress.name, () => {
  const endpointPeer = {
    kind: 'endpoint',
    securityGroupIds: [ENDPOINT_SG],
    cidrs: ['10.0.100.0/24'],
  } as const;
  const prefixList = { kind: 'prefix-list', prefixListId: S3_PREFIX_LIST } as const;

  it.each([
    ['all traffic anywhere, to the internet', [allTraffic('0.0.0.0/0')], { kind: 'internet' } as const],
    ["443 to the endpoint's group", [fromGroup(ENDPOINT_SG)], endpointPeer],
    ["443 to the endpoint's subnet", [https('10.0.0.0/16')], endpointPeer],
    [
      '443 to the S3 prefix list',
      [{ ...https('10.0.0.0/16'), cidrs: [], prefixListIds: [S3_PREFIX_LIST] }],
      prefixList,
    ],
  ])('passes a task group that allows %s', (_, egress, peer) => {
    const [verdict] = taskEgress(inputOf(groups(egress, [])), peer, undefined, 'image');

    expect(verdict).toMatchObject({
      kind: 'ok',
      evidence: expect.stringContaining(`${TASK_SG} (task): outbound 443 to`),
    });
  });

  it.each([
    [
      'nothing, to the internet',
      [],
      { kind: 'internet' } as const,
      '0.0.0.0/0 (the internet, through NAT or the internet gateway)',
      'no rules',
    ],
    [
      '443 to the VPC only, to the S3 prefix list',
      [https('10.0.0.0/16')],
      prefixList,
      `the S3 prefix list ${S3_PREFIX_LIST}`,
      'tcp 443 10.0.0.0/16',
    ],
    [
      '443 to another subnet, to the endpoint',
      [https('10.0.200.0/24')],
      endpointPeer,
      `the endpoint (${ENDPOINT_SG}, 10.0.100.0/24)`,
      'tcp 443 10.0.200.0/24',
    ],
  ])('finds a task group that allows %s', (_, egress, peer, to, described) => {
    const verdicts = taskEgress(inputOf(groups(egress, [])), peer, 's3', 'image app:1');

    expect(verdicts).toEqual([
      {
        kind: 'finding',
        draft: {
          id: 'task-sg-blocks-443',
          service: 's3',
          taskSecurityGroupIds: [TASK_SG],
          peer,
          resources: [TASK_SG],
          evidence: [
            `${TASK_SG} (the task's) allow no outbound TCP 443 to ${to}`,
            `${TASK_SG} outbound: ${described}`,
          ],
          breaks: ['image app:1'],
        },
      },
    ]);
  });

  it.each([
    [
      "the task's network is unknown",
      snapshotWith({ taskNetwork: { source: 'unknown', why: 'the task’s ENI is gone', subnetIds: [] } }),
      'security groups unknown: the task’s ENI is gone',
    ],
    [
      'a group cannot be found',
      snapshotWith({ securityGroups: { ok: true, value: [endpointGroup([])] } }),
      `security groups not found: ${TASK_SG}`,
    ],
  ])('says not checked when %s', (_, snapshot, why) => {
    expect(taskEgress(inputOf(snapshot), { kind: 'internet' }, undefined, 'image')).toEqual([
      { kind: 'not-checked', check: 'task-security-groups', why },
    ]);
  });
});
