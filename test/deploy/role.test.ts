import { readFileSync } from 'node:fs';
import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateVpcEndpointCommand,
  EC2Client,
  ModifyVpcEndpointCommand,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, describe, expect, it } from 'vitest';
import { SdkEc2Writer } from '../../src/aws/ec2-writer.js';
import { LAMBDA_ACTIONS, WRITE_AUTHORIZATIONS, WRITE_GRANTS } from '../../src/aws/permissions.js';
import { parseTaskStateChange } from '../../src/core/event.js';
import { DEFAULT_DEPLOYMENT_POLICY } from '../../src/core/mode.js';
import type { WriteKind } from '../../src/core/plan.js';
import type { Ec2Writer } from '../../src/core/ports.js';
import { applyPlan } from '../../src/pipeline/apply.js';
import { runPipeline } from '../../src/pipeline/run.js';
import { SimulatedAccount } from '../../src/sim/account.js';
import { InMemoryLeaseStore } from '../../src/sim/incident-store.js';
import { loadScenario, loadScenarios, type Scenario } from '../../src/sim/scenario.js';
import { CLI_ONLY, called } from '../support/aws-calls.js';
import { ROOT } from '../support/fixtures.js';
import { type AuthRequest, evaluate, type Statement } from '../support/iam-eval.js';
import { PLACE, packagedRoleStatements } from '../support/role.js';
import {
  authorizationsOf,
  readAuthorizations,
  SAR,
  type SentCommand,
  type TypedRequest,
  type World,
} from '../support/sar.js';

/**
 * The role, request by request. moto checks no IAM, so this is the proof that auto-fix works
 * under the role `serverless.yml` grants, and that the role refuses what the code never asks:
 * the real executor's SDK calls are recorded (the same executor and SDK writer as the Lambda's,
 * over a mocked EC2 client, the simulated account answering the reads), each is turned into
 * the authorizations IAM makes for it — action, resource ARN, and the condition keys the
 * Service Authorization Reference puts in its context (test/support/sar.ts, quoted in
 * docs/iam.md) — and each is evaluated against the statements of the packaged template.
 */
let statements: Statement[];
beforeAll(() => {
  statements = packagedRoleStatements();
}, 120_000);

const ec2Arn = (type: string, id: string) => `arn:aws:ec2:${PLACE.region}:${PLACE.account}:${type}/${id}`;
const labelOf = (r: TypedRequest) => `${r.action} on ${r.resourceType}`;

function worldOf(s: Scenario): World {
  return {
    ...PLACE,
    vpcs: { [s.vpcId]: s.vpcTags },
    groups: Object.fromEntries(s.securityGroups.map((g) => [g.id, { vpcId: s.vpcId, tags: g.tags ?? {} }])),
    endpoints: Object.fromEntries(
      s.endpoints.map((e) => [e.id, { vpcId: s.vpcId, serviceName: e.serviceName, tags: e.tags ?? {} }]),
    ),
    routeTables: Object.fromEntries(s.routeTables.map((t) => [t.id, { vpcId: s.vpcId }])),
    subnets: Object.fromEntries(s.subnets.map((x) => [x.id, { vpcId: s.vpcId }])),
    serviceOwners: {},
  };
}

type Sent = SentCommand & { created?: string };

/**
 * An EC2 writer that makes each write on the simulated account (so that the executor's
 * re-reads see it) and sends the same call through the SDK writer to a mocked client, which
 * records the command and answers with the simulated account's id.
 */
function recordingWriter(account: SimulatedAccount): { writer: Ec2Writer; sent: Sent[] } {
  const sent: Sent[] = [];
  const mock = mockClient(EC2Client);
  let next: string | undefined;
  const record = (name: string, answer: (id?: string) => object) => (input: object) => {
    sent.push({ name, input: input as Record<string, unknown>, ...(next ? { created: next } : {}) });
    const out = answer(next);
    next = undefined;
    return out;
  };
  mock
    .on(CreateSecurityGroupCommand)
    .callsFake(record('CreateSecurityGroupCommand', (id) => ({ GroupId: id })));
  mock
    .on(CreateVpcEndpointCommand)
    .callsFake(record('CreateVpcEndpointCommand', (id) => ({ VpcEndpoint: { VpcEndpointId: id } })));
  mock
    .on(AuthorizeSecurityGroupIngressCommand)
    .callsFake(record('AuthorizeSecurityGroupIngressCommand', () => ({})));
  mock
    .on(AuthorizeSecurityGroupEgressCommand)
    .callsFake(record('AuthorizeSecurityGroupEgressCommand', () => ({})));
  mock.on(ModifyVpcEndpointCommand).callsFake(record('ModifyVpcEndpointCommand', () => ({})));
  const sdk = new SdkEc2Writer(new EC2Client({ region: PLACE.region }));
  const sim = account.ec2Writer;
  const writer: Ec2Writer = {
    createSecurityGroup: async (vpcId, name, description, tags) => {
      next = await sim.createSecurityGroup(vpcId, name, description, tags);
      return sdk.createSecurityGroup(vpcId, name, description, tags);
    },
    authorizeIngress443: async (groupId, peer, tags) => {
      await sim.authorizeIngress443(groupId, peer, tags);
      await sdk.authorizeIngress443(groupId, peer, tags);
    },
    authorizeEgress443: async (groupId, peer, tags) => {
      await sim.authorizeEgress443(groupId, peer, tags);
      await sdk.authorizeEgress443(groupId, peer, tags);
    },
    createVpcEndpoint: async (request, token, tags) => {
      next = await sim.createVpcEndpoint(request, token, tags);
      return sdk.createVpcEndpoint(request, token, tags);
    },
    addRouteTablesToEndpoint: async (endpointId, routeTableIds) => {
      await sim.addRouteTablesToEndpoint(endpointId, routeTableIds);
      await sdk.addRouteTablesToEndpoint(endpointId, routeTableIds);
    },
  };
  return { writer, sent };
}

/** The write a recorded command makes. */
function kindOf(c: SentCommand): WriteKind {
  switch (c.name) {
    case 'CreateSecurityGroupCommand':
      return 'create-endpoint-security-group';
    case 'AuthorizeSecurityGroupIngressCommand':
      return 'authorize-ingress-443';
    case 'AuthorizeSecurityGroupEgressCommand':
      return 'authorize-egress-443';
    case 'CreateVpcEndpointCommand':
      return c.input.VpcEndpointType === 'Gateway'
        ? 'create-s3-gateway-endpoint'
        : 'create-interface-endpoint';
    case 'ModifyVpcEndpointCommand':
      return 'add-route-tables-to-s3-gateway';
    default:
      throw new Error(`${c.name} is no write of auto-fix`);
  }
}

/** Auto-fix on a scenario, with the SDK calls its executor sent, and each one's authorizations. */
async function autoFix(scenario: Scenario) {
  const account = new SimulatedAccount(scenario);
  const { writer, sent } = recordingWriter(account);
  const report = await runPipeline(parseTaskStateChange(account.event()), account, {
    deployment: DEFAULT_DEPLOYMENT_POLICY,
    mode: 'auto-fix',
    writer,
    leases: new InMemoryLeaseStore(),
  });
  const world = worldOf(scenario);
  return {
    report,
    calls: sent.map((c) => ({
      command: c,
      kind: kindOf(c),
      requests: authorizationsOf(c, world, c.created),
    })),
  };
}

/** Opted-in scenarios whose fixes, together, make every kind of write. */
const FIXED = [
  'no-egress-no-endpoints',
  'secrets-manager-no-endpoint',
  'endpoint-sg-allows-old-vpc-cidr',
  'task-sg-egress-endpoints-only-no-s3',
  'task-sg-egress-s3-prefix-list-only',
  's3-gateway-not-on-new-az-route-table',
];

/** A gateway ecs-pullfix created earlier (it carries its tag), missing a route table. */
function ownGatewayScenario(): Scenario {
  const s = loadScenario('s3-gateway-user-owned-not-opted-in');
  return {
    ...s,
    name: `${s.name}+managed`,
    endpoints: s.endpoints.map((e) =>
      e.type === 'Gateway'
        ? { ...e, tags: { 'ecs-pullfix:managed': 'true', 'ecs-pullfix:cluster': 'inventory' } }
        : e,
    ),
  };
}

describe('the role × the requests auto-fix makes (packaged template, real executor)', () => {
  it.each([
    ...FIXED.map((n) => [n, loadScenario(n)] as const),
    ['own S3 gateway', ownGatewayScenario()] as const,
  ])(
    '%s: every authorization of every write is allowed, by the statement documented for it',
    async (_, scenario) => {
      const { report, calls } = await autoFix(scenario);
      expect(report.outcomes?.filter((o) => o.status === 'failed')).toEqual([]);
      expect(calls.length).toBeGreaterThan(0);
      for (const { kind, requests } of calls) {
        expect(new Set(requests.map(labelOf)), kind).toEqual(new Set(WRITE_AUTHORIZATIONS[kind]));
        for (const r of requests) {
          const d = evaluate(statements, r);
          expect(d.decision, `${kind}: ${labelOf(r)} ${r.resource} ${JSON.stringify(r.context)}`).toBe(
            'allowed',
          );
          expect(WRITE_GRANTS[labelOf(r)], labelOf(r)).toEqual(expect.arrayContaining([...d.by]));
        }
      }
    },
  );

  it('makes every kind of write across those scenarios', async () => {
    const kinds = new Set<WriteKind>();
    for (const name of FIXED) for (const c of (await autoFix(loadScenario(name))).calls) kinds.add(c.kind);
    for (const c of (await autoFix(ownGatewayScenario())).calls) kinds.add(c.kind);
    expect([...kinds].sort()).toEqual(Object.keys(WRITE_AUTHORIZATIONS).sort());
  });

  it('carries, for the interface endpoint, the exact regional service name and the amazon owner', async () => {
    const { calls } = await autoFix(loadScenario('no-egress-no-endpoints'));
    const endpoint = calls
      .find((c) => c.kind === 'create-interface-endpoint')
      ?.requests.find((r) => r.resourceType === 'vpc-endpoint');
    expect(endpoint?.context).toEqual({
      'ec2:Region': 'us-east-1',
      'aws:RequestTag/ecs-pullfix:managed': 'true',
      'aws:RequestTag/ecs-pullfix:incident': expect.stringMatching(/^inc-[0-9a-f]{16}$/),
      'aws:RequestTag/ecs-pullfix:cluster': 'prod-apps',
      'aws:TagKeys': ['ecs-pullfix:managed', 'ecs-pullfix:incident', 'ecs-pullfix:cluster'],
      'ec2:VpceServiceName': 'com.amazonaws.us-east-1.ecr.api',
      'ec2:VpceServiceOwner': 'amazon',
      'ec2:VpceServiceRegion': 'us-east-1',
    });
  });

  /**
   * What the planner allows, IAM allows; what it only recommends, IAM refuses: each scenario's
   * plan, every write forced through the executor, checked request by request. A write that
   * needs what a refused write would have created (the endpoint group) is refused with it.
   */
  it.each(
    loadScenarios()
      .filter((s) => s.file.expect.writes)
      .map((s) => [s.name, s] as const),
  )('%s: IAM allows exactly the writes the planner allows', async (_, scenario) => {
    const account = new SimulatedAccount(scenario);
    const dry = await runPipeline(parseTaskStateChange(account.event()), account, {
      deployment: DEFAULT_DEPLOYMENT_POLICY,
      mode: 'dry-run',
    });
    if (!dry.plan || !dry.snapshot || !dry.incident) throw new Error('no plan');
    const forced = {
      ...dry.plan,
      actions: dry.plan.actions.map((a) => ('write' in a ? { ...a, allowed: true } : a)),
    };
    const { writer, sent } = recordingWriter(account);
    await applyPlan(
      forced,
      dry.snapshot,
      { ec2: account.ec2, writer, leases: new InMemoryLeaseStore() },
      {
        incidentId: dry.incident.id,
        clusterName: scenario.file.cluster.name,
        owner: 'test',
        now: () => new Date(),
      },
    );
    const world = worldOf(scenario);
    const refusedIds = new Set<string>();
    const byIam: Record<'auto-fix' | 'recommended', string[]> = { 'auto-fix': [], recommended: [] };
    for (const c of sent) {
      const requests = authorizationsOf(c, world, c.created);
      const needsRefused = JSON.stringify(c.input)
        .match(/sg-[0-9a-z]+/g)
        ?.some((id) => refusedIds.has(id));
      const allowed = !needsRefused && requests.every((r) => evaluate(statements, r).decision === 'allowed');
      if (!allowed && c.created) refusedIds.add(c.created);
      byIam[allowed ? 'auto-fix' : 'recommended'].push(kindOf(c));
    }
    const kinds = (labels: readonly string[] | undefined) => (labels ?? []).map((l) => l.split(' ')[0]);
    expect(byIam).toEqual({
      'auto-fix': kinds(scenario.file.expect.writes?.['auto-fix']),
      recommended: kinds(scenario.file.expect.writes?.recommended),
    });
  });
});

describe('the role × requests the code never makes: refused', () => {
  const world = (): World => ({
    ...PLACE,
    vpcs: { 'vpc-optedin': { 'ecs-pullfix:allow-auto-fix': 'true' }, 'vpc-other': { Name: 'legacy' } },
    groups: {
      'sg-untagged': { vpcId: 'vpc-optedin', tags: { Name: 'checkout-task' } },
      'sg-optedin': { vpcId: 'vpc-optedin', tags: { 'ecs-pullfix:allow-https-rules': 'true' } },
      'sg-pullfix': { vpcId: 'vpc-optedin', tags: { 'ecs-pullfix:managed': 'true' } },
      'sg-wrongvalue': { vpcId: 'vpc-optedin', tags: { 'ecs-pullfix:allow-https-rules': 'yes' } },
    },
    endpoints: {
      'vpce-users': { vpcId: 'vpc-optedin', serviceName: 'com.amazonaws.us-east-1.s3', tags: {} },
      'vpce-pullfix': {
        vpcId: 'vpc-optedin',
        serviceName: 'com.amazonaws.us-east-1.ecr.api',
        tags: { 'ecs-pullfix:managed': 'true' },
      },
    },
    routeTables: { 'rtb-a': { vpcId: 'vpc-optedin' } },
    subnets: { 'subnet-a': { vpcId: 'vpc-optedin' } },
    serviceOwners: {
      'com.amazonaws.vpce.us-east-1.vpce-svc-0a1b2c3d4e5f60718': '999988887777',
      // Made up, to isolate the ec2:VpceServiceOwner condition from the name's.
      'com.amazonaws.us-east-1.logs': 'aws-marketplace',
    },
  });
  const ours = [
    {
      ResourceType: 'security-group-rule',
      Tags: [
        { Key: 'ecs-pullfix:managed', Value: 'true' },
        { Key: 'ecs-pullfix:incident', Value: 'inc-0123456789abcdef' },
        { Key: 'ecs-pullfix:cluster', Value: 'prod-apps' },
      ],
    },
  ];
  const tagsOf = (type: string, extra: { Key: string; Value: string }[] = []) => [
    { ResourceType: type, Tags: [{ Key: 'ecs-pullfix:managed', Value: 'true' }, ...extra] },
  ];
  const ssh = (groupId: string, tags: unknown = ours) => ({
    name: 'AuthorizeSecurityGroupIngressCommand',
    input: {
      GroupId: groupId,
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
      TagSpecifications: tags,
    },
  });
  const https = (groupId: string) => ({
    name: 'AuthorizeSecurityGroupEgressCommand',
    input: {
      GroupId: groupId,
      IpPermissions: [
        { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, PrefixListIds: [{ PrefixListId: 'pl-63a5400a' }] },
      ],
      TagSpecifications: ours,
    },
  });
  const endpoint = (
    serviceName: string,
    vpcId = 'vpc-optedin',
    extraTags: { Key: string; Value: string }[] = [],
  ) => ({
    name: 'CreateVpcEndpointCommand',
    input: {
      VpcId: vpcId,
      ServiceName: serviceName,
      VpcEndpointType: 'Interface',
      SubnetIds: ['subnet-a'],
      SecurityGroupIds: ['sg-pullfix'],
      TagSpecifications: tagsOf('vpc-endpoint', extraTags),
    },
  });
  const simulate = (role: string) => ({
    name: 'SimulatePrincipalPolicyCommand',
    input: { PolicySourceArn: `arn:aws:iam::${PLACE.account}:role/${role}` },
  });

  const decide = (command: SentCommand) => {
    const requests = authorizationsOf(command, world());
    const decisions = requests.map((r) => ({ r, d: evaluate(statements, r) }));
    const refused = decisions.filter(({ d }) => d.decision !== 'allowed');
    return { allowed: refused.length === 0, refused };
  };

  it.each([
    ['opening 22 to the world on a group that did not opt in', ssh('sg-untagged'), 'security-group'],
    ['a TCP 443 rule on a group that did not opt in', https('sg-untagged'), 'security-group'],
    [
      'a rule on a group tagged ecs-pullfix:allow-https-rules=yes (only "true" counts)',
      https('sg-wrongvalue'),
      'security-group',
    ],
    [
      'a rule on an opted-in group without ecs-pullfix’s tags on the rule',
      ssh('sg-optedin', []),
      'security-group-rule',
    ],
    [
      'a rule whose tags claim the group’s opt-in for it',
      ssh(
        'sg-optedin',
        tagsOf('security-group-rule', [{ Key: 'ecs-pullfix:allow-https-rules', Value: 'true' }]),
      ),
      'security-group-rule',
    ],
    [
      'ModifyVpcEndpoint on a user’s S3 gateway that did not opt in',
      {
        name: 'ModifyVpcEndpointCommand',
        input: { VpcEndpointId: 'vpce-users', AddRouteTableIds: ['rtb-a'] },
      },
      'vpc-endpoint',
    ],
    [
      'ModifyVpcEndpoint replacing the policy of a user’s S3 gateway',
      { name: 'ModifyVpcEndpointCommand', input: { VpcEndpointId: 'vpce-users', PolicyDocument: '{}' } },
      'vpc-endpoint',
    ],
    [
      'CreateVpcEndpoint for another region’s service name',
      endpoint('com.amazonaws.eu-west-1.ecr.api'),
      'vpc-endpoint',
    ],
    [
      'CreateVpcEndpoint for a service outside the six',
      endpoint('com.amazonaws.us-east-1.ec2'),
      'vpc-endpoint',
    ],
    [
      'CreateVpcEndpoint for a service another account owns',
      endpoint('com.amazonaws.vpce.us-east-1.vpce-svc-0a1b2c3d4e5f60718'),
      'vpc-endpoint',
    ],
    [
      'CreateVpcEndpoint for one of the six names, were its owner not amazon',
      endpoint('com.amazonaws.us-east-1.logs'),
      'vpc-endpoint',
    ],
    [
      'CreateVpcEndpoint in a VPC that did not opt in',
      endpoint('com.amazonaws.us-east-1.ecr.api', 'vpc-other'),
      'vpc',
    ],
    [
      'CreateVpcEndpoint tagged with a key beyond ecs-pullfix’s three',
      endpoint('com.amazonaws.us-east-1.ecr.api', 'vpc-optedin', [{ Key: 'Name', Value: 'x' }]),
      'vpc-endpoint',
    ],
    [
      'CreateSecurityGroup in a VPC that did not opt in',
      {
        name: 'CreateSecurityGroupCommand',
        input: {
          VpcId: 'vpc-other',
          GroupName: 'ecs-pullfix-endpoints',
          TagSpecifications: tagsOf('security-group'),
        },
      },
      'vpc',
    ],
    [
      'CreateSecurityGroup that tags itself opted in for rules',
      {
        name: 'CreateSecurityGroupCommand',
        input: {
          VpcId: 'vpc-optedin',
          GroupName: 'x',
          TagSpecifications: tagsOf('security-group', [
            { Key: 'ecs-pullfix:allow-https-rules', Value: 'true' },
          ]),
        },
      },
      'security-group',
    ],
    [
      'CreateTags with ecs-pullfix:managed on a group that exists (no create action)',
      {
        name: 'CreateTagsCommand',
        input: { Resources: ['sg-untagged'], Tags: [{ Key: 'ecs-pullfix:managed', Value: 'true' }] },
      },
      'security-group',
    ],
    [
      'CreateTags of the opt-in tag on a user’s gateway',
      {
        name: 'CreateTagsCommand',
        input: {
          Resources: ['vpce-users'],
          Tags: [{ Key: 'ecs-pullfix:allow-route-tables', Value: 'true' }],
        },
      },
      'vpc-endpoint',
    ],
    [
      'CreateTags opting a VPC in',
      {
        name: 'CreateTagsCommand',
        input: { Resources: ['vpc-other'], Tags: [{ Key: 'ecs-pullfix:allow-auto-fix', Value: 'true' }] },
      },
      'vpc',
    ],
    ['SimulatePrincipalPolicy on an administrator’s role', simulate('PlatformAdmin'), 'role'],
    [
      'SimulatePrincipalPolicy on an execution role named like an administrator’s',
      simulate('ecsTaskExecutionRoleAdmin'),
      'role',
    ],
    [
      'SimulatePrincipalPolicy on the organization’s access role',
      simulate('OrganizationAccountAccessRole'),
      'role',
    ],
    [
      'SimulatePrincipalPolicy on an IAM Identity Center role',
      simulate('aws-reserved/sso.amazonaws.com/AWSReservedSSO_PowerUserAccess_0123456789abcdef'),
      'role',
    ],
    [
      'SimulatePrincipalPolicy on the CDK deploy role (named exec-role, and an administrator)',
      simulate('cdk-hnb659fds-cfn-exec-role-111122223333-us-east-1'),
      'role',
    ],
    [
      'SimulatePrincipalPolicy on ecs-pullfix’s own role',
      simulate('ecs-pullfix-ci-us-east-1-lambdaRole'),
      'role',
    ],
    ['SimulatePrincipalPolicy on an application’s task role', simulate('checkout-api-task-role'), 'role'],
    [
      'GetDownloadUrlForLayer on any repository',
      {
        name: 'GetDownloadUrlForLayerCommand',
        input: { repositoryName: 'checkout', layerDigest: 'sha256:0a' },
      },
      'repository',
    ],
  ] as const)('refuses %s', (_, command, refusedOn) => {
    const { allowed, refused } = decide(command as SentCommand);
    expect(allowed).toBe(false);
    expect(refused.map(({ r }) => r.resourceType)).toContain(refusedOn);
  });

  it.each([
    ['ecsTaskExecutionRole'],
    ['service-role/checkout-ExecutionRole-1A2B3C'],
    ['billing-execution-role'],
    ['ecs/ledger-task-exec'],
    // A Managed Instances capacity provider's infrastructure role (may it pass the instance role?).
    ['ecsInfrastructureRole'],
  ])('lets the role check simulate the role %s', (role) => {
    expect(decide(simulate(role)).allowed).toBe(true);
  });

  it('refuses the privileged roles by an explicit Deny, which no other statement can outweigh', () => {
    const { refused } = decide(simulate('ecsTaskExecutionRoleAdmin'));
    expect(refused.map(({ d }) => d)).toEqual([
      { decision: 'explicit-deny', by: ['NeverSimulatePrivilegedRoles'] },
    ]);
  });

  it('cannot tell port 22 from 443 on a group that opted in: IAM has no key for a rule’s port (docs/iam.md)', () => {
    // The residual risk of keeping the writes in the function: the code's Write type is what
    // keeps them to TCP 443, on the groups their owners opted in.
    expect(decide(ssh('sg-optedin')).allowed).toBe(true);
    expect(decide(ssh('sg-pullfix')).allowed).toBe(true);
  });

  it('would have refused every real ModifyVpcEndpoint under the former ec2:VpceServiceName condition', () => {
    const former: Statement = {
      Sid: 'AddRouteTablesToS3Gateway',
      Effect: 'Allow',
      Action: 'ec2:ModifyVpcEndpoint',
      Resource: ec2Arn('vpc-endpoint', '*'),
      Condition: { StringLike: { 'ec2:VpceServiceName': 'com.amazonaws.*.s3' } },
    };
    const [request] = authorizationsOf(
      {
        name: 'ModifyVpcEndpointCommand',
        input: { VpcEndpointId: 'vpce-users', AddRouteTableIds: ['rtb-a'] },
      },
      world(),
    );
    expect(request?.context).not.toHaveProperty('ec2:VpceServiceName');
    expect(evaluate([former], request as AuthRequest).decision).toBe('implicit-deny');
  });
});

describe('the role, read by read', () => {
  /** The network path's reads the adapters make (the role, image and secret reads have their own tests above). */
  const reads = [...called]
    .filter((a) => !(a in CLI_ONLY) && LAMBDA_ACTIONS.reads.includes(a as never))
    .filter((a) => /^(ecs|ec2|route53resolver|elasticfilesystem):/.test(a))
    .sort();

  it('finds the reads of prefix lists, DHCP options, Resolver rules, EFS and launch templates among the adapters’ calls', () => {
    expect(reads).toEqual(
      expect.arrayContaining([
        'ec2:DescribeDhcpOptions',
        'ec2:GetManagedPrefixListEntries',
        'route53resolver:ListResolverRuleAssociations',
        'route53resolver:ListResolverRules',
        'elasticfilesystem:DescribeMountTargets',
        'elasticfilesystem:DescribeAccessPoints',
        'elasticfilesystem:DescribeFileSystemPolicy',
        'ec2:DescribeLaunchTemplateVersions',
      ]),
    );
  });

  it.each([
    ['elasticfilesystem:DescribeAccessPoints', 'access-point/fsap-0b1c2d3e4f5a60719'],
    ['elasticfilesystem:DescribeFileSystemPolicy', 'file-system/fs-0a1b2c3d4e5f60718'],
  ])('allows %s only on this account’s EFS resources in the region', (action, resource) => {
    const [own] = readAuthorizations(action, { ...PLACE } as World);
    const other = {
      ...(own as AuthRequest),
      resource: `arn:aws:elasticfilesystem:${PLACE.region}:999999999999:${resource}`,
    };
    expect(own?.resource).toContain(resource);
    expect(evaluate(statements, own as AuthRequest).decision).toBe('allowed');
    expect(evaluate(statements, other).decision).toBe('implicit-deny');
  });

  it('allows DescribeMountTargets only on this account’s file systems in the region', () => {
    const [own] = readAuthorizations('elasticfilesystem:DescribeMountTargets', { ...PLACE } as World);
    const other = {
      ...(own as AuthRequest),
      resource: `arn:aws:elasticfilesystem:${PLACE.region}:999999999999:file-system/fs-0a1b2c3d4e5f60718`,
    };
    expect(evaluate(statements, own as AuthRequest).decision).toBe('allowed');
    expect(evaluate(statements, other).decision).toBe('implicit-deny');
  });

  it('allows GetLifecyclePolicy only on this account’s repositories in the region', () => {
    const [own] = readAuthorizations('ecr:GetLifecyclePolicy', { ...PLACE } as World);
    const elsewhere = [
      `arn:aws:ecr:${PLACE.region}:999999999999:repository/checkout`,
      `arn:aws:ecr:ap-south-2:${PLACE.account}:repository/checkout`,
    ].map((resource) => ({ ...(own as AuthRequest), resource }));
    expect(own?.resourceType).toBe('repository');
    expect(evaluate(statements, own as AuthRequest).decision).toBe('allowed');
    for (const r of elsewhere) expect(evaluate(statements, r).decision, r.resource).toBe('implicit-deny');
  });

  it('allows GetRepositoryPolicy on any account’s repositories in the region, not in another region', () => {
    const named = readAuthorizations('ecr:GetRepositoryPolicy', { ...PLACE } as World);
    const elsewhere = {
      ...(named[0] as AuthRequest),
      resource: `arn:aws:ecr:ap-south-2:444455556666:repository/platform/orders-api`,
    };
    expect(named.map((r) => r.resource)).toContain(
      `arn:aws:ecr:${PLACE.region}:444455556666:repository/platform/orders-api`,
    );
    for (const r of named) expect(evaluate(statements, r).decision, r.resource).toBe('allowed');
    expect(evaluate(statements, elsewhere).decision).toBe('implicit-deny');
  });

  it('allows DescribePullThroughCacheRules, a registry-level Read with no resource type, on *', () => {
    const [request] = readAuthorizations('ecr:DescribePullThroughCacheRules', { ...PLACE } as World);
    expect(request).toMatchObject({ resource: '*', resourceType: '*' });
    expect(evaluate(statements, request as AuthRequest).decision).toBe('allowed');
  });

  it('allows DescribeRegistry, a registry-level Read with no resource type, on *: the replication rules of the account’s own registry', () => {
    const [request] = readAuthorizations('ecr:DescribeRegistry', { ...PLACE } as World);
    expect(request).toMatchObject({ resource: '*', resourceType: '*' });
    expect(evaluate(statements, request as AuthRequest).decision).toBe('allowed');
  });

  it.each(reads)('allows %s, on every resource it names (S3’s prefix list is AWS’s)', (action) => {
    const world: World = {
      ...PLACE,
      ...{ vpcs: {}, groups: {}, endpoints: {}, routeTables: {}, subnets: {}, serviceOwners: {} },
    };
    for (const r of readAuthorizations(action, world))
      expect(evaluate(statements, r).decision, `${action} on ${r.resource}`).toBe('allowed');
  });
});

describe('the role, statement by statement', () => {
  const actionsOf = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]) as string[];
  const resourcesOf = (s: Statement) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]) as string[];
  const typeOf = (arn: string) => /:(?:ec2|iam|ecr):[^:]*:[^:]*:([a-z-]+)\//.exec(arn)?.[1] ?? arn;
  const tagConditioned = (s: Statement) =>
    Object.values(s.Condition ?? {}).some((keys) =>
      Object.keys(keys).some((k) => /^aws:(ResourceTag|RequestTag)\//.test(k)),
    );
  const writes = () =>
    statements.filter(
      (s) => s.Effect === 'Allow' && actionsOf(s).some((a) => LAMBDA_ACTIONS.writes.includes(a as never)),
    );

  it('grants no write without an owner’s tag or ecs-pullfix’s, but on what a request never names alone', () => {
    for (const s of writes()) {
      if (tagConditioned(s)) continue;
      // Unconditioned: only resource types that are never a request's required one, for
      // actions whose required ones are each granted only under a tag condition.
      for (const action of actionsOf(s)) {
        const rows = SAR[action]?.resources ?? {};
        for (const type of resourcesOf(s).map(typeOf))
          expect(rows[type]?.required, `${s.Sid}: ${type}`).toBe(false);
        const required = Object.entries(rows)
          .filter(([, row]) => row.required)
          .map(([type]) => type);
        for (const type of required) {
          const granting = writes().filter(
            (x) => actionsOf(x).includes(action) && resourcesOf(x).some((r) => typeOf(r) === type),
          );
          expect(granting.length, `${action} on ${type}`).toBeGreaterThan(0);
          expect(granting.every(tagConditioned), `${action} on ${type}`).toBe(true);
        }
      }
    }
  });

  it('tags only while creating, and only with ecs-pullfix’s three keys', () => {
    const tagging = statements.filter((s) => actionsOf(s).includes('ec2:CreateTags'));
    expect(tagging).toHaveLength(1);
    expect(tagging[0]?.Condition).toMatchObject({
      StringEquals: { 'ec2:CreateAction': expect.any(Array) },
      'ForAllValues:StringEquals': {
        'aws:TagKeys': ['ecs-pullfix:managed', 'ecs-pullfix:incident', 'ecs-pullfix:cluster'],
      },
    });
  });

  it('creates endpoints only for the six services, by their names in this region, owned by AWS', () => {
    const create = statements.find((s) => s.Sid === 'CreateEndpoints');
    expect(create?.Condition?.StringEquals).toMatchObject({
      'ec2:VpceServiceOwner': 'amazon',
      'ec2:VpceServiceName': ['ecr.api', 'ecr.dkr', 's3', 'logs', 'secretsmanager', 'ssm'].map(
        (x) => `com.amazonaws.us-east-1.${x}`,
      ),
    });
  });

  it('names, in docs/iam.md, every statement and the request each allows', () => {
    const doc = readFileSync(`${ROOT}docs/iam.md`, 'utf8');
    for (const s of statements.filter((x) => x.Sid)) expect(doc, s.Sid).toContain(`\`${s.Sid}\``);
    for (const label of Object.keys(WRITE_GRANTS)) {
      const [action, type] = label.split(' on ');
      expect(doc, label).toContain(`\`${action}\` on \`${type}\``);
    }
  });
});
