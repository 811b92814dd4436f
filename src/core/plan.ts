import { createHash } from 'node:crypto';
import { cidrContains, isAnywhere, rangeOf } from './cidr.js';
import { fixOf } from './diagnose.js';
import { type Finding, type FindingId, findingKey, serviceOfFinding } from './findings.js';
import type { Mode, Policy } from './mode.js';
import {
  type EndpointService,
  endpointServiceName,
  type InterfaceService,
  type Snapshot,
} from './network.js';
import { hasTrue, MANAGED_TAG, OPT_IN_TAGS, optInCli } from './opt-in.js';
import type { EndpointRequest } from './ports.js';
import {
  HOURS_PER_MONTH,
  INTERFACE_ENDPOINT_USD_PER_AZ_HOUR,
  NAT_GATEWAY_USD_PER_HOUR,
  PUBLIC_IPV4_USD_PER_HOUR,
} from './prices.js';
import {
  assignment,
  command,
  commentLine,
  heredoc,
  ifValid,
  isValidArn,
  jsonText,
  type NameCheck,
  output,
  type Part,
  shownName,
  variable,
  type Word,
} from './shell.js';
import { secretRefOf } from './workload.js';

/**
 * The planner: findings + snapshot + policy → a plan of typed actions. Pure.
 *
 * The write types below are the only writes auto-fix can make (design.md, "Policy"):
 * create a VPC endpoint (interface with private DNS, or the S3 gateway), create the
 * dedicated endpoint security group, add TCP 443 rules whose peer is a security group,
 * the S3 prefix list or the VPC's own CIDR, and add route tables to an existing S3
 * gateway. No type can express a delete, a modification, a port other than 443 or a peer
 * wider than the VPC: an unsafe write cannot be planned. Everything else is a
 * recommendation, spelled out as the exact command a person would run. A write is allowed
 * only where an owner opted in by a tag (`./opt-in.ts`; the role checks the same tags,
 * docs/iam.md): otherwise it too is only recommended, with its command.
 */

/** A security group the plan refers to: one that exists, or the dedicated endpoint group the plan creates. */
export type GroupRef = Readonly<
  { kind: 'existing'; groupId: string } | { kind: 'endpoint-group'; vpcId: string }
>;

/** What a planned TCP 443 rule may name on its other side. */
export type RulePeer = Readonly<
  | { kind: 'security-group'; group: GroupRef }
  | { kind: 's3-prefix-list'; region: string; prefixListId?: string }
  | { kind: 'vpc-cidr'; vpcId: string; cidr: string }
>;

export type Write = Readonly<
  | { kind: 'create-endpoint-security-group'; vpcId: string; groupName: string }
  | { kind: 'authorize-ingress-443'; group: GroupRef; peer: Exclude<RulePeer, { kind: 's3-prefix-list' }> }
  | { kind: 'authorize-egress-443'; group: GroupRef; peer: RulePeer }
  | {
      kind: 'create-interface-endpoint';
      vpcId: string;
      service: InterfaceService;
      serviceName: string;
      subnetIds: readonly string[];
      group: GroupRef;
    }
  | {
      kind: 'create-s3-gateway-endpoint';
      vpcId: string;
      serviceName: string;
      routeTableIds: readonly string[];
    }
  | { kind: 'add-route-tables-to-s3-gateway'; endpointId: string; routeTableIds: readonly string[] }
>;

export type WriteKind = Write['kind'];

/** Changes ecs-pullfix only recommends. */
export type RecommendedChange =
  | 'add-nat-gateway'
  | 'fix-nat-route'
  | 'assign-public-ip'
  | 'accept-endpoint'
  | 'enable-private-dns'
  | 'enable-vpc-dns'
  | 'add-nacl-entry'
  | 'change-endpoint-policy'
  | 'allow-egress-to-internet'
  | 'mirror-image'
  | 'check-path'
  | 'add-execution-role'
  | 'grant-execution-role'
  | 'push-image'
  | 'fix-secret'
  | 'delete-duplicate-endpoints';

type ActionCommon = Readonly<{
  /** Stable across runs: what the action does to what. */
  id: string;
  /** The finding it answers (`missing-endpoint:ecr.dkr`). */
  why: string;
  /** True when auto-fix may apply it under this policy; `reason` says why (not). */
  allowed: boolean;
  reason: string;
  service?: EndpointService;
  /** The AWS CLI command(s) a person could run instead. */
  cli: string;
  cloudformation?: string;
  terraform?: string;
  /** Estimated monthly cost, in USD (see COST_ASSUMPTION). */
  monthlyUsd: number;
}>;

export type Action = ActionCommon &
  Readonly<
    { kind: WriteKind; write: Write } | { kind: `recommend:${RecommendedChange}`; finding: FindingId }
  >;

export type Plan = Readonly<{ mode: Mode; actions: readonly Action[]; notes: readonly string[] }>;

export {
  COST_ASSUMPTION,
  HOURS_PER_MONTH,
  INTERFACE_ENDPOINT_USD_PER_AZ_HOUR,
  NAT_GATEWAY_USD_PER_HOUR,
  PUBLIC_IPV4_USD_PER_HOUR,
} from './prices.js';

/** A VPC endpoint id as AWS writes them: only such ids go into a command. */
const ENDPOINT_ID = /^vpce-[0-9a-z]{1,32}$/;

/** The name of the dedicated endpoint security group ecs-pullfix creates (one per VPC). */
export const ENDPOINT_GROUP_NAME = 'ecs-pullfix-endpoints';

/**
 * The client token of a `CreateVpcEndpoint`: a digest of every field of the request, so that
 * a retry of the same request is the same request (AWS then answers with the endpoint it
 * already made), and any other request (another security group, subnet, route table, service,
 * VPC or private DNS) gets another token: reusing one would be answered
 * `IdempotentParameterMismatch`. Lists are sets (their order and repeats do not matter). The
 * tags are not in it: they say who asked (incident, cluster), and a second cluster asking
 * for the same endpoint must get the one that exists, not a second. At most 64 ASCII
 * characters, as EC2 requires.
 */
export function clientTokenOf(request: EndpointRequest): string {
  const set = (ids: readonly string[]) => [...new Set(ids)].sort();
  const fields =
    request.type === 'Interface'
      ? [
          request.type,
          request.vpcId,
          request.serviceName,
          set(request.subnetIds),
          set(request.securityGroupIds),
          request.privateDns,
        ]
      : [request.type, request.vpcId, request.serviceName, set(request.routeTableIds)];
  return `ecs-pullfix-${createHash('sha256').update(JSON.stringify(fields)).digest('hex').slice(0, 40)}`;
}

/** Plans the actions for a diagnosis under a policy. Pure and total. */
export function planActions(findings: readonly Finding[], snapshot: Snapshot, policy: Policy): Plan {
  const p = new Planner(snapshot, policy, findings);
  for (const f of findings) p.answer(f);
  p.endpointGroupOnlyWithItsEndpoints();
  return { mode: policy.mode, actions: p.actions(), notes: p.notes() };
}

class Planner {
  readonly #s: Snapshot;
  readonly #policy: Policy;
  readonly #actions: Action[] = [];
  readonly #notes: string[] = [];
  readonly #findings: readonly Finding[];
  #endpointsPlanned = 0;

  constructor(snapshot: Snapshot, policy: Policy, findings: readonly Finding[]) {
    this.#s = snapshot;
    this.#policy = policy;
    this.#findings = findings;
    if (policy.problem) this.#notes.push(policy.problem);
  }

  actions(): Action[] {
    return this.#actions;
  }

  notes(): string[] {
    return this.#notes;
  }

  answer(f: Finding): void {
    const why = findingKey(f);
    switch (f.id) {
      case 'missing-endpoint':
        this.#interfaceEndpoint(f.service, f.vpcId, f.subnetIds, why);
        return;
      case 's3-gateway-missing':
        this.#gatewayEndpoint(f.vpcId, f.routeTableIds, why);
        return;
      case 's3-gateway-not-associated':
        this.#write(
          {
            kind: 'add-route-tables-to-s3-gateway',
            endpointId: f.endpointId,
            routeTableIds: f.routeTableIds,
          },
          why,
          's3',
        );
        return;
      case 'endpoint-sg-blocks-443':
        for (const groupId of f.endpointSecurityGroupIds) {
          for (const peer of this.#taskPeers()) {
            this.#write(
              { kind: 'authorize-ingress-443', group: { kind: 'existing', groupId }, peer },
              why,
              f.service,
            );
          }
        }
        return;
      case 'task-sg-blocks-443':
        this.#taskEgress(f, why);
        return;
      case 'no-egress-path':
        this.#recommend(
          'add-nat-gateway',
          f,
          why,
          natCli(f.routeTableIds, f.vpcId),
          NAT_GATEWAY_USD_PER_HOUR * HOURS_PER_MONTH,
        );
        return;
      case 'nat-unavailable':
        this.#recommend(
          'fix-nat-route',
          f,
          why,
          natCli([f.routeTableId], this.#s.vpcId.ok ? this.#s.vpcId.value : undefined),
          0,
        );
        return;
      case 'public-ip-disabled':
        this.#recommend(
          'assign-public-ip',
          f,
          why,
          this.#publicIpCli(),
          PUBLIC_IPV4_USD_PER_HOUR * HOURS_PER_MONTH,
        );
        return;
      case 'endpoint-unavailable':
        this.#recommend(
          'accept-endpoint',
          f,
          why,
          ifValid([['VPC endpoint id', f.endpointId]], () =>
            f.state === 'pendingAcceptance'
              ? [
                  commentLine('run by the owner of the endpoint service:'),
                  assignment(
                    'ENDPOINT_SERVICE_ID',
                    'vpce-svc-...',
                    `the endpoint service ${f.endpointId} connects to`,
                  ),
                  command([
                    'aws',
                    'ec2',
                    'accept-vpc-endpoint-connections',
                    '--service-id',
                    variable('ENDPOINT_SERVICE_ID'),
                    '--vpc-endpoint-ids',
                    f.endpointId,
                  ]),
                ].join('\n')
              : command(
                  ['aws', 'ec2', 'describe-vpc-endpoints', '--vpc-endpoint-ids', f.endpointId],
                  `${f.state}: recreate it if it does not recover`,
                ),
          ),
          0,
        );
        return;
      case 'endpoint-private-dns-off':
        this.#recommend(
          'enable-private-dns',
          f,
          why,
          ifValid([['VPC endpoint id', f.endpointId]], () =>
            command([
              'aws',
              'ec2',
              'modify-vpc-endpoint',
              '--vpc-endpoint-id',
              f.endpointId,
              '--private-dns-enabled',
            ]),
          ),
          0,
        );
        return;
      case 'vpc-dns-off':
        this.#recommend(
          'enable-vpc-dns',
          f,
          why,
          ifValid([['VPC id', f.vpcId]], () =>
            command([
              'aws',
              'ec2',
              'modify-vpc-attribute',
              '--vpc-id',
              f.vpcId,
              f.attribute === 'enableDnsSupport' ? '--enable-dns-support' : '--enable-dns-hostnames',
              '{"Value":true}',
            ]),
          ),
          0,
        );
        return;
      case 'nacl-blocks': {
        const number = f.ruleNumber === undefined ? 100 : Math.max(1, f.ruleNumber - 1);
        const [from, to = from] = f.ports.replace('TCP ', '').split('-');
        this.#recommend(
          'add-nacl-entry',
          f,
          why,
          ifValid(
            [
              ['network ACL id', f.networkAclId],
              ['IPv4 CIDR', f.cidr],
            ],
            () =>
              command(
                [
                  'aws',
                  'ec2',
                  'create-network-acl-entry',
                  '--network-acl-id',
                  f.networkAclId,
                  f.direction === 'outbound' ? '--egress' : '--ingress',
                  '--rule-number',
                  String(number),
                  '--protocol',
                  'tcp',
                  '--port-range',
                  `From=${from},To=${to}`,
                  '--cidr-block',
                  f.cidr,
                  '--rule-action',
                  'allow',
                ],
                `pick a free rule number below ${f.ruleNumber ?? 'the final deny'}`,
              ),
          ),
          0,
        );
        return;
      }
      case 'endpoint-policy-denies':
        this.#recommend(
          'change-endpoint-policy',
          f,
          why,
          ifValid([['VPC endpoint id', f.endpointId]], () =>
            [
              commentLine(`add a statement allowing ${f.denied.join('; ')} to the endpoint's policy, then:`),
              command([
                'aws',
                'ec2',
                'modify-vpc-endpoint',
                '--vpc-endpoint-id',
                f.endpointId,
                '--policy-document',
                'file://policy.json',
              ]),
            ].join('\n'),
          ),
          0,
        );
        return;
      case 'registry-needs-internet':
        this.#recommend(
          'mirror-image',
          f,
          why,
          f.registryHost?.includes('docker.io')
            ? this.#pullThroughCacheCli()
            : commentLine(
                'give the task an internet path (a NAT gateway), or copy the image into ECR in this region (replication or a pull-through cache rule)',
              ),
          0,
        );
        return;
      case 'path-leaves-vpc':
        this.#recommend(
          'check-path',
          f,
          why,
          commentLine(
            `the default route of ${f.routeTableId} leaves the VPC: check that the path beyond it allows TCP 443 to the registries and AWS services`,
          ),
          0,
        );
        return;
      case 'execution-role-missing':
        this.#recommend(
          'add-execution-role',
          f,
          why,
          [
            heredoc(
              TRUST_POLICY_FILE,
              jsonText({
                Version: '2012-10-17',
                Statement: [
                  {
                    Effect: 'Allow',
                    Principal: { Service: 'ecs-tasks.amazonaws.com' },
                    Action: 'sts:AssumeRole',
                  },
                ],
              }),
            ),
            command([
              'aws',
              'iam',
              'create-role',
              '--role-name',
              'ecsTaskExecutionRole',
              '--assume-role-policy-document',
              `file://${TRUST_POLICY_FILE}`,
            ]),
            command([
              'aws',
              'iam',
              'attach-role-policy',
              '--role-name',
              'ecsTaskExecutionRole',
              '--policy-arn',
              'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy',
            ]),
            commentLine('then register the task definition again with "executionRoleArn"'),
          ].join('\n'),
          0,
        );
        return;
      case 'execution-role-denies': {
        // One inline policy with every statement the role lacks: one command for a person to run.
        const statements = this.#findings.flatMap((x) =>
          x.id === 'execution-role-denies' && x.roleArn === f.roleArn
            ? [JSON.parse(x.statement) as unknown]
            : [],
        );
        this.#recommend(
          'grant-execution-role',
          { ...f, resources: [f.roleArn] },
          why,
          grantCli(f.roleArn, statements),
          0,
        );
        return;
      }
      case 'ecr-repository-missing':
        this.#recommend(
          'push-image',
          f,
          why,
          ifValid(
            [
              ['ECR repository name', f.repository],
              ['region', f.region],
            ],
            () =>
              [
                command([
                  'aws',
                  'ecr',
                  'create-repository',
                  '--repository-name',
                  f.repository,
                  '--region',
                  f.region,
                ]),
                commentLine('then push the image, or fix the image name in the task definition'),
              ].join('\n'),
            'fix the image name in the task definition',
          ),
          0,
        );
        return;
      case 'image-tag-missing':
        this.#recommend(
          'push-image',
          f,
          why,
          ifValid(
            [['ECR repository name', f.repository]],
            () =>
              [
                command([
                  'aws',
                  'ecr',
                  'describe-images',
                  '--repository-name',
                  f.repository,
                  '--query',
                  'sort_by(imageDetails,&imagePushedAt)[-5:].imageTags',
                ]),
                commentLine(
                  `push ${f.repository}:${f.reference}, or register the task definition again with an existing tag${f.nearest.length > 0 ? ` (nearest: ${f.nearest.join(', ')})` : ''}`,
                ),
              ].join('\n'),
            'fix the image name in the task definition',
          ),
          0,
        );
        return;
      case 'image-platform-mismatch':
        this.#recommend(
          'push-image',
          f,
          why,
          ifValid(
            [
              ['container image', f.image],
              ...[f.wanted, ...f.offered].map((p): NameCheck => ['platform', p]),
            ],
            () =>
              command([
                'docker',
                'buildx',
                'build',
                '--platform',
                [f.wanted, ...f.offered].join(','),
                '-t',
                f.image,
                '--push',
                '.',
              ]),
          ),
          0,
        );
        return;
      case 'secret-missing': {
        const ref = secretRefOf(f.valueFrom, '', 'aws', this.#s.region, this.#s.task.account);
        this.#recommend(
          'fix-secret',
          f,
          why,
          ifValid(
            [
              ref.kind === 'secretsmanager'
                ? ['Secrets Manager secret ARN', ref.secretId]
                : ['SSM parameter name', ref.name],
            ],
            () =>
              [
                command(
                  ref.kind === 'secretsmanager'
                    ? ['aws', 'secretsmanager', 'describe-secret', '--secret-id', ref.secretId]
                    : [
                        'aws',
                        'ssm',
                        'describe-parameters',
                        '--parameter-filters',
                        `Key=Name,Values=${ref.name}`,
                      ],
                ),
                commentLine(fixOf(f, this.#s.region)),
              ].join('\n'),
            'fix valueFrom in the task definition',
          ),
          0,
        );
        return;
      }
      case 'duplicate-endpoints': {
        // Deleting is never auto-fix's: the command is given, with what it saves.
        const ids = f.extraEndpointIds.filter((id) => ENDPOINT_ID.test(id));
        if (ids.length === 0) return;
        this.#recommend(
          'delete-duplicate-endpoints',
          f,
          why,
          command(
            ['aws', 'ec2', 'delete-vpc-endpoints', '--vpc-endpoint-ids', ...ids],
            `keeps ${ENDPOINT_ID.test(f.keepEndpointId) ? f.keepEndpointId : 'the one that serves'}; saves $${f.extraMonthlyUsd.toFixed(2)} a month`,
          ),
          0,
        );
        return;
      }
      case 'not-checked':
      case 'path-ok':
        return;
    }
  }

  /**
   * The endpoint group, its inbound rules and the task's outbound rule to it serve only the
   * interface endpoints auto-fix creates: with none of them allowed (an allow-list of `s3`,
   * the ceiling), auto-fix would create a group nothing uses, so these writes are only
   * recommended too (a person creating the endpoints by hand runs them first).
   */
  endpointGroupOnlyWithItsEndpoints(): void {
    this.#actions.forEach((a, i) => {
      if (!('write' in a) || !a.allowed) return;
      const vpcId = endpointGroupOf(a.write);
      if (vpcId === undefined) return;
      const users = this.#actions.filter(
        (x) =>
          'write' in x &&
          x.write.kind === 'create-interface-endpoint' &&
          x.write.group.kind === 'endpoint-group' &&
          x.write.vpcId === vpcId,
      );
      if (users.some((x) => x.allowed)) return;
      const why = users[0]?.reason;
      this.#actions[i] = {
        ...a,
        allowed: false,
        reason: `only the interface endpoints auto-fix creates use ${ENDPOINT_GROUP_NAME}, and it may create none here${why ? `: ${why}` : ''}`,
      };
    });
  }

  // ── endpoints ────────────────────────────────────────────────────────────────────

  #interfaceEndpoint(
    service: InterfaceService,
    vpcId: string,
    subnetIds: readonly string[],
    why: string,
  ): void {
    const group: GroupRef = { kind: 'endpoint-group', vpcId };
    this.#endpointGroup(vpcId, why);
    const perAz = this.#onePerAz(subnetIds);
    const allowed = this.#endpointAllowed(service);
    this.#write(
      {
        kind: 'create-interface-endpoint',
        vpcId,
        service,
        serviceName: endpointServiceName(this.#s.region, service),
        subnetIds: perAz,
        group,
      },
      why,
      service,
      allowed,
    );
    this.#taskEgressToEndpoints(vpcId, why, service);
  }

  #gatewayEndpoint(vpcId: string, routeTableIds: readonly string[], why: string): void {
    const allowed = this.#endpointAllowed('s3');
    this.#write(
      {
        kind: 'create-s3-gateway-endpoint',
        vpcId,
        serviceName: endpointServiceName(this.#s.region, 's3'),
        routeTableIds,
      },
      why,
      's3',
      allowed,
    );
    const net = this.#s.taskNetwork;
    if (net.source === 'unknown' || this.#taskEgressCovers({ kind: 's3' })) return;
    const groupId = net.securityGroupIds[0];
    if (groupId) {
      this.#write(
        {
          kind: 'authorize-egress-443',
          group: { kind: 'existing', groupId },
          peer: { kind: 's3-prefix-list', region: this.#s.region },
        },
        why,
        's3',
      );
    }
  }

  /** The dedicated endpoint group, allowing 443 in from the task's security groups (or the VPC's CIDR). */
  #endpointGroup(vpcId: string, why: string): void {
    const group: GroupRef = { kind: 'endpoint-group', vpcId };
    this.#write({ kind: 'create-endpoint-security-group', vpcId, groupName: ENDPOINT_GROUP_NAME }, why);
    for (const peer of this.#taskPeers()) this.#write({ kind: 'authorize-ingress-443', group, peer }, why);
  }

  #taskEgressToEndpoints(vpcId: string, why: string, service: EndpointService): void {
    const net = this.#s.taskNetwork;
    if (net.source === 'unknown' || this.#taskEgressCovers({ kind: 'vpc' })) return;
    const groupId = net.securityGroupIds[0];
    if (!groupId) return;
    this.#write(
      {
        kind: 'authorize-egress-443',
        group: { kind: 'existing', groupId },
        peer: { kind: 'security-group', group: { kind: 'endpoint-group', vpcId } },
      },
      why,
      service,
    );
  }

  #taskEgress(f: Finding & { id: 'task-sg-blocks-443' }, why: string): void {
    const groupId = f.taskSecurityGroupIds[0];
    if (!groupId) return;
    const group: GroupRef = { kind: 'existing', groupId };
    switch (f.peer.kind) {
      case 'endpoint': {
        const target = f.peer.securityGroupIds[0];
        const peer: RulePeer | undefined = target
          ? { kind: 'security-group', group: { kind: 'existing', groupId: target } }
          : this.#vpcPeer();
        if (peer) this.#write({ kind: 'authorize-egress-443', group, peer }, why, f.service);
        return;
      }
      case 'prefix-list':
        this.#write(
          {
            kind: 'authorize-egress-443',
            group,
            peer: { kind: 's3-prefix-list', region: this.#s.region, prefixListId: f.peer.prefixListId },
          },
          why,
          's3',
        );
        return;
      case 'internet':
        this.#recommend(
          'allow-egress-to-internet',
          f,
          why,
          ifValid([['security group id', groupId]], () =>
            command([
              'aws',
              'ec2',
              'authorize-security-group-egress',
              '--group-id',
              groupId,
              '--ip-permissions',
              'IpProtocol=tcp,FromPort=443,ToPort=443,IpRanges=[{CidrIp=0.0.0.0/0}]',
            ]),
          ),
          0,
        );
        return;
    }
  }

  // ── policy ───────────────────────────────────────────────────────────────────────

  #endpointAllowed(service: EndpointService): { allowed: boolean; reason: string } {
    const allowList = this.#policy.allowedServices;
    if (allowList && !allowList.includes(service)) {
      return {
        allowed: false,
        reason: `${service} is not in the deployment's allow-list (${allowList.join(', ')})`,
      };
    }
    const ceiling = this.#policy.maxEndpointsPerVpc;
    const endpoints = this.#s.endpoints;
    if (!endpoints.ok) {
      return {
        allowed: false,
        reason: `the endpoints ecs-pullfix created in the VPC could not be counted (${endpoints.why}), so the ceiling of ${ceiling} per VPC cannot be kept`,
      };
    }
    // Every endpoint ecs-pullfix created that still exists counts, duplicates included (they cost as much).
    const managed = endpoints.value.filter(
      (e) => hasTrue(e.tags, MANAGED_TAG) && e.state !== 'deleted' && e.state !== 'deleting',
    ).length;
    const duplicates = this.#findings.reduce(
      (n, f) => n + (f.id === 'duplicate-endpoints' ? f.extraEndpointIds.length : 0),
      0,
    );
    this.#endpointsPlanned++;
    if (managed + this.#endpointsPlanned > ceiling) {
      return {
        allowed: false,
        reason: `the ceiling of ${ceiling} endpoints ecs-pullfix may create per VPC is reached (${managed} of its endpoints exist${duplicates > 0 ? `, ${duplicates} of them duplicates: see duplicate-endpoints` : ''})`,
      };
    }
    return { allowed: true, reason: 'an additive, tagged VPC endpoint' };
  }

  /**
   * Why auto-fix may not make a write that nobody opted in to (undefined: opted in). The
   * role checks the same tags (docs/iam.md): a write in a VPC without
   * `ecs-pullfix:allow-auto-fix=true`, a rule on a group neither created by ecs-pullfix nor
   * tagged `ecs-pullfix:allow-https-rules=true`, route tables on a gateway neither created by
   * it nor tagged `ecs-pullfix:allow-route-tables=true`, are recommended, with the command.
   */
  #notOptedIn(w: Write): { allowed: false; reason: string } | undefined {
    const vpc = this.#vpcNotOptedIn();
    if (vpc) return { allowed: false, reason: vpc };
    switch (w.kind) {
      case 'authorize-ingress-443':
      case 'authorize-egress-443': {
        if (w.group.kind === 'endpoint-group') return undefined;
        const { groupId } = w.group;
        const groups = this.#s.securityGroups;
        const group = groups.ok ? groups.value.find((g) => g.id === groupId) : undefined;
        if (!group)
          return {
            allowed: false,
            reason: `the tags of ${groupId} were not read: auto-fix adds rules only to security groups tagged ${OPT_IN_TAGS.rules}=true or created by ecs-pullfix`,
          };
        if (hasTrue(group.tags, MANAGED_TAG) || hasTrue(group.tags, OPT_IN_TAGS.rules)) return undefined;
        return {
          allowed: false,
          reason: `${groupId} did not opt in: auto-fix adds rules only to security groups tagged ${OPT_IN_TAGS.rules}=true (${optInCli(groupId, OPT_IN_TAGS.rules)}) or created by ecs-pullfix${wrongValue(group.tags, OPT_IN_TAGS.rules)}`,
        };
      }
      case 'add-route-tables-to-s3-gateway': {
        const endpoints = this.#s.endpoints;
        const e = endpoints.ok ? endpoints.value.find((x) => x.id === w.endpointId) : undefined;
        if (!e)
          return {
            allowed: false,
            reason: `the tags of ${w.endpointId} were not read: auto-fix adds route tables only to S3 gateways tagged ${OPT_IN_TAGS.routeTables}=true or created by ecs-pullfix`,
          };
        if (hasTrue(e.tags, MANAGED_TAG) || hasTrue(e.tags, OPT_IN_TAGS.routeTables)) return undefined;
        return {
          allowed: false,
          reason: `${w.endpointId} did not opt in: auto-fix adds route tables only to S3 gateways tagged ${OPT_IN_TAGS.routeTables}=true (${optInCli(w.endpointId, OPT_IN_TAGS.routeTables)}) or created by ecs-pullfix${wrongValue(e.tags, OPT_IN_TAGS.routeTables)}`,
        };
      }
      default:
        return undefined;
    }
  }

  /** Why the task's VPC does not let auto-fix write (undefined: it does), noted once in the plan. */
  #vpcNotOptedIn(): string | undefined {
    const vpcId = this.#s.vpcId.ok ? this.#s.vpcId.value : 'the task’s VPC';
    const tags = this.#s.vpcTags;
    const why =
      tags === undefined
        ? `the tags of ${vpcId} were not read: auto-fix writes only in VPCs tagged ${OPT_IN_TAGS.vpc}=true`
        : !tags.ok
          ? `the tags of ${vpcId} could not be read (${tags.why}): auto-fix writes only in VPCs tagged ${OPT_IN_TAGS.vpc}=true`
          : hasTrue(tags.value, OPT_IN_TAGS.vpc)
            ? undefined
            : `${vpcId} did not opt in: auto-fix writes only in VPCs tagged ${OPT_IN_TAGS.vpc}=true (${optInCli(vpcId, OPT_IN_TAGS.vpc)})${wrongValue(tags.value, OPT_IN_TAGS.vpc)}`;
    if (why && this.#policy.mode !== 'notify' && !this.#notes.includes(why)) this.#notes.push(why);
    return why;
  }

  // ── helpers ──────────────────────────────────────────────────────────────────────

  #write(
    write: Write,
    why: string,
    service?: EndpointService,
    verdict?: { allowed: boolean; reason: string },
  ): void {
    const id = writeId(write);
    if (this.#actions.some((a) => a.id === id)) return;
    const { allowed, reason } = this.#notOptedIn(write) ??
      verdict ?? { allowed: true, reason: reasonOf(write) };
    this.#actions.push({
      id,
      kind: write.kind,
      write,
      why,
      allowed,
      reason,
      ...(service ? { service } : {}),
      cli: cliOf(write),
      ...snippetsOf(write),
      monthlyUsd: costOf(write),
    });
  }

  #recommend(change: RecommendedChange, f: Finding, why: string, cli: string, monthlyUsd: number): void {
    const id = `recommend:${change}:${f.resources.join(',')}`;
    if (this.#actions.some((a) => a.id === id)) return;
    const service = serviceOfFinding(f);
    this.#actions.push({
      id,
      kind: `recommend:${change}`,
      finding: f.id,
      why,
      allowed: false,
      reason:
        'ecs-pullfix only recommends this change: it is not among the additive writes auto-fix may make',
      ...(service ? { service } : {}),
      cli,
      monthlyUsd: round2(monthlyUsd),
    });
  }

  #taskPeers(): Exclude<RulePeer, { kind: 's3-prefix-list' }>[] {
    const net = this.#s.taskNetwork;
    if (net.source !== 'unknown' && net.securityGroupIds.length > 0) {
      return net.securityGroupIds.map((groupId) => ({
        kind: 'security-group',
        group: { kind: 'existing', groupId },
      }));
    }
    const vpc = this.#vpcPeer();
    return vpc ? [vpc] : [];
  }

  /** The VPC's own CIDR as a rule peer; never a range wider than a /8 (a VPC is at most a /16). */
  #vpcPeer(): Extract<RulePeer, { kind: 'vpc-cidr' }> | undefined {
    const vpcId = this.#s.vpcId.ok ? this.#s.vpcId.value : '';
    const cidr = vpcCidrOf(this.#s);
    if (cidr === undefined || !isNarrow(cidr)) {
      this.#notes.push(
        `the VPC's CIDR is unknown or implausibly wide (${cidr ?? 'none'}): no CIDR rule is planned`,
      );
      return undefined;
    }
    return { kind: 'vpc-cidr', vpcId, cidr };
  }

  /** True when the task's security groups already let 443 out to the VPC (or S3's addresses). */
  #taskEgressCovers(peer: { kind: 'vpc' } | { kind: 's3' }): boolean {
    const net = this.#s.taskNetwork;
    const groups = this.#s.securityGroups;
    if (net.source === 'unknown' || !groups.ok) return false;
    const vpcCidr = vpcCidrOf(this.#s);
    const rules = groups.value.filter((g) => net.securityGroupIds.includes(g.id)).flatMap((g) => g.egress);
    return rules.some((r) => {
      const ports =
        r.protocol === '-1' ||
        ((r.protocol === 'tcp' || r.protocol === '6') &&
          (r.fromPort ?? 0) <= 443 &&
          443 <= (r.toPort ?? 65535));
      if (!ports) return false;
      if (r.cidrs.some(isAnywhere)) return true;
      return peer.kind === 'vpc' && vpcCidr !== undefined && r.cidrs.some((c) => cidrContains(c, vpcCidr));
    });
  }

  #onePerAz(subnetIds: readonly string[]): string[] {
    const subnets = this.#s.subnets.ok ? this.#s.subnets.value : [];
    const chosen = new Map<string, string>();
    for (const id of subnetIds) {
      const az = subnets.find((s) => s.id === id)?.availabilityZone ?? id;
      if (!chosen.has(az)) chosen.set(az, id);
    }
    return [...chosen.values()];
  }

  #publicIpCli(): string {
    const t = this.#s.task;
    const net = this.#s.taskNetwork;
    if (!t.serviceName || net.source === 'unknown') {
      return commentLine(
        "launch the task with --network-configuration 'awsvpcConfiguration={...,assignPublicIp=ENABLED}'",
      );
    }
    const service = t.serviceName;
    return ifValid(
      [
        ['ECS cluster name', t.clusterName],
        ['ECS service name', service],
        ...net.subnetIds.map((id): NameCheck => ['subnet id', id]),
        ...net.securityGroupIds.map((id): NameCheck => ['security group id', id]),
      ],
      () =>
        command([
          'aws',
          'ecs',
          'update-service',
          '--cluster',
          t.clusterName,
          '--service',
          service,
          '--network-configuration',
          `awsvpcConfiguration={subnets=[${net.subnetIds.join(',')}],securityGroups=[${net.securityGroupIds.join(',')}],assignPublicIp=ENABLED}`,
        ]),
    );
  }

  /** A pull-through cache rule for Docker Hub; its credentials are the user's to name (a variable set first). */
  #pullThroughCacheCli(): string {
    const { region } = this.#s;
    const { account } = this.#s.task;
    return ifValid(
      [
        ['region', region],
        ['account id', account],
      ],
      () =>
        [
          assignment(
            'SECRET_ARN',
            `arn:aws:secretsmanager:${region}:${account}:secret:ecr-pullthroughcache/...`,
            'the secret holding your Docker Hub credentials (its name starts with ecr-pullthroughcache/)',
          ),
          command([
            'aws',
            'ecr',
            'create-pull-through-cache-rule',
            '--ecr-repository-prefix',
            'docker-hub',
            '--upstream-registry-url',
            'registry-1.docker.io',
            '--credential-arn',
            variable('SECRET_ARN'),
          ]),
          commentLine(
            `then pull through it: nginx:1.27 becomes ${account}.dkr.ecr.${region}.amazonaws.com/docker-hub/library/nginx:1.27`,
          ),
        ].join('\n'),
    );
  }
}

/** When an opt-in tag is there with another value than `true`: why it does not count. */
function wrongValue(tags: Readonly<Record<string, string>> | undefined, key: string): string {
  const value = tags?.[key];
  return value === undefined || value === 'true'
    ? ''
    : ` (it is tagged ${key}=${shownName(value)}; IAM compares the value exactly: true)`;
}

/** True for a CIDR no wider than a /8 (and so never "anywhere"). */
export function isNarrow(cidr: string): boolean {
  const bits = Number(cidr.split('/')[1] ?? 32);
  return rangeOf(cidr) !== undefined && Number.isInteger(bits) && bits >= 8;
}

/** The VPC's CIDR: the destination of the `local` route every route table has. */
export function vpcCidrOf(s: Snapshot): string | undefined {
  if (!s.routeTables.ok) return undefined;
  for (const t of s.routeTables.value) {
    const local = t.routes.find((r) => r.target.kind === 'local' && r.destinationCidr !== undefined);
    if (local?.destinationCidr) return local.destinationCidr;
  }
  return undefined;
}

export function groupRefId(g: GroupRef): string {
  return g.kind === 'existing' ? g.groupId : `${ENDPOINT_GROUP_NAME}@${g.vpcId}`;
}

function peerId(p: RulePeer): string {
  switch (p.kind) {
    case 'security-group':
      return groupRefId(p.group);
    case 's3-prefix-list':
      return `s3-prefix-list@${p.region}`;
    case 'vpc-cidr':
      return p.cidr;
  }
}

/** The VPC of the endpoint group a write creates or names (undefined: it does not). */
function endpointGroupOf(w: Write): string | undefined {
  switch (w.kind) {
    case 'create-endpoint-security-group':
      return w.vpcId;
    case 'authorize-ingress-443':
      return w.group.kind === 'endpoint-group' ? w.group.vpcId : undefined;
    case 'authorize-egress-443':
      return w.group.kind === 'endpoint-group'
        ? w.group.vpcId
        : w.peer.kind === 'security-group' && w.peer.group.kind === 'endpoint-group'
          ? w.peer.group.vpcId
          : undefined;
    default:
      return undefined;
  }
}

/** A write's stable identity: the same write to the same resources has the same id, run after run. */
export function writeId(w: Write): string {
  switch (w.kind) {
    case 'create-endpoint-security-group':
      return `${w.kind}:${w.vpcId}`;
    case 'authorize-ingress-443':
    case 'authorize-egress-443':
      return `${w.kind}:${groupRefId(w.group)}:${peerId(w.peer)}`;
    case 'create-interface-endpoint':
      return `${w.kind}:${w.vpcId}:${w.service}`;
    case 'create-s3-gateway-endpoint':
      return `${w.kind}:${w.vpcId}`;
    case 'add-route-tables-to-s3-gateway':
      return `${w.kind}:${w.endpointId}:${[...w.routeTableIds].sort().join(',')}`;
  }
}

function reasonOf(w: Write): string {
  switch (w.kind) {
    case 'create-endpoint-security-group':
      return 'a new, tagged security group for the endpoints ecs-pullfix creates';
    case 'authorize-ingress-443':
    case 'authorize-egress-443':
      return 'an added TCP 443 rule whose peer is a security group, the S3 prefix list or the VPC’s own CIDR';
    case 'create-interface-endpoint':
    case 'create-s3-gateway-endpoint':
      return 'an additive, tagged VPC endpoint';
    case 'add-route-tables-to-s3-gateway':
      return 'route tables added to the existing S3 gateway endpoint';
  }
}

function costOf(w: Write): number {
  return w.kind === 'create-interface-endpoint'
    ? round2(INTERFACE_ENDPOINT_USD_PER_AZ_HOUR * HOURS_PER_MONTH * w.subnetIds.length)
    : 0;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

const TAGS = (type: string): Word[] => [
  '--tag-specifications',
  `ResourceType=${type},Tags=[{Key=ecs-pullfix:managed,Value=true}]`,
];

/** The file a recommended policy document is written to, for `file://` to read. */
const POLICY_FILE = 'ecs-pullfix-policy.json';
const TRUST_POLICY_FILE = 'ecs-pullfix-trust-policy.json';

/** The endpoint group the plan creates is known by the variable its creation sets. */
const ENDPOINT_SG = variable('ENDPOINT_SG');

function groupWord(g: GroupRef): Part {
  return g.kind === 'existing' ? g.groupId : ENDPOINT_SG;
}

function peerParts(p: RulePeer): Part[] {
  switch (p.kind) {
    case 'security-group':
      return ['UserIdGroupPairs=[{GroupId=', groupWord(p.group), '}]'];
    case 's3-prefix-list':
      return [
        'PrefixListIds=[{PrefixListId=',
        p.prefixListId ??
          output(
            command([
              'aws',
              'ec2',
              'describe-managed-prefix-lists',
              '--filters',
              `Name=prefix-list-name,Values=com.amazonaws.${p.region}.s3`,
              '--query',
              'PrefixLists[0].PrefixListId',
              '--output',
              'text',
            ]),
          ),
        '}]',
      ];
    case 'vpc-cidr':
      return [`IpRanges=[{CidrIp=${p.cidr}}]`];
  }
}

/** The names a write's command holds, each with the pattern it must match. */
function namesOf(w: Write): NameCheck[] {
  const group = (g: GroupRef): NameCheck[] =>
    g.kind === 'existing' ? [['security group id', g.groupId]] : [['VPC id', g.vpcId]];
  const peer = (p: RulePeer): NameCheck[] => {
    switch (p.kind) {
      case 'security-group':
        return group(p.group);
      case 's3-prefix-list':
        return p.prefixListId === undefined ? [['region', p.region]] : [['prefix list id', p.prefixListId]];
      case 'vpc-cidr':
        return [['IPv4 CIDR', p.cidr]];
    }
  };
  switch (w.kind) {
    case 'create-endpoint-security-group':
      return [['VPC id', w.vpcId]];
    case 'authorize-ingress-443':
    case 'authorize-egress-443':
      return [...group(w.group), ...peer(w.peer)];
    case 'create-interface-endpoint':
      return [
        ['VPC id', w.vpcId],
        ['VPC endpoint service name', w.serviceName],
        ...w.subnetIds.map((id): NameCheck => ['subnet id', id]),
        ...group(w.group),
      ];
    case 'create-s3-gateway-endpoint':
      return [
        ['VPC id', w.vpcId],
        ['VPC endpoint service name', w.serviceName],
        ...w.routeTableIds.map((id): NameCheck => ['route table id', id]),
      ];
    case 'add-route-tables-to-s3-gateway':
      return [
        ['VPC endpoint id', w.endpointId],
        ...w.routeTableIds.map((id): NameCheck => ['route table id', id]),
      ];
  }
}

/** The AWS CLI command(s) that make a write by hand (none for a name AWS would not accept). */
export function cliOf(w: Write): string {
  return ifValid(namesOf(w), () => writeCommand(w));
}

function writeCommand(w: Write): string {
  const rule = (direction: 'ingress' | 'egress', g: GroupRef, p: RulePeer) =>
    command([
      'aws',
      'ec2',
      `authorize-security-group-${direction}`,
      '--group-id',
      groupWord(g),
      '--ip-permissions',
      ['IpProtocol=tcp,FromPort=443,ToPort=443,', ...peerParts(p)],
    ]);
  switch (w.kind) {
    case 'create-endpoint-security-group':
      return assignment(
        'ENDPOINT_SG',
        output(
          command([
            'aws',
            'ec2',
            'create-security-group',
            '--vpc-id',
            w.vpcId,
            '--group-name',
            w.groupName,
            '--description',
            'HTTPS from ECS tasks to VPC endpoints (ecs-pullfix)',
            ...TAGS('security-group'),
            '--query',
            'GroupId',
            '--output',
            'text',
          ]),
        ),
      );
    case 'authorize-ingress-443':
      return rule('ingress', w.group, w.peer);
    case 'authorize-egress-443':
      return rule('egress', w.group, w.peer);
    case 'create-interface-endpoint':
      return command([
        'aws',
        'ec2',
        'create-vpc-endpoint',
        '--vpc-id',
        w.vpcId,
        '--vpc-endpoint-type',
        'Interface',
        '--service-name',
        w.serviceName,
        '--subnet-ids',
        ...w.subnetIds,
        '--security-group-ids',
        groupWord(w.group),
        '--private-dns-enabled',
        ...TAGS('vpc-endpoint'),
      ]);
    case 'create-s3-gateway-endpoint':
      return command([
        'aws',
        'ec2',
        'create-vpc-endpoint',
        '--vpc-id',
        w.vpcId,
        '--vpc-endpoint-type',
        'Gateway',
        '--service-name',
        w.serviceName,
        '--route-table-ids',
        ...w.routeTableIds,
        ...TAGS('vpc-endpoint'),
      ]);
    case 'add-route-tables-to-s3-gateway':
      return command([
        'aws',
        'ec2',
        'modify-vpc-endpoint',
        '--vpc-endpoint-id',
        w.endpointId,
        '--add-route-table-ids',
        ...w.routeTableIds,
      ]);
  }
}

/**
 * The inline policy that grants an execution role what it lacks: the document written with a
 * quoted here-document (nothing in it expanded, every value a JSON string), then passed by
 * `file://`. A statement whose resource is no valid ARN (a log group name with a quote, say)
 * is not granted: it is named, and the task definition is what to fix.
 */
function grantCli(roleArn: string, statements: readonly unknown[]): string {
  const resourceOf = (s: unknown): string => {
    const r = (s as { Resource?: unknown }).Resource;
    return typeof r === 'string' ? r : '';
  };
  const granted = statements.filter((s) => isValidArn(resourceOf(s)));
  const refused = [...new Set(statements.map(resourceOf).filter((r) => !isValidArn(r)))];
  const roleName = roleArn.slice(roleArn.lastIndexOf('/') + 1);
  return [
    ...refused.map((resource) =>
      commentLine(
        `not granted: ${shownName(resource)} is not a valid ARN: fix the task definition that names it`,
      ),
    ),
    ...(granted.length === 0
      ? []
      : [
          ifValid([['IAM role name', roleName]], () =>
            [
              heredoc(POLICY_FILE, jsonText({ Version: '2012-10-17', Statement: granted })),
              command([
                'aws',
                'iam',
                'put-role-policy',
                '--role-name',
                roleName,
                '--policy-name',
                'ecs-pullfix-recommended',
                '--policy-document',
                `file://${POLICY_FILE}`,
              ]),
            ].join('\n'),
          ),
        ]),
  ].join('\n');
}

/** CloudFormation and Terraform for the endpoint writes. */
function snippetsOf(w: Write): { cloudformation?: string; terraform?: string } {
  const name = (s: string) =>
    s.replace(/[^A-Za-z0-9]/g, ' ').replace(/(?:^|\s)(\w)/g, (_, c: string) => c.toUpperCase());
  const tfName = (s: string) => s.replace(/[^a-z0-9]/gi, '_');
  const sgRef = (g: GroupRef, cfn: boolean) =>
    g.kind === 'existing'
      ? g.groupId
      : cfn
        ? '!Ref EcsPullfixEndpointSecurityGroup'
        : 'aws_security_group.ecs_pullfix_endpoints.id';
  switch (w.kind) {
    case 'create-interface-endpoint':
      return {
        cloudformation: [
          `${name(w.service)}Endpoint:`,
          '  Type: AWS::EC2::VPCEndpoint',
          '  Properties:',
          `    VpcId: ${w.vpcId}`,
          '    VpcEndpointType: Interface',
          `    ServiceName: !Sub com.amazonaws.\${AWS::Region}.${w.service}`,
          '    PrivateDnsEnabled: true',
          `    SubnetIds: [${w.subnetIds.join(', ')}]`,
          `    SecurityGroupIds: [${sgRef(w.group, true)}]`,
        ].join('\n'),
        terraform: [
          `resource "aws_vpc_endpoint" "${tfName(w.service)}" {`,
          `  vpc_id              = "${w.vpcId}"`,
          '  vpc_endpoint_type   = "Interface"',
          `  service_name        = "${w.serviceName}"`,
          '  private_dns_enabled = true',
          `  subnet_ids          = [${w.subnetIds.map((s) => `"${s}"`).join(', ')}]`,
          `  security_group_ids  = [${w.group.kind === 'existing' ? `"${w.group.groupId}"` : sgRef(w.group, false)}]`,
          '}',
        ].join('\n'),
      };
    case 'create-s3-gateway-endpoint':
      return {
        cloudformation: [
          'S3GatewayEndpoint:',
          '  Type: AWS::EC2::VPCEndpoint',
          '  Properties:',
          `    VpcId: ${w.vpcId}`,
          '    VpcEndpointType: Gateway',
          `    ServiceName: !Sub com.amazonaws.\${AWS::Region}.s3`,
          `    RouteTableIds: [${w.routeTableIds.join(', ')}]`,
        ].join('\n'),
        terraform: [
          'resource "aws_vpc_endpoint" "s3" {',
          `  vpc_id            = "${w.vpcId}"`,
          '  vpc_endpoint_type = "Gateway"',
          `  service_name      = "${w.serviceName}"`,
          `  route_table_ids   = [${w.routeTableIds.map((r) => `"${r}"`).join(', ')}]`,
          '}',
        ].join('\n'),
      };
    case 'create-endpoint-security-group':
      return {
        cloudformation: [
          'EcsPullfixEndpointSecurityGroup:',
          '  Type: AWS::EC2::SecurityGroup',
          '  Properties:',
          `    VpcId: ${w.vpcId}`,
          `    GroupName: ${w.groupName}`,
          '    GroupDescription: HTTPS from ECS tasks to VPC endpoints',
        ].join('\n'),
        terraform: [
          'resource "aws_security_group" "ecs_pullfix_endpoints" {',
          `  vpc_id      = "${w.vpcId}"`,
          `  name        = "${w.groupName}"`,
          '  description = "HTTPS from ECS tasks to VPC endpoints"',
          '}',
        ].join('\n'),
      };
    default:
      return {};
  }
}

/** A NAT gateway and the default routes to it; the public subnet it goes in is the user's to choose (a variable set first). */
function natCli(routeTableIds: readonly string[], vpcId: string | undefined): string {
  return [
    assignment(
      'PUBLIC_SUBNET_ID',
      'subnet-...',
      `a public subnet${vpcId ? ` of ${vpcId}` : ''} (its route table sends 0.0.0.0/0 to an internet gateway)`,
    ),
    assignment(
      'NAT',
      output(
        command([
          'aws',
          'ec2',
          'create-nat-gateway',
          '--subnet-id',
          variable('PUBLIC_SUBNET_ID'),
          '--allocation-id',
          output(
            command([
              'aws',
              'ec2',
              'allocate-address',
              '--domain',
              'vpc',
              '--query',
              'AllocationId',
              '--output',
              'text',
            ]),
          ),
          '--query',
          'NatGateway.NatGatewayId',
          '--output',
          'text',
        ]),
      ),
    ),
    ...routeTableIds.map((rt) =>
      ifValid([['route table id', rt]], () =>
        command(
          [
            'aws',
            'ec2',
            'replace-route',
            '--route-table-id',
            rt,
            '--destination-cidr-block',
            '0.0.0.0/0',
            '--nat-gateway-id',
            variable('NAT'),
          ],
          'create-route if it has none',
        ),
      ),
    ),
  ].join('\n');
}
