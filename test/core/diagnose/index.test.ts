import { describe, expect, it } from 'vitest';
import type { Classification } from '../../../src/core/causes.js';
import { diagnose } from '../../../src/core/diagnose.js';
import { HEALTHY, snapshotWith, TASK_DEFINITION, TASK_SG, TASK_SUBNET } from '../../support/snapshot.js';

const TIMEOUT: Classification = {
  cause: 'network-timeout',
  service: 'ecr',
  networkRelated: true,
  registry: null,
  evidence: ['dial tcp 52.94.1.10:443: i/o timeout'],
  summary: 'The task could not reach ECR in time.',
};

describe(diagnose.name, () => {
  it('says path-ok, with every check it made as evidence, when nothing on the path is wrong', () => {
    const [finding, ...rest] = diagnose(HEALTHY, TIMEOUT);

    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      id: 'path-ok',
      fix: 'Nothing is wrong on the network path ecs-pullfix can see; look at the stop reason itself.',
    });
    expect(finding?.evidence).toContain('vpc-0c4f1e2d3a5b69788: enableDnsSupport true');
  });

  it('withholds path-ok when a check of the path could not be made', () => {
    const snapshot = snapshotWith({ networkAcls: { ok: false, why: 'ec2:DescribeNetworkAcls was denied' } });

    expect(diagnose(snapshot, TIMEOUT).map((f) => f.id)).toEqual(['not-checked']);
  });

  it('withholds path-ok when an EFS volume’s mount targets were not read', () => {
    const withEfs = { ...TASK_DEFINITION, volumes: [{ name: 'data', efsFileSystemId: 'fs-0a1b2c3d' }] };

    const findings = diagnose(snapshotWith({ taskDefinition: { ok: true, value: withEfs } }), TIMEOUT);

    expect(findings.map((f) => f.id)).toEqual(['not-checked']);
    expect(findings[0]?.evidence).toEqual(['the mount targets of fs-0a1b2c3d were not read']);
  });

  it('still says path-ok beside the note that an EFS volume’s IAM authorization is not checked', () => {
    const volumes = [{ name: 'data', efsFileSystemId: 'fs-0a1b2c3d', efsIam: true }];
    const efs = {
      fileSystemId: 'fs-0a1b2c3d',
      mountTargets: {
        ok: true,
        value: [
          {
            id: 'fsmt-0a1b2c3d',
            subnetId: TASK_SUBNET.id,
            availabilityZone: TASK_SUBNET.availabilityZone,
            ip: '10.0.1.200',
            state: 'available',
          },
        ],
      },
      securityGroups: { 'fsmt-0a1b2c3d': { ok: true, value: [TASK_SG] } },
    } as const;
    const groups = [
      {
        id: TASK_SG,
        ingress: [{ protocol: '-1', cidrs: ['10.0.0.0/16'], prefixListIds: [], groupIds: [] }],
        egress: [{ protocol: '-1', cidrs: ['0.0.0.0/0'], prefixListIds: [], groupIds: [] }],
      },
    ];
    const snapshot = snapshotWith({
      taskDefinition: { ok: true, value: { ...TASK_DEFINITION, volumes } },
      efs: [efs],
      securityGroups: {
        ok: true,
        value: [
          ...(HEALTHY.securityGroups.ok ? HEALTHY.securityGroups.value.filter((g) => g.id !== TASK_SG) : []),
          ...groups,
        ],
      },
    });

    const findings = diagnose(snapshot, TIMEOUT);

    expect(findings.map((f) => (f.id === 'not-checked' ? `${f.id}:${f.check}` : f.id)).sort()).toEqual([
      'not-checked:efs-authorization',
      'path-ok',
    ]);
  });

  it('ranks the findings and writes each fix from the catalogue', () => {
    const snapshot = snapshotWith({
      dnsSupport: { ok: true, value: false },
      endpoints: { ok: true, value: [] },
    });

    const findings = diagnose(snapshot, TIMEOUT);

    expect(findings.map((f) => f.id)).toEqual([
      'vpc-dns-off',
      'no-egress-path',
      'missing-endpoint',
      'missing-endpoint',
      'missing-endpoint',
      's3-gateway-missing',
    ]);
    expect(findings[0]?.fix).toBe(
      'Enable enableDnsSupport on vpc-0c4f1e2d3a5b69788 (aws ec2 modify-vpc-attribute --vpc-id vpc-0c4f1e2d3a5b69788 --enable-dns-support \'{"Value":true}\').',
    );
  });
});
