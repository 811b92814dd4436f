import { describe, expect, it } from 'vitest';
import type { Classification } from '../../../src/core/causes.js';
import { diagnose } from '../../../src/core/diagnose.js';
import { HEALTHY, snapshotWith, TASK_DEFINITION } from '../../support/snapshot.js';

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

  it('still says path-ok beside the note that EFS mount targets are not inspected', () => {
    const withEfs = { ...TASK_DEFINITION, volumes: [{ name: 'data', efsFileSystemId: 'fs-0a1b2c3d' }] };

    const ids = diagnose(snapshotWith({ taskDefinition: { ok: true, value: withEfs } }), TIMEOUT).map(
      (f) => f.id,
    );

    expect(ids.sort()).toEqual(['not-checked', 'path-ok']);
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
