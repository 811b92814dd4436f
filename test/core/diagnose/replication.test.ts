import { describe, expect, it } from 'vitest';
import type { Classification } from '../../../src/core/causes.js';
import { diagnose } from '../../../src/core/diagnose.js';
import { fixOf } from '../../../src/core/findings.js';
import type { Snapshot } from '../../../src/core/network.js';
import { replicationCli } from '../../../src/core/plan/recommend-replication.js';
import {
  type ReplicationCheck,
  type ReplicationRule,
  replicationAdvice,
} from '../../../src/core/replication.js';
import { ecrImageOf } from '../../../src/core/workload.js';
import {
  ACCOUNT,
  BEHIND_PUBLIC_NAT,
  HEALTHY,
  REGION,
  snapshotWith,
  TASK_DEFINITION,
} from '../../support/snapshot.js';

// The task runs in eu-west-1 (REGION) with only eu-west-1's endpoints and no way out; its image
// is in the account's registry in us-west-2.
const IMAGE_REGION = 'us-west-2';
const IMAGE = `${ACCOUNT}.dkr.ecr.${IMAGE_REGION}.amazonaws.com/payments/ledger:4.1.0`;
const REPLICATED = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/payments/ledger:4.1.0`;

const TIMEOUT: Classification = {
  cause: 'network-timeout',
  service: 'ecr',
  networkRelated: true,
  registry: null,
  evidence: ['dial tcp 34.223.27.71:443: i/o timeout'],
  summary: 'The task could not reach ECR in time.',
};

const rule = (region: string, ...filters: string[]): ReplicationRule => ({
  destinations: [{ region, registryId: ACCOUNT }],
  repositoryFilters: filters.map((filter) => ({ filter, filterType: 'PREFIX_MATCH' })),
});

/** The task pulling IMAGE, with the registry's rules in us-west-2 as read (or not). */
const pulling = (rules: ReplicationCheck['rules'] | undefined, image = IMAGE): Snapshot => {
  const [app] = TASK_DEFINITION.containers;
  if (!app) throw new Error('the test task definition has a container');
  return snapshotWith({
    taskDefinition: { ok: true, value: { ...TASK_DEFINITION, containers: [{ ...app, image }] } },
    ...(rules ? { replication: [{ region: IMAGE_REGION, registryId: ACCOUNT, rules }] } : {}),
  });
};

const registryFinding = (s: Snapshot) => {
  const f = diagnose(s, TIMEOUT).find((x) => x.id === 'registry-needs-internet');
  if (f?.id !== 'registry-needs-internet') throw new Error('no registry-needs-internet');
  return f;
};

describe('replication, for an image in the account’s registry in another Region', () => {
  it.each([
    ['a rule for every repository into the task’s Region', [rule(REGION)]],
    ['a rule whose filter is a prefix of the repository', [rule('ap-south-1'), rule(REGION, 'payments/')]],
    [
      'a rule with two destinations, one the task’s Region',
      [
        {
          ...rule(REGION),
          destinations: [
            { region: 'ap-south-1', registryId: ACCOUNT },
            { region: REGION, registryId: ACCOUNT },
          ],
        },
      ],
    ],
  ])('names the replicated image when %s', (_, rules) => {
    const f = registryFinding(pulling({ ok: true, value: rules }));

    expect(f.replication).toMatchObject({ kind: 'replicated' });
    expect(fixOf(f, REGION)).toBe(
      `ECR in ${IMAGE_REGION}: VPC endpoints are regional. A replication rule of this registry in ${IMAGE_REGION} already copies the image into ${REGION}: point the task definition at ${REPLICATED} (replication copies only images pushed after the rule was made: push again if the image is not there yet). Otherwise give the task an internet path (a NAT gateway).`,
    );
  });

  it.each([
    ['no rule at all', []],
    ['a rule into another Region only', [rule('ap-south-1')]],
    ['a rule into the task’s Region for other repositories', [rule(REGION, 'web/')]],
    [
      'a rule into the task’s Region, but another account’s registry',
      [{ ...rule(REGION), destinations: [{ region: REGION, registryId: '444455556666' }] }],
    ],
  ])('gives the whole configuration to put when there is %s', (_, rules) => {
    const f = registryFinding(pulling({ ok: true, value: rules }));
    const advice = f.replication;
    if (advice?.kind !== 'no-rule') throw new Error('expected no-rule');

    expect(JSON.parse(advice.configuration)).toEqual({
      rules: [...rules, rule(REGION, 'payments/ledger')],
    });
    expect(fixOf(f, REGION)).toContain(
      `No replication rule of this registry in ${IMAGE_REGION} copies payments/ledger into ${REGION}: add one (aws ecr put-replication-configuration --region ${IMAGE_REGION}, with the rules it has kept: it replaces the whole configuration), push the image again (replication copies only images pushed after the rule), and point the task definition at ${REPLICATED}.`,
    );
    expect(replicationCli(advice)).toBe(
      [
        `# put-replication-configuration replaces the registry's whole configuration: this file keeps its ${rules.length} rule(s) and adds one into ${REGION}`,
        "cat > ecs-pullfix-replication.json <<'EOF'",
        advice.configuration,
        'EOF',
        `aws ecr put-replication-configuration --replication-configuration file://ecs-pullfix-replication.json --region ${IMAGE_REGION}`,
        `# then push the image again (replication copies images pushed after the rule) and set the task definition's image to ${REPLICATED}`,
      ].join('\n'),
    );
  });

  it('keeps the digest when the task definition names the image by digest', () => {
    const digest = `sha256:${'7e'.repeat(32)}`;
    const f = registryFinding(
      pulling(
        { ok: true, value: [rule(REGION)] },
        `${IMAGE.split(':')[0]}:4.1.0@${digest}`.replace(':4.1.0@', '@'),
      ),
    );

    expect(f.replication).toMatchObject({
      images: [{ uri: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/payments/ledger@${digest}` }],
    });
  });

  it('says the rules were not checked, naming the refused read, and keeps today’s words', () => {
    const why =
      "ecr:DescribeRegistry refused (AccessDenied) reading the registry's replication rules in us-west-2";
    const findings = diagnose(pulling({ ok: false, why }), TIMEOUT);
    const f = registryFinding(pulling({ ok: false, why }));

    expect(findings.filter((x) => x.id === 'not-checked')).toMatchObject([
      {
        check: 'replication',
        why: `${why}: whether a replication rule copies the image from ${IMAGE_REGION} into ${REGION} is unknown`,
      },
    ]);
    expect(fixOf(f, REGION)).toBe(
      `ECR in ${IMAGE_REGION}: VPC endpoints are regional: give the task an internet path (a NAT gateway), or mirror the image into ECR in ${REGION} (a pull-through cache rule or replication). Replication rules not checked: ${why}.`,
    );
  });

  it('says nothing of replication for another account’s registry, or when the rules were not read', () => {
    const other = `444455556666.dkr.ecr.${IMAGE_REGION}.amazonaws.com/payments/ledger:4.1.0`;

    expect(registryFinding(pulling({ ok: true, value: [rule(REGION)] }, other)).replication).toBeUndefined();
    expect(registryFinding(pulling(undefined)).replication).toBeUndefined();
    expect(HEALTHY.replication).toBeUndefined();
  });

  it('quotes no name AWS would not allow (a repository with a shell character gives no advice)', () => {
    const containers = [
      {
        ...TASK_DEFINITION.containers[0],
        name: 'app',
        image: `${ACCOUNT}.dkr.ecr.${IMAGE_REGION}.amazonaws.com/pay$(id):1`,
      },
    ];
    const advice = replicationAdvice(
      [{ region: IMAGE_REGION, registryId: ACCOUNT, rules: { ok: true, value: [] } }],
      containers as typeof TASK_DEFINITION.containers,
      { imageRegion: IMAGE_REGION, taskRegion: REGION },
    );

    expect(advice).toBeUndefined();
  });

  describe('for a pull too slow from another Region', () => {
    /** 9 GB from us-west-2 through the NAT gateway; Fargate's start timed out after 3m0s. */
    const slowPull = (rules: ReplicationCheck['rules']): Snapshot => {
      const ref = ecrImageOf(IMAGE, 'app');
      const [app] = TASK_DEFINITION.containers;
      if (!ref || !app) throw new Error('the test image is in private ECR');
      const reason = 'DockerTimeoutError: Could not transition to started; timed out after waiting 3m0s';
      return {
        ...BEHIND_PUBLIC_NAT,
        taskDefinition: { ok: true, value: { ...TASK_DEFINITION, containers: [{ ...app, image: IMAGE }] } },
        task: { ...HEALTHY.task, stoppedReason: reason, containers: [{ name: 'app', image: IMAGE }] },
        workload: {
          checks: ['image'],
          secrets: [],
          images: [
            {
              ref,
              state: {
                ok: true,
                value: {
                  kind: 'found',
                  digest: `sha256:${'4c'.repeat(32)}`,
                  tags: ['4.1.0'],
                  sizeInBytes: 9e9,
                },
              },
            },
          ],
        },
        replication: [{ region: IMAGE_REGION, registryId: ACCOUNT, rules }],
      };
    };
    const slowFix = (s: Snapshot) => {
      const findings = diagnose(s, { ...TIMEOUT, evidence: [s.task.stoppedReason ?? ''] });
      const slow = findings.find((f) => f.id === 'image-pull-too-slow-for-timeout');
      if (!slow) throw new Error('no image-pull-too-slow-for-timeout');
      return fixOf(slow, REGION);
    };

    it('names the replicated image instead of telling to read the rules', () => {
      const fix = slowFix(slowPull({ ok: true, value: [rule(REGION)] }));

      expect(fix).toContain(
        `Bring the image into ${REGION}. A replication rule of this registry in ${IMAGE_REGION} already copies the image into ${REGION}: point the task definition at ${REPLICATED}`,
      );
      expect(fix).not.toContain('read them first');
    });

    it('keeps the general advice, and says why the rules are unknown, when they could not be read', () => {
      const fix = slowFix(slowPull({ ok: false, why: 'ecr:DescribeRegistry refused (AccessDenied)' }));

      expect(fix).toContain(`read them first with aws ecr describe-registry --region ${IMAGE_REGION}`);
      expect(fix).toContain('Replication rules not checked: ecr:DescribeRegistry refused (AccessDenied).');
    });
  });
});
