import { describe, expect, it } from 'vitest';
import { LAMBDA_ACTIONS } from '../../src/aws/permissions.js';
import { MEMBER_ONLY_ACTIONS } from '../../src/deploy/member-role.js';
import { CLI_ONLY, called, granted, privilegeGaps, reachableFrom, sources } from '../support/aws-calls.js';
import { memberRolePolicies } from '../support/member.js';

/**
 * Least privilege, checked: every AWS call the code can make is found in the source (each
 * `new XCommand` and the SDK client module it comes from), and the Lambda's policy
 * (`LAMBDA_ACTIONS`, which `template.test.ts` holds `serverless.yml` to) grants exactly
 * those, and nothing else. Which resource and which condition keys each write's requests
 * carry, and which statement allows each: `role.test.ts`.
 */
describe('least privilege', () => {
  it('finds the calls: the walk sees every adapter', () => {
    expect(called.size).toBeGreaterThanOrEqual(20);
    expect(called).toContain('ec2:CreateVpcEndpoint');
    expect(called).toContain('sns:Publish');
  });

  it('only the adapters in src/aws import an AWS SDK client', () => {
    const importers = sources.filter((s) => /from '@aws-sdk\/client-/.test(s.text)).map((s) => s.path);
    expect(importers.every((p) => p.startsWith('src/aws/'))).toBe(true);
  });

  it('every call the Lambda can make is granted', () => {
    expect(privilegeGaps().ungranted).toEqual([]);
  });

  it('the policy grants nothing the code does not call', () => {
    expect(privilegeGaps().unused).toEqual([]);
  });

  it('grows beyond the network only by reads, none of which returns a secret’s value', () => {
    // An EFS volume's mount targets are on its network path.
    const beyond = LAMBDA_ACTIONS.reads.filter(
      (a) => !/^(ecs|ec2|route53resolver|elasticfilesystem):/.test(a),
    );
    expect(beyond).toEqual([
      'iam:SimulatePrincipalPolicy',
      // Which role a container instance's profile holds (a task with no execution role pulls with it).
      'iam:GetInstanceProfile',
      'ecr:BatchGetImage',
      'ecr:DescribeImages',
      'ecr:DescribePullThroughCacheRules',
      // Another Region's replication rules (an image of the account's there).
      'ecr:DescribeRegistry',
      'ecr:GetLifecyclePolicy',
      'ecr:GetRepositoryPolicy',
      'ecr:ListImages',
      'secretsmanager:DescribeSecret',
      'ssm:DescribeParameters',
    ]);
    expect(beyond.every((a) => /:(Describe|List|Get|BatchGet|Simulate)/.test(a))).toBe(true);
    for (const valueRead of [
      'secretsmanager:GetSecretValue',
      'ssm:GetParameter',
      'ssm:GetParameters',
      'kms:Decrypt',
      // An image's layers (and its config blob): docs/iam.md, "The image's platform".
      'ecr:GetDownloadUrlForLayer',
    ]) {
      expect(granted).not.toContain(valueRead);
      expect(called).not.toContain(valueRead);
    }
  });

  it('the calls kept out of the policy are never reached from the Lambda handler', () => {
    const lambdaFiles = reachableFrom('handlers/stopped-task.ts');
    expect(lambdaFiles).toContain('src/pipeline/incident.ts');
    for (const [action, method] of Object.entries(CLI_ONLY)) {
      expect(called).toContain(action);
      const users = sources
        .filter((s) => lambdaFiles.includes(s.path) && !s.path.startsWith('src/aws/'))
        .filter((s) => s.text.includes(`.${method}(`))
        .map((s) => s.path);
      expect(users, action).toEqual([]);
    }
  });

  it('grants the member role of an organisation (deploy/member.yml) the same reads, the writes only under AllowAutoFix, none of the hub’s own', () => {
    const policies = memberRolePolicies();
    const actionsUnder = (condition?: string) =>
      new Set(
        policies
          .filter((p) => p.condition === condition)
          .flatMap((p) => p.statements.flatMap((s) => s.Action as string | string[])),
      );
    expect(actionsUnder(undefined)).toEqual(new Set([...LAMBDA_ACTIONS.reads, ...MEMBER_ONLY_ACTIONS]));
    expect(actionsUnder('AutoFixAllowed')).toEqual(new Set(LAMBDA_ACTIONS.writes));
    expect(policies.map((p) => p.condition ?? 'always').sort()).toEqual(['AutoFixAllowed', 'always']);
    // Its two reads of its own: the account's policy, on its own tags, and the account's alias
    // (README, "For an organisation").
    expect(MEMBER_ONLY_ACTIONS).toEqual(['iam:ListRoleTags', 'iam:ListAccountAliases']);
  });
});
