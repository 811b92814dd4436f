import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as v from 'valibot';
import { parse as parseYaml } from 'yaml';
import type {
  DhcpOptions,
  HopInterface,
  NatGateway,
  NetworkAcl,
  PrefixList,
  ResolverRule,
  RouteTable,
  SecurityGroup,
  Subnet,
  TaskDefinitionFacts,
  VpcEndpoint,
} from '../core/network.js';
import type { ContainerInstance, Ec2Instance, LaunchTemplateVersion, ServiceNetwork } from '../core/ports.js';
import { ecrImageOf, taskPlatformOf } from '../core/workload.js';
import { InvalidInputError } from '../errors.js';
import {
  efsOf,
  endpointInterfacesOf,
  natGatewaysOf,
  prefixListsOf,
  resolverRulesOf,
  type SimFileSystem,
} from './scenario-names.js';
import { type ScenarioFile, Schema } from './scenario-schema.js';
import {
  endpointsOf,
  networkAclsOf,
  routeTablesOf,
  securityGroupsOf,
  taskDefinitionOf,
} from './scenario-state.js';

export { S3_PREFIX_LIST_CIDRS, s3PrefixListId } from './scenario-names.js';
export { defaultNaclEntries } from './scenario-state.js';

/**
 * A scenario: an account's network, a cluster, a task definition, a service and the
 * stopped task, written as data (`scenarios/*.yaml`), with what the scenario expects.
 * The simulated account serves it through the same ports as AWS; the moto tests build the
 * same topology in moto with the SDK.
 */
export const SCENARIOS_DIR = fileURLToPath(new URL('../../scenarios/', import.meta.url));

export type { ScenarioFile } from './scenario-schema.js';

/** A loaded scenario: the file's data, and the account state it describes, in our types. */
export type Scenario = Readonly<{
  name: string;
  file: ScenarioFile;
  region: string;
  account: string;
  vpcId: string;
  vpcCidr: string;
  dnsSupport: boolean;
  dnsHostnames: boolean;
  vpcTags: Readonly<Record<string, string>>;
  subnets: readonly Subnet[];
  routeTables: readonly RouteTable[];
  networkAcls: readonly NetworkAcl[];
  natGateways: readonly NatGateway[];
  securityGroups: readonly SecurityGroup[];
  endpoints: readonly VpcEndpoint[];
  /** The prefix lists the account can read: the customer-managed ones, then the region's S3 one. */
  prefixLists: readonly PrefixList[];
  /** The VPC's DHCP option set; undefined: `default`. */
  dhcpOptions?: DhcpOptions;
  /** The Route 53 Resolver rules associated with the VPC. */
  resolverRules: readonly ResolverRule[];
  /** The interface endpoints' network interfaces: one per address the file gives. */
  endpointInterfaces: readonly HopInterface[];
  /** The EFS file systems: each mount target with its security groups. */
  efs: readonly SimFileSystem[];
  taskDefinition: TaskDefinitionFacts;
  service?: Readonly<{ name: string } & ServiceNetwork>;
  eni?: Readonly<{ securityGroupIds: readonly string[]; publicIp?: string }>;
  /** The container instance the task ran on, and its EC2 instance (absent: EC2 forgot it). */
  containerInstance?: Readonly<{
    ecs: ContainerInstance;
    ec2?: Ec2Instance;
    launchTemplate?: LaunchTemplateVersion;
  }>;
  clusterTags: Readonly<Record<string, string>>;
}>;

/** Loads every scenario in `scenarios/`, by name (the file name without `.yaml`), sorted. */
export function loadScenarios(dir = SCENARIOS_DIR): Scenario[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => parseScenario(f.replace(/\.yaml$/, ''), readFileSync(`${dir}${f}`, 'utf8')));
}

/** Loads one scenario by name. */
export function loadScenario(name: string, dir = SCENARIOS_DIR): Scenario {
  let text: string;
  try {
    text = readFileSync(`${dir}${name}.yaml`, 'utf8');
  } catch {
    const known = readdirSync(dir)
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => f.replace(/\.yaml$/, ''));
    throw new InvalidInputError(`no scenario named ${name}; there are: ${known.join(', ')}`);
  }
  return parseScenario(name, text);
}

/** Parses a scenario's YAML text. Throws `InvalidInputError` naming the problems. */
export function parseScenario(name: string, text: string): Scenario {
  const parsed = v.safeParse(Schema, parseYaml(text));
  if (!parsed.success) throw new InvalidInputError(`scenario ${name}: ${v.summarize(parsed.issues)}`);
  const f = parsed.output;
  const subnets: Subnet[] = f.subnets.map((s) => ({
    id: s.id,
    vpcId: f.vpc.id,
    cidr: s.cidr,
    availabilityZone: s.az,
    ...(s.ipv6Cidr ? { ipv6Cidrs: [s.ipv6Cidr] } : {}),
    ...(s.ipv6Only ? { ipv6Native: true } : {}),
    ...(s.dns64 ? { dns64: true } : {}),
  }));
  const endpoints = endpointsOf(f);
  return {
    name,
    file: f,
    region: f.region,
    account: f.account,
    vpcId: f.vpc.id,
    vpcCidr: f.vpc.cidr,
    dnsSupport: f.vpc.dnsSupport,
    dnsHostnames: f.vpc.dnsHostnames,
    vpcTags: f.vpc.tags,
    subnets,
    routeTables: routeTablesOf(f, endpoints),
    networkAcls: networkAclsOf(f, subnets),
    natGateways: natGatewaysOf(f),
    securityGroups: securityGroupsOf(f),
    endpoints,
    prefixLists: prefixListsOf(f),
    ...(f.dhcpOptions ? { dhcpOptions: { ...f.dhcpOptions } } : {}),
    resolverRules: resolverRulesOf(f),
    endpointInterfaces: endpointInterfacesOf(f),
    efs: efsOf(f, subnets),
    taskDefinition: taskDefinitionOf(f),
    ...(f.service
      ? {
          service: {
            name: f.service.name,
            subnetIds: f.service.subnets,
            securityGroupIds: f.service.securityGroups,
            assignPublicIp: f.service.assignPublicIp,
          },
        }
      : {}),
    ...(f.eni === 'deleted'
      ? {}
      : {
          eni: {
            securityGroupIds: f.eni.securityGroups,
            ...(f.eni.publicIp ? { publicIp: f.eni.publicIp } : {}),
          },
        }),
    ...(f.containerInstance ? { containerInstance: containerInstanceOf(f, f.containerInstance) } : {}),
    clusterTags: f.cluster.tags,
  };
}

/** The scenario's container instance, as ECS and EC2 answer for it. */
function containerInstanceOf(
  f: ScenarioFile,
  c: NonNullable<ScenarioFile['containerInstance']>,
): NonNullable<Scenario['containerInstance']> {
  const hex = createHash('sha256').update(c.id).digest('hex').slice(0, 32);
  const ecs: ContainerInstance = {
    arn: `arn:aws:ecs:${f.region}:${f.account}:container-instance/${f.cluster.name}/${hex}`,
    ec2InstanceId: c.id,
    status: c.status,
    ...(c.attributes ? { vpcId: f.vpc.id, subnetId: f.task.subnet } : {}),
    ...(c.capacityProvider ? { capacityProviderName: c.capacityProvider } : {}),
  };
  const lt = c.launchTemplate;
  const launchTemplate: LaunchTemplateVersion | undefined =
    lt && !lt.deleted
      ? {
          id: lt.id,
          version: lt.version,
          securityGroupIds: lt.securityGroups,
          securityGroupNames: [],
          ...(lt.publicIp !== undefined ? { associatePublicIp: lt.publicIp } : {}),
          ...(lt.instanceProfile ? { instanceProfile: { name: lt.instanceProfile } } : {}),
        }
      : undefined;
  if (c.state === 'forgotten') return { ecs, ...(launchTemplate ? { launchTemplate } : {}) };
  const gone = c.state === 'terminated' || c.state === 'stopped';
  return {
    ecs,
    ...(launchTemplate ? { launchTemplate } : {}),
    ec2: {
      id: c.id,
      state: c.state,
      ...(gone ? { stateReason: 'Client.UserInitiatedShutdown: User initiated shutdown' } : {}),
      ...(c.state === 'terminated' ? {} : { subnetId: f.task.subnet, vpcId: f.vpc.id }),
      securityGroupIds: c.state === 'terminated' ? [] : c.securityGroups,
      ...(c.publicIp && !gone ? { publicIp: c.publicIp } : {}),
      ...(c.instanceProfile
        ? { instanceProfileArn: `arn:aws:iam::${f.account}:instance-profile/${c.instanceProfile}` }
        : {}),
      ...(lt ? { launchTemplate: { id: lt.id, version: lt.version } } : {}),
    },
  };
}

/** The account's ECR repositories: the scenario's, or else every image its task definition names, built for its platform. */
export function repositoriesOf(s: Scenario): NonNullable<ScenarioFile['registry']> {
  if (s.file.registry) return s.file.registry;
  const platform = taskPlatformOf(s.taskDefinition, 'FARGATE') ?? 'linux/amd64';
  return s.taskDefinition.containers.flatMap((c) => {
    const ref = ecrImageOf(c.image, c.name);
    return ref
      ? [
          {
            repository: ref.repository,
            images: [{ tags: [ref.tag ?? 'latest'], platforms: [platform], manifest: 'index' as const }],
          },
        ]
      : [];
  });
}
