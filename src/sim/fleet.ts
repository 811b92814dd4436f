import type {
  Ec2Reader,
  EcrReader,
  EcsReader,
  EfsReader,
  IamReader,
  ReadPorts,
  ResolverReader,
  SecretsReader,
} from '../core/ports.js';
import { type SimOptions, SimulatedAccount } from './account.js';
import { fleetProviderReads, fleetProviderRoles } from './account-managed.js';
import { fleetEcr } from './fleet-ecr.js';
import { type By, fleetEfsReader, fleetResolverReader, fleetVpcNameReads } from './fleet-reads.js';
import type { Scenario } from './scenario.js';

/** One call the fleet served. */
export type FleetCall = Readonly<{ operation: string; input: string }>;

/**
 * Many services in one simulated account, for `scan`: each scenario brings its VPC, task
 * definition and service; the fleet runs `copies` services of each (named `<service>-<n>`)
 * in one cluster, and routes every read to the scenario that owns the id it names.
 */
export class SimulatedFleet implements ReadPorts {
  readonly cluster: string;
  readonly ecs: EcsReader;
  readonly ec2: Ec2Reader;
  readonly iam: IamReader;
  readonly ecr: EcrReader;
  readonly secrets: SecretsReader;
  readonly resolver: ResolverReader;
  readonly efs: EfsReader;
  readonly calls: FleetCall[] = [];
  /** Each service of the fleet and the scenario it runs. */
  readonly services: ReadonlyMap<string, Scenario>;
  readonly #accounts: readonly SimulatedAccount[];

  /** `options` (latency, injected faults) apply to the reads each member's account serves. */
  constructor(
    members: readonly Readonly<{ scenario: Scenario; copies: number }>[],
    clusterName = 'platform',
    options: SimOptions = {},
  ) {
    const first = members[0]?.scenario;
    this.cluster = `arn:aws:ecs:${first?.region ?? 'us-east-1'}:${first?.account ?? '111122223333'}:cluster/${clusterName}`;
    this.#accounts = members.map((m) => new SimulatedAccount(m.scenario, options));
    const services = new Map<string, Scenario>();
    for (const m of members) {
      for (let n = 1; n <= m.copies; n++)
        services.set(`${m.scenario.service?.name ?? m.scenario.name}-${n}`, m.scenario);
    }
    this.services = services;
    this.ecs = this.#ecsReader();
    this.ec2 = this.#ec2Reader();
    const holder = (holds: (td: Scenario['taskDefinition']) => boolean) =>
      this.#accounts.find((a) => holds(a.scenario.taskDefinition)) ?? (this.#accounts[0] as SimulatedAccount);
    this.iam = fleetProviderRoles(this.#accounts, this.calls, {
      simulatePrincipalPolicy: (role, requests, context) => {
        this.#record('iam:SimulatePrincipalPolicy', role);
        const owner = holder((td) => td.executionRoleArn === role || td.taskRoleArn === role);
        return owner.iam.simulatePrincipalPolicy(role, requests, context);
      },
      getInstanceProfileRole: (arn) => {
        this.#record('iam:GetInstanceProfile', arn);
        return (this.#accounts[0] as SimulatedAccount).iam.getInstanceProfileRole(arn);
      },
    });
    this.ecr = fleetEcr(
      (ref) => holder((td) => td.containers.some((c) => c.image === ref.image)).ecr,
      (operation, input) => this.#record(operation, input),
      (registryId) => holder(() => false).ecr.pullThroughRules(registryId),
      // One registry: the first account's replication rules stand for the fleet's.
      (region) => holder(() => false).ecr.replicationRules(region),
    );
    const names = (td: Scenario['taskDefinition'], id: string) =>
      td.containers.some((c) => c.secrets.some((x) => x.valueFrom.startsWith(id)));
    this.secrets = {
      describeSecret: (id) => {
        this.#record('secretsmanager:DescribeSecret', id);
        return holder((td) => names(td, id)).secrets.describeSecret(id);
      },
      describeParameters: (list) => {
        this.#record('ssm:DescribeParameters', list);
        return holder((td) => list.some((n) => names(td, n))).secrets.describeParameters(list);
      },
    };
    const by: By = (operation, key, read) => this.#by(operation, key, read);
    this.resolver = fleetResolverReader(by, this.#accounts, (op, input) => this.#record(op, input));
    this.efs = fleetEfsReader(this.#accounts, (op, input) => this.#record(op, input));
  }

  /** Calls of one operation, by input. */
  count(operation: string): Map<string, number> {
    const counts = new Map<string, number>();
    for (const c of this.calls)
      if (c.operation === operation) counts.set(c.input, (counts.get(c.input) ?? 0) + 1);
    return counts;
  }

  #record(operation: string, input: unknown): void {
    this.calls.push({ operation, input: JSON.stringify(input) });
  }

  #accountOf(scenario: Scenario | undefined): SimulatedAccount {
    const account = this.#accounts.find((a) => a.scenario === scenario);
    if (!account) throw new Error('the fleet has no such scenario');
    return account;
  }

  /** The account that owns an id (a VPC, subnet, security group, NAT gateway, ENI, task definition, EC2 instance). */
  #owner(id: string | undefined): SimulatedAccount {
    const s = (a: SimulatedAccount) => a.scenario;
    return (
      this.#accounts.find(
        (a) =>
          s(a).vpcId === id ||
          s(a).taskDefinition.arn === id ||
          s(a).subnets.some((x) => x.id === id) ||
          s(a).securityGroups.some((x) => x.id === id) ||
          s(a).natGateways.some((x) => x.id === id) ||
          s(a).prefixLists.some((x) => x.id === id) ||
          s(a).dhcpOptions?.id === id ||
          s(a).containerInstance?.ecs.ec2InstanceId === id ||
          s(a).containerInstance?.launchTemplate?.id === id,
      ) ?? (this.#accounts[0] as SimulatedAccount)
    );
  }

  #ecsReader(): EcsReader {
    const route = (service: string) => {
      const scenario = this.services.get(service);
      return { account: this.#accountOf(scenario), original: scenario?.service?.name ?? '' };
    };
    return {
      describeTaskDefinition: (arn) => {
        this.#record('ecs:DescribeTaskDefinition', arn);
        return this.#owner(arn).ecs.describeTaskDefinition(arn);
      },
      describeServiceNetwork: async (_, service) => {
        this.#record('ecs:DescribeServices', service);
        if (!this.services.has(service)) return undefined;
        const { account, original } = route(service);
        return account.ecs.describeServiceNetwork(account.scenario.file.cluster.name, original);
      },
      describeService: async (_, service) => {
        this.#record('ecs:DescribeServices', service);
        if (!this.services.has(service)) return undefined;
        const { account, original } = route(service);
        const facts = await account.ecs.describeService(account.scenario.file.cluster.name, original);
        return facts && { ...facts, name: service };
      },
      describeClusterTags: async (cluster) => {
        this.#record('ecs:DescribeClusters', cluster);
        return {};
      },
      listServices: async (cluster) => {
        this.#record('ecs:ListServices', cluster);
        const name = this.cluster.split('/').pop();
        return cluster === this.cluster || cluster === name
          ? [...this.services.keys()].map((s) => `${this.cluster.replace(':cluster/', ':service/')}/${s}`)
          : [];
      },
      listClusters: async () => {
        this.#record('ecs:ListClusters', {});
        return [this.cluster];
      },
      describeTask: async () => undefined,
      describeContainerInstance: async (cluster, arn) => {
        this.#record('ecs:DescribeContainerInstances', { cluster, arn });
        const owner = this.#accounts.find((a) => a.scenario.containerInstance?.ecs.arn === arn);
        return owner?.ecs.describeContainerInstance(cluster, arn);
      },
      // The cluster's instances are its members' (each account's own, if it has one).
      listActiveContainerInstances: async (cluster) => {
        this.#record('ecs:ListContainerInstances', cluster);
        const each = await Promise.all(
          this.#accounts.map((a) => a.ecs.listActiveContainerInstances(cluster)),
        );
        return each.flat();
      },
      describeCapacityProvider: fleetProviderReads(this.#accounts, this.calls),
    };
  }

  #ec2Reader(): Ec2Reader {
    const by: By = (operation, key, read) => this.#by(operation, key, read);
    return { ...this.#ec2ReadsByVpc(), ...this.#ec2ReadsById(), ...fleetVpcNameReads(by) };
  }

  /** A read recorded as `operation` and served by the account owning the id `key` picks from its arguments. */
  #by<A extends unknown[], R>(
    operation: string,
    key: (...args: A) => string | undefined,
    read: (account: SimulatedAccount, ...args: A) => Promise<R>,
  ): (...args: A) => Promise<R> {
    return (...args: A): Promise<R> => {
      this.#record(operation, args);
      return read(this.#owner(key(...args)), ...args);
    };
  }

  /** The EC2 reads that name a VPC, served by the account that owns it. */
  #ec2ReadsByVpc(): Pick<
    Ec2Reader,
    | 'describeRouteTables'
    | 'describeNetworkAcls'
    | 'describeVpcEndpoints'
    | 'describeVpcAttribute'
    | 'findSecurityGroup'
    | 'describeVpcTags'
  > {
    type Attribute = Parameters<Ec2Reader['describeVpcAttribute']>[1];
    return {
      describeRouteTables: this.#by(
        'ec2:DescribeRouteTables',
        (vpc: string) => vpc,
        (a, vpc) => a.ec2.describeRouteTables(vpc),
      ),
      describeNetworkAcls: this.#by(
        'ec2:DescribeNetworkAcls',
        (vpc: string) => vpc,
        (a, vpc) => a.ec2.describeNetworkAcls(vpc),
      ),
      describeVpcEndpoints: this.#by(
        'ec2:DescribeVpcEndpoints',
        (vpc: string) => vpc,
        (a, vpc) => a.ec2.describeVpcEndpoints(vpc),
      ),
      describeVpcAttribute: this.#by(
        'ec2:DescribeVpcAttribute',
        (vpc: string, _attribute: Attribute) => vpc,
        (a, vpc, attribute: Attribute) => a.ec2.describeVpcAttribute(vpc, attribute),
      ),
      findSecurityGroup: this.#by(
        'ec2:DescribeSecurityGroups',
        (vpc: string, _name: string) => vpc,
        (a, vpc, name: string) => a.ec2.findSecurityGroup(vpc, name),
      ),
      describeVpcTags: this.#by(
        'ec2:DescribeVpcs',
        (vpc: string) => vpc,
        (a, vpc: string) => a.ec2.describeVpcTags(vpc),
      ),
    };
  }

  /**
   * The EC2 reads that name resources by id, served by the account owning the first id (a
   * prefix list's name is no account's: the first account answers).
   */
  #ec2ReadsById(): Pick<
    Ec2Reader,
    | 'describeSubnets'
    | 'describeSecurityGroups'
    | 'describeNatGateways'
    | 'describeNetworkInterfaces'
    | 'describeManagedPrefixListId'
    | 'describeInstance'
  > {
    return {
      describeInstance: this.#by(
        'ec2:DescribeInstances',
        (id: string) => id,
        (a, id: string) => a.ec2.describeInstance(id),
      ),
      describeSubnets: this.#by(
        'ec2:DescribeSubnets',
        (ids: readonly string[]) => ids[0],
        (a, ids) => a.ec2.describeSubnets(ids),
      ),
      describeSecurityGroups: this.#by(
        'ec2:DescribeSecurityGroups',
        (ids: readonly string[]) => ids[0],
        (a, ids) => a.ec2.describeSecurityGroups(ids),
      ),
      describeNatGateways: this.#by(
        'ec2:DescribeNatGateways',
        (ids: readonly string[]) => ids[0],
        (a, ids) => a.ec2.describeNatGateways(ids),
      ),
      describeNetworkInterfaces: this.#by(
        'ec2:DescribeNetworkInterfaces',
        (ids: readonly string[]) => ids[0],
        (a, ids) => a.ec2.describeNetworkInterfaces(ids),
      ),
      describeManagedPrefixListId: this.#by(
        'ec2:DescribeManagedPrefixLists',
        (_name: string) => undefined,
        (a, name: string) => a.ec2.describeManagedPrefixListId(name),
      ),
    };
  }
}
