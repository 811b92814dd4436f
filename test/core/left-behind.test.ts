import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checked, notChecked } from '../../src/core/checked.js';
import { managedTags, tagValue } from '../../src/core/left-behind.js';
import { leftBehindItems, totalMonthlyUsd } from '../../src/core/left-behind-items.js';
import {
  checkoutTask,
  ENDPOINT_SG,
  endpoint,
  endpointInterfaces,
  facts,
  INCIDENT,
  TASK_SG,
  taskInterface,
} from '../support/left-behind.js';

const byId = (f: ReturnType<typeof facts>) => new Map(leftBehindItems(f).map((i) => [i.id, i]));

describe(leftBehindItems.name, () => {
  it('lists each endpoint, the endpoint group and its rule, with the incident and cluster that made them and their monthly cost', () => {
    const items = leftBehindItems(facts());

    expect(items.map((i) => [i.id, i.kind, i.what, i.incident, i.cluster, i.monthlyUsd])).toEqual([
      ['vpce-0aaa000000000001', 'interface-endpoint', 'ecr.api', INCIDENT, 'prod-apps', 7.3],
      ['vpce-0bbb000000000002', 'interface-endpoint', 'ecr.dkr', INCIDENT, 'prod-apps', 7.3],
      ['vpce-0ccc000000000003', 'interface-endpoint', 'logs', INCIDENT, 'prod-apps', 7.3],
      ['vpce-0ddd000000000004', 'gateway-endpoint', 's3 (gateway)', INCIDENT, 'prod-apps', 0],
      [ENDPOINT_SG, 'security-group', 'ecs-pullfix-endpoints', INCIDENT, 'prod-apps', 0],
      [
        'sgr-0ingress000000001',
        'security-group-rule',
        `ingress 443 from ${TASK_SG} on ${ENDPOINT_SG}`,
        INCIDENT,
        'prod-apps',
        0,
      ],
    ]);
    expect(totalMonthlyUsd(items)).toBe(21.9);
  });

  it('prices an interface endpoint per Availability Zone (one per subnet), and one being deleted at nothing', () => {
    const items = byId(
      facts({
        endpoints: [
          endpoint('ecr.dkr', 'vpce-0bbb000000000002', { subnetIds: ['subnet-a', 'subnet-b', 'subnet-c'] }),
          endpoint('logs', 'vpce-0ccc000000000003', { state: 'deleting' }),
        ],
      }),
    );
    expect(items.get('vpce-0bbb000000000002')?.monthlyUsd).toBe(21.9);
    expect(items.get('vpce-0ccc000000000003')?.monthlyUsd).toBe(0);
    expect(items.get('vpce-0ccc000000000003')?.use).toEqual({ verdict: 'not in use', why: 'it is deleting' });
  });

  it('leaves out an endpoint AWS still describes after it was deleted', () => {
    const items = byId(
      facts({ endpoints: [endpoint('logs', 'vpce-0ccc000000000003', { state: 'deleted' })] }),
    );
    expect(items.has('vpce-0ccc000000000003')).toBe(false);
  });

  it('says an endpoint made by hand from a printed command has no incident or cluster', () => {
    const items = byId(
      facts({
        endpoints: [
          endpoint('ecr.api', 'vpce-0aaa000000000001', { tags: { 'ecs-pullfix:managed': 'true' } }),
        ],
      }),
    );
    expect(items.get('vpce-0aaa000000000001')).not.toHaveProperty('incident');
    expect(items.get('vpce-0aaa000000000001')).not.toHaveProperty('cluster');
  });

  it('calls nothing in use when no interface reaches the endpoints and no task runs in the VPC', () => {
    const items = byId(facts());
    expect(items.get('vpce-0bbb000000000002')?.use).toEqual({
      verdict: 'not in use',
      why: 'no network interface in vpc-0a1b2c3d4e5f60718 reaches it, and no running task there needs ecr.dkr',
    });
    expect(items.get('vpce-0ddd000000000004')?.use).toEqual({
      verdict: 'not in use',
      why: 'no running task in vpc-0a1b2c3d4e5f60718 needs s3',
    });
    expect(items.get(ENDPOINT_SG)?.use.verdict).toBe('in use');
    expect(items.get(ENDPOINT_SG)?.use.why).toBe(
      'vpce-0aaa000000000001 uses it, vpce-0bbb000000000002 uses it and vpce-0ccc000000000003 uses it',
    );
    expect(items.get('sgr-0ingress000000001')?.use).toEqual({
      verdict: 'with its group',
      why: `deleted with ${ENDPOINT_SG} (in use)`,
    });
  });

  it('names the running task that needs an endpoint and the interface whose groups reach it', () => {
    const items = byId(
      facts({ interfaces: checked([...endpointInterfaces, taskInterface]), tasks: checked([checkoutTask]) }),
    );
    expect(items.get('vpce-0bbb000000000002')?.use).toEqual({
      verdict: 'in use',
      why: `eni-0task0000000000001 (${TASK_SG}) reaches it and task prod-apps/7469496bc4dfa3532f5765ae24cc823e needs ecr.dkr`,
    });
    expect(items.get('vpce-0ddd000000000004')?.use).toEqual({
      verdict: 'in use',
      why: 'task prod-apps/7469496bc4dfa3532f5765ae24cc823e needs s3',
    });
  });

  it('does not count an interface whose own groups let no 443 out to the endpoint', () => {
    const closed = { id: TASK_SG, name: 'closed', vpcId: 'vpc-0a1b2c3d4e5f60718', ingress: [], egress: [] };
    const f = facts({ interfaces: checked([...endpointInterfaces, taskInterface]) });
    const items = byId({
      ...f,
      vpcGroups: checked([
        ...(f.vpcGroups.ok ? f.vpcGroups.value : []).filter((g) => g.id !== TASK_SG),
        closed,
      ]),
    });
    expect(items.get('vpce-0aaa000000000001')?.use.verdict).toBe('not in use');
  });

  it('says "not checked" with why when the interfaces or the tasks could not be read, never "not in use"', () => {
    const items = byId(
      facts({
        interfaces: notChecked('ec2:DescribeNetworkInterfaces was denied (UnauthorizedOperation)'),
        tasks: notChecked('ecs:ListClusters was denied (AccessDeniedException)'),
      }),
    );
    expect(items.get('vpce-0bbb000000000002')?.use).toEqual({
      verdict: 'not checked',
      why: 'network interfaces: ec2:DescribeNetworkInterfaces was denied (UnauthorizedOperation); running tasks: ecs:ListClusters was denied (AccessDeniedException)',
    });
  });

  it('leaves the rules out when they could not be listed', () => {
    const items = leftBehindItems(
      facts({ rules: notChecked('ec2:DescribeSecurityGroupRules was denied (UnauthorizedOperation)') }),
    );
    expect(items.some((i) => i.kind === 'security-group-rule')).toBe(false);
  });
});

describe(tagValue.name, () => {
  it.each([
    ['prod-apps', 'prod-apps'],
    ['inc-10577b24521de77b', 'inc-10577b24521de77b'],
    ['payments\u001b[31m', 'payments__31m'],
    ['a"b;c$(d)', 'a_b_c__d_'],
  ])('keeps %j as %j', (raw, tag) => {
    expect(tagValue(raw)).toBe(tag);
  });

  it('cuts a value past 256 characters', () => {
    expect(tagValue('x'.repeat(300))).toHaveLength(256);
  });

  it('makes any text a value every AWS service accepts', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (raw) => {
        const v = tagValue(raw);
        return [...v].length <= 256 && /^[\p{L}\p{N}\p{Zs}_.:/=+\-@]*$/u.test(v);
      }),
    );
  });
});

describe(managedTags.name, () => {
  it('tags what auto-fix creates with its mark, the incident and the cluster', () => {
    expect(managedTags(INCIDENT, 'prod-apps')).toEqual({
      'ecs-pullfix:managed': 'true',
      'ecs-pullfix:incident': INCIDENT,
      'ecs-pullfix:cluster': 'prod-apps',
    });
  });
});
