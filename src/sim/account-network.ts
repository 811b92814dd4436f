import { describeBatchesOf } from '../core/describe-batches.js';
import type { Subnet } from '../core/network.js';
import type {
  Ec2Reader,
  EcsReader,
  NetworkInterface,
  ResolverReader,
  ServiceFacts,
  ServiceRead,
  VpcDnsAttribute,
} from '../core/ports.js';
import { AwsCallError } from '../errors.js';
import { copy, networkOf, type SimContext } from './account-context.js';
import { capacityProviderOf } from './account-managed.js';
import { type Scenario, s3PrefixListId } from './scenario.js';

/** ECS, as the scenario answers it. */
export function ecsReader(ctx: SimContext): EcsReader {
  const s = ctx.scenario;
  return {
    describeTaskDefinition: (arn) =>
      ctx.call('ecs:DescribeTaskDefinition', arn, () => {
        if (arn !== s.taskDefinition.arn && arn !== `${s.taskDefinition.family}`) {
          throw new AwsCallError(
            'ecs:DescribeTaskDefinition',
            'ClientException',
            'not-found',
            `Unable to describe task definition ${arn}`,
          );
        }
        return s.taskDefinition;
      }),
    describeServiceNetwork: (cluster, service) =>
      ctx.call('ecs:DescribeServices', { cluster, service }, () =>
        s.service?.name === service ? networkOf(s.service) : undefined,
      ),
    describeService: (cluster, service) =>
      ctx.call('ecs:DescribeServices', { cluster, service }, () => serviceFactsOf(s, service)),
    describeServices: describeServicesOf(ctx),
    describeClusterTags: (cluster) => ctx.call('ecs:DescribeClusters', cluster, () => s.clusterTags),
    listServices: (cluster) =>
      ctx.call('ecs:ListServices', cluster, () =>
        s.service && (cluster === s.file.cluster.name || cluster.endsWith(`:cluster/${s.file.cluster.name}`))
          ? [`arn:aws:ecs:${s.region}:${s.account}:service/${s.file.cluster.name}/${s.service.name}`]
          : [],
      ),
    listClusters: () =>
      ctx.call('ecs:ListClusters', {}, () => [
        `arn:aws:ecs:${s.region}:${s.account}:cluster/${s.file.cluster.name}`,
      ]),
    describeTask: (cluster, task) =>
      ctx.call('ecs:DescribeTasks', { cluster, task }, () => {
        const detail = ctx.event().detail as Record<string, unknown>;
        return detail.taskArn === task || String(detail.taskArn).endsWith(`/${task}`) ? detail : undefined;
      }),

    describeContainerInstance: (cluster, arn) =>
      ctx.call('ecs:DescribeContainerInstances', { cluster, arn }, () =>
        s.containerInstance?.ecs.arn === arn ? copy(s.containerInstance.ecs) : undefined,
      ),
    listActiveContainerInstances: (cluster) =>
      ctx.call('ecs:ListContainerInstances', cluster, () =>
        s.containerInstance?.ecs.status === 'ACTIVE' ? [copy(s.containerInstance.ecs)] : [],
      ),
    describeCapacityProvider: (cluster, name) =>
      ctx.call('ecs:DescribeCapacityProviders', { cluster, name }, () => capacityProviderOf(s, name)),
  };
}

/** `DescribeServices`, as the SDK reader makes it: one call per SERVICES_PER_DESCRIBE services. */
function describeServicesOf(ctx: SimContext): EcsReader['describeServices'] {
  return async (cluster, services) =>
    (
      await Promise.all(
        describeBatchesOf(services).map((batch) =>
          ctx.call('ecs:DescribeServices', { cluster, services: batch }, () =>
            batch.map((service) => serviceReadOf(ctx.scenario, service)),
          ),
        ),
      )
    ).flat();
}

/** One service asked of `DescribeServices` (a name or an ARN): its facts, or `MISSING`. */
function serviceReadOf(s: Scenario, service: string): ServiceRead {
  const facts = serviceFactsOf(s, service.split('/').pop() ?? service);
  return facts ? { service, facts } : { service, missing: 'MISSING' };
}

/** The service as `DescribeServices` gives it (ECS takes a network configuration in awsvpc mode only). */
function serviceFactsOf(s: Scenario, name: string): ServiceFacts | undefined {
  if (s.service?.name !== name) return undefined;
  return {
    name: s.service.name,
    taskDefinitionArn: s.taskDefinition.arn,
    ...(s.file.task.launchType ? { launchType: s.file.task.launchType } : {}),
    ...(s.taskDefinition.networkMode === 'awsvpc' ? { network: networkOf(s.service) } : {}),
    ...(s.file.service?.capacityProviders
      ? { capacityProviders: [...s.file.service.capacityProviders] }
      : {}),
  };
}

/** EC2's reads, on the account's state now (after any writes). */
export function ec2Reader(ctx: SimContext): Ec2Reader {
  const s = ctx.scenario;
  const st = ctx.state;
  const inVpc = (vpcId: string) => vpcId === s.vpcId;
  return {
    describeSubnets: (ids) => ctx.call('ec2:DescribeSubnets', ids, () => subnetsNamed(ctx, ids)),
    describeRouteTables: (vpcId) =>
      ctx.call('ec2:DescribeRouteTables', vpcId, () => (inVpc(vpcId) ? st.routeTables.map(copy) : [])),
    describeNetworkAcls: (vpcId) =>
      ctx.call('ec2:DescribeNetworkAcls', vpcId, () => (inVpc(vpcId) ? [...s.networkAcls] : [])),
    describeVpcEndpoints: (vpcId) =>
      ctx.call('ec2:DescribeVpcEndpoints', vpcId, () => (inVpc(vpcId) ? st.endpoints.map(copy) : [])),
    describeVpcAttribute: (vpcId, attribute: VpcDnsAttribute) =>
      ctx.call('ec2:DescribeVpcAttribute', { vpcId, attribute }, () =>
        attribute === 'enableDnsSupport' ? s.dnsSupport : s.dnsHostnames,
      ),
    describeSecurityGroups: (ids) =>
      ctx.call('ec2:DescribeSecurityGroups', ids, () =>
        st.securityGroups.filter((g) => ids.includes(g.id)).map(copy),
      ),
    describeNatGateways: (ids) =>
      ctx.call('ec2:DescribeNatGateways', ids, () => s.natGateways.filter((n) => ids.includes(n.id))),
    describeNetworkInterfaces: (ids) =>
      ctx.call('ec2:DescribeNetworkInterfaces', ids, () => taskInterfaces(ctx, ids)),
    findSecurityGroup: (vpcId, groupName) =>
      ctx.call('ec2:DescribeSecurityGroups', { vpcId, groupName }, () => {
        const found = inVpc(vpcId) ? st.securityGroups.find((g) => g.name === groupName) : undefined;
        return found ? copy(found) : undefined;
      }),
    describeManagedPrefixListId: (name) =>
      ctx.call('ec2:DescribeManagedPrefixLists', name, () =>
        name === `com.amazonaws.${s.region}.s3` ? s3PrefixListId(s.region) : undefined,
      ),
    describeVpcTags: (vpcId) =>
      ctx.call('ec2:DescribeVpcs', vpcId, () => {
        if (!inVpc(vpcId))
          throw new AwsCallError('ec2:DescribeVpcs', 'InvalidVpcID.NotFound', 'not-found', `no VPC ${vpcId}`);
        return { ...s.vpcTags };
      }),
    describeInstance: (id) =>
      ctx.call('ec2:DescribeInstances', id, () => {
        const instance = s.containerInstance?.ec2;
        return instance?.id === id ? copy(instance) : undefined;
      }),
    describeLaunchTemplateVersion: (id, version) =>
      ctx.call('ec2:DescribeLaunchTemplateVersions', { id, version }, () => {
        const lt = s.containerInstance?.launchTemplate;
        return lt?.id === id && lt.version === version ? copy(lt) : undefined;
      }),
    ...prefixListAndVpcReads(ctx),
  };
}

/** EC2's reads of the VPC itself, its prefix lists, DHCP options and the interfaces by address. */
function prefixListAndVpcReads(
  ctx: SimContext,
): Pick<
  Ec2Reader,
  | 'describeVpc'
  | 'describeVpcSecurityGroups'
  | 'getManagedPrefixListEntries'
  | 'describeDhcpOptions'
  | 'describeNetworkInterfacesByAddress'
> {
  const s = ctx.scenario;
  const inVpc = (vpcId: string) => vpcId === s.vpcId;
  return {
    describeVpc: (vpcId) =>
      ctx.call('ec2:DescribeVpcs', vpcId, () => {
        if (!inVpc(vpcId))
          throw new AwsCallError('ec2:DescribeVpcs', 'InvalidVpcID.NotFound', 'not-found', `no VPC ${vpcId}`);
        return { dhcpOptionsId: s.dhcpOptions?.id ?? 'default', cidrs: [s.vpcCidr], tags: { ...s.vpcTags } };
      }),
    describeVpcSecurityGroups: (vpcId) =>
      ctx.call('ec2:DescribeSecurityGroups', { vpcId }, () =>
        inVpc(vpcId) ? ctx.state.securityGroups.map(copy) : [],
      ),
    getManagedPrefixListEntries: (id) =>
      ctx.call('ec2:GetManagedPrefixListEntries', id, () => {
        const list = s.prefixLists.find((l) => l.id === id);
        if (!list)
          throw new AwsCallError(
            'ec2:GetManagedPrefixListEntries',
            'InvalidPrefixListID.NotFound',
            'not-found',
            `The prefix list ID '${id}' does not exist`,
          );
        return [...list.cidrs];
      }),
    describeDhcpOptions: (id) =>
      ctx.call('ec2:DescribeDhcpOptions', id, () =>
        s.dhcpOptions?.id === id ? copy(s.dhcpOptions) : undefined,
      ),
    describeNetworkInterfacesByAddress: (vpcId, ip) =>
      ctx.call('ec2:DescribeNetworkInterfaces', { vpcId, ip }, () =>
        inVpc(vpcId) ? s.endpointInterfaces.filter((n) => n.ip === ip).map(copy) : [],
      ),
  };
}

/** Route 53 Resolver, as the scenario answers it: its rules, all associated with the VPC. */
export function resolverReader(ctx: SimContext): ResolverReader {
  const s = ctx.scenario;
  return {
    listResolverRuleAssociations: (vpcId) =>
      ctx.call('route53resolver:ListResolverRuleAssociations', vpcId, () =>
        vpcId === s.vpcId ? s.resolverRules.map((r) => r.id) : [],
      ),
    listResolverRules: () =>
      ctx.call('route53resolver:ListResolverRules', {}, () => s.resolverRules.map(copy)),
  };
}

/** The subnets of those ids; like AWS, one missing id fails the whole call. */
function subnetsNamed(ctx: SimContext, ids: readonly string[]): Subnet[] {
  const s = ctx.scenario;
  const missing = ids.filter((id) => !s.subnets.some((x) => x.id === id));
  if (missing.length > 0) {
    throw new AwsCallError(
      'ec2:DescribeSubnets',
      'InvalidSubnetID.NotFound',
      'not-found',
      `The subnet ID '${missing.join(', ')}' does not exist`,
    );
  }
  return s.subnets.filter((x) => ids.includes(x.id));
}

/** The stopped task's network interface, when asked for and not deleted; ids that do not exist are absent. */
function taskInterfaces(ctx: SimContext, ids: readonly string[]): NetworkInterface[] {
  const s = ctx.scenario;
  const eniId = ctx.eniId;
  // The EFS mount targets' interfaces, whose groups are the mount targets'.
  const mountTargets = s.efs
    .flatMap((fs) => fs.mountTargets)
    .filter((m) => m.networkInterfaceId !== undefined && ids.includes(m.networkInterfaceId))
    .map((m) => ({
      id: m.networkInterfaceId ?? '',
      subnetId: m.subnetId,
      vpcId: s.vpcId,
      securityGroupIds: [...m.securityGroupIds],
    }));
  if (!s.eni || eniId === undefined || !ids.includes(eniId)) return mountTargets;
  return [
    ...mountTargets,
    {
      id: eniId,
      subnetId: s.file.task.subnet,
      vpcId: s.vpcId,
      securityGroupIds: s.eni.securityGroupIds,
      ...(s.eni.publicIp ? { publicIp: s.eni.publicIp } : {}),
    },
  ];
}
