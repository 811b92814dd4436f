import {
  DeleteSecurityGroupCommand,
  DeleteVpcEndpointsCommand,
  EC2Client,
  paginateDescribeNetworkInterfaces,
  paginateDescribeSecurityGroupRules,
  paginateDescribeSecurityGroups,
  paginateDescribeVpcEndpoints,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
  type NetworkInterface as SdkNetworkInterface,
  type SecurityGroupRule as SdkRule,
  type VpcEndpoint as SdkVpcEndpoint,
} from '@aws-sdk/client-ec2';
import {
  DescribeTasksCommand,
  ECSClient,
  paginateListClusters,
  paginateListTasks,
} from '@aws-sdk/client-ecs';
import type {
  LeftBehindDeleter,
  LeftBehindReader,
  ManagedEndpoint,
  ManagedRule,
  NetworkInterface,
  RunningTaskRead,
} from '../core/left-behind.js';
import type { SecurityGroup } from '../core/network.js';
import { MANAGED_TAG } from '../core/opt-in.js';
import type { TaskDefinitionFacts } from '../core/task-definition.js';
import { type ClientOptions, clientConfig } from './clients.js';
import { collect, securityGroup, tagsOf, vpcEndpoint } from './ec2-shapes.js';
import { SdkEcsReader } from './ecs-reader.js';
import { call } from './errors.js';

/** The filter that finds what ecs-pullfix created: its tag, exactly `true`. */
const MANAGED = [{ Name: `tag:${MANAGED_TAG}`, Values: ['true'] }];
/** DescribeTasks takes at most 100 tasks a call. */
const TASKS_PER_DESCRIBE = 100;

function endpointOf(e: SdkVpcEndpoint): ManagedEndpoint {
  const ours = vpcEndpoint(e);
  return {
    id: ours.id,
    vpcId: e.VpcId ?? '',
    serviceName: ours.serviceName,
    type: ours.type,
    state: ours.state,
    subnetIds: ours.subnetIds,
    securityGroupIds: ours.securityGroupIds,
    routeTableIds: ours.routeTableIds,
    networkInterfaceIds: e.NetworkInterfaceIds ?? [],
    tags: ours.tags ?? {},
  };
}

function ruleOf(r: SdkRule): ManagedRule {
  return {
    id: r.SecurityGroupRuleId ?? '',
    groupId: r.GroupId ?? '',
    direction: r.IsEgress ? 'egress' : 'ingress',
    peer: r.ReferencedGroupInfo?.GroupId ?? r.CidrIpv4 ?? r.CidrIpv6 ?? r.PrefixListId ?? '',
    ...(r.FromPort === undefined ? {} : { fromPort: r.FromPort }),
    ...(r.ToPort === undefined ? {} : { toPort: r.ToPort }),
    protocol: r.IpProtocol ?? '-1',
    tags: tagsOf(r.Tags),
  };
}

function interfaceOf(n: SdkNetworkInterface): NetworkInterface {
  return {
    id: n.NetworkInterfaceId ?? '',
    vpcId: n.VpcId ?? '',
    interfaceType: n.InterfaceType ?? 'interface',
    privateIps: (n.PrivateIpAddresses ?? []).flatMap((a) => (a.PrivateIpAddress ? [a.PrivateIpAddress] : [])),
    securityGroupIds: (n.Groups ?? []).flatMap((g) => (g.GroupId ? [g.GroupId] : [])),
  };
}

/** The adapter on its own EC2 and ECS clients, made by the one client factory's configuration. */
export function leftBehindOn(options: ClientOptions): SdkLeftBehind {
  return new SdkLeftBehind(
    new EC2Client(clientConfig(options, 'ec2')),
    new ECSClient(clientConfig(options, 'ecs')),
  );
}

/** What `managed` reads and deletes, on the SDK. */
export class SdkLeftBehind implements LeftBehindReader, LeftBehindDeleter {
  readonly #ec2: EC2Client;
  readonly #ecs: ECSClient;
  readonly #definitions: SdkEcsReader;
  constructor(ec2: EC2Client, ecs: ECSClient) {
    this.#ec2 = ec2;
    this.#ecs = ecs;
    this.#definitions = new SdkEcsReader(ecs);
  }

  managedEndpoints(): Promise<ManagedEndpoint[]> {
    return call('ec2:DescribeVpcEndpoints', () =>
      collect(paginateDescribeVpcEndpoints({ client: this.#ec2 }, { Filters: MANAGED }), (p) =>
        (p.VpcEndpoints ?? []).map(endpointOf),
      ),
    );
  }

  managedGroups(): Promise<SecurityGroup[]> {
    return this.#groups(MANAGED);
  }

  groupsIn(vpcIds: readonly string[]): Promise<SecurityGroup[]> {
    return this.#groups([{ Name: 'vpc-id', Values: [...vpcIds] }]);
  }

  managedRules(): Promise<ManagedRule[]> {
    return call('ec2:DescribeSecurityGroupRules', () =>
      collect(paginateDescribeSecurityGroupRules({ client: this.#ec2 }, { Filters: MANAGED }), (p) =>
        (p.SecurityGroupRules ?? []).map(ruleOf),
      ),
    );
  }

  interfacesIn(vpcIds: readonly string[]): Promise<NetworkInterface[]> {
    const filters = [{ Name: 'vpc-id', Values: [...vpcIds] }];
    return call('ec2:DescribeNetworkInterfaces', () =>
      collect(paginateDescribeNetworkInterfaces({ client: this.#ec2 }, { Filters: filters }), (p) =>
        (p.NetworkInterfaces ?? []).map(interfaceOf),
      ),
    );
  }

  async runningTasks(): Promise<RunningTaskRead[]> {
    const clusters = await call('ecs:ListClusters', () =>
      collect(paginateListClusters({ client: this.#ecs }, {}), (p) => p.clusterArns ?? []),
    );
    const perCluster = await Promise.all(clusters.map((c) => this.#tasksOf(c)));
    return perCluster.flat();
  }

  taskDefinition(arn: string): Promise<TaskDefinitionFacts> {
    return this.#definitions.describeTaskDefinition(arn);
  }

  async deleteEndpoints(ids: readonly string[]): Promise<{ id: string; why: string }[]> {
    const out = await call('ec2:DeleteVpcEndpoints', () =>
      this.#ec2.send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: [...ids] })),
    );
    // AWS answers one call for many endpoints: those it could not delete come back as items.
    return (out.Unsuccessful ?? []).map((u) => ({
      id: u.ResourceId ?? '',
      why: `${u.Error?.Code ?? 'Error'}: ${u.Error?.Message ?? 'not deleted'}`,
    }));
  }

  async deleteSecurityGroup(groupId: string): Promise<void> {
    await call('ec2:DeleteSecurityGroup', () =>
      this.#ec2.send(new DeleteSecurityGroupCommand({ GroupId: groupId })),
    );
  }

  async revokeRule(rule: ManagedRule): Promise<void> {
    const input = { GroupId: rule.groupId, SecurityGroupRuleIds: [rule.id] };
    if (rule.direction === 'egress')
      await call('ec2:RevokeSecurityGroupEgress', () =>
        this.#ec2.send(new RevokeSecurityGroupEgressCommand(input)),
      );
    else
      await call('ec2:RevokeSecurityGroupIngress', () =>
        this.#ec2.send(new RevokeSecurityGroupIngressCommand(input)),
      );
  }

  #groups(filters: { Name: string; Values: string[] }[]): Promise<SecurityGroup[]> {
    return call('ec2:DescribeSecurityGroups', () =>
      collect(paginateDescribeSecurityGroups({ client: this.#ec2 }, { Filters: filters }), (p) =>
        (p.SecurityGroups ?? []).map(securityGroup),
      ),
    );
  }

  async #tasksOf(cluster: string): Promise<RunningTaskRead[]> {
    const arns = await call('ecs:ListTasks', () =>
      collect(
        paginateListTasks({ client: this.#ecs }, { cluster, desiredStatus: 'RUNNING' }),
        (p) => p.taskArns ?? [],
      ),
    );
    const batches: string[][] = [];
    for (let i = 0; i < arns.length; i += TASKS_PER_DESCRIBE)
      batches.push(arns.slice(i, i + TASKS_PER_DESCRIBE));
    const described = await Promise.all(
      batches.map((tasks) =>
        call('ecs:DescribeTasks', () => this.#ecs.send(new DescribeTasksCommand({ cluster, tasks }))),
      ),
    );
    const name = cluster.split('/').pop() ?? cluster;
    return described.flatMap((out) =>
      (out.tasks ?? []).map((t) => {
        const eni = (t.attachments ?? [])
          .flatMap((a) => a.details ?? [])
          .find((d) => d.name === 'networkInterfaceId')?.value;
        return {
          arn: t.taskArn ?? '',
          cluster: name,
          taskDefinitionArn: t.taskDefinitionArn ?? '',
          ...(eni ? { networkInterfaceId: eni } : {}),
        };
      }),
    );
  }
}
