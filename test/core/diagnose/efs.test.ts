import { describe, expect, it } from 'vitest';
import { type EfsNeed, efsVerdicts } from '../../../src/core/diagnose/checks/efs.js';
import { diagnose } from '../../../src/core/diagnose/index.js';
import type {
  EfsFileSystem,
  EfsMountTarget,
  SecurityGroup,
  SecurityGroupRule,
} from '../../../src/core/network.js';
import {
  allowAllAcl,
  allTraffic,
  ENDPOINT_SG,
  ENDPOINT_SUBNET,
  endpointGroup,
  https,
  inputOf,
  NACL,
  snapshotWith,
  TASK_DEFINITION,
  TASK_SG,
  TASK_SUBNET,
  taskGroup,
  VPC,
} from '../../support/snapshot.js';

const FS = 'fs-0a1b2c3d4e5f60718';
const EFS_SG = 'sg-0efs4b5c6d7e8f901';
const MOUNT_SUBNET = 'subnet-0b2c3d4e5f6071829';
const NEED: EfsNeed = { kind: 'efs', fileSystemId: FS, feature: 'EFS volume uploads' };

const target = (changes: Partial<EfsMountTarget> = {}): EfsMountTarget => ({
  id: 'fsmt-0a1b2c3d4e5f60718',
  subnetId: MOUNT_SUBNET,
  availabilityZone: 'eu-west-1a',
  vpcId: VPC,
  ip: '10.0.2.45',
  state: 'available',
  ...changes,
});
const nfsFrom = (peer: Partial<SecurityGroupRule>): SecurityGroupRule => ({
  protocol: 'tcp',
  fromPort: 2049,
  toPort: 2049,
  cidrs: [],
  prefixListIds: [],
  groupIds: [],
  ...peer,
});
const efsGroup = (ingress: readonly SecurityGroupRule[]): SecurityGroup => ({
  id: EFS_SG,
  vpcId: VPC,
  ingress,
  egress: [allTraffic('0.0.0.0/0')],
});
const fileSystem = (
  targets: readonly EfsMountTarget[],
  groups: readonly string[] = [EFS_SG],
): EfsFileSystem => ({
  fileSystemId: FS,
  mountTargets: { ok: true, value: targets },
  securityGroups: Object.fromEntries(targets.map((t) => [t.id, { ok: true, value: groups }])),
});
const withEfs = (
  fs: EfsFileSystem,
  mountTargetIngress: readonly SecurityGroupRule[] = [nfsFrom({ groupIds: [TASK_SG] })],
  taskEgress: readonly SecurityGroupRule[] = [allTraffic('0.0.0.0/0')],
) =>
  snapshotWith({
    efs: [fs],
    securityGroups: {
      ok: true,
      value: [taskGroup(taskEgress), endpointGroup([https('10.0.0.0/16')]), efsGroup(mountTargetIngress)],
    },
    networkAcls: { ok: true, value: [allowAllAcl([TASK_SUBNET.id, ENDPOINT_SUBNET.id, MOUNT_SUBNET])] },
  });

const ids = (verdicts: ReturnType<typeof efsVerdicts>) =>
  verdicts.map((v) =>
    v.kind === 'ok' ? 'ok' : v.kind === 'finding' ? v.draft.id : `not-checked:${v.check}`,
  );

describe(efsVerdicts.name, () => {
  it('passes a mount target in the task’s zone whose group admits NFS from the task’s group', () => {
    const verdicts = efsVerdicts(inputOf(withEfs(fileSystem([target()]))), NEED, TASK_SUBNET);

    expect(verdicts.filter((v) => v.kind !== 'ok')).toEqual([]);
    expect(verdicts.map((v) => (v.kind === 'ok' ? v.evidence : ''))).toEqual([
      `${FS} (EFS volume uploads): mount target fsmt-0a1b2c3d4e5f60718 available in eu-west-1a (${MOUNT_SUBNET}, 10.0.2.45)`,
      `${VPC}: enableDnsHostnames true, so ${FS}.efs.eu-west-1.amazonaws.com resolves in the VPC`,
      `${EFS_SG} (of fsmt-0a1b2c3d4e5f60718): inbound NFS (TCP 2049) from the task`,
      `${TASK_SG} (the task's): outbound NFS (TCP 2049) to fsmt-0a1b2c3d4e5f60718 (${EFS_SG}, 10.0.2.45)`,
      `${NACL} (of ${TASK_SUBNET.id}): outbound TCP 2049 to 10.0.2.45/32 allowed`,
      `${NACL} (of ${TASK_SUBNET.id}): inbound TCP 32768-60999 from 10.0.2.45/32 allowed`,
      `${NACL} (of ${MOUNT_SUBNET}): inbound TCP 2049 from ${TASK_SUBNET.cidr} allowed`,
      `${NACL} (of ${MOUNT_SUBNET}): outbound TCP 32768-60999 to ${TASK_SUBNET.cidr} allowed`,
    ]);
  });

  it.each([
    ['the VPC’s range', [nfsFrom({ cidrs: ['10.0.0.0/16'] })]],
    ['all traffic from anywhere', [allTraffic('0.0.0.0/0')]],
    ['a port range holding 2049', [nfsFrom({ fromPort: 2000, toPort: 2100, cidrs: [TASK_SUBNET.cidr] })]],
  ])('passes a mount target group that admits NFS from %s', (_, ingress) => {
    expect(
      ids(efsVerdicts(inputOf(withEfs(fileSystem([target()]), ingress)), NEED, TASK_SUBNET)),
    ).not.toContain('efs-sg-blocks-2049');
  });

  it.each([
    ['a mount target only in another zone', [target({ availabilityZone: 'eu-west-1b' })], ['eu-west-1b']],
    ['its mount target in the zone being deleted', [target({ state: 'deleting' })], []],
    ['its only mount target in another VPC', [target({ vpcId: 'vpc-0other1a2b3c4d5e6' })], []],
    ['no mount target at all', [], []],
  ])('finds no mount target for a file system with %s', (_, targets, zones) => {
    const [verdict, ...rest] = efsVerdicts(inputOf(withEfs(fileSystem(targets))), NEED, TASK_SUBNET);

    expect(rest).toEqual([]);
    expect(verdict).toMatchObject({
      kind: 'finding',
      draft: {
        id: 'efs-no-mount-target',
        fileSystemId: FS,
        availabilityZone: 'eu-west-1a',
        subnetIds: [TASK_SUBNET.id],
        zonesWithTargets: zones,
        breaks: ['EFS volume uploads'],
      },
    });
  });

  it.each([
    ['nothing', [], 'no rules'],
    ['443 from the VPC', [https('10.0.0.0/16')], 'tcp 443 10.0.0.0/16'],
    ['2049 from another group', [nfsFrom({ groupIds: [ENDPOINT_SG] })], `tcp 2049 ${ENDPOINT_SG}`],
  ])('finds a mount target group that admits %s', (_, ingress, described) => {
    const verdicts = efsVerdicts(inputOf(withEfs(fileSystem([target()]), ingress)), NEED, TASK_SUBNET);

    expect(verdicts.find((v) => v.kind === 'finding')).toEqual({
      kind: 'finding',
      draft: {
        id: 'efs-sg-blocks-2049',
        fileSystemId: FS,
        side: 'mount-target',
        mountTargetSecurityGroupIds: [EFS_SG],
        task: { securityGroupIds: [TASK_SG], cidrs: [TASK_SUBNET.cidr] },
        resources: [FS, 'fsmt-0a1b2c3d4e5f60718', EFS_SG],
        evidence: [
          `${EFS_SG} (of fsmt-0a1b2c3d4e5f60718, ${FS}) allow no inbound TCP 2049 from ${TASK_SG} or ${TASK_SUBNET.cidr}`,
          `${EFS_SG} inbound: ${described}`,
        ],
        breaks: ['EFS volume uploads'],
      },
    });
  });

  it('finds a task group that lets only HTTPS out', () => {
    const snapshot = withEfs(fileSystem([target()]), undefined, [https('0.0.0.0/0')]);

    const found = efsVerdicts(inputOf(snapshot), NEED, TASK_SUBNET).find((v) => v.kind === 'finding');

    expect(found).toMatchObject({
      draft: {
        id: 'efs-sg-blocks-2049',
        side: 'task',
        resources: [TASK_SG, 'fsmt-0a1b2c3d4e5f60718'],
        evidence: [
          `${TASK_SG} (the task's) allow no outbound TCP 2049 to fsmt-0a1b2c3d4e5f60718 (${EFS_SG}, 10.0.2.45)`,
          `${TASK_SG} outbound: tcp 443 0.0.0.0/0`,
        ],
      },
    });
  });

  it('finds DNS hostnames off: the file system’s name does not resolve', () => {
    const snapshot = {
      ...withEfs(fileSystem([target()])),
      dnsHostnames: { ok: true, value: false },
    } as const;

    expect(efsVerdicts(inputOf(snapshot), NEED, TASK_SUBNET).find((v) => v.kind === 'finding')).toMatchObject(
      {
        draft: {
          id: 'vpc-dns-off',
          attribute: 'enableDnsHostnames',
          evidence: [
            `${VPC}: enableDnsHostnames is false, so ${FS}.efs.eu-west-1.amazonaws.com (EFS volume uploads) does not resolve`,
          ],
        },
      },
    );
  });

  it('finds the mount target subnet’s ACL refusing NFS from the task', () => {
    const acl = allowAllAcl([TASK_SUBNET.id, ENDPOINT_SUBNET.id]);
    const strict = {
      id: 'acl-0mount1a2b3c4d5e6f',
      subnetIds: [MOUNT_SUBNET],
      entries: [
        {
          ruleNumber: 100,
          egress: false,
          protocol: '6',
          action: 'allow',
          cidr: '10.0.0.0/16',
          ports: { from: 443, to: 443 },
        },
        { ruleNumber: 100, egress: true, protocol: '-1', action: 'allow', cidr: '0.0.0.0/0' },
      ],
    } as const;
    const snapshot = {
      ...withEfs(fileSystem([target()])),
      networkAcls: { ok: true, value: [acl, strict] },
    } as const;

    const found = efsVerdicts(inputOf(snapshot), NEED, TASK_SUBNET).filter((v) => v.kind === 'finding');

    expect(found).toMatchObject([
      {
        draft: {
          id: 'nacl-blocks',
          networkAclId: strict.id,
          direction: 'inbound',
          ports: 'TCP 2049',
          cidr: TASK_SUBNET.cidr,
        },
      },
    ]);
  });

  it.each([
    [
      'DescribeMountTargets was refused',
      {
        ...fileSystem([]),
        mountTargets: {
          ok: false,
          why: 'reading the mount targets of fs-0a1b2c3d4e5f60718 failed: elasticfilesystem:DescribeMountTargets was denied (AccessDeniedException)',
        },
      },
      'not-checked:efs',
    ],
    [
      'DescribeMountTargetSecurityGroups was refused',
      {
        ...fileSystem([target()]),
        securityGroups: {
          'fsmt-0a1b2c3d4e5f60718': {
            ok: false,
            why: 'elasticfilesystem:DescribeMountTargetSecurityGroups was denied',
          },
        },
      },
      'not-checked:efs-security-groups',
    ],
  ] as const)('says what it could not check when %s', (_, fs, check) => {
    const verdicts = efsVerdicts(inputOf(withEfs(fs as EfsFileSystem)), NEED, TASK_SUBNET);

    expect(ids(verdicts)).toContain(check);
    expect(ids(verdicts)).not.toContain('efs-sg-blocks-2049');
  });

  it('says the access point and IAM authorization were not checked when they were not read', () => {
    const need: EfsNeed = { ...NEED, iam: true, accessPointId: 'fsap-0a1b2c3d4e5f60718' };

    const notes = efsVerdicts(inputOf(withEfs(fileSystem([target()]))), need, TASK_SUBNET).filter(
      (v) => v.kind === 'not-checked',
    );

    expect(notes).toEqual([
      { kind: 'not-checked', check: 'efs-authorization', why: `the authorization of ${FS} was not read` },
    ]);
  });
});

describe('diagnose, for a task with an EFS volume', () => {
  const volumes = [{ name: 'uploads', efsFileSystemId: FS }];
  const td = { ok: true, value: { ...TASK_DEFINITION, volumes } } as const;
  const efsMount = {
    cause: 'efs-mount',
    service: 'efs',
    summary: 'The EFS volume could not be mounted',
    evidence: ['failed to invoke EFS utils commands'],
  } as const;

  it('puts the missing mount target first when the stop says the mount failed', () => {
    const snapshot = {
      ...withEfs(fileSystem([target({ availabilityZone: 'eu-west-1b' })])),
      taskDefinition: td,
      dnsSupport: { ok: true, value: true },
    } as const;

    const findings = diagnose(snapshot, efsMount as never);

    expect(findings.map((f) => f.id)).toEqual(['efs-no-mount-target']);
    expect(findings[0]?.fix).toContain(`Create a mount target for ${FS} in eu-west-1a`);
  });

  it('gives path-ok with the EFS lines when the mount target serves the task', () => {
    const snapshot = { ...withEfs(fileSystem([target()])), taskDefinition: td } as const;

    const [found] = diagnose(snapshot, efsMount as never);

    expect(found?.id).toBe('path-ok');
    expect(found?.evidence).toContain(
      `${EFS_SG} (of fsmt-0a1b2c3d4e5f60718): inbound NFS (TCP 2049) from the task`,
    );
  });
});
