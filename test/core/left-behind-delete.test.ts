import { describe, expect, it } from 'vitest';
import { checked } from '../../src/core/checked.js';
import type { ManagedRule } from '../../src/core/left-behind.js';
import { planDeletes, planLines } from '../../src/core/left-behind-delete.js';
import {
  ENDPOINT_SG,
  ENDPOINTS,
  endpoint,
  endpointGroup,
  ingressRule,
  TAGS,
  TASK_SG,
  VPC,
} from '../support/left-behind.js';

const managed = {
  region: 'us-east-1',
  endpoints: ENDPOINTS,
  groups: [endpointGroup],
  rules: checked([ingressRule]),
};
const refusals = (ids: string[]) => {
  const plan = planDeletes(managed, ids);
  return plan.ok ? [] : plan.refusals;
};
const lines = (ids: string[], m = managed) => {
  const plan = planDeletes(m, ids);
  return plan.ok ? planLines(plan.steps) : plan.refusals;
};

describe(planDeletes.name, () => {
  it('deletes the one endpoint a person names, with what it costs', () => {
    expect(lines(['vpce-0bbb000000000002'])).toEqual([
      `delete vpce-0bbb000000000002 (com.amazonaws.us-east-1.ecr.dkr in ${VPC}, ≈ $7.30/month)`,
    ]);
  });

  it.each([
    ['an endpoint not tagged as ecs-pullfix’s', 'vpce-0f00000000000009'],
    ['a task’s own security group', TASK_SG],
  ])('refuses %s, and so the whole request', (_, id) => {
    expect(planDeletes(managed, ['vpce-0bbb000000000002', id])).toEqual({
      ok: false,
      refusals: [
        `${id} is not tagged ecs-pullfix:managed=true in us-east-1 (or does not exist there): ecs-pullfix deletes only what it created`,
      ],
    });
  });

  it('refuses an endpoint whose managed tag is not exactly "true"', () => {
    const m = {
      ...managed,
      endpoints: [endpoint('ecr.api', 'vpce-0aaa000000000001', { tags: { 'ecs-pullfix:managed': 'True' } })],
    };
    expect(planDeletes(m, ['vpce-0aaa000000000001']).ok).toBe(false);
  });

  it('refuses what is not an id, and a rule with the command that revokes it', () => {
    expect(refusals(['vpc-0a1b2c3d; rm -rf /', 'sgr-0ingress000000001'])).toEqual([
      'vpc-0a1b2c3d; rm -rf / is not a VPC endpoint or security group id',
      `sgr-0ingress000000001 is a security group rule: ecs-pullfix's rules on its endpoint group go with the group (name the group); one on your own group is yours to revoke: aws ec2 revoke-security-group-ingress --group-id ${ENDPOINT_SG} --security-group-rule-ids sgr-0ingress000000001`,
    ]);
  });

  it('refuses the endpoint group while endpoints not named stay in it', () => {
    expect(refusals([ENDPOINT_SG, 'vpce-0aaa000000000001'])).toEqual([
      `${ENDPOINT_SG} is still the security group of vpce-0bbb000000000002, vpce-0ccc000000000003: delete them first, or name them too (ecs-pullfix managed --delete vpce-0bbb000000000002 vpce-0ccc000000000003 ${ENDPOINT_SG})`,
    ]);
  });

  it('deletes the endpoints before their group, and revokes ecs-pullfix’s rule naming the group on the task’s group first', () => {
    const egress: ManagedRule = {
      ...ingressRule,
      id: 'sgr-0egress0000000001',
      groupId: TASK_SG,
      direction: 'egress',
      peer: ENDPOINT_SG,
      tags: TAGS,
    };
    const m = { ...managed, rules: checked([ingressRule, egress]) };
    expect(
      lines(
        [
          ENDPOINT_SG,
          'vpce-0aaa000000000001',
          'vpce-0bbb000000000002',
          'vpce-0ccc000000000003',
          'vpce-0ddd000000000004',
        ],
        m,
      ),
    ).toEqual([
      `revoke sgr-0egress0000000001 (egress 443 to ${ENDPOINT_SG} on ${TASK_SG}: ecs-pullfix's rule naming the group)`,
      `delete vpce-0aaa000000000001 (com.amazonaws.us-east-1.ecr.api in ${VPC}, ≈ $7.30/month)`,
      `delete vpce-0bbb000000000002 (com.amazonaws.us-east-1.ecr.dkr in ${VPC}, ≈ $7.30/month)`,
      `delete vpce-0ccc000000000003 (com.amazonaws.us-east-1.logs in ${VPC}, ≈ $7.30/month)`,
      `delete vpce-0ddd000000000004 (com.amazonaws.us-east-1.s3 in ${VPC})`,
      `delete ${ENDPOINT_SG} (ecs-pullfix-endpoints in ${VPC})`,
    ]);
  });

  it('says an endpoint is already being deleted rather than deleting it again', () => {
    const m = { ...managed, endpoints: [endpoint('logs', 'vpce-0ccc000000000003', { state: 'deleting' })] };
    expect(planDeletes(m, ['vpce-0ccc000000000003'])).toEqual({
      ok: true,
      steps: [],
      notes: ['vpce-0ccc000000000003 is already deleting'],
    });
  });
});
