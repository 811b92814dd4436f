// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${…} here is CloudFormation's Fn::Sub (or osls's variables), not a template literal's
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LAMBDA_ACTIONS, WRITE_AUTHORIZATIONS } from '../../src/aws/permissions.js';
import { MEMBER_POLICY_TAGS } from '../../src/core/member-policy.js';
import { parseCloudFormationYaml } from '../../src/deploy/cfn-yaml.js';
import { MEMBER_ONLY_ACTIONS } from '../../src/deploy/member-role.js';
import { CLI_ONLY, called } from '../support/aws-calls.js';
import { ROOT } from '../support/fixtures.js';
import {
  type AuthRequest,
  evaluate,
  matching,
  resolveIntrinsics,
  type Statement,
} from '../support/iam-eval.js';
import {
  HUB,
  MEMBER,
  memberRoleArn,
  memberRolePolicies,
  memberRoleStatements,
  memberStack,
  memberTemplateFile,
} from '../support/member.js';
import { authorizationsOf, readAuthorizations, type SentCommand, type World } from '../support/sar.js';

/**
 * The role the hub's Lambda assumes in a member account (deploy/member.yml), request by request,
 * as test/deploy/role.test.ts holds the hub's own role: whom it trusts, that it allows each read
 * the pipeline makes there, and auto-fix's writes only where the StackSet's AllowAutoFix is true.
 */
const actionsOf = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]) as string[];
const decide = (statements: Statement[], r: AuthRequest) => evaluate(statements, r).decision;

describe('the member role’s trust: the hub’s Lambda role, from inside the organisation, only', () => {
  const stack = memberStack();
  const trust = () => {
    const doc = stack.resources.MemberRole?.Properties.AssumeRolePolicyDocument as { Statement: Statement[] };
    // A trust policy's resource is the role itself.
    return doc.Statement.map((s) => ({ ...s, Resource: memberRoleArn(stack) }));
  };
  const admits = (principalArn: string, context: Record<string, string> = {}) => {
    const found = matching(
      trust(),
      { principalArn, action: 'sts:AssumeRole', resource: memberRoleArn(stack), context },
      (v) => v,
      'resource',
    );
    return found.some((s) => s.Effect === 'Allow') && !found.some((s) => s.Effect === 'Deny');
  };
  const inOrg = { 'aws:PrincipalOrgID': HUB.organization };

  it('admits the hub’s Lambda role from inside the organisation', () => {
    expect(admits(HUB.roleArn, inOrg)).toBe(true);
  });

  it.each([
    ['the hub’s Lambda role once its account has left the organisation', HUB.roleArn, {}],
    ['the hub’s Lambda role in another organisation', HUB.roleArn, { 'aws:PrincipalOrgID': 'o-z9y8x7w6v5' }],
    ['another role of the hub account', `arn:aws:iam::${HUB.account}:role/PlatformAdmin`, inOrg],
    [
      'a role of the same name in another account of the organisation',
      `arn:aws:iam::999988887777:role/${HUB.roleName}`,
      inOrg,
    ],
    ['the member account’s own administrator', `arn:aws:iam::${MEMBER.account}:role/Admin`, inOrg],
  ])('refuses %s', (_, principal, context) => {
    expect(admits(principal, context)).toBe(false);
  });
});

/** The reads whose request names a resource test/support/sar.ts does not map: one realistic each. */
const NAMED_READS: Readonly<Record<string, string>> = {
  'iam:SimulatePrincipalPolicy': `arn:aws:iam::${MEMBER.account}:role/ecsTaskExecutionRole`,
  'iam:GetInstanceProfile': `arn:aws:iam::${MEMBER.account}:instance-profile/ecsInstanceRole`,
  'ecr:BatchGetImage': `arn:aws:ecr:${MEMBER.region}:${MEMBER.account}:repository/checkout`,
  'ecr:DescribeImages': `arn:aws:ecr:${MEMBER.region}:${MEMBER.account}:repository/checkout`,
  'ecr:ListImages': `arn:aws:ecr:${MEMBER.region}:${MEMBER.account}:repository/checkout`,
  'secretsmanager:DescribeSecret': `arn:aws:secretsmanager:${MEMBER.region}:${MEMBER.account}:secret:prod/db-AbCdEf`,
};
const emptyWorld = (): World => ({
  ...MEMBER,
  ...{ vpcs: {}, groups: {}, endpoints: {}, routeTables: {}, subnets: {}, serviceOwners: {} },
});
const readRequests = (action: string): AuthRequest[] => {
  const named = NAMED_READS[action];
  return named ? [{ action, resource: named, context: {} }] : readAuthorizations(action, emptyWorld());
};

describe('the member role × the pipeline’s reads (AllowAutoFix left false)', () => {
  const statements = memberRoleStatements(memberStack());

  it.each([...LAMBDA_ACTIONS.reads])('allows %s in the member account and region', (action) => {
    for (const r of readRequests(action)) expect(decide(statements, r), r.resource).toBe('allowed');
  });

  it('grants every read the Lambda’s adapters call', () => {
    const granted = new Set(statements.flatMap(actionsOf));
    // All but auto-fix's writes, the hub's own resources (its hand-off bus among them) and its
    // assumption of this very role.
    const notReads = [
      ...LAMBDA_ACTIONS.writes,
      ...LAMBDA_ACTIONS.own,
      ...LAMBDA_ACTIONS.hub,
      ...LAMBDA_ACTIONS.handoff,
    ] as string[];
    const reads = [...called].filter((a) => !(a in CLI_ONLY) && !notReads.includes(a));
    expect(reads.length).toBeGreaterThanOrEqual(30);
    expect(reads.filter((a) => !granted.has(a))).toEqual([]);
  });

  it('refuses the same reads on the hub account’s resources', () => {
    const hubs = {
      action: 'ecr:GetLifecyclePolicy',
      resource: `arn:aws:ecr:${MEMBER.region}:${HUB.account}:repository/checkout`,
      context: {},
    };
    expect(decide(statements, hubs)).toBe('implicit-deny');
  });

  it('never lets the role check simulate an administrator’s role', () => {
    const admin = {
      action: 'iam:SimulatePrincipalPolicy',
      resource: `arn:aws:iam::${MEMBER.account}:role/ecsTaskExecutionRoleAdmin`,
      context: {},
    };
    expect(decide(statements, admin)).toBe('explicit-deny');
  });

  it('reads the account’s alias, a List action with no resource type', () => {
    const alias = { action: 'iam:ListAccountAliases', resource: '*', context: {} };
    expect(decide(statements, alias)).toBe('allowed');
  });

  it('reads its own tags (the account’s policy), no other role’s', () => {
    const stack = memberStack();
    const own = { action: 'iam:ListRoleTags', resource: memberRoleArn(stack), context: {} };
    const other = { ...own, resource: `arn:aws:iam::${MEMBER.account}:role/PlatformAdmin` };
    expect(decide(statements, own)).toBe('allowed');
    expect(decide(statements, other)).toBe('implicit-deny');
  });
});

/** A VPC that opted in, with an endpoint group and an S3 gateway ecs-pullfix created earlier. */
function optedInWorld(): World {
  const vpcId = 'vpc-0a1b2c3d4e5f60718';
  const managed = { 'ecs-pullfix:managed': 'true' };
  return {
    ...emptyWorld(),
    vpcs: { [vpcId]: { 'ecs-pullfix:allow-auto-fix': 'true' } },
    groups: { 'sg-0e1d2c3b4a5968778': { vpcId, tags: managed } },
    endpoints: {
      'vpce-0f1e2d3c4b5a69788': { vpcId, serviceName: `com.amazonaws.${MEMBER.region}.s3`, tags: managed },
    },
    routeTables: { 'rtb-0c1d2e3f4a5b60718': { vpcId } },
    subnets: { 'subnet-0d1e2f3a4b5c60718': { vpcId } },
  };
}
const ours = (type: string) => [
  {
    ResourceType: type,
    Tags: [
      { Key: 'ecs-pullfix:managed', Value: 'true' },
      { Key: 'ecs-pullfix:incident', Value: 'inc-0123456789abcdef' },
      { Key: 'ecs-pullfix:cluster', Value: 'payments' },
    ],
  },
];
const https = (group: string) => [
  { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, UserIdGroupPairs: [{ GroupId: group }] },
];
/** One request of each write auto-fix makes, in the opted-in VPC. */
const WRITES: readonly SentCommand[] = [
  {
    name: 'CreateSecurityGroupCommand',
    input: {
      VpcId: 'vpc-0a1b2c3d4e5f60718',
      GroupName: 'ecs-pullfix-endpoints',
      TagSpecifications: ours('security-group'),
    },
  },
  {
    name: 'AuthorizeSecurityGroupIngressCommand',
    input: {
      GroupId: 'sg-0e1d2c3b4a5968778',
      IpPermissions: https('sg-0task'),
      TagSpecifications: ours('security-group-rule'),
    },
  },
  {
    name: 'AuthorizeSecurityGroupEgressCommand',
    input: {
      GroupId: 'sg-0e1d2c3b4a5968778',
      IpPermissions: https('sg-0task'),
      TagSpecifications: ours('security-group-rule'),
    },
  },
  {
    name: 'CreateVpcEndpointCommand',
    input: {
      VpcId: 'vpc-0a1b2c3d4e5f60718',
      ServiceName: `com.amazonaws.${MEMBER.region}.ecr.api`,
      VpcEndpointType: 'Interface',
      SubnetIds: ['subnet-0d1e2f3a4b5c60718'],
      SecurityGroupIds: ['sg-0e1d2c3b4a5968778'],
      TagSpecifications: ours('vpc-endpoint'),
    },
  },
  {
    name: 'CreateVpcEndpointCommand',
    input: {
      VpcId: 'vpc-0a1b2c3d4e5f60718',
      ServiceName: `com.amazonaws.${MEMBER.region}.s3`,
      VpcEndpointType: 'Gateway',
      RouteTableIds: ['rtb-0c1d2e3f4a5b60718'],
      TagSpecifications: ours('vpc-endpoint'),
    },
  },
  {
    name: 'ModifyVpcEndpointCommand',
    input: { VpcEndpointId: 'vpce-0f1e2d3c4b5a69788', AddRouteTableIds: ['rtb-0c1d2e3f4a5b60718'] },
  },
];
const writeRequests = () => {
  const world = optedInWorld();
  return WRITES.flatMap((c) => authorizationsOf(c, world));
};

describe('auto-fix’s writes, only where the StackSet allows auto-fix', () => {
  it('makes, across those requests, every authorization of every kind of write', () => {
    const labels = new Set(writeRequests().map((r) => `${r.action} on ${r.resourceType}`));
    expect([...labels].sort()).toEqual([...new Set(Object.values(WRITE_AUTHORIZATIONS).flat())].sort());
  });

  it('allows each of them with AllowAutoFix=true', () => {
    const statements = memberRoleStatements(memberStack({ AllowAutoFix: 'true' }));
    for (const r of writeRequests())
      expect(decide(statements, r), `${r.action} ${r.resource}`).toBe('allowed');
  });

  it('refuses each of them by default (AllowAutoFix=false): the role holds no write at all', () => {
    const statements = memberRoleStatements(memberStack());
    for (const r of writeRequests())
      expect(decide(statements, r), `${r.action} ${r.resource}`).toBe('implicit-deny');
    expect(statements.flatMap(actionsOf).filter((a) => LAMBDA_ACTIONS.writes.includes(a as never))).toEqual(
      [],
    );
  });

  it('with AllowAutoFix=true, still refuses an endpoint in a VPC that did not opt in, or for another region', () => {
    const statements = memberRoleStatements(memberStack({ AllowAutoFix: 'true' }));
    const world = { ...optedInWorld(), vpcs: { 'vpc-0ffffffffffffffff': {} } };
    const [endpoint] = WRITES.filter((c) => c.input.VpcEndpointType === 'Interface');
    const elsewhere = {
      ...endpoint,
      input: { ...endpoint?.input, VpcId: 'vpc-0ffffffffffffffff' },
    } as SentCommand;
    const otherRegion = {
      ...endpoint,
      input: { ...endpoint?.input, ServiceName: `com.amazonaws.${HUB.region}.ecr.api` },
    } as SentCommand;
    for (const c of [elsewhere, otherRegion]) {
      const refused = authorizationsOf(c, world).filter((r) => decide(statements, r) !== 'allowed');
      expect(refused.length, JSON.stringify(c.input)).toBeGreaterThan(0);
    }
  });

  it('refuses DefaultMode auto-fix in an account whose role would refuse every write', () => {
    expect(() => memberStack({ DefaultMode: 'auto-fix' })).toThrow(/needs AllowAutoFix=true/);
    expect(() => memberStack({ DefaultMode: 'auto-fix', AllowAutoFix: 'true' })).not.toThrow();
  });
});

describe('the member role’s statements, against the hub’s', () => {
  const OWN = [...LAMBDA_ACTIONS.own, ...LAMBDA_ACTIONS.viaSns] as readonly string[];

  /** The hub role's statements as serverless.yml writes them, osls's variables replaced by their values, for `MEMBER`. */
  const hubStatements = (): Statement[] => {
    const text = readFileSync(`${ROOT}serverless.yml`, 'utf8');
    const serverless = parseCloudFormationYaml(text) as { params: { default: Record<string, string> } };
    const resolved = text
      .replaceAll('${self:service}', 'ecs-pullfix')
      .replaceAll('${param:simulatedRoles}', serverless.params.default.simulatedRoles ?? '');
    const parsed = parseCloudFormationYaml(resolved) as {
      provider: { iam: { role: { statements: unknown } } };
    };
    return resolveIntrinsics(parsed.provider.iam.role.statements, MEMBER) as Statement[];
  };

  it('are the hub role’s, but those on its own topic, table, queue and key, plus the read of its own tags', () => {
    const member = memberRoleStatements(memberStack({ AllowAutoFix: 'true' }));
    const hub = hubStatements().filter((s) => !actionsOf(s).some((a) => OWN.includes(a)));
    const ownReads = ['ReadThisAccountsPolicy', 'ReadThisAccountsAlias'];
    expect(member.filter((s) => !ownReads.includes(s.Sid ?? ''))).toEqual(hub);
    expect(member.filter((s) => ownReads.includes(s.Sid ?? '')).flatMap(actionsOf)).toEqual([
      ...MEMBER_ONLY_ACTIONS,
    ]);
  });

  it('hold the hub’s reads always, its writes only under the AutoFixAllowed condition, none of its own resources', () => {
    const policies = memberRolePolicies();
    const actionsUnder = (condition?: string) =>
      new Set(
        policies.filter((p) => p.condition === condition).flatMap((p) => p.statements.flatMap(actionsOf)),
      );
    expect(policies.map((p) => [p.name, p.condition])).toEqual([
      ['diagnose', undefined],
      ['auto-fix', 'AutoFixAllowed'],
    ]);
    expect(actionsUnder(undefined)).toEqual(new Set([...LAMBDA_ACTIONS.reads, ...MEMBER_ONLY_ACTIONS]));
    expect(actionsUnder('AutoFixAllowed')).toEqual(new Set(LAMBDA_ACTIONS.writes));
    const iam = Object.values(
      (memberTemplateFile() as { Resources: Record<string, { Type: string }> }).Resources,
    ).filter((r) => r.Type.startsWith('AWS::IAM::'));
    expect(JSON.stringify(iam)).not.toMatch(/"(sns|dynamodb|sqs|kms):/);
  });
});

describe('the account’s policy, on the member role’s tags', () => {
  const tagsOf = (overrides: Record<string, string> = {}) => {
    const tags = memberStack(overrides).resources.MemberRole?.Properties.Tags;
    return Object.fromEntries(
      ((tags ?? []) as { Key: string; Value: string }[]).map((t) => [t.Key, t.Value]),
    );
  };

  it('carries the StackSet’s defaults: notify, every service, six endpoints a VPC, no auto-fix', () => {
    expect(tagsOf()).toEqual({
      [MEMBER_POLICY_TAGS.defaultMode]: 'notify',
      [MEMBER_POLICY_TAGS.allowedServices]: '',
      [MEMBER_POLICY_TAGS.maxEndpointsPerVpc]: '6',
      [MEMBER_POLICY_TAGS.autoFix]: 'false',
    });
  });

  it('carries an account’s overrides, the services space-separated (IAM refuses a comma in a tag value)', () => {
    const tags = tagsOf({
      DefaultMode: 'auto-fix',
      AllowAutoFix: 'true',
      AllowedServices: 'ecr.api,ecr.dkr,s3',
      MaxEndpointsPerVpc: '3',
    });
    expect(tags).toEqual({
      [MEMBER_POLICY_TAGS.defaultMode]: 'auto-fix',
      [MEMBER_POLICY_TAGS.allowedServices]: 'ecr.api ecr.dkr s3',
      [MEMBER_POLICY_TAGS.maxEndpointsPerVpc]: '3',
      [MEMBER_POLICY_TAGS.autoFix]: 'true',
    });
    // IAM's tag value: letters, digits, spaces and _ . : / = + - @, at most 256.
    for (const value of Object.values(tags)) expect(value).toMatch(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u);
  });

  it.each([
    ['AllowedServices', 'ecr.api,ec2'],
    ['AllowedServices', 'ecr.api, s3'],
    ['MaxEndpointsPerVpc', 'six'],
    ['DefaultMode', 'fix'],
  ])('refuses %s=%s before creating anything', (name, value) => {
    expect(() => memberStack({ [name]: value })).toThrow(new RegExp(`parameter ${name}`));
  });
});
