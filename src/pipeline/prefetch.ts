import type { StoppedTask } from '../core/event.js';
import type { ReadPorts } from '../core/ports.js';
import { awaitedLater } from './awaited-later.js';

/**
 * The inspection's first round, started while the incident store decides whether this stop is
 * diagnosed at all (issue 19: event → notice at 4 sequential rounds, not 5). Those reads are
 * what the event names — the task definition, the service, the task's ENI and subnet — so they
 * need no answer of the store; if the stop is folded, they were spent for nothing, which is
 * why the caller asks for them only for a lone stop of a group the container has not seen
 * busy (`RecentGroups`): a storm's stops come in batches and fold without them.
 *
 * The ports returned answer each of those reads, asked with the same arguments, once from what
 * was started here; every other call, and any later one, goes to `ports` as it is (a
 * re-inspection after auto-fix reads afresh).
 */
export function prefetchRoundOne(task: StoppedTask, ports: ReadPorts): ReadPorts {
  const started = new Map<string, Promise<unknown>>();
  const start = (key: string, read: () => Promise<unknown>) => {
    started.set(key, awaitedLater(read()));
  };
  const { ecs, ec2 } = ports;
  start(`describeTaskDefinition ${task.taskDefinitionArn}`, () =>
    ecs.describeTaskDefinition(task.taskDefinitionArn),
  );
  if (task.serviceName !== undefined) {
    const service = task.serviceName;
    start(`describeServiceNetwork ${task.clusterArn} ${service}`, () =>
      ecs.describeServiceNetwork(task.clusterArn, service),
    );
  }
  const { networkInterfaceId, subnetId } = task.eni;
  if (networkInterfaceId !== undefined)
    start(`describeNetworkInterfaces ${networkInterfaceId}`, () =>
      ec2.describeNetworkInterfaces([networkInterfaceId]),
    );
  if (subnetId !== undefined) start(`describeSubnets ${subnetId}`, () => ec2.describeSubnets([subnetId]));
  return { ...ports, ecs: takingOnce(ecs, started), ec2: takingOnce(ec2, started) };
}

/** `port`, with a call whose method and arguments match a started read answered by it, once. */
function takingOnce<T extends object>(port: T, started: Map<string, Promise<unknown>>): T {
  return new Proxy(port, {
    get(target, name) {
      const value: unknown = Reflect.get(target, name, target);
      if (typeof value !== 'function' || typeof name !== 'string') return value;
      return (...args: unknown[]) => {
        const key = [name, ...args.map((a) => (Array.isArray(a) ? a.join(',') : String(a)))].join(' ');
        const read = started.get(key);
        if (read === undefined) return (value as (...a: unknown[]) => unknown).apply(target, args);
        started.delete(key);
        return read;
      };
    },
  });
}
