// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${…} here is CloudFormation's Fn::Sub (or osls's variables), not a template literal's
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCloudFormationYaml } from '../../src/deploy/cfn-yaml.js';
import { hubEcsEventPatterns, hubRoleStatements } from '../../src/deploy/hub-source.js';
import {
  MEMBER_TEMPLATE_PATH,
  memberTemplate,
  memberTemplateText,
} from '../../src/deploy/member-template.js';
import { cfnLint } from '../support/cfn-lint.js';
import { matches } from '../support/event-pattern.js';
import { exampleEvents, ROOT } from '../support/fixtures.js';
import { evaluate } from '../support/iam-eval.js';
import { HUB, MEMBER, memberRoleStatements, memberStack } from '../support/member.js';

/**
 * deploy/member.yml, the member side of an organisation deployment: generated from
 * serverless.yml (the file committed is the one the generator writes), valid for cfn-lint, and
 * forwarding the hub's ECS events from every account and region but the hub's own. Its role,
 * request by request: member-role.test.ts.
 */
const serverlessText = () => readFileSync(`${ROOT}serverless.yml`, 'utf8');
const serverless = () => parseCloudFormationYaml(serverlessText());

describe(`${MEMBER_TEMPLATE_PATH}, generated`, () => {
  it('is what `npm run member-template` writes from serverless.yml today (run it and commit the file)', () => {
    expect(readFileSync(`${ROOT}${MEMBER_TEMPLATE_PATH}`, 'utf8')).toBe(memberTemplateText(serverlessText()));
  });

  it('passes cfn-lint with no error and no warning', () => {
    expect(cfnLint(`${ROOT}${MEMBER_TEMPLATE_PATH}`)).toEqual({ status: 0, findings: '' });
  }, 60_000);

  it('would fail cfn-lint were a rule’s target to lose its bus', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pullfix-member-'));
    try {
      const broken = readFileSync(`${ROOT}${MEMBER_TEMPLATE_PATH}`, 'utf8').replace(
        /( {10}Arn:\n {12}Fn::Sub: .*\n)/,
        '',
      );
      writeFileSync(join(dir, 'member.yml'), broken);
      const { status, findings } = cfnLint(join(dir, 'member.yml'));
      expect(status).not.toBe(0);
      expect(findings).toMatch(/Arn/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('the forwarding rules', () => {
  const rules = (stack = memberStack()) =>
    Object.values(stack.resources).filter((r) => r.Type === 'AWS::Events::Rule');
  const hubBus = `arn:aws:events:${HUB.region}:${HUB.account}:event-bus/${HUB.bus}`;

  it('match exactly what the hub’s rules match: the start failures and a service’s task reaching RUNNING', () => {
    const patterns = rules().map((r) => r.Properties.EventPattern);
    expect(patterns).toEqual(hubEcsEventPatterns(serverless()));
    const statuses = patterns.map((p) => (p as { detail: { lastStatus: string[] } }).detail.lastStatus);
    expect(statuses).toEqual([['STOPPED'], ['RUNNING']]);
  });

  it.each(exampleEvents().map((e) => [e.name, e.event] as const))(
    'forward %s as the hub would catch it',
    (name, event) => {
      const [stopped] = rules();
      const caught = matches(stopped?.Properties.EventPattern as Record<string, unknown>, event);
      expect(caught).toBe(!name.startsWith('not-a-start-failure'));
    },
  );

  it('put the events on the hub’s bus, in its region, with a role of their own that may do nothing else', () => {
    const stack = memberStack();
    const forwarder = stack.resources.ForwarderRole?.Properties;
    for (const rule of rules(stack))
      expect(rule.Properties.Targets).toEqual([
        {
          Id: 'hub',
          Arn: hubBus,
          RoleArn: `arn:aws:iam::${MEMBER.account}:role/member-ForwarderRole-0A1B2C3D`,
        },
      ]);
    expect(forwarder?.Policies).toEqual([
      {
        PolicyName: 'put-on-the-hub-bus',
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'events:PutEvents', Resource: hubBus }],
        },
      },
    ]);
    expect(forwarder?.AssumeRolePolicyDocument).toMatchObject({
      Statement: [
        {
          Principal: { Service: 'events.amazonaws.com' },
          Condition: { StringEquals: { 'aws:SourceAccount': MEMBER.account } },
        },
      ],
    });
  });

  it('are left out in the hub’s own account and region, whose deployment sees those events already', () => {
    const hubHome = memberStack({}, { partition: 'aws', account: HUB.account, region: HUB.region });
    const hubElsewhere = memberStack({}, { partition: 'aws', account: HUB.account, region: 'eu-west-1' });
    expect(rules(hubHome)).toEqual([]);
    expect(hubHome.resources.ForwarderRole).toBeUndefined();
    expect(hubHome.resources.MemberRole).toBeDefined();
    expect(rules(hubElsewhere)).toHaveLength(2);
  });
});

describe('one member role per region (IAM is global; each role’s statements name its region)', () => {
  it('names the role after the region, so that two regions of one account do not collide', () => {
    const names = ['eu-west-1', 'ap-southeast-2'].map(
      (region) => memberStack({}, { ...MEMBER, region }).resources.MemberRole?.Properties.RoleName,
    );
    expect(names).toEqual(['ecs-pullfix-member-eu-west-1', 'ecs-pullfix-member-ap-southeast-2']);
  });

  it('grants each region’s role that region’s resources only, as the hub’s role is granted its own', () => {
    const sydney = { ...MEMBER, region: 'ap-southeast-2' };
    const statements = memberRoleStatements(memberStack({}, sydney));
    const mountTargets = (region: string) => ({
      action: 'elasticfilesystem:DescribeMountTargets',
      resource: `arn:aws:elasticfilesystem:${region}:${MEMBER.account}:file-system/fs-0a1b2c3d4e5f60718`,
      context: {},
    });
    expect(evaluate(statements, mountTargets('ap-southeast-2')).decision).toBe('allowed');
    expect(evaluate(statements, mountTargets('eu-west-1')).decision).toBe('implicit-deny');
  });
});

describe('the generator', () => {
  const withStatements = (statements: unknown[]) => {
    const s = serverless() as { provider: { iam: { role: { statements: unknown[] } } } };
    return { ...s, provider: { ...s.provider, iam: { role: { statements } } } };
  };

  it.each([
    [
      'an action LAMBDA_ACTIONS does not name',
      { Sid: 'X', Effect: 'Allow', Action: 'ec2:DeleteVpc', Resource: '*' },
      /ec2:DeleteVpc.*LAMBDA_ACTIONS/,
    ],
    [
      'a statement mixing a read and the hub’s own table',
      { Sid: 'Mixed', Effect: 'Allow', Action: ['ec2:DescribeVpcs', 'dynamodb:GetItem'], Resource: '*' },
      /Mixed mixes reads and own/,
    ],
    [
      'an osls variable the member stack cannot resolve',
      {
        Sid: 'Staged',
        Effect: 'Allow',
        Action: 'ec2:DescribeVpcs',
        Resource: { 'Fn::Sub': 'arn:${sls:stage}' },
      },
      /\$\{sls:stage\} has no counterpart/,
    ],
  ])('refuses %s', (_, statement, message) => {
    expect(() => memberTemplate(withStatements([statement]) as never)).toThrow(message);
  });

  it('turns the simulatedRoles parameter into the member’s, and the service’s name into its value', () => {
    const statements = JSON.stringify(hubRoleStatements(serverless()));
    expect(statements).toContain('"Fn::Split":[",",{"Fn::Sub":"${SimulatedRoles},,,,"}]');
    expect(statements).toContain('role/ecs-pullfix-*');
    expect(statements).not.toMatch(/\$\{(param|self|sls):/);
  });

  it('finds the hub’s patterns on a function’s eventBridge events and on rules among the resources, each once, STOPPED first', () => {
    const [stopped, running] = hubEcsEventPatterns(serverless());
    const rule = (pattern: unknown) => ({ Type: 'AWS::Events::Rule', Properties: { EventPattern: pattern } });
    const layout = {
      functions: {
        stoppedTask: { events: [{ eventBridge: { pattern: running } }, { sqs: { batchSize: 100 } }] },
      },
      resources: {
        Resources: {
          StartFailures: rule(stopped),
          StartFailuresOnTheHubBus: rule(stopped),
          Uploads: rule({ source: ['aws.s3'] }),
          EventsQueue: { Type: 'AWS::SQS::Queue', Properties: {} },
        },
      },
    };
    expect(running).toBeDefined();
    expect(hubEcsEventPatterns(layout as never)).toEqual([stopped, running]);
  });
});
