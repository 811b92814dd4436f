import type { ReadPorts } from '../core/ports.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The read ports with every call told to `record` as it starts (port, method, arguments) and
 * `latencyMs` added before each answers: how the benches and the simulated organisation count
 * and slow the reads of a scan.
 */
export function recordedPorts(
  ports: ReadPorts,
  latencyMs: number,
  record: (port: string, method: string, args: readonly unknown[]) => void,
): ReadPorts {
  const wrap = <T extends object>(port: string, target: T): T =>
    new Proxy(target, {
      get: (t, method) => {
        const value: unknown = Reflect.get(t, method, t);
        if (typeof value !== 'function' || typeof method !== 'string') return value;
        return async (...args: unknown[]) => {
          record(port, method, args);
          await sleep(latencyMs);
          return (value as (...a: unknown[]) => unknown).apply(t, args);
        };
      },
    });
  const { ecs, ec2, iam, ecr, secrets, resolver, efs } = ports;
  return {
    ecs: wrap('ecs', ecs),
    ec2: wrap('ec2', ec2),
    iam: wrap('iam', iam),
    ecr: wrap('ecr', ecr),
    secrets: wrap('secrets', secrets),
    resolver: wrap('resolver', resolver),
    efs: wrap('efs', efs),
  };
}
