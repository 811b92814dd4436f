import { describeBatchesOf } from '../core/describe-batches.js';
import type {
  Ec2Reader,
  EcrReader,
  EcsReader,
  EfsReader,
  IamReader,
  ReadPorts,
  ResolverReader,
  SecretsReader,
  ServiceRead,
} from '../core/ports.js';
import { type SimOptions, SimulatedAccount } from './account.js';
import { fleetProviderReads, fleetProviderRoles } from './account-managed.js';
import { fleetEc2ReadsById, fleetEc2ReadsByVpc } from './fleet-ec2.js';
import { fleetEcr } from './fleet-ecr.js';
import { type By, fleetEfsReader, fleetResolverReader, fleetVpcNameReads } from './fleet-reads.js';
import type { Scenario } from './scenario.js';

/** One call the fleet served. */
export type FleetCall = Readonly<{ operation: string; input: string }>;

/**
 * Many services in one simulated account, for `scan`: each scenario brings its VPC, task
 * definition and service; the fleet runs `copies` services of each (named `<service>-<n>`)
 * in one cluster (the member's `cluster`, else the fleet's), and routes every read to the
 * scenario that owns the id it names. Service names are the fleet's keys: unique across its
 * clusters.
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
  /** Each service of the fleet and the ARN of its cluster. */
  readonly clusterOf: ReadonlyMap<string, string>;
  readonly #accounts: readonly SimulatedAccount[];

  /** `options` (latency, injected faults) apply to the reads each member's account serves. */
  constructor(
    members: readonly Readonly<{ scenario: Scenario; copies: number; cluster?: string }>[],
    clusterName = 'platform',
    options: SimOptions = {},
  ) {
    const first = members[0]?.scenario;
    const arnOf = (name: string) =>
      `arn:aws:ecs:${first?.region ?? 'us-east-1'}:${first?.account ?? '111122223333'}:cluster/${name}`;
    this.cluster = arnOf(clusterName);
    this.#accounts = members.map((m) => new SimulatedAccount(m.scenario, options));
    const services = new Map<string, Scenario>();
    const clusterOf = new Map<string, string>();
    for (const m of members) {
      for (let n = 1; n <= m.copies; n++) {
        const name = `${m.scenario.service?.name ?? m.scenario.name}-${n}`;
        services.set(name, m.scenario);
        clusterOf.set(name, arnOf(m.cluster ?? clusterName));
      }
    }
    this.services = services;
    this.clusterOf = clusterOf;
    this.ecs = this.#ecsReader();
    this.ec2 = this.#ec2Reader();
    const holder = (holds: (td: Scenario['taskDefinition']) => boolean) =>
      this.#accounts.find((a) => holds(a.scenario.taskDefinition)) ?? (this.#accounts[0] as SimulatedAccount);
    this.iam = fleetProviderRoles(this.#accounts, this.calls, {
      simulatePrincipalPolicy: (role, requests, context) => {
        this.#record('iam:SimulatePrincipalPolicy', { role, requests, context });
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
      describeServices: (cluster, names) => this.#describeServices(cluster, names),
      describeClusterTags: async (cluster) => {
        this.#record('ecs:DescribeClusters', cluster);
        return {};
      },
      listServices: async (cluster) => {
        this.#record('ecs:ListServices', cluster);
        return [...this.clusterOf]
          .filter(([, arn]) => sameCluster(arn, cluster))
          .map(([s, arn]) => `${arn.replace(':cluster/', ':service/')}/${s}`);
      },
      listClusters: async () => {
        this.#record('ecs:ListClusters', {});
        return this.clusterOf.size > 0 ? [...new Set(this.clusterOf.values())] : [this.cluster];
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

  /** `DescribeServices`, one call (recorded with the names it asks for) per 10 services. */
  async #describeServices(cluster: string, names: readonly string[]): Promise<ServiceRead[]> {
    const each = await Promise.all(
      describeBatchesOf(names).map((batch) => {
        this.#record('ecs:DescribeServices', batch);
        return Promise.all(batch.map((service) => this.#serviceRead(cluster, service)));
      }),
    );
    return each.flat();
  }

  /** One service of a `DescribeServices` call: its facts, or `MISSING` when the cluster asked has no such service. */
  async #serviceRead(cluster: string, asked: string): Promise<ServiceRead> {
    const service = asked.split('/').pop() ?? asked;
    const scenario = this.services.get(service);
    const arn = this.clusterOf.get(service);
    if (!scenario || !arn || !sameCluster(arn, cluster)) return { service: asked, missing: 'MISSING' };
    const account = this.#accountOf(scenario);
    const facts = await account.ecs.describeService(
      account.scenario.file.cluster.name,
      scenario.service?.name ?? '',
    );
    return facts
      ? { service: asked, facts: { ...facts, name: service } }
      : { service: asked, missing: 'MISSING' };
  }

  #ec2Reader(): Ec2Reader {
    const by: By = (operation, key, read) => this.#by(operation, key, read);
    return { ...fleetEc2ReadsByVpc(by), ...fleetEc2ReadsById(by), ...fleetVpcNameReads(by) };
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
}

/** A cluster's ARN and a cluster as asked (its ARN or its name) name the same cluster. */
function sameCluster(arn: string, asked: string): boolean {
  return asked === arn || asked === arn.split('/').pop();
}
