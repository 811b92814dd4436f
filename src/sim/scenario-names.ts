import type { EfsAccessPoint } from '../core/efs-authorization.js';
import type {
  EfsMountTarget,
  HopInterface,
  NatGateway,
  PrefixList,
  ResolverRule,
  Subnet,
} from '../core/network.js';
import type { ScenarioFile } from './scenario-schema.js';

// What a scenario says of the names around its VPC: prefix lists, NAT gateways, Resolver rules,
// the endpoints' interfaces and the EFS file systems (the rest of its state: ./scenario-state.ts).

/** An EFS file system as the simulated account holds it: each mount target with its groups. */
export type SimFileSystem = Readonly<{
  fileSystemId: string;
  mountTargets: readonly (EfsMountTarget & Readonly<{ securityGroupIds: readonly string[] }>)[];
  accessPoints: readonly EfsAccessPoint[];
  /** Its file system policy (JSON); absent: none. */
  policy?: string;
}>;

/** The AWS-managed prefix list of S3 in a region, as the simulated account names it. */
export const s3PrefixListId = (region: string): string => `pl-s3-${region}`;

/**
 * The CIDRs of S3's prefix list (`com.amazonaws.<region>.s3`) by region: the published AWS IP
 * ranges (ip-ranges.json, service `S3`), as of 2026. AWS adds ranges over time; the checks
 * read the real list's entries (GetManagedPrefixListEntries), these only make the simulated
 * account answer as a region does. A region not listed answers us-east-1's ranges.
 */
export const S3_PREFIX_LIST_CIDRS: Readonly<Record<string, readonly string[]>> = {
  'us-east-1': [
    '3.5.0.0/19',
    '16.15.192.0/18',
    '16.182.0.0/16',
    '18.34.0.0/19',
    '18.34.232.0/21',
    '52.216.0.0/15',
    '54.231.0.0/16',
  ],
  'us-east-2': [
    '3.5.128.0/22',
    '3.5.132.0/23',
    '18.34.72.0/21',
    '52.92.76.0/22',
    '52.219.80.0/20',
    '52.219.96.0/20',
  ],
  'us-west-2': [
    '3.5.76.0/22',
    '3.5.80.0/21',
    '18.34.48.0/20',
    '18.34.244.0/22',
    '52.92.128.0/17',
    '52.218.128.0/17',
  ],
  'eu-west-1': ['3.5.64.0/21', '3.5.72.0/23', '18.34.32.0/20', '52.92.0.0/17', '52.218.0.0/17'],
};

/** The prefix lists the account holds: the file's customer-managed ones, then the region's S3 one. */
export function prefixListsOf(f: ScenarioFile): PrefixList[] {
  return [
    ...f.prefixLists.map((l) => ({ id: l.id, ...(l.name ? { name: l.name } : {}), cidrs: l.cidrs })),
    {
      id: s3PrefixListId(f.region),
      name: `com.amazonaws.${f.region}.s3`,
      cidrs: S3_PREFIX_LIST_CIDRS[f.region] ?? S3_PREFIX_LIST_CIDRS['us-east-1'] ?? [],
    },
  ];
}

/** The NAT gateways, `public` unless the file says `private`. */
export function natGatewaysOf(f: ScenarioFile): NatGateway[] {
  return f.natGateways.map((n) => ({
    id: n.id,
    state: n.state,
    subnetId: n.subnet,
    connectivityType: n.connectivity,
  }));
}

/** The Route 53 Resolver rules associated with the VPC. */
export function resolverRulesOf(f: ScenarioFile): ResolverRule[] {
  return f.resolverRules.map((r) => ({
    id: r.id,
    ...(r.name ? { name: r.name } : {}),
    domainName: r.domainName,
    ruleType: r.type,
    targetIps: r.targetIps,
  }));
}

/**
 * The interface endpoints' network interfaces, one per address the file gives (the n-th in
 * the endpoint's n-th subnet), described as EC2 describes them.
 */
export function endpointInterfacesOf(f: ScenarioFile): HopInterface[] {
  return f.endpoints.flatMap((e) =>
    e.addresses.flatMap((ip, n) => {
      const subnetId = e.subnets[n];
      if (subnetId === undefined) return [];
      const description = `VPC Endpoint Interface ${e.id}`;
      return [
        {
          id: `eni-${e.id.replace(/^vpce-/, '').slice(0, 15)}${n}`,
          ip,
          subnetId,
          interfaceType: 'vpc_endpoint',
          endpointId: e.id,
          description,
        },
      ];
    }),
  );
}

/** The EFS file systems, each mount target in its subnet's zone (an unknown subnet: no zone). */
export function efsOf(f: ScenarioFile, subnets: readonly Subnet[]): SimFileSystem[] {
  return f.efs.map((fs) => ({
    fileSystemId: fs.fileSystemId,
    mountTargets: fs.mountTargets.map((m) => ({
      id: m.id,
      subnetId: m.subnet,
      availabilityZone: subnets.find((s) => s.id === m.subnet)?.availabilityZone ?? '',
      vpcId: f.vpc.id,
      ...(m.ip ? { ip: m.ip } : {}),
      networkInterfaceId: `eni-${m.id.replace(/^fsmt-/, '')}`,
      state: m.state,
      securityGroupIds: m.securityGroups,
    })),
    accessPoints: fs.accessPoints.map((a) => ({
      id: a.id,
      arn: `arn:aws:elasticfilesystem:${f.region}:${f.account}:access-point/${a.id}`,
      fileSystemId: fs.fileSystemId,
      state: a.state,
      rootDirectory: a.rootDirectory,
    })),
    ...(fs.policy ? { policy: fs.policy } : {}),
  }));
}
