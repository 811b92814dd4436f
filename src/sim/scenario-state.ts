import { familyOf } from '../core/cidr.js';
import type {
  ContainerFacts,
  Ipv6Route,
  NaclEntry,
  NetworkAcl,
  Route,
  RouteTable,
  RouteTarget,
  SecurityGroup,
  SecurityGroupRule,
  Subnet,
  TaskDefinitionFacts,
  VpcEndpoint,
} from '../core/network.js';
import { s3PrefixListId } from './scenario-names.js';
import type { ScenarioFile, SgRuleFile } from './scenario-schema.js';

// A scenario file's account state in our types: what the simulated account serves.

/** The network ACLs: the file's, or the VPC's default one on every subnet. */
export function networkAclsOf(f: ScenarioFile, subnets: readonly Subnet[]): NetworkAcl[] {
  const allSubnetIds = subnets.map((s) => s.id);
  return (
    f.networkAcls?.map((a) => ({
      id: a.id,
      subnetIds: a.subnets,
      entries: a.entries.map(naclEntry),
    })) ?? [
      {
        id: 'acl-default',
        subnetIds: allSubnetIds,
        entries: defaultNaclEntries(f.vpc.ipv6Cidr !== undefined),
      },
    ]
  );
}

/** The VPC endpoints, with their service names in the scenario's region. */
export function endpointsOf(f: ScenarioFile): VpcEndpoint[] {
  return f.endpoints.map((e) => {
    const gateway = e.type === 'Gateway';
    const policy =
      e.policy === undefined ? undefined : typeof e.policy === 'string' ? e.policy : JSON.stringify(e.policy);
    return {
      id: e.id,
      serviceName: `com.amazonaws.${f.region}.${e.service}`,
      type: e.type,
      state: e.state,
      privateDns: gateway ? false : (e.privateDns ?? true),
      subnetIds: e.subnets,
      securityGroupIds: e.securityGroups,
      routeTableIds: e.routeTables,
      ...(policy === undefined ? {} : { policy }),
      tags: e.tags,
      ...(e.created ? { createdAt: new Date(e.created).toISOString() } : {}),
      ...(e.ipAddressType ? { ipAddressType: e.ipAddressType } : {}),
      ...(e.dnsRecordIpType ? { dnsRecordIpType: e.dnsRecordIpType } : {}),
    };
  });
}

/** The route tables: the local route, the file's routes, then a route to each S3 gateway on the table. */
export function routeTablesOf(f: ScenarioFile, endpoints: readonly VpcEndpoint[]): RouteTable[] {
  const s3PrefixList = s3PrefixListId(f.region);
  return f.routeTables.map((t) => {
    const gatewayRoutes = endpoints
      .filter((e) => e.type === 'Gateway' && e.routeTableIds.includes(t.id))
      .map(
        (e): Route => ({
          destinationPrefixListId: s3PrefixList,
          target: { kind: 'vpc-endpoint', id: e.id },
          state: 'active',
        }),
      );
    return {
      id: t.id,
      main: t.main,
      subnetIds: t.subnets,
      routes: [
        { destinationCidr: f.vpc.cidr, target: { kind: 'local' }, state: 'active' },
        ...t.routes
          .filter((r) => familyOf(r.destination) !== 'ipv6')
          .map(
            (r): Route => ({ destinationCidr: r.destination, target: routeTarget(r.target), state: r.state }),
          ),
        ...gatewayRoutes,
      ],
      ...ipv6RoutesOf(f, t.routes),
    };
  });
}

/** The security groups, in the scenario's VPC. */
export function securityGroupsOf(f: ScenarioFile): SecurityGroup[] {
  return f.securityGroups.map((g) => ({
    id: g.id,
    ...(g.name ? { name: g.name } : {}),
    vpcId: f.vpc.id,
    ingress: g.ingress.map(sgRule),
    egress: g.egress.map(sgRule),
    tags: g.tags,
  }));
}

/** The task definition, its containers' log options filled in as the console fills them. */
export function taskDefinitionOf(f: ScenarioFile): TaskDefinitionFacts {
  const td = f.taskDefinition;
  const containers: ContainerFacts[] = td.containers.map((c) => {
    const awslogs =
      c.awslogs === false ? undefined : c.awslogs === true ? { group: `/ecs/${td.family}` } : c.awslogs;
    return {
      name: c.name,
      image: c.image,
      essential: c.essential,
      ...(awslogs ? { logDriver: 'awslogs' } : c.logDriver ? { logDriver: c.logDriver } : {}),
      logOptions: (awslogs
        ? {
            'awslogs-group': awslogs.group,
            'awslogs-region': awslogs.region ?? f.region,
            'awslogs-stream-prefix': 'ecs',
          }
        : {}) as Record<string, string>,
      secrets: c.secrets,
      ...(c.repositoryCredentials ? { repositoryCredentials: c.repositoryCredentials } : {}),
      environmentFiles: c.environmentFiles,
    };
  });
  const executionRoleArn =
    td.executionRole === null ? undefined : `arn:aws:iam::${f.account}:role/${td.executionRole}`;
  return {
    arn: `arn:aws:ecs:${f.region}:${f.account}:task-definition/${td.family}:${td.revision}`,
    family: td.family,
    ...(executionRoleArn ? { executionRoleArn } : {}),
    ...(td.taskRole ? { taskRoleArn: `arn:aws:iam::${f.account}:role/${td.taskRole}` } : {}),
    networkMode: td.networkMode,
    ...(td.cpuArchitecture ? { cpuArchitecture: td.cpuArchitecture } : {}),
    ...(td.ephemeralStorageGiB !== undefined ? { ephemeralStorageGiB: td.ephemeralStorageGiB } : {}),
    containers,
    volumes: td.efsVolumes.map((e) => ({
      name: e.name,
      efsFileSystemId: e.fileSystemId,
      ...(e.accessPointId ? { efsAccessPointId: e.accessPointId } : {}),
      ...(e.iam ? { efsIam: true } : {}),
      ...(e.readOnly ? { efsReadOnly: true } : {}),
    })),
  };
}

/** A table's IPv6 routes: the VPC's local /56, then the file's IPv6 destinations (none: no field). */
function ipv6RoutesOf(
  f: ScenarioFile,
  routes: readonly Readonly<{ destination: string; target: string; state: 'active' | 'blackhole' }>[],
): { ipv6Routes?: readonly Ipv6Route[] } {
  const own = routes.filter((r) => familyOf(r.destination) === 'ipv6');
  if (f.vpc.ipv6Cidr === undefined && own.length === 0) return {};
  return {
    ipv6Routes: [
      ...(f.vpc.ipv6Cidr
        ? [{ destinationIpv6Cidr: f.vpc.ipv6Cidr, target: { kind: 'local' }, state: 'active' } as const]
        : []),
      ...own.map(
        (r): Ipv6Route => ({
          destinationIpv6Cidr: r.destination,
          target: routeTarget(r.target),
          state: r.state,
        }),
      ),
    ],
  };
}

function routeTarget(id: string): RouteTarget {
  if (id === 'local') return { kind: 'local' };
  const kinds: readonly [string, RouteTarget['kind']][] = [
    ['igw-', 'internet-gateway'],
    ['nat-', 'nat-gateway'],
    ['tgw-', 'transit-gateway'],
    ['pcx-', 'peering'],
    ['vgw-', 'virtual-private-gateway'],
    ['vpce-', 'vpc-endpoint'],
    ['i-', 'instance'],
    ['eni-', 'network-interface'],
    ['eigw-', 'egress-only-internet-gateway'],
  ];
  const kind = kinds.find(([prefix]) => id.startsWith(prefix))?.[1] ?? 'other';
  return { kind, id } as RouteTarget;
}

function ports(p: number | string | undefined): { from: number; to: number } | undefined {
  if (p === undefined) return undefined;
  if (typeof p === 'number') return { from: p, to: p };
  const [from, to = from] = p.split('-').map(Number);
  return { from: from ?? 0, to: to ?? 0 };
}

function sgRule(r: SgRuleFile): SecurityGroupRule {
  const range = r.protocol === '-1' ? undefined : (ports(r.ports) ?? { from: 0, to: 65535 });
  return {
    protocol: r.protocol,
    ...(range ? { fromPort: range.from, toPort: range.to } : {}),
    // IPv6 ranges are their own field, as EC2 answers (`Ipv6Ranges`).
    ...byFamily([...(r.cidr ? [r.cidr] : []), ...r.cidrs]),
    prefixListIds: r.prefixLists,
    groupIds: r.groups,
  };
}

function byFamily(all: readonly string[]): { cidrs: string[]; ipv6Cidrs?: string[] } {
  const ipv6Cidrs = all.filter((c) => familyOf(c) === 'ipv6');
  const cidrs = all.filter((c) => familyOf(c) !== 'ipv6');
  return ipv6Cidrs.length > 0 ? { cidrs, ipv6Cidrs } : { cidrs };
}

function naclEntry(e: {
  rule: number;
  egress: boolean;
  action: 'allow' | 'deny';
  protocol: string;
  cidr: string;
  ports?: number | string | undefined;
}): NaclEntry {
  const range = ports(e.ports);
  return {
    ruleNumber: e.rule,
    egress: e.egress,
    action: e.action,
    protocol: e.protocol === 'tcp' ? '6' : e.protocol,
    cidr: e.cidr,
    ...(range ? { ports: range } : {}),
  };
}

/**
 * A VPC's default network ACL: everything allowed both ways, then the implicit deny; in a VPC
 * with an IPv6 CIDR, the same for `::/0` (rule 101), as EC2 writes it.
 */
export function defaultNaclEntries(ipv6 = false): NaclEntry[] {
  return [false, true].flatMap((egress) => [
    { ruleNumber: 100, egress, protocol: '-1', action: 'allow' as const, cidr: '0.0.0.0/0' },
    ...(ipv6 ? [{ ruleNumber: 101, egress, protocol: '-1', action: 'allow' as const, cidr: '::/0' }] : []),
    { ruleNumber: 32767, egress, protocol: '-1', action: 'deny' as const, cidr: '0.0.0.0/0' },
    ...(ipv6 ? [{ ruleNumber: 32767, egress, protocol: '-1', action: 'deny' as const, cidr: '::/0' }] : []),
  ]);
}
