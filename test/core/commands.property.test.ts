import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clean } from '../../src/core/shell.js';
import { loadScenario, type Scenario } from '../../src/sim/scenario.js';
import { type DeepMutable, editable, paste, type Replay, replay } from '../support/hostile.js';
import { asUtf8, CONTROL, hostileString } from '../support/shell.js';

/**
 * For any string placed in any name a command interpolates — a secret's or a parameter's name,
 * a log group, an environment file, the execution role, an image's repository and tag, the
 * cluster and the service, a security group — the commands a person pastes (the plan's, the
 * terminal's, the e-mail's) parse, in bash, to exactly the arguments meant: the name as one
 * argument (or inside the one it belongs to), exactly as it is once its control characters are
 * spaces; or, when AWS would not accept the name, no command at all for it and a comment saying
 * so. And whatever the name, the notice and the report hold no control character and no line
 * ecs-pullfix did not write (see `paste`).
 */

/** AWS's patterns, written out again from the API references: this is the specification. */
const AWS = {
  ssmName: /^[A-Za-z0-9_./-]{1,2048}$/,
  secretName: /^[A-Za-z0-9/_+=.@-]{1,512}$/,
  logGroup: /^[.\-_/#A-Za-z0-9]{1,512}$/,
  roleName: /^[\w+=,.@-]{1,64}$/,
  repository: /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/,
  ecsName: /^[A-Za-z0-9_-]{1,255}$/,
  securityGroup: /^sg-[a-z0-9][a-z0-9-]{0,62}$/,
  fileSystem: /^fs-[a-z0-9][a-z0-9-]{0,62}$/,
};

/** What a slot expects of the commands, given the value placed and what the replay made of it. */
type Expected = Readonly<{
  /** The command that must carry the value, exactly; undefined when no command may (an invalid name). */
  argv?: readonly string[];
  /** What the comment says when no command is given (and that operation does not run). */
  refusal?: Readonly<{ says: RegExp; operation: string }>;
  /** The policy statement the here-document must hold, exactly. */
  statement?: Readonly<{ Action: string; Resource: string }>;
}>;

type Slot = Readonly<{
  what: string;
  scenario: string;
  value: fc.Arbitrary<string>;
  place: (s: DeepMutable<Scenario>, value: string) => void;
  expected: (value: string, r: Replay) => Expected | undefined;
}>;

const policyFile = 'ecs-pullfix-policy.json';
const putRolePolicy = (role: string) => [
  'aws',
  'iam',
  'put-role-policy',
  '--role-name',
  role,
  '--policy-name',
  'ecs-pullfix-recommended',
  '--policy-document',
  `file://${policyFile}`,
];

/** A name that AWS may accept, or may not: valid-looking names with hostile pieces, and anything. */
const named = (valid: fc.Arbitrary<string>) =>
  fc.oneof(
    valid,
    hostileString,
    fc.tuple(valid, hostileString).map(([a, b]) => `${a}${b}`),
  );

const SLOTS: readonly Slot[] = [
  {
    what: 'an SSM parameter name in valueFrom',
    scenario: 'ssm-parameter-missing',
    value: named(fc.stringMatching(/^[A-Za-z0-9_./-]{1,20}$/)),
    place: (s, v) => {
      const secret = s.taskDefinition.containers[0]?.secrets[0];
      if (secret) secret.valueFrom = `/orders/prod/x${v}`;
    },
    expected: (v) => {
      const name = clean(`/orders/prod/x${v}`);
      return AWS.ssmName.test(name)
        ? { argv: ['aws', 'ssm', 'describe-parameters', '--parameter-filters', `Key=Name,Values=${name}`] }
        : { refusal: { says: /is not a valid SSM parameter name/, operation: 'describe-parameters' } };
    },
  },
  {
    what: 'a Secrets Manager secret name in valueFrom',
    scenario: 'endpoints-healthy-secret-not-found',
    value: named(fc.stringMatching(/^[A-Za-z0-9/_+=.@-]{1,20}$/)),
    place: (s, v) => {
      const secret = s.taskDefinition.containers[0]?.secrets[1];
      if (secret) secret.valueFrom = `arn:aws:secretsmanager:us-east-1:111122223333:secret:x${v}`;
    },
    expected: (v) => {
      const secretId = clean(`arn:aws:secretsmanager:us-east-1:111122223333:secret:x${v}`)
        .split(':')
        .slice(0, 7)
        .join(':');
      const name = secretId.split(':')[6] ?? '';
      return AWS.secretName.test(name)
        ? { argv: ['aws', 'secretsmanager', 'describe-secret', '--secret-id', secretId] }
        : { refusal: { says: /is not a valid Secrets Manager secret ARN/, operation: 'describe-secret' } };
    },
  },
  {
    what: 'a log group (awslogs-group)',
    scenario: 'hostile-log-group-env-file',
    value: named(fc.stringMatching(/^[.\-_/#A-Za-z0-9]{1,20}$/)),
    place: (s, v) => {
      const c = s.taskDefinition.containers[0];
      if (!c) return;
      c.logOptions['awslogs-group'] = `x${v}`;
      c.environmentFiles = [];
    },
    expected: (v) => {
      const group = clean(`x${v}`);
      const resource = `arn:aws:logs:us-east-1:111122223333:log-group:${group}:*`;
      return AWS.logGroup.test(group)
        ? {
            argv: putRolePolicy('invoicing-execution'),
            statement: { Action: 'logs:CreateLogStream', Resource: resource },
          }
        : { refusal: { says: /not granted: .* is not a valid ARN/, operation: 'put-role-policy' } };
    },
  },
  {
    what: 'an environment file (an S3 object ARN)',
    scenario: 'hostile-log-group-env-file',
    value: hostileString,
    place: (s, v) => {
      const c = s.taskDefinition.containers[0];
      if (!c) return;
      c.logOptions['awslogs-group'] = '/ecs/invoicing';
      c.environmentFiles = [`arn:aws:s3:::invoicing-config-111122223333/${v}.env`];
    },
    expected: (v) => ({
      // Any character but a control one may be in an S3 key: it is granted exactly, quotes and all.
      argv: putRolePolicy('invoicing-execution'),
      statement: {
        Action: 's3:GetObject',
        Resource: clean(`arn:aws:s3:::invoicing-config-111122223333/${v}.env`),
      },
    }),
  },
  {
    what: 'the execution role',
    scenario: 'kms-secret-cmk-role-lacks-decrypt',
    value: named(fc.stringMatching(/^[\w+=,.@-]{1,20}$/)),
    place: (s, v) => {
      s.taskDefinition.executionRoleArn = `arn:aws:iam::111122223333:role/x${v}`;
    },
    expected: (v) => {
      const arn = clean(`arn:aws:iam::111122223333:role/x${v}`);
      const role = arn.slice(arn.lastIndexOf('/') + 1);
      return AWS.roleName.test(role)
        ? { argv: putRolePolicy(role) }
        : { refusal: { says: /is not a valid IAM role name/, operation: 'put-role-policy' } };
    },
  },
  {
    what: "an image's repository",
    scenario: 'hostile-image-names',
    value: named(fc.stringMatching(/^[a-z0-9][a-z0-9._/-]{0,15}[a-z0-9]$/)),
    place: (s, v) => {
      const [web, worker] = s.taskDefinition.containers;
      if (web) web.image = '111122223333.dkr.ecr.us-east-1.amazonaws.com/storefront:4.1.0';
      if (worker) worker.image = `111122223333.dkr.ecr.us-east-1.amazonaws.com/x${v}:2.0`;
    },
    expected: (_, r) => {
      const missing = r.findings.find((f) => f.id === 'ecr-repository-missing');
      const repository = missing?.resources[0]?.replace(/^[^/]*\//, '');
      if (repository === undefined) return undefined;
      return AWS.repository.test(repository) && repository.length >= 2
        ? {
            argv: [
              'aws',
              'ecr',
              'create-repository',
              '--repository-name',
              repository,
              '--region',
              'us-east-1',
            ],
          }
        : { refusal: { says: /is not a valid ECR repository name/, operation: 'create-repository' } };
    },
  },
  {
    what: "an image's tag (said in a comment only)",
    scenario: 'hostile-image-names',
    value: hostileString,
    place: (s, v) => {
      const [web, worker] = s.taskDefinition.containers;
      if (web) web.image = `111122223333.dkr.ecr.us-east-1.amazonaws.com/storefront:x${v}`;
      if (worker) worker.image = '111122223333.dkr.ecr.us-east-1.amazonaws.com/storefront:4.1.0';
    },
    expected: (_, r) =>
      r.findings.some((f) => f.id === 'image-tag-missing')
        ? {
            argv: [
              'aws',
              'ecr',
              'describe-images',
              '--repository-name',
              'storefront',
              '--query',
              'sort_by(imageDetails,&imagePushedAt)[-5:].imageTags',
            ],
          }
        : undefined,
  },
  {
    what: 'the cluster and the service',
    scenario: 'public-subnet-public-ip-disabled',
    value: named(fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/)),
    place: (s, v) => {
      s.file.cluster.name = `web-${v}`;
      if (s.file.service) s.file.service.name = `site-${v}`;
      if (s.service) s.service.name = `site-${v}`;
    },
    expected: (_, r) => {
      const action = r.actions.find((a) => a.kind === 'recommend:assign-public-ip');
      if (!action) return undefined;
      const clusterName = clean(r.task.clusterName);
      const serviceName = clean(r.task.serviceName ?? '');
      return AWS.ecsName.test(clusterName) && AWS.ecsName.test(serviceName)
        ? {
            argv: [
              'aws',
              'ecs',
              'update-service',
              '--cluster',
              clusterName,
              '--service',
              serviceName,
              '--network-configuration',
              expect.stringMatching(
                /^awsvpcConfiguration=\{subnets=\[.*\],assignPublicIp=ENABLED\}$/,
              ) as never,
            ],
          }
        : { refusal: { says: /is not a valid ECS (cluster|service) name/, operation: 'update-service' } };
    },
  },
  {
    what: "the task's security group",
    scenario: 'no-egress-no-endpoints',
    value: named(fc.stringMatching(/^[a-z0-9]{1,12}$/)).map((v) => `sg-${v}`),
    place: (s, v) => {
      for (const g of s.securityGroups) if (g.id === 'sg-task') g.id = v;
      if (s.service) s.service.securityGroupIds = [v];
      if (s.file.service) s.file.service.securityGroups = [v];
    },
    expected: (v) => {
      const id = clean(v);
      return AWS.securityGroup.test(id)
        ? {
            argv: [
              'aws',
              'ec2',
              'authorize-security-group-ingress',
              '--group-id',
              'out-create-security-group',
              '--ip-permissions',
              `IpProtocol=tcp,FromPort=443,ToPort=443,UserIdGroupPairs=[{GroupId=${id}}]`,
            ],
          }
        : {
            refusal: {
              says: /is not a valid security group id/,
              operation: 'authorize-security-group-ingress',
            },
          };
    },
  },
  {
    what: "an EFS volume's file system id",
    scenario: 'efs-no-mount-target-in-task-zone',
    value: named(fc.stringMatching(/^[0-9a-f]{8,17}$/)).map((v) => `fs-${v}`),
    place: (s, v) => {
      for (const fs of s.efs) fs.fileSystemId = v;
      for (const volume of s.taskDefinition.volumes) volume.efsFileSystemId = v;
    },
    expected: (v) => {
      const id = clean(v);
      return AWS.fileSystem.test(id)
        ? {
            argv: [
              'aws',
              'efs',
              'create-mount-target',
              '--file-system-id',
              id,
              '--subnet-id',
              'subnet-0a2b3c4d5e6f7a820',
              '--security-groups',
              'sg-0e7f8a9b0c1d2e364',
            ],
          }
        : { refusal: { says: /is not a valid EFS file system id/, operation: 'create-mount-target' } };
    },
  },
];

describe('every name a command interpolates', () => {
  it.each(SLOTS.map((s) => [s.what, s] as const))(
    '%s: the pasted commands hold it as meant, or give none for it; notice and report stay clean',
    async (_, slot) => {
      const base = loadScenario(slot.scenario);
      await fc.assert(
        fc.asyncProperty(
          hostileOrPlain(slot.value),
          fc.integer({ min: 40, max: 160 }),
          async (value, width) => {
            const scenario = editable(base);
            slot.place(scenario, value);
            const r = await replay(scenario as Scenario, width);
            const pasted = paste(r);

            expect(pasted.problems).toEqual([]);
            const expected = slot.expected(value, r);
            if (!expected) return;
            const run = pasted.plan.commands.map((c) => c.argv);
            if (expected.argv)
              expect(run).toContainEqual(expected.argv.map((a) => (typeof a === 'string' ? asUtf8(a) : a)));
            if (expected.refusal) {
              expect(r.actions.map((a) => a.cli).join('\n')).toMatch(expected.refusal.says);
              expect(run.map((argv) => argv[2])).not.toContain(expected.refusal.operation);
            }
            if (expected.statement) {
              const document = JSON.parse(pasted.plan.files[policyFile] ?? '{}') as { Statement?: unknown[] };
              expect(document.Statement).toContainEqual({
                Effect: 'Allow',
                Action: expected.statement.Action,
                Resource: asUtf8(expected.statement.Resource),
              });
            }
            // Not one piece of the name after a control character starts a line of the notice.
            for (const piece of value
              .split(CONTROL)
              .slice(1)
              .map((p) => p.trim()))
              if (piece.length >= 6 && /[A-Za-z]/.test(piece))
                expect(r.email.split('\n').some((l) => l.trim().startsWith(piece))).toBe(false);
          },
        ),
        { numRuns: 25 },
      );
    },
  );
});

/** The slot's values, and the plain name of its scenario now and then (the property holds for it too). */
function hostileOrPlain(value: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.oneof({ arbitrary: value, weight: 9 }, { arbitrary: fc.constant('a1'), weight: 1 });
}
