import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { managedDocument, managedText } from '../../src/cli/managed-table.js';
import { checked, notChecked } from '../../src/core/checked.js';
import { ENDPOINT_SG, ENDPOINTS, endpoint, facts, INCIDENT, TASK_SG, VPC } from '../support/left-behind.js';

describe(managedText.name, () => {
  it('shows one row per resource with who made it, its monthly cost and whether it is used, then the total', () => {
    const lines = managedText(facts()).split('\n');
    const cells = (line: string | undefined) => (line ?? '').split(/ {2,}/);

    expect(cells(lines[0])).toEqual(['ID', 'WHAT', 'VPC', 'INCIDENT', 'CLUSTER', '$/MONTH', 'IN USE']);
    expect(lines.slice(1, 7).map(cells)).toEqual([
      [
        'vpce-0aaa000000000001',
        'ecr.api',
        VPC,
        INCIDENT,
        'prod-apps',
        '7.30',
        `not in use: no network interface in ${VPC} reaches it, and no running task there needs ecr.api`,
      ],
      [
        'vpce-0bbb000000000002',
        'ecr.dkr',
        VPC,
        INCIDENT,
        'prod-apps',
        '7.30',
        `not in use: no network interface in ${VPC} reaches it, and no running task there needs ecr.dkr`,
      ],
      [
        'vpce-0ccc000000000003',
        'logs',
        VPC,
        INCIDENT,
        'prod-apps',
        '7.30',
        `not in use: no network interface in ${VPC} reaches it, and no running task there needs logs`,
      ],
      [
        'vpce-0ddd000000000004',
        's3 (gateway)',
        VPC,
        INCIDENT,
        'prod-apps',
        '0',
        `not in use: no running task in ${VPC} needs s3`,
      ],
      [
        ENDPOINT_SG,
        'ecs-pullfix-endpoints',
        VPC,
        INCIDENT,
        'prod-apps',
        '0',
        'in use: vpce-0aaa000000000001 uses it, vpce-0bbb000000000002 uses it and vpce-0ccc000000000003 uses it',
      ],
      [
        'sgr-0ingress000000001',
        `ingress 443 from ${TASK_SG} on ${ENDPOINT_SG}`,
        VPC,
        INCIDENT,
        'prod-apps',
        '0',
        `with its group: deleted with ${ENDPOINT_SG} (in use)`,
      ],
    ]);
    // Columns line up: each starts where the header's does.
    for (const line of lines.slice(1, 7)) expect(line.indexOf(VPC)).toBe(lines[0]?.indexOf('VPC'));
    expect(lines.slice(7)).toEqual([
      '',
      '6 made by ecs-pullfix in us-east-1, ≈ $21.90/month (us-east-1 list prices: an interface endpoint $0.01 per Availability Zone-hour, data processed not included; gateway endpoints, security groups and rules are free).',
      'Remove what you name: ecs-pullfix managed --delete ID… (an endpoint group after its endpoints).',
      '',
    ]);
  });

  it('says what could not be checked, and why', () => {
    const text = managedText(
      facts({ tasks: notChecked('ecs:ListClusters was denied (AccessDeniedException)') }),
    );
    expect(text).toContain(
      'not checked: running tasks not checked: ecs:ListClusters was denied (AccessDeniedException)\n',
    );
  });

  it('says so when auto-fix left nothing', () => {
    expect(managedText(facts({ endpoints: [], groups: [], rules: checked([]) }))).toBe(
      'Nothing tagged ecs-pullfix:managed=true in us-east-1.\n',
    );
  });

  it('keeps every row one safe line whatever the incident and cluster tags hold (anyone may tag a resource)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 120 }),
        fc.string({ unit: 'binary', maxLength: 120 }),
        (incident, cluster) => {
          const tags = {
            'ecs-pullfix:managed': 'true',
            'ecs-pullfix:incident': incident,
            'ecs-pullfix:cluster': cluster,
          };
          const text = managedText(
            facts({
              endpoints: [endpoint('ecr.dkr', 'vpce-0bbb000000000002', { tags })],
              groups: [],
              rules: checked([]),
            }),
          );
          const lines = text.split('\n');
          return (
            lines.length === 6 &&
            lines[1]?.startsWith('vpce-0bbb000000000002') === true &&
            // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
            !/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/.test(
              text,
            )
          );
        },
      ),
    );
  });
});

describe(managedDocument.name, () => {
  it('holds every item, the total and the cost assumption', () => {
    const doc = managedDocument(facts({ endpoints: ENDPOINTS.slice(0, 1), rules: checked([]) }));
    expect(doc).toMatchObject({
      region: 'us-east-1',
      monthlyUsd: 7.3,
      items: [
        {
          id: 'vpce-0aaa000000000001',
          kind: 'interface-endpoint',
          incident: INCIDENT,
          cluster: 'prod-apps',
          monthlyUsd: 7.3,
        },
        { id: ENDPOINT_SG, kind: 'security-group', use: { verdict: 'in use' } },
      ],
      notChecked: [],
    });
  });
});
